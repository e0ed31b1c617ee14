// postfix: its debconf templates, config script, postinst and the postfix.service unit. The
// master daemon's Program is the mail issue's ("postfix/master", /usr/lib/postfix/sbin/master).
import { POSTFIX_TEMPLATES } from '../data/templates/postfix.ts';
import type { Credentials } from '../../fs/types.ts';
import type { Program } from '../../program.ts';
import type { PackageBehaviour } from '../types.ts';
import { postfixConfig } from './postfix-config.ts';
import { postfixPostinst } from './postfix-postinst.ts';

/** The init script's own actions (check, flush, abort): `${DAEMON} ACTION` with DAEMON=/usr/sbin/postfix. */
function postfixAction(action: string): Program {
  return async (proc) => {
    const child = proc.spawn(['/usr/sbin/postfix', action], { path: '/usr/sbin/postfix' });
    return 'error' in child ? 1 : child.wait();
  };
}

export const POSTFIX: PackageBehaviour = {
  templates: POSTFIX_TEMPLATES,
  config: postfixConfig,
  preinst: async (ctx, action) => {
    const fs = ctx.fs;
    const root: Credentials = { uid: 0, gid: 0, groups: [0] };
    fs.mkdir('/var/spool/postfix', root, { parents: true, mode: 0o755 });
    if (action === 'install') {
      fs.unlink('/var/spool/postfix/restart', root);
      fs.unlink('/var/spool/postfix/reload', root);
      return;
    }
    if (fs.stat('/etc/postfix/main.cf', root).ok) fs.writeFile('/var/spool/postfix/restart', '', root, { append: true });
    // An unmodified main.cf.proto / master.cf.proto is moved aside (#991513).
    for (const f of ['main', 'master']) {
      const dist = fs.readFile(`/usr/share/postfix/${f}.cf.dist`, root);
      const proto = fs.readFile(`/etc/postfix/${f}.cf.proto`, root);
      const same = dist.ok && proto.ok && dist.value.length === proto.value.length && dist.value.every((b, i) => b === proto.value[i]);
      if (same) fs.rename(`/etc/postfix/${f}.cf.proto`, `/etc/postfix/${f}.cf.proto.old`, root);
      else ctx.out(`/etc/postfix/${f}.cf.proto modified, not updating.\n`);
    }
  },
  postinst: postfixPostinst,
  units: [
    {
      name: 'postfix.service',
      description: 'Postfix Mail Transport Agent',
      documentation: ['man:postfix(1)'],
      program: 'postfix/master',
      argv: ['/usr/lib/postfix/sbin/master', '-w'],
      comm: 'master',
      type: 'forking',
      initScript: '/etc/init.d/postfix',
      initDescription: 'Postfix Mail Transport Agent',
      startedByDefault: true,
      initActions: { check: postfixAction('check'), flush: postfixAction('flush'), abort: postfixAction('abort') },
    },
  ],
};
