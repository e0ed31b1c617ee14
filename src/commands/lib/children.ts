// The entries of a directory for the -R walks of chmod, chown and chgrp, with coreutils'
// "cannot read directory" message when it cannot be listed.
import type { Process } from '../../os/program.ts';
import type { Ctx } from './context.ts';
import { joinPath } from './path.ts';

/** The paths of the directory's entries, or null after reporting why it cannot be read. */
export function childPaths(ctx: Ctx, proc: Process, path: string, quiet: boolean): string[] | null {
  const list = ctx.fs.readdir(path, proc.cred, proc.cwd);
  if (!list.ok) {
    if (!quiet) ctx.error(ctx._('cannot read directory %s', ctx.qaf(path)), list.errno);
    return null;
  }
  return list.value.filter((e) => e.name !== '.' && e.name !== '..').map((e) => joinPath(path, e.name));
}
