// A small in-memory file system for the config tests (services may not use the commands'
// TestFs): files placed as root, and a clock the test moves to see mtimes change.
import { MemoryFileSystem } from '../../../os/fs/memory-fs.ts';
import type { Credentials } from '../../../os/fs/types.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export class ConfigTestFs extends MemoryFileSystem {
  private readonly clock: { t: number };

  constructor(nowMs = Date.UTC(2026, 10, 22, 3, 33, 59)) {
    const clock = { t: nowMs };
    super({ now: () => clock.t });
    this.clock = clock;
    this.put('/etc/hostname', 'debian\n');
  }

  get nowMs(): number {
    return this.clock.t;
  }

  set nowMs(t: number) {
    this.clock.t = t;
  }

  put(path: string, content: string | Uint8Array): this {
    this.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', ROOT, { parents: true });
    this.writeFile(path, content, ROOT, { mode: 0o644 });
    return this;
  }
}
