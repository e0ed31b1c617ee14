// stat(1): the default four-part report (translated under fr_FR like coreutils), or -c/--printf
// FORMAT with the usual % directives. The file system has no birth time: ` Birth: -`, as stat
// prints when the kernel does not know it. Device numbers are those of a VM's /dev/sda1 (8,1).
import type { Process, Program } from '../../os/program.ts';
import type { Stat } from '../../os/fs/types.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { modeString } from '../lib/file-mode.ts';
import { fileTypeName } from '../lib/file-type.ts';
import { shellEscape } from '../lib/quote.ts';
import { strftime } from '../lib/strftime.ts';
import { C_LOCALE } from '../lib/locale.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { coreutilsVersion } from '../lib/version.ts';


function blocks512(st: Stat): number {
  if (st.type === 'symlink' || st.type === 'chardev') return 0;
  return Math.ceil(st.size / 4096) * 8;
}

function stamp(ms: number): string {
  const frac = String(((ms % 1000) + 1000) % 1000).padStart(3, '0') + '000000';
  return strftime(`%Y-%m-%d %H:%M:%S.${frac} +0000`, ms, C_LOCALE);
}

export const stat: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'stat');
  const p = ctx.getopt({
    short: 'c:fLt',
    long: [long('format', 'required', 'c'), long('printf', 'required', 'printf'), long('dereference', 'none', 'L'), long('file-system', 'none', 'f'), long('terse', 'none', 't'), long('help'), long('version')],
  });
  if (!p) return 1;
  let format: string | null = null;
  let deref = false;
  let newline = true;
  for (const o of p.options) {
    if (o.key === 'c') format = o.arg!;
    else if (o.key === 'printf') {
      format = o.arg!.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
      newline = false;
    } else if (o.key === 'L') deref = true;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... FILE...\nDisplay file or file system status.\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('stat'));
      return 0;
    }
  }
  if (p.operands.length === 0) {
    ctx.error(ctx._('missing operand'));
    ctx.tryHelp();
    return 1;
  }
  const db = UserDb.load(ctx.fs);
  let status = 0;
  let out = '';
  for (const name of p.operands) {
    const r = deref ? ctx.fs.stat(name, proc.cred, proc.cwd) : ctx.fs.lstat(name, proc.cred, proc.cwd);
    if (!r.ok) {
      ctx.error(ctx._('cannot statx %s', ctx.qaf(name)), r.errno);
      status = 1;
      continue;
    }
    const st = r.value;
    const target = st.type === 'symlink' ? ctx.fs.readlink(name, proc.cred, proc.cwd) : null;
    const directive = (flags: string, conv: string): string => {
      const rdev = st.rdev ?? 0;
      switch (conv) {
        case 'n': return name;
        case 'N': return shellEscape(name, ctx.loc) + (target?.ok ? ` -> ${shellEscape(target.value, ctx.loc)}` : '');
        case 's': return String(st.size);
        case 'b': return String(blocks512(st));
        case 'B': return '512';
        case 'o': return '4096';
        case 'F': return ctx._(fileTypeName(st));
        case 'a': return (st.mode & 0o7777).toString(8);
        case 'A': return modeString(st.type, st.mode);
        case 'f': return ((st.type === 'dir' ? 0o40000 : st.type === 'symlink' ? 0o120000 : st.type === 'chardev' ? 0o20000 : 0o100000) | st.mode).toString(16);
        case 'u': return String(st.uid);
        case 'U': return db.userName(st.uid);
        case 'g': return String(st.gid);
        case 'G': return db.groupName(st.gid);
        case 'i': return String(st.ino);
        case 'h': return String(st.nlink);
        case 'd': return flags.includes('H') ? '8' : flags.includes('L') ? '1' : '2049';
        case 'D': return '801';
        case 'r': return flags.includes('H') ? String(rdev >> 8) : flags.includes('L') ? String(rdev & 0xff) : String(rdev);
        case 't': return (rdev >> 8).toString(16);
        case 'T': return (rdev & 0xff).toString(16);
        case 'x': return stamp(st.atimeMs);
        case 'y': return stamp(st.mtimeMs);
        case 'z': return stamp(st.ctimeMs);
        case 'w': return '-';
        case 'X': return String(Math.floor(st.atimeMs / 1000));
        case 'Y': return String(Math.floor(st.mtimeMs / 1000));
        case 'Z': return String(Math.floor(st.ctimeMs / 1000));
        case 'W': return '0';
        case '%': return '%';
        default: return '?';
      }
    };
    const expand = (fmt: string) =>
      fmt.replace(/%([-#0+ ']*)(\d*)(?:\.(\d+))?([HL]?)([a-zA-Z%])/g, (_m, flags: string, width: string, prec: string | undefined, hl: string, conv: string) => {
        let v = directive(hl, conv);
        if (prec !== undefined) v = v.slice(0, Number(prec));
        if (conv === 'a' && flags.includes('0')) v = v.padStart(Number(width || 0), '0');
        const w = Number(width || 0);
        if (v.length < w) v = flags.includes('-') ? v.padEnd(w) : v.padStart(w);
        return v;
      });
    if (format !== null) {
      out += expand(format) + (newline ? '\n' : '');
      continue;
    }
    // The default format, as coreutils translates it piece by piece.
    out += expand(ctx.gettext('  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n'));
    if (st.type === 'chardev') out += expand(ctx.gettext('Device: %Hd,%Ld\tInode: %-10i  Links: %-5h Device type: %Hr,%Lr\n'));
    else out += expand(ctx.gettext('Device: %Hd,%Ld\tInode: %-10i  Links: %h\n'));
    out += expand(ctx.gettext('Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n'));
    out += expand(ctx.gettext('Access: %x\nModify: %y\nChange: %z\n Birth: %w\n'));
  }
  ctx.out(out);
  return status;
};
