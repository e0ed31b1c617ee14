// man(1) of man-db 2.11: short pages (NAME, SYNOPSIS, the start of DESCRIPTION) in man's 80-column
// layout, shown through less on a terminal with man's prompt, plain text otherwise. A page of a
// package that is not installed does not exist, as on Debian (`No manual entry for postfix`).
import type { Process, Program } from '../../os/program.ts';
import { Ctx } from '../lib/context.ts';
import { page } from '../lib/pager.ts';
import { MAN_PAGES } from './man-pages.ts';

/** Pages that come with a package: shown only when its program is installed. */
const PACKAGED: Record<string, string> = {
  dig: '/usr/bin/dig', nslookup: '/usr/bin/nslookup', host: '/usr/bin/host', named: '/usr/sbin/named',
  postfix: '/usr/sbin/postfix', mail: '/usr/bin/mail', nano: '/usr/bin/nano', dovecot: '/usr/sbin/dovecot',
  tcpdump: '/usr/bin/tcpdump', ifconfig: '/usr/sbin/ifconfig', route: '/usr/sbin/route', arp: '/usr/sbin/arp',
  netstat: '/usr/bin/netstat', telnet: '/usr/bin/telnet', nc: '/usr/bin/nc',
};

const BOLD = '\x1b[1m';
const PLAIN = '\x1b[0m';

export const man: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'man');
  const args = ctx.args.filter((a) => !a.startsWith('-'));
  if (ctx.args.includes('--version') || ctx.args.includes('-V')) {
    ctx.out('man 2.11.2\n');
    return 0;
  }
  if (args.length === 0) {
    ctx.err("What manual page do you want?\nFor example, try 'man man'.\n");
    return 1;
  }
  let section: string | null = null;
  if (args.length > 1 && /^\d\w*$/.test(args[0])) section = args.shift()!;
  let status = 0;
  let text = '';
  let shown = '';
  for (const name of args) {
    const p = MAN_PAGES[name];
    const installed = PACKAGED[name] === undefined || ctx.fs.stat(PACKAGED[name], proc.cred).ok;
    if (!p || !installed || (section !== null && p.section !== section)) {
      ctx.err(section !== null ? `No manual entry for ${name} in section ${section}\n` : `No manual entry for ${name}\n`);
      status = 16;
      continue;
    }
    text += p.text;
    shown ||= `${name}(${p.section})`;
  }
  if (text === '') return status;
  if (!proc.stdout.tty) {
    ctx.out(text);
    return status;
  }
  // On a terminal, less renders nroff's overstrike as bold: section headings and the page's name.
  const styled = text
    .split('\n')
    .map((l) => (/^[A-Z][A-Z /-]*$/.test(l) ? BOLD + l + PLAIN : l))
    .join('\n');
  const pager = proc.env.get('MANPAGER') ?? proc.env.get('PAGER') ?? 'less';
  await page(proc, styled, {
    kind: pager.includes('more') ? 'more' : 'less',
    prompt: ` Manual page ${shown} line %l (press h for help or q to quit)`,
  });
  return status;
};
