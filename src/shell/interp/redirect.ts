// Redirections (bash(1) "REDIRECTION"), applied left to right on a copy of the fd table.
// Files are opened with the user's credentials through the OS's file streams; bash's special
// names /dev/stdin, /dev/stdout, /dev/stderr and /dev/fd/N duplicate fds, /dev/null is the
// null device whatever the file system holds.
import type { Credentials, FileSystem, FsResult } from '../../os/fs/types.ts';
import { fileInput, fileOutput } from '../../os/process/file-streams.ts';
import { BytesInput, nullInput, nullOutput } from '../../os/process/streams.ts';
import type { ExpandEnv } from '../expand/environment.ts';
import { expandFields, expandHereDoc, expandString } from '../expand/word.ts';
import type { ErrnoName, Messages } from '../messages.ts';
import type { Redirect } from '../syntax/ast.ts';
import { FdTable, type Stream } from './fds.ts';

export interface RedirectContext {
  readonly env: ExpandEnv;
  readonly fs: FileSystem;
  readonly cred: Credentials;
  readonly cwd: string;
  readonly noclobber: boolean;
  readonly msg: Messages;
  readonly dash: boolean;
  /** Prints `PREFIX TEXT` on the shell's stderr. */
  error(text: string): void;
}

function defaultFd(op: Redirect['op']): number {
  return op.startsWith('<') ? 0 : 1;
}

/** The table after the redirections, or null once an error was printed. */
export async function applyRedirects(redirs: readonly Redirect[], base: FdTable, ctx: RedirectContext): Promise<FdTable | null> {
  if (redirs.length === 0) return base;
  const fds = base.clone();
  for (const r of redirs) {
    if (!(await applyOne(r, fds, ctx))) return null;
  }
  return fds;
}

async function applyOne(r: Redirect, fds: FdTable, ctx: RedirectContext): Promise<boolean> {
  const fd = r.fd ?? defaultFd(r.op);
  if (r.op === '<<' || r.op === '<<-') {
    const doc = r.heredoc!;
    const text = doc.quoted
      ? doc.body.map((p) => (p.type === 'lit' ? p.value : '')).join('')
      : await expandHereDoc(doc.body, ctx.env);
    fds.set(fd, new BytesInput(text));
    return true;
  }
  if (r.op === '<<<') {
    fds.set(fd, new BytesInput((await expandString(r.target, ctx.env)) + '\n'));
    return true;
  }
  const words = await expandFields([r.target], ctx.env);
  if (words.length !== 1) {
    ctx.error(ctx.dash ? `${r.raw}: ambiguous redirect` : ctx.msg.t('%s: ambiguous redirect', r.raw));
    return false;
  }
  const target = words[0];
  if (r.op === '>&' || r.op === '<&') {
    if (target === '-') {
      fds.close(fd);
      return true;
    }
    if (/^\d+$/.test(target)) {
      const src = fds.get(Number(target));
      if (src === undefined) {
        ctx.error(ctx.msg.t('%s: Bad file descriptor', target));
        return false;
      }
      fds.set(fd, src);
      return true;
    }
    if (r.op === '<&' || r.fd !== null) {
      ctx.error(ctx.msg.t('%s: ambiguous redirect', r.raw));
      return false;
    }
    // `>&file` is `&>file`.
    return openOutput(target, false, [1, 2], fds, ctx, r.op);
  }
  switch (r.op) {
    case '<':
    case '<>':
      return openInput(target, fd, fds, ctx);
    case '>':
    case '>|':
      return openOutput(target, false, [fd], fds, ctx, r.op);
    case '>>':
      return openOutput(target, true, [fd], fds, ctx, r.op);
    case '&>':
      return openOutput(target, false, [1, 2], fds, ctx, r.op);
    case '&>>':
      return openOutput(target, true, [1, 2], fds, ctx, r.op);
  }
  return true;
}

/** bash's internal /dev/fd/N, /dev/stdin... names: a dup of the shell's own fd. */
function specialFd(path: string): number | null {
  if (path === '/dev/stdin') return 0;
  if (path === '/dev/stdout') return 1;
  if (path === '/dev/stderr') return 2;
  const m = /^\/dev\/fd\/(\d+)$/.exec(path);
  return m ? Number(m[1]) : null;
}

function openInput(path: string, fd: number, fds: FdTable, ctx: RedirectContext): boolean {
  const dup = specialFd(path);
  if (dup !== null) return dupFrom(dup, [fd], fds, ctx);
  if (path === '/dev/null') {
    fds.set(fd, nullInput());
    return true;
  }
  const r = fileInput(ctx.fs, path, ctx.cred, ctx.cwd);
  return settle(r, path, [fd], fds, ctx, 'open');
}

function openOutput(path: string, append: boolean, targets: number[], fds: FdTable, ctx: RedirectContext, op: string): boolean {
  const dup = specialFd(path);
  if (dup !== null) return dupFrom(dup, targets, fds, ctx);
  if (path === '/dev/null') {
    for (const t of targets) fds.set(t, nullOutput());
    return true;
  }
  if (ctx.noclobber && op === '>' && !append) {
    const st = ctx.fs.stat(path, ctx.cred, ctx.cwd);
    if (st.ok && st.value.type === 'file') {
      ctx.error(ctx.dash ? `cannot create ${path}: File exists` : `${path}: cannot overwrite existing file`);
      return false;
    }
  }
  const r = fileOutput(ctx.fs, path, ctx.cred, append, ctx.cwd);
  return settle(r, path, targets, fds, ctx, 'create');
}

function dupFrom(src: number, targets: number[], fds: FdTable, ctx: RedirectContext): boolean {
  const s = fds.get(src);
  if (s === undefined) {
    ctx.error(ctx.msg.t('%s: Bad file descriptor', String(src)));
    return false;
  }
  for (const t of targets) fds.set(t, s);
  return true;
}

function settle(r: FsResult<Stream>, path: string, targets: number[], fds: FdTable, ctx: RedirectContext, verb: 'open' | 'create'): boolean {
  if (!r.ok) {
    const errno = r.errno as ErrnoName;
    if (ctx.dash) {
      // dash's own wording: "cannot open f: No such file", "cannot create d/f: Directory nonexistent".
      const text = errno === 'ENOENT' ? (verb === 'open' ? 'No such file' : 'Directory nonexistent') : ctx.msg.strerror(errno);
      ctx.error(`cannot ${verb} ${path}: ${text}`);
    } else {
      ctx.error(`${path}: ${ctx.msg.strerror(errno)}`);
    }
    return false;
  }
  for (const t of targets) fds.set(t, r.value);
  return true;
}
