// The SOURCE... DEST operands of cp, mv and ln (GNU's target_directory_operand): which files go
// where, whether DEST is a directory to put them into, and coreutils' messages when the operands
// do not fit.
import type { Process } from '../../os/program.ts';
import type { Ctx } from './context.ts';

export interface Targets {
  readonly sources: readonly string[];
  readonly dest: string;
  /** DEST is a directory the sources go into (-t, or an existing directory without -T). */
  readonly intoDir: boolean;
}

/** The targets, or the exit status after printing why the operands are wrong. */
export function targetOperands(ctx: Ctx, proc: Process, ops: readonly string[], targetDir: string | null, noTargetDir: boolean): Targets | number {
  if (ops.length === 0 || (ops.length === 1 && targetDir === null)) {
    if (ops.length === 0) ctx.error(ctx._('missing file operand'));
    else ctx.error(ctx._('missing destination file operand after %s', ctx.qaf(ops[0])));
    ctx.tryHelp();
    return 1;
  }
  const sources = targetDir !== null ? ops : ops.slice(0, -1);
  const dest = targetDir ?? ops[ops.length - 1];
  const destSt = ctx.fs.stat(dest, proc.cred, proc.cwd);
  const intoDir = !noTargetDir && (targetDir !== null || (destSt.ok && destSt.value.type === 'dir'));
  if (!intoDir && sources.length > 1) {
    if (noTargetDir) ctx.error(ctx._('extra operand %s', ctx.qaf(ops[2])));
    else if (destSt.ok) ctx.error(ctx._('target %s is not a directory', ctx.qaf(dest)));
    else ctx.error(ctx._('target %s', ctx.qaf(dest)), destSt.errno);
    if (noTargetDir) ctx.tryHelp();
    return 1;
  }
  return { sources, dest, intoDir };
}
