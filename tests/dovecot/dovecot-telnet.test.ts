// What a student sees with telnet against the running Dovecot (../fidelity/telnet/
// telnet_pop3_imap_*.txt, screens of a real terminal). Deliberate difference, as in telnet's own
// tests: `localhost` is 127.0.0.1 here ("Trying 127.0.0.1..."), where the recording machine tried ::1
// first (and Dovecot logged rip=::1). TABs are expanded as tmux did in the recordings.
import { describe, expect, it } from 'vitest';
import { telnet } from '../../src/commands/telnet/telnet.ts';
import { dovecotCommand } from '../../src/services/dovecot/dovecot-command.ts';
import { fidelity, installDovecot, mailLab, type MailLab } from './mail-lab.ts';

/** tmux turned TABs into spaces (to the next multiple of 8) in the recordings. */
function expandTabs(s: string): string {
  return s
    .split('\n')
    .map((line) => {
      let out = '';
      for (const c of line) out += c === '\t' ? ' '.repeat(8 - (out.length % 8)) : c;
      return out;
    })
    .join('\n');
}

/** One session of a recorded screen: what follows "root@vm:~# COMMAND\n" up to the next prompt. */
function session(text: string, command: string): string {
  const part = text.split('root@vm:~# ').find((s) => s.startsWith(`${command}\n`));
  if (part === undefined) throw new Error(`no session ${command}`);
  return part.slice(command.length + 1);
}

async function lab(): Promise<MailLab> {
  const ml = mailLab();
  installDovecot(ml.server);
  ml.server.start(dovecotCommand, ['/usr/sbin/dovecot', '-F']);
  const fs = ml.client.host.fs;
  const root = { uid: 0, gid: 0, groups: [0] };
  const r = fs.readFile('/etc/hosts', root);
  fs.writeFile('/etc/hosts', `${r.ok ? new TextDecoder().decode(r.value) : ''}192.168.0.1 pop128.mail128.com\n192.168.0.1 imap128.mail128.com\n`, root);
  await ml.lab.run(1);
  return ml;
}

async function typeSession(ml: MailLab, where: MailLab['server'], argv: string[], lines: string[]): Promise<string> {
  const p = where.start(telnet, argv, { tty: true });
  await p.until(() => p.screen.includes('ready.'), 5);
  for (const l of lines) {
    p.type(`${l}\r`);
    await ml.lab.run(3);
  }
  await p.until(() => p.code !== null, 5);
  return expandTabs(p.screen);
}

describe('telnet to Dovecot', () => {
  it('from the client with the default configuration (plaintext refused): POP3 then IMAP', async () => {
    const ml = await lab();
    const text = fidelity('telnet/telnet_pop3_imap_from_client_default_config.txt');
    const pop = await typeSession(ml, ml.client, ['telnet', 'pop128.mail128.com', '110'], ['user etudiant', 'pass etudiant', 'quit']);
    expect(pop).toBe(session(text, 'telnet pop128.mail128.com 110'));
    const imap = await typeSession(ml, ml.client, ['telnet', 'imap128.mail128.com', '143'], ['1 login etudiant etudiant', '2 logout']);
    expect(imap).toBe(session(text, 'telnet imap128.mail128.com 143'));
  });

  it('on the server: POP3 USER/PASS/LIST/RETR/QUIT', async () => {
    const ml = await lab();
    const text = fidelity('telnet/telnet_pop3_imap_on_server.txt');
    const ipv4 = (s: string): string => s.replace('Trying ::1...', 'Trying 127.0.0.1...');
    const expected = ipv4(session(text, 'telnet localhost 110'));
    const typed = [...expected.matchAll(/^(user|pass|list|retr|quit)\b.*$/gm)].map((m) => m[0]);
    // The recording's mailbox had two more messages by then (8 and 9, from the mailutils tests).
    const pop = await typeSession(ml, ml.server, ['telnet', 'localhost', '110'], typed);
    const upTo7 = expected.replace('+OK 9 messages:', '+OK 7 messages:').replace('8 334\n9 428\n', '');
    expect(pop).toBe(upTo7);
  });
});
