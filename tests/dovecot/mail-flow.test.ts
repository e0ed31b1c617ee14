// The practical's whole path in a scenario (seed 004): Postfix receives a mail over SMTP and
// delivers it to /var/mail/etudiant, Dovecot (installed from its packages, started by its unit)
// serves it over POP3 and IMAP from the client machine once login_trusted_networks allows it, and
// /var/log/mail.log has both daemons' lines through rsyslog.
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../src/sim/index.ts';
import { parseIpv4 } from '../../src/wire/addr.ts';
import { bootLab, labScenario, readFile, replaySmtp, runFor, runProgram, sessionLines } from '../scenarios/postfix-lab.ts';

const enc = new TextEncoder();
const latin1 = new TextDecoder('latin1');

/** Sends `lines` one at a time (after the server's reply to the previous one) and returns everything received. */
async function talk(sim: Simulation, host: string, server: string, port: number, lines: readonly string[]): Promise<string> {
  let received = '';
  await runProgram(sim, host, async (proc) => {
    const conn = proc.host.net.tcp.connect({ address: parseIpv4(server)!, port, owner: { pid: proc.pid, name: 'test-client' } });
    let closed = false;
    conn.onData.on((d) => (received += latin1.decode(d)));
    conn.onEnd.on(() => (closed = true));
    conn.onClose.on(() => (closed = true));
    await proc.sleep(1e9);
    for (const l of lines) {
      conn.send(enc.encode(`${l}\r\n`));
      await proc.sleep(3e9);
    }
    for (let i = 0; i < 20 && !closed; i++) await proc.sleep(1e8);
    conn.close();
    return 0;
  });
  return received;
}

describe('SMTP in, POP3/IMAP out (seed 004)', () => {
  it('a mail sent from the client is read back over POP3 and IMAP from the client', async () => {
    const scenario = labScenario().replace('packages: [postfix]', 'packages: [postfix, dovecot-pop3d, dovecot-imapd]').replace('services: [postfix]', 'services: [postfix, dovecot]');
    const sim = await bootLab(scenario);
    await runFor(sim, 2);
    const conf = readFile(sim, 'VM', '/etc/dovecot/dovecot.conf');
    sim.host('VM').machine.fs.writeFile('/etc/dovecot/dovecot.conf', `${conf}login_trusted_networks = 192.168.0.0/24\n`, { uid: 0, gid: 0, groups: [0] });
    const smtp = sessionLines(
      'S: 220\nC: HELO client\nS: 250\nC: MAIL FROM:<toto@mail128.com>\nS: 250\nC: RCPT TO:<etudiant@mail128.com>\nS: 250\nC: DATA\nS: 354\nC: Subject: pour dovecot\nC: \nC: Bonjour par POP3.\nC: .\nS: 250\nC: QUIT\nS: 221\n',
    );
    const replies = await replaySmtp(sim, 'CLIENT', '192.168.0.1', smtp);
    expect(replies.at(-2)).toMatch(/^250 2\.0\.0 Ok: queued as /);
    await runFor(sim, 5);
    expect(readFile(sim, 'VM', '/var/mail/etudiant')).toContain('Bonjour par POP3.');
    // Restart after the edit, as the practical does (service dovecot restart).
    const svc = (sim.host('VM').machine as unknown as { services: { restart(n: string): Promise<string> } }).services;
    const job = svc.restart('dovecot.service');
    await runFor(sim, 3);
    expect(await job).toBe('done');
    const pop = await talk(sim, 'CLIENT', '192.168.0.1', 110, ['user etudiant', 'pass etudiant', 'list', 'retr 1', 'dele 1', 'quit']);
    expect(pop).toMatch(/^\+OK Dovecot \(Debian\) ready\.\r\n\+OK\r\n\+OK Logged in\.\r\n\+OK 1 messages:\r\n1 \d+\r\n\.\r\n\+OK \d+ octets\r\n/);
    expect(pop).toContain('Subject: pour dovecot\r\n');
    expect(pop.endsWith('+OK Logging out, messages deleted.\r\n')).toBe(true);
    expect(readFile(sim, 'VM', '/var/mail/etudiant')).toBe('');
    const log = readFile(sim, 'VM', '/var/log/mail.log');
    expect(log).toMatch(/ vm dovecot: pop3-login: Login: user=<etudiant>, method=PLAIN, rip=192\.168\.0\.28, lip=192\.168\.0\.1, mpid=\d+, secured, session=<[A-Za-z0-9+/]{16}>\n/);
    expect(log).toMatch(/ vm dovecot: pop3\(etudiant\)<\d+><[A-Za-z0-9+/]{16}>: Disconnected: Logged out top=0\/0, retr=1\/\d+, del=1\/1, size=\d+\n/);
    expect(log).toMatch(/ vm postfix\/local\[\d+\]: .* to=<etudiant@mail128\.com>, .*status=sent/);
    const imap = await talk(sim, 'CLIENT', '192.168.0.1', 143, ['a login etudiant etudiant', 'b select inbox', 'c logout']);
    expect(imap).toContain('* 0 EXISTS\r\n');
    expect(imap).toContain('c OK Logout completed');
  });
});
