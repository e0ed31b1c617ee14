// Files opened for a redirection (`> f`, `>> f`, `< f`, `2> f`): the shell opens them through
// these with the user's credentials and hands the streams to spawn. Open-time errors are the
// ones bash prints ("bash: f: Permission denied"); later writes append to what is there, as an
// O_APPEND-less fd would after its own writes (nothing else writes the same file meanwhile).
import type { Credentials, FileSystem, FsResult } from '../fs/types.ts';
import type { Terminal } from '../program.ts';
import { readVia, toBytes, type Chunk, type SharedInput, type SharedOutput } from './streams.ts';

/** A read of a regular file returns at most this much (what a 64 KiB read buffer gets). */
const FILE_READ_MAX = 65536;

class FileOutput implements SharedOutput {
  readonly tty: Terminal | null = null;

  constructor(
    private readonly fs: FileSystem,
    private readonly path: string,
    private readonly cred: Credentials,
    private readonly cwd: string | undefined,
  ) {}

  write(data: Uint8Array | string): void {
    const bytes = toBytes(data);
    if (bytes.length === 0) return;
    // Errors after open (the file removed, the disk never fills here) are dropped like EIO.
    this.fs.writeFile(this.path, bytes, this.cred, { append: true, cwd: this.cwd });
  }

  /** The handles of one open file share it. */
  dup(): SharedOutput {
    return this;
  }

  close(): void {}
}

/**
 * open(path, O_WRONLY|O_CREAT|(append ? O_APPEND : O_TRUNC)): creates the file 0644 (umask 022)
 * owned by `cred`, or truncates it; errors as the file system reports them (EACCES, EISDIR,
 * ENOENT for a missing directory...).
 */
export function fileOutput(
  fs: FileSystem,
  path: string,
  cred: Credentials,
  append: boolean,
  cwd?: string,
): FsResult<SharedOutput> {
  const st = fs.stat(path, cred, cwd);
  if (st.ok && st.value.type === 'dir') return { ok: false, errno: 'EISDIR' };
  const r = fs.writeFile(path, new Uint8Array(0), cred, { append, cwd });
  if (!r.ok) return r;
  return { ok: true, value: new FileOutput(fs, path, cred, cwd) };
}

class FileInput implements SharedInput {
  readonly tty: Terminal | null = null;
  private offset = 0;

  constructor(private readonly data: Uint8Array) {}

  take(deliver: (c: Chunk) => void): () => void {
    if (this.offset >= this.data.length) {
      deliver(null);
    } else {
      const end = Math.min(this.data.length, this.offset + FILE_READ_MAX);
      const chunk = this.data.subarray(this.offset, end);
      this.offset = end;
      deliver(chunk);
    }
    return () => {};
  }

  read(): Promise<Chunk> {
    return readVia(this, null);
  }

  /** dup'ed fds share the offset. */
  dup(): SharedInput {
    return this;
  }

  close(): void {}
}

/**
 * open(path, O_RDONLY): the content as it is now (what is appended later is not seen: `tail -f`
 * reads the file system itself). EACCES, ENOENT, EISDIR as bash reports them.
 */
export function fileInput(fs: FileSystem, path: string, cred: Credentials, cwd?: string): FsResult<SharedInput> {
  const st = fs.stat(path, cred, cwd);
  if (!st.ok) return st;
  if (st.value.type === 'dir') return { ok: false, errno: 'EISDIR' };
  const r = fs.readFile(path, cred, cwd);
  if (!r.ok) return r;
  return { ok: true, value: new FileInput(r.value) };
}
