// The queue directories under $queue_directory (/var/spool/postfix), as Postfix lays them out:
// incoming/ while cleanup writes, active/ while qmgr delivers, deferred/H/ID after a temporary
// failure (H = the first character of the ID: hash_queue_depth 1), hold/ for postsuper -h,
// maildrop/ for what postdrop leaves for pickup. Queue IDs are Postfix's short form: five hex
// digits of the microseconds, then the queue file's inode number in hex (452F9160045).
import type { Credentials, FileSystem } from '../../../os/fs/types.ts';
import { UserDb } from '../../../os/users/user-db.ts';
import { emitQueueFile, parseQueueFile, type QueuedMessage } from './queue-file.ts';

export const QUEUE_DIRECTORY = '/var/spool/postfix';
const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const INODE_BASE = 0x160000;

export type QueueName = 'incoming' | 'active' | 'deferred' | 'hold' | 'maildrop';
export const MESSAGE_QUEUES: readonly QueueName[] = ['incoming', 'active', 'deferred', 'hold'];

/** Directories the postfix-files of Debian's package create at start (post-install create-missing). */
const DIRECTORIES: readonly { name: string; mode: number; group?: string }[] = [
  { name: 'active', mode: 0o700 },
  { name: 'bounce', mode: 0o700 },
  { name: 'corrupt', mode: 0o700 },
  { name: 'defer', mode: 0o700 },
  { name: 'deferred', mode: 0o700 },
  { name: 'flush', mode: 0o700 },
  { name: 'hold', mode: 0o700 },
  { name: 'incoming', mode: 0o700 },
  { name: 'private', mode: 0o700 },
  { name: 'saved', mode: 0o700 },
  { name: 'trace', mode: 0o700 },
  { name: 'maildrop', mode: 0o1730, group: 'postdrop' },
  { name: 'public', mode: 0o2710, group: 'postdrop' },
];

export class QueueStore {
  private readonly owner: { uid: number; gid: number };
  private readonly postdropGid: number;

  constructor(private readonly fs: FileSystem) {
    const db = UserDb.load(fs);
    const postfix = db.userByName('postfix');
    this.owner = { uid: postfix?.uid ?? 0, gid: postfix?.gid ?? 0 };
    this.postdropGid = db.groupByName('postdrop')?.gid ?? this.owner.gid;
  }

  /** post-install create-missing: the queue directories with Postfix's owners and modes. */
  createMissing(): void {
    this.fs.mkdir(QUEUE_DIRECTORY, ROOT, { parents: true, mode: 0o755 });
    for (const d of DIRECTORIES) {
      const path = `${QUEUE_DIRECTORY}/${d.name}`;
      if (this.fs.stat(path, ROOT).ok) continue;
      this.fs.mkdir(path, ROOT, { mode: d.mode });
      this.fs.chmod(path, d.mode, ROOT);
      // postfix-files: the queue directories are postfix:root, maildrop/ and public/ postfix:postdrop.
      this.fs.chown(path, this.owner.uid, d.group === 'postdrop' ? this.postdropGid : 0, ROOT);
    }
    this.fs.mkdir(`${QUEUE_DIRECTORY}/pid`, ROOT, { mode: 0o755 });
  }

  /**
   * A new queue file in incoming/: its inode number and the microseconds of `nowMs` give its ID.
   * Returns null when the file cannot be created (no queue directory).
   */
  allocateId(nowMs: number, queue: 'incoming' | 'maildrop' = 'incoming'): string | null {
    const dir = `${QUEUE_DIRECTORY}/${queue}`;
    const micros = Math.floor(nowMs * 1000) % 1_000_000;
    for (let attempt = 0; attempt < 16; attempt++) {
      const tmp = `${dir}/.tmp${attempt}`;
      if (!this.fs.writeFile(tmp, '', ROOT, { mode: 0o600 }).ok) return null;
      const st = this.fs.stat(tmp, ROOT);
      if (!st.ok) return null;
      // The simulated file system numbers inodes from 1; ext4's are in the hundreds of thousands.
      const ino = INODE_BASE + st.value.ino;
      const id = ((micros + attempt) % 1_000_000).toString(16).toUpperCase().padStart(5, '0') + ino.toString(16).toUpperCase();
      const path = `${dir}/${id}`;
      if (this.fs.stat(path, ROOT).ok) {
        this.fs.unlink(tmp, ROOT);
        continue;
      }
      this.fs.rename(tmp, path, ROOT);
      this.fs.chown(path, this.owner.uid, this.owner.gid, ROOT);
      return id;
    }
    return null;
  }

  /** Drops a file allocated and never committed (RSET, lost connection). */
  discard(id: string): void {
    this.fs.unlink(`${QUEUE_DIRECTORY}/incoming/${id}`, ROOT);
  }

  pathOf(queue: QueueName, id: string): string {
    return queue === 'deferred' ? `${QUEUE_DIRECTORY}/${queue}/${id.charAt(0)}/${id}` : `${QUEUE_DIRECTORY}/${queue}/${id}`;
  }

  /** Writes the message in `queue` (0700 = complete, as Postfix marks finished queue files). */
  write(queue: QueueName, m: QueuedMessage): boolean {
    const path = this.pathOf(queue, m.id);
    if (queue === 'deferred') this.fs.mkdir(path.slice(0, path.lastIndexOf('/')), ROOT, { parents: true, mode: 0o700 });
    const r = this.fs.writeFile(path, emitQueueFile(m), ROOT, { mode: 0o700 });
    if (!r.ok) return false;
    this.fs.chmod(path, 0o700, ROOT);
    this.fs.chown(path, this.owner.uid, this.owner.gid, ROOT);
    return true;
  }

  /** Moves a message between queues, writing its current state. */
  move(from: QueueName, to: QueueName, m: QueuedMessage): boolean {
    this.fs.unlink(this.pathOf(from, m.id), ROOT);
    return this.write(to, m);
  }

  /** Moves a queue file as it is (rename, as qmgr moves incoming/ID to active/ID). */
  rename(from: QueueName, to: QueueName, id: string): boolean {
    const dest = this.pathOf(to, id);
    if (to === 'deferred') this.fs.mkdir(dest.slice(0, dest.lastIndexOf('/')), ROOT, { parents: true, mode: 0o700 });
    return this.fs.rename(this.pathOf(from, id), dest, ROOT).ok;
  }

  remove(queue: QueueName, id: string): boolean {
    return this.fs.unlink(this.pathOf(queue, id), ROOT).ok;
  }

  read(queue: QueueName, id: string): QueuedMessage | null {
    const r = this.fs.readFile(this.pathOf(queue, id), ROOT);
    return r.ok ? parseQueueFile(r.value) : null;
  }

  /** IDs in a queue, sorted (deferred/ and its hash subdirectories). */
  list(queue: QueueName): string[] {
    const dir = `${QUEUE_DIRECTORY}/${queue}`;
    const out: string[] = [];
    const r = this.fs.readdir(dir, ROOT);
    if (!r.ok) return out;
    for (const e of r.value) {
      if (e.name.startsWith('.')) continue;
      if (e.type === 'dir') {
        const sub = this.fs.readdir(`${dir}/${e.name}`, ROOT);
        if (sub.ok) for (const f of sub.value) if (f.type === 'file' && !f.name.startsWith('.')) out.push(f.name);
      } else if (e.type === 'file') out.push(e.name);
    }
    return out.sort();
  }

  /** Which queue holds this ID, if any. */
  find(id: string): QueueName | null {
    for (const q of MESSAGE_QUEUES) if (this.fs.stat(this.pathOf(q, id), ROOT).ok) return q;
    return null;
  }
}
