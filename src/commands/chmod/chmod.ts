// chmod(1): octal or symbolic MODE (u+x,go-w,a=r...), -R recursive (symlinks met inside the tree
// are left alone), -v/-c describe changes as `mode of 'f' changed from 0644 (rw-r--r--) to ...`.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { childPaths } from '../lib/children.ts';
import { long } from '../lib/getopt.ts';
import { parseMode, type ModeChange } from '../lib/mode-arg.ts';
import { modeString } from '../lib/file-mode.ts';
import { coreutilsVersion } from '../lib/version.ts';

export const chmod: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'chmod');
  // `chmod -w file`: a symbolic mode that looks like options is taken as the mode (as GNU does).
  const args = [...ctx.args];
  let dashMode: string | null = null;
  const di = args.findIndex((a) => /^-[rwxXst]+$/.test(a) || /^-[ugoa]*[-+=]/.test(a));
  if (di >= 0) dashMode = args.splice(di, 1)[0];
  const p = ctx.getopt(
    {
      short: 'cfvR',
      long: [
        long('changes', 'none', 'c'), long('silent', 'none', 'f'), long('quiet', 'none', 'f'), long('verbose', 'none', 'v'),
        long('recursive', 'none', 'R'), long('reference', 'required', 'reference'), long('no-preserve-root'), long('preserve-root'),
        long('help'), long('version'),
      ],
    },
    args,
  );
  if (!p) return 1;
  let verbose: 'none' | 'changes' | 'all' = 'none';
  let quiet = false;
  let recursive = false;
  let reference: string | null = null;
  for (const o of p.options) {
    if (o.key === 'c') verbose = 'changes';
    else if (o.key === 'v') verbose = 'all';
    else if (o.key === 'f') quiet = true;
    else if (o.key === 'R') recursive = true;
    else if (o.key === 'reference') reference = o.arg!;
    else if (o.key === 'help') {
      ctx.out(`Usage: ${ctx.name} [OPTION]... MODE[,MODE]... FILE...\n  or:  ${ctx.name} [OPTION]... OCTAL-MODE FILE...\n  or:  ${ctx.name} [OPTION]... --reference=RFILE FILE...\n`);
      return 0;
    } else if (o.key === 'version') {
      ctx.out(coreutilsVersion('chmod'));
      return 0;
    }
  }
  const ops = [...p.operands];
  let change: ModeChange;
  let modeText: string;
  if (reference !== null) {
    const st = ctx.fs.stat(reference, proc.cred, proc.cwd);
    if (!st.ok) {
      ctx.error(ctx._('failed to get attributes of %s', ctx.qaf(reference)), st.errno);
      return 1;
    }
    change = () => st.value.mode;
    modeText = '';
  } else {
    if (dashMode === null && ops.length === 0) {
      ctx.error(ctx._('missing operand'));
      ctx.tryHelp();
      return 1;
    }
    modeText = dashMode ?? ops.shift()!;
    const c = parseMode(modeText);
    if (!c) {
      ctx.error(ctx._('invalid mode: %s', ctx.q(modeText)));
      ctx.tryHelp();
      return 1;
    }
    change = c;
  }
  if (ops.length === 0) {
    ctx.error(ctx._('missing operand after %s', ctx.q(modeText)));
    ctx.tryHelp();
    return 1;
  }
  const fs = ctx.fs;
  let ok = true;
  const describe = (n: number) => `${n.toString(8).padStart(4, '0')} (${modeString('file', n).slice(1)})`;
  const apply = (path: string, top: boolean) => {
    const l = fs.lstat(path, proc.cred, proc.cwd);
    if (!l.ok) {
      if (!quiet) ctx.error(ctx._('cannot access %s', ctx.qaf(path)), l.errno);
      ok = false;
      return;
    }
    if (l.value.type === 'symlink' && !top) return;
    const st = fs.stat(path, proc.cred, proc.cwd);
    if (!st.ok) {
      if (!quiet) ctx.error(ctx._('cannot operate on dangling symlink %s', ctx.qaf(path)));
      ok = false;
      return;
    }
    const old = st.value.mode;
    const next = change(old, st.value.type === 'dir');
    const r = fs.chmod(path, next, proc.cred, proc.cwd);
    if (!r.ok) {
      if (!quiet) ctx.error(ctx._('changing permissions of %s', ctx.qaf(path)), r.errno);
      ok = false;
    } else if (verbose === 'all' || (verbose === 'changes' && old !== next)) {
      ctx.out(
        old === next
          ? ctx._('mode of %s retained as %04lo (%s)\n', ctx.qaf(path), describe(old).split(' ')[0], modeString('file', old).slice(1))
          : ctx._('mode of %s changed from %04lo (%s) to %04lo (%s)\n', ctx.qaf(path), old.toString(8).padStart(4, '0'), modeString('file', old).slice(1), next.toString(8).padStart(4, '0'), modeString('file', next).slice(1)),
      );
    }
    if (recursive && st.value.type === 'dir' && l.value.type === 'dir') {
      const children = childPaths(ctx, proc, path, quiet);
      if (children === null) ok = false;
      else for (const child of children) apply(child, false);
    }
  };
  for (const name of ops) apply(name, true);
  return ok ? 0 : 1;
};
