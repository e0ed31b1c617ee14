// postfix's debconf config script (postfix 3.7.11-0+deb12u1, DEBIAN/config), translated line by
// line from Perl: the same states (start, mailname, relayhost, root, destinations, chattr,
// mynetworks, procmail, mailbox_limit, recipient_delim, protocols), priorities, defaults
// computed from the host, "back" handling, and the flags the postinst reads afterwards.
import type { Credentials } from '../../fs/types.ts';
import { BACKUP, type Confmodule } from '../debconf/confmodule.ts';
import type { ConfigScript } from '../types.ts';
import { readMainCfParameter } from './postconf-edit.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const LABEL = '[0-9A-Za-z]([-0-9A-Za-z]*[0-9A-Za-z])?';
const RFC1035_DOMAIN = new RegExp(`${LABEL}(\\.${LABEL})*`);

export const postfixConfig: ConfigScript = async (d: Confmodule, ctx) => {
  const fs = ctx.fs;
  const exists = (p: string): boolean => fs.stat(p, ROOT).ok;
  const readText = (p: string): string | null => {
    const r = fs.readFile(p, ROOT);
    return r.ok ? new TextDecoder().decode(r.value) : null;
  };
  const fqdn = (): string => ctx.fqdn();
  const domain = (): string => {
    const f = fqdn();
    const dot = f.indexOf('.');
    return dot < 0 ? '' : f.slice(dot + 1);
  };
  const hasPostconf = (): boolean => exists('/usr/sbin/postconf') && exists('/etc/postfix/main.cf');
  const postconf = (name: string): string | null => {
    const t = readText('/etc/postfix/main.cf');
    return t === null ? null : readMainCfParameter(t, name, true, fqdn());
  };
  const isBack = (r: number): boolean => r === BACKUP;

  d.capb('backup');
  d.title('Postfix Configuration');
  let topstate = 'start';
  let back = false;
  let noninteractive = false;
  let skipRelayhost = false;

  while (topstate !== 'done') {
    if (topstate === 'start') {
      if (d.fget('postfix/main_mailer_type', 'isdefault') === 'true' && exists('/etc/postfix/main.cf')) {
        d.set('postfix/main_mailer_type', 'No configuration');
      }
      noninteractive = d.input('high', 'postfix/main_mailer_type') === BACKUP;
      if (noninteractive) {
        const mailertype = d.get('postfix/main_mailer_type');
        if (mailertype === 'No configuration') {
          d.fset('postfix/newaliases', 'run', 'false');
          topstate = 'ending-setup';
        } else topstate = 'mailname';
      } else {
        await d.go();
        // The script calls go() twice; the second has nothing left to show.
        back = isBack(await d.go());
        const mailertype = d.get('postfix/main_mailer_type');
        if (mailertype === 'No configuration') topstate = 'ending-setup';
        else {
          d.fset('postfix/main_mailer_type', 'changed', 'true');
          d.fset('postfix/newaliases', 'run', 'true');
          if (back) d.fset('postfix/main_mailer_type', 'isdefault', 'true');
          else {
            d.fset('postfix/main_mailer_type', 'changed', 'true');
            topstate = 'mailname';
            if (!(mailertype === 'Internet with smarthost' || mailertype === 'Satellite system' || mailertype === 'HP')) {
              d.set('postfix/relayhost', '');
              d.fset('postfix/relayhost', 'changed', 'true');
            }
          }
        }
      }
    }

    if (topstate === 'mailname') {
      let mailname: string | null = null;
      const m = readText('/etc/mailname');
      if (m !== null) mailname = m.split('\n')[0];
      if (mailname === null || mailname === '') mailname = fqdn() || 'localdomain';
      if (mailname.toLowerCase() === 'ubuntu.com' || mailname.toLowerCase() === 'debian.org') {
        d.fset('postfix/mailname', 'isdefault', 'true');
        mailname = fqdn() || 'localdomain';
      }
      if (d.fget('postfix/mailname', 'isdefault') === 'true') d.set('postfix/mailname', mailname);
      noninteractive = d.input('high', 'postfix/mailname') === BACKUP;
      if (noninteractive) topstate = 'relayhost';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/main_mailer_type', 'isdefault', 'true');
          d.fset('postfix/mailname', 'isdefault', 'true');
          topstate = 'start';
        } else {
          const name = d.get('postfix/mailname').toLowerCase();
          d.fset('postfix/mailname', 'changed', 'true');
          if (name === 'ubuntu.com' || name === 'debian.org') d.fset('postfix/mailname', 'isdefault', 'true');
          else if (RFC1035_DOMAIN.test(name) || name === '==default==') topstate = 'relayhost';
          else {
            d.set('postfix/rfc1035_violation', 'false');
            d.fset('postfix/rfc1035_violation', 'isdefault', 'true');
            d.subst('postfix/rfc1035_violation', 'enteredstring', name);
            d.input('high', 'postfix/rfc1035_violation');
            back = isBack(await d.go());
            if (back) d.fset('postfix/mailname', 'isdefault', 'true');
            if (d.get('postfix/rfc1035_violation') === 'true') topstate = 'relayhost';
            else d.fset('postfix/mailname', 'isdefault', 'true');
          }
        }
      }
    }

    if (topstate === 'relayhost') {
      const mailertype = d.get('postfix/main_mailer_type');
      if (mailertype === 'Internet with smarthost' || mailertype === 'Satellite system') {
        if (d.fget('postfix/relayhost', 'isdefault') === 'true') d.set('postfix/relayhost', `smtp.${domain() || 'localdomain'}`);
        noninteractive = d.input('high', 'postfix/relayhost') === BACKUP;
        skipRelayhost = false;
      } else {
        topstate = 'root';
        noninteractive = true;
        skipRelayhost = true;
      }
      if (noninteractive) topstate = 'root';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/mailname', 'isdefault', 'true');
          d.fset('postfix/relayhost', 'isdefault', 'true');
          topstate = 'mailname';
        } else if (/[\s,]/.test(d.get('postfix/relayhost'))) d.fset('postfix/relayhost', 'isdefault', 'true');
        else {
          d.fset('postfix/relayhost', 'changed', 'true');
          topstate = 'root';
        }
      }
    }

    if (topstate === 'root') {
      // `getent passwd 1000` gives one line: the script's `$#l > 0` never holds.
      noninteractive = d.input('medium', 'postfix/root_address') === BACKUP;
      if (noninteractive) topstate = 'destinations';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/relayhost', 'isdefault', 'true');
          d.fset('postfix/root_address', 'isdefault', 'true');
          if (skipRelayhost) {
            d.fset('postfix/mailname', 'isdefault', 'true');
            topstate = 'mailname';
          } else topstate = 'relayhost';
        } else {
          d.fset('postfix/root_address', 'changed', 'true');
          topstate = 'destinations';
        }
      }
    }

    if (topstate === 'destinations') {
      const mailertype = d.get('postfix/main_mailer_type');
      const hostname = fqdn() || 'localhost';
      const dom = domain() || 'localdomain';
      const mailname = d.get('postfix/mailname') || 'localhost';
      let priority: 'medium' | 'low' = 'medium';
      if (d.fget('postfix/destinations', 'set') === 'true') {
        if (hasPostconf()) {
          const v = postconf('mydestination');
          if (v !== null) d.set('postfix/destinations', v);
        }
      } else {
        let destinations: string;
        if (mailertype === 'Internet Site') {
          destinations =
            mailname === hostname
              ? ['$myhostname', mailname, `localhost.${dom}`, ', localhost'].join(', ')
              : ['$myhostname', mailname, hostname, `localhost.${dom}, localhost`].join(', ');
        } else {
          destinations = ['$myhostname', hostname, `localhost.${dom}, localhost`].join(', ');
          const esc = mailname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          if (!new RegExp(`(^|[.])${esc}$`).test(hostname)) destinations = `${mailname}, ${destinations}`;
        }
        d.set('postfix/destinations', destinations);
        d.fset('postfix/destinations', 'set', 'true');
      }
      if (mailertype === 'Local only') priority = 'low';
      noninteractive = d.input(priority, 'postfix/destinations') === BACKUP;
      if (noninteractive) topstate = 'chattr';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/relayhost', 'isdefault', 'true');
          d.fset('postfix/destinations', 'isdefault', 'true');
          topstate = 'relayhost';
        } else {
          d.fset('postfix/destinations', 'changed', 'true');
          topstate = 'chattr';
        }
      }
    }

    if (topstate === 'chattr') {
      noninteractive = d.input('medium', 'postfix/chattr') === BACKUP;
      if (noninteractive) topstate = 'mynetworks';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/destinations', 'isdefault', 'true');
          d.fset('postfix/chattr', 'isdefault', 'true');
          topstate = 'destinations';
        } else {
          d.fset('postfix/chattr', 'changed', 'true');
          topstate = 'mynetworks';
        }
      }
    }

    if (topstate === 'mynetworks') {
      if (hasPostconf()) {
        const v = postconf('mynetworks');
        if (v !== null) d.set('postfix/mynetworks', v);
      }
      noninteractive = d.input('low', 'postfix/mynetworks') === BACKUP;
      if (noninteractive) topstate = 'procmail';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/chattr', 'isdefault', 'true');
          d.fset('postfix/mynetworks', 'isdefault', 'true');
          topstate = 'chattr';
        } else {
          d.fset('postfix/mynetworks', 'changed', 'true');
          topstate = 'procmail';
        }
      }
    }

    if (topstate === 'procmail') {
      const procmail = exists('/usr/bin/procmail');
      if (d.fget('postfix/procmail', 'isdefault') === 'true') d.set('postfix/procmail', procmail ? 'true' : 'false');
      noninteractive = procmail ? d.input('low', 'postfix/procmail') === BACKUP : true;
      if (noninteractive) topstate = 'mailbox_limit';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/mynetworks', 'isdefault', 'true');
          d.fset('postfix/procmail', 'isdefault', 'true');
          topstate = 'mynetworks';
        } else {
          d.fset('postfix/procmail', 'changed', 'true');
          topstate = 'mailbox_limit';
        }
      }
    }

    if (topstate === 'mailbox_limit') {
      noninteractive = d.input('low', 'postfix/mailbox_limit') === BACKUP;
      if (noninteractive) topstate = 'recipient_delim';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/procmail', 'isdefault', 'true');
          d.fset('postfix/mailbox_limit', 'isdefault', 'true');
          if (exists('/usr/bin/procmail')) topstate = 'procmail';
          else {
            d.fset('postfix/mynetworks', 'isdefault', 'true');
            topstate = 'mynetworks';
          }
        } else {
          d.fset('postfix/mailbox_limit', 'changed', 'true');
          topstate = 'recipient_delim';
        }
      }
    }

    if (topstate === 'recipient_delim') {
      noninteractive = d.input('low', 'postfix/recipient_delim') === BACKUP;
      if (noninteractive) topstate = 'protocols';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/mailbox_limit', 'isdefault', 'true');
          d.fset('postfix/recipient_delim', 'isdefault', 'true');
          topstate = 'mailbox_limit';
        } else {
          const delim = d.get('postfix/recipient_delim');
          if ([...delim].length > 1) {
            d.fset('postfix/bad_recipient_delimiter', 'isdefault', 'true');
            d.subst('postfix/bad_recipient_delimiter', 'enteredstring', delim);
            d.input('low', 'postfix/bad_recipient_delimiter');
            d.fset('postfix/recipient_delim', 'isdefault', 'true');
            // The script queues the error without a go(): it shows with the next question.
          } else {
            d.fset('postfix/recipient_delim', 'changed', 'true');
            topstate = 'protocols';
          }
        }
      }
    }

    if (topstate === 'protocols') {
      if (hasPostconf()) {
        const v = postconf('inet_protocols');
        if (v !== null) d.set('postfix/protocols', v);
      } else if (d.fget('postfix/protocols', 'isdefault') === 'true') {
        // Debian 12's kernel has both; the simulated /proc may only show IPv4's sysctls.
        const v4 = exists('/proc/sys/net/ipv4') || !exists('/proc/sys');
        const v6 = exists('/proc/sys/net/ipv6') || v4;
        const protos = v6 && v4 ? 'all' : v6 ? 'ipv6' : v4 ? 'ipv4' : '';
        if (protos !== '') d.set('postfix/protocols', protos);
      }
      noninteractive = d.input('low', 'postfix/protocols') === BACKUP;
      if (noninteractive) topstate = 'ending-setup';
      else {
        back = isBack(await d.go());
        if (back) {
          d.fset('postfix/recipient_delim', 'isdefault', 'true');
          d.fset('postfix/protocols', 'isdefault', 'true');
          topstate = 'recipient_delim';
        } else {
          d.fset('postfix/protocols', 'changed', 'true');
          topstate = 'ending-setup';
        }
      }
    }

    if (topstate === 'ending-setup') {
      // touch /var/spool/postfix/reload (reconfigure) or restart: only if the spool exists.
      const flag = ctx.action === 'reconfigure' ? '/var/spool/postfix/reload' : '/var/spool/postfix/restart';
      if (exists('/var/spool/postfix')) fs.writeFile(flag, '', ROOT, { append: true, mode: 0o644 });
      topstate = 'done';
    }
  }
};
