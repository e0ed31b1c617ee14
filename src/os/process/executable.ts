// What an executable file holds, and how exec decides what runs. Packages install programs as
// small files that start like a real x86-64 ELF executable (so `file`, `head -c4` and bash's
// "cannot execute binary file" check see a binary) followed by a marker line naming the
// registered Program: "\nnetsim-program=ls\n". Scripts start with "#!" (execve(2) runs their
// interpreter); anything else is ENOEXEC, and the shell then runs it as a shell script itself.
import { MemoryFileSystem } from '../fs/memory-fs.ts';
import type { Credentials, FileSystem, FsResult } from '../fs/types.ts';

const MARKER = 'netsim-program=';
const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const decoder = new TextDecoder();
/** The marker must sit in the first bytes, as a real kernel reads only the first page. */
const MARKER_SEARCH = 256;
/** Linux's BINPRM_BUF_SIZE: a #! line longer than this is cut. */
const SHEBANG_MAX = 256;

/**
 * The 64-byte ELF header of a 64-bit little-endian x86-64 position-independent executable
 * (ELF spec, "ELF Header"; Debian 12 builds PIE), then the marker line.
 */
export function executableFile(name: string): Uint8Array {
  const marker = new TextEncoder().encode(`\n${MARKER}${name}\n`);
  const out = new Uint8Array(64 + marker.length);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]); // \x7fELF, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, SYSV ABI
  out[16] = 3; // e_type ET_DYN
  out[18] = 0x3e; // e_machine EM_X86_64
  out[20] = 1; // e_version
  out[52] = 64; // e_ehsize
  out[54] = 56; // e_phentsize
  out[58] = 64; // e_shentsize
  out.set(marker, 64);
  return out;
}

/**
 * Writes an executable for the registered program `name` at `path`, owned by root, mode 0755
 * unless told (4755 for setuid programs such as su and passwd); creates missing directories.
 */
const SHARED_EXECUTABLES = new Map<string, Uint8Array>();

export function installProgram(fs: FileSystem, path: string, name: string, mode = 0o755): FsResult<void> {
  if (fs instanceof MemoryFileSystem) {
    // Every host installs the same few hundred executables: share their bytes (copy-on-write).
    let bytes = SHARED_EXECUTABLES.get(name);
    if (bytes === undefined) SHARED_EXECUTABLES.set(name, (bytes = executableFile(name)));
    try {
      fs.install({ path, type: 'file', mode, uid: 0, gid: 0, content: bytes });
      return { ok: true, value: undefined };
    } catch {
      // A path through something that is not a directory: the ordinary calls say why.
    }
  }
  const slash = path.lastIndexOf('/');
  if (slash > 0) {
    const dir = path.slice(0, slash);
    const st = fs.stat(dir, ROOT);
    if (!st.ok) {
      const m = fs.mkdir(dir, ROOT, { parents: true, mode: 0o755 });
      if (!m.ok) return m;
    }
  }
  const w = fs.writeFile(path, executableFile(name), ROOT, { mode });
  if (!w.ok) return w;
  const c = fs.chown(path, 0, 0, ROOT);
  if (!c.ok) return c;
  return fs.chmod(path, mode, ROOT);
}

export type ExecutableKind =
  | { kind: 'program'; name: string }
  | { kind: 'script'; interpreter: string; arg: string | null }
  | { kind: 'unknown' };

function isElf(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

/** What execve would do with this content. */
export function classifyExecutable(content: Uint8Array): ExecutableKind {
  if (isElf(content)) {
    const head = decoder.decode(content.subarray(0, Math.min(content.length, MARKER_SEARCH)));
    const at = head.indexOf(`\n${MARKER}`);
    if (at < 0) return { kind: 'unknown' };
    const start = at + 1 + MARKER.length;
    const end = head.indexOf('\n', start);
    if (end <= start) return { kind: 'unknown' };
    return { kind: 'program', name: head.slice(start, end) };
  }
  if (content.length >= 2 && content[0] === 0x23 && content[1] === 0x21) {
    // binfmt_script: the interpreter path, then everything after it (trimmed) as ONE argument.
    let end = content.indexOf(0x0a);
    if (end < 0) end = content.length;
    const line = decoder.decode(content.subarray(2, Math.min(end, SHEBANG_MAX))).replace(/\r$/, '');
    const m = /^[ \t]*(\S+)(?:[ \t]+(.*?))?[ \t]*$/.exec(line);
    if (m === null) return { kind: 'unknown' }; // "#!" alone: ENOEXEC
    return { kind: 'script', interpreter: m[1], arg: m[2] !== undefined && m[2] !== '' ? m[2] : null };
  }
  return { kind: 'unknown' };
}
