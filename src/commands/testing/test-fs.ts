// A MemoryFileSystem with a tiny Debian-like base (root, etudiant, the mail group...) and
// helpers to place files with exact owners, modes and times, for the command tests.
import { MemoryFileSystem } from '../../os/fs/memory-fs.ts';

/** The tests' "now": Sun Nov 22 03:33:59 UTC 2026, the clock of the fidelity recordings. */
export const NOW_MS = Date.UTC(2026, 10, 22, 3, 33, 59);

export const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\n' +
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' +
  'mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n' +
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' +
  'postfix:x:104:110::/var/spool/postfix:/usr/sbin/nologin\n' +
  'etudiant:x:1000:1000:Etudiant,,,:/home/etudiant:/bin/bash\n' +
  'toto:x:1001:1001:,,,:/home/toto:/bin/bash\n';

export const GROUP =
  'root:x:0:\n' +
  'daemon:x:1:\n' +
  'mail:x:8:\n' +
  'nogroup:x:65534:\n' +
  'postfix:x:110:\n' +
  'postdrop:x:111:\n' +
  'etudiant:x:1000:\n' +
  'toto:x:1001:\n' +
  'users:x:100:etudiant,toto\n';

export interface Meta {
  uid?: number;
  gid?: number;
  mode?: number;
  mtimeMs?: number;
}

export class TestFs extends MemoryFileSystem {
  private readonly clock: { t: number };

  constructor(clock = { t: NOW_MS }) {
    super({ now: () => clock.t });
    this.clock = clock;
    this.dir('/root', { mode: 0o700 });
    this.dir('/tmp', { mode: 0o1777 });
    this.dir('/home/etudiant', { uid: 1000, gid: 1000 });
    this.dir('/home/toto', { uid: 1001, gid: 1001 });
    this.put('/etc/passwd', PASSWD);
    this.put('/etc/group', GROUP);
    this.put('/etc/hostname', 'debian\n');
  }

  /** Moves the file system's clock (new mtimes). */
  set nowMs(t: number) {
    this.clock.t = t;
  }

  get nowMs(): number {
    return this.clock.t;
  }

  put(path: string, content: string | Uint8Array, m: Meta = {}): this {
    this.install({ path, type: 'file', content, ...m });
    return this;
  }

  dir(path: string, m: Meta = {}): this {
    this.install({ path, type: 'dir', ...m });
    return this;
  }

  symlinkAt(path: string, target: string, m: Meta = {}): this {
    this.install({ path, type: 'symlink', target, ...m });
    return this;
  }

  /** A file's text as root reads it, or `<ERRNO>`. */
  text(path: string): string {
    const r = this.readFile(path, { uid: 0, gid: 0, groups: [] });
    return r.ok ? new TextDecoder().decode(r.value) : `<${r.errno}>`;
  }

  exists(path: string): boolean {
    return this.lstat(path, { uid: 0, gid: 0, groups: [] }).ok;
  }
}

export function testFs(): TestFs {
  return new TestFs();
}
