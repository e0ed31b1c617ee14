// chown(1) and chgrp(1) (one engine, as in coreutils' chown-core): OWNER[:GROUP] or GROUP,
// -R recursive, -h for symlinks themselves, -v/-c to describe. Only root may give files away.
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { childPaths } from '../lib/children.ts';
import { long } from '../lib/getopt.ts';
import { UserDb } from '../../os/users/user-db.ts';
import { coreutilsVersion } from '../lib/version.ts';
import { parseOwnerSpec } from './owner-spec.ts';

export function makeChown(kind: 'chown' | 'chgrp'): Program {
  return async (proc: Process) => {
    const ctx = new Ctx(proc, kind);
    const p = ctx.getopt({
      short: 'cfhvRHLP',
      long: [
        long('changes', 'none', 'c'), long('silent', 'none', 'f'), long('quiet', 'none', 'f'), long('no-dereference', 'none', 'h'),
        long('dereference', 'none', 'deref'), long('verbose', 'none', 'v'), long('recursive', 'none', 'R'), long('reference', 'required', 'reference'),
        long('from', 'required', 'from'), long('no-preserve-root'), long('preserve-root'), long('help'), long('version'),
      ],
    });
    if (!p) return 1;
    let verbose: 'none' | 'changes' | 'all' = 'none';
    let quiet = false;
    let recursive = false;
    let noDeref = false;
    let reference: string | null = null;
    for (const o of p.options) {
      if (o.key === 'c') verbose = 'changes';
      else if (o.key === 'v') verbose = 'all';
      else if (o.key === 'f') quiet = true;
      else if (o.key === 'R') recursive = true;
      else if (o.key === 'h') noDeref = true;
      else if (o.key === 'reference') reference = o.arg!;
      else if (o.key === 'help') {
        ctx.out(kind === 'chown'
          ? `Usage: ${ctx.name} [OPTION]... [OWNER][:[GROUP]] FILE...\n  or:  ${ctx.name} [OPTION]... --reference=RFILE FILE...\n`
          : `Usage: ${ctx.name} [OPTION]... GROUP FILE...\n  or:  ${ctx.name} [OPTION]... --reference=RFILE FILE...\n`);
        return 0;
      } else if (o.key === 'version') {
        ctx.out(coreutilsVersion(kind));
        return 0;
      }
    }
    const db = UserDb.load(ctx.fs);
    const ops = [...p.operands];
    let uid = -1;
    let gid = -1;
    let specText = '';
    if (reference !== null) {
      const st = ctx.fs.stat(reference, proc.cred, proc.cwd);
      if (!st.ok) {
        ctx.error(ctx._('failed to get attributes of %s', ctx.qaf(reference)), st.errno);
        return 1;
      }
      if (kind === 'chown') uid = st.value.uid;
      gid = st.value.gid;
    } else {
      if (ops.length === 0) {
        ctx.error(ctx._('missing operand'));
        ctx.tryHelp();
        return 1;
      }
      specText = ops.shift()!;
      if (kind === 'chown') {
        const spec = parseOwnerSpec(specText, db);
        if (!spec.ok) {
          ctx.error(ctx._(`${spec.error}: %s`, ctx.q(specText)));
          return 1;
        }
        uid = spec.uid;
        gid = spec.gid;
      } else {
        const g = db.groupByName(specText);
        if (g) gid = g.gid;
        else if (/^\d+$/.test(specText)) gid = Number(specText);
        else {
          ctx.error(ctx._('invalid group: %s', ctx.q(specText)));
          return 1;
        }
      }
    }
    if (ops.length === 0) {
      ctx.error(ctx._('missing operand after %s', ctx.q(specText)));
      ctx.tryHelp();
      return 1;
    }
    const fs = ctx.fs;
    let ok = true;
    const apply = (path: string, top: boolean) => {
      const l = fs.lstat(path, proc.cred, proc.cwd);
      if (!l.ok) {
        if (!quiet) ctx.error(ctx._('cannot access %s', ctx.qaf(path)), l.errno);
        ok = false;
        return;
      }
      const isLink = l.value.type === 'symlink';
      const follow = !noDeref && (top || !recursive);
      const st = isLink && follow ? fs.stat(path, proc.cred, proc.cwd) : l;
      if (!st.ok) {
        if (!quiet) ctx.error(ctx._('cannot dereference %s', ctx.qaf(path)), st.errno);
        ok = false;
        return;
      }
      const old = st.value;
      const r = fs.chown(path, uid, gid, proc.cred, { noFollow: isLink && !follow, cwd: proc.cwd });
      const newUid = uid === -1 ? old.uid : uid;
      const newGid = gid === -1 ? old.gid : gid;
      if (!r.ok) {
        if (!quiet) ctx.error(ctx._(kind === 'chgrp' || uid === -1 ? 'changing group of %s' : 'changing ownership of %s', ctx.qaf(path)), r.errno);
        ok = false;
      } else if (verbose !== 'none') {
        const changed = newUid !== old.uid || newGid !== old.gid;
        if (verbose === 'all' || changed) ctx.out(describe(ctx, kind, path, old.uid, old.gid, newUid, newGid, uid === -1, db));
      }
      if (recursive && old.type === 'dir' && !isLink) {
        const children = childPaths(ctx, proc, path, quiet);
        if (children === null) ok = false;
        else for (const child of children) apply(child, false);
      }
    };
    for (const name of ops) apply(name, true);
    return ok ? 0 : 1;
  };
}

function describe(ctx: Ctx, kind: string, path: string, ou: number, og: number, nu: number, ng: number, groupOnly: boolean, db: UserDb): string {
  const q = ctx.qaf(path);
  if (kind === 'chgrp' || groupOnly) {
    return og === ng
      ? ctx._('group of %s retained as %s\n', q, db.groupName(ng))
      : ctx._('changed group of %s from %s to %s\n', q, db.groupName(og), db.groupName(ng));
  }
  if (ou === nu && og === ng) return ctx._('ownership of %s retained as %s\n', q, `${db.userName(nu)}:${db.groupName(ng)}`);
  if (og === ng) return ctx._('changed ownership of %s from %s to %s\n', q, db.userName(ou), db.userName(nu));
  return ctx._('changed ownership of %s from %s to %s\n', q, `${db.userName(ou)}:${db.groupName(og)}`, `${db.userName(nu)}:${db.groupName(ng)}`);
}

export const chown = makeChown('chown');
