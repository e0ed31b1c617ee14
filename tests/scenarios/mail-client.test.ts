// The mail client panel's engine end to end on the mail-server fixture (Postfix + Dovecot on MAIL,
// the client on CLIENT, names in CLIENT's /etc/hosts as the lab's DNS would give them): send through
// Postfix, read back by POP3 and IMAP, delete, and the errors a student meets shown as values.
// Nothing is normalized: the assertions are on texts and headers that do not depend on time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MailAccount, guessSettings, type AccountSettings, type Simulation } from '../../src/sim/index.ts';
import { runUntilAsync } from '../../src/engine/async-drain.ts';
import { SECOND } from '../../src/engine/time.ts';
import { dissectCapture } from '../../src/capture/dissect-capture.ts';
import { compileFilter } from '../../src/capture/filter/compile-filter.ts';
import { listSockets } from '../../src/commands/lib/socket-table.ts';
import { nodeYield } from '../../src/cli/node-yield.ts';
import { bootScenario, readHostFile } from '../support/lab-session.ts';
import { complaints, requireTshark, summary, writeTemp } from '../support/tshark.ts';

const FIXTURE = readFileSync(new URL('./fixtures/mail-server.yaml', import.meta.url), 'utf8');
const CLIENT_IFACE = '      - { name: eth0, network: lan, address: 192.168.0.28/24 }\n';
/** The fixture with the server's names on the client (what the TP's DNS zone says). */
const SCENARIO = FIXTURE.replace(
  CLIENT_IFACE,
  `${CLIENT_IFACE}    files:\n      /etc/hosts: |\n        127.0.0.1 localhost\n        192.168.0.1 smtp.mail128.com imap.mail128.com pop.mail128.com\n`,
);

async function boot(): Promise<Simulation> {
  const sim = await bootScenario(SCENARIO, 'mail-client.yaml', { capture: ['CLIENT:eth0'] });
  await runUntilAsync(sim.scheduler, sim.now + 2 * SECOND, nodeYield);
  return sim;
}

/** Moves virtual time until `p` settles (the page's driver does this while time runs). */
async function settle<T>(sim: Simulation, p: Promise<T>, limitS = 300): Promise<T> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  const limit = sim.now + limitS * SECOND;
  while (!done && sim.now < limit) await runUntilAsync(sim.scheduler, sim.now + SECOND / 10, nodeYield);
  if (!done) throw new Error('mail operation did not finish');
  return p;
}

function account(address: string, password: string, protocol: 'pop3' | 'imap', changes: Partial<AccountSettings> = {}): AccountSettings {
  return { ...guessSettings(address, protocol), password, ...changes };
}

function matching(sim: Simulation, filter: string): number {
  const c = compileFilter(filter);
  if (!c.ok) throw new Error(c.message);
  const frames = sim.capture.frames.map((f) => ({ timeNs: BigInt(f.time), bytes: f.bytes, linktype: f.linktype }));
  const rows = dissectCapture(frames);
  return rows.filter((r, i) => c.filter({ ...r, bytes: frames[i].bytes })).length;
}

describe('mail client: send, read by POP3 and IMAP, delete', () => {
  it('sends a Thunderbird-like message through Postfix, reads it back both ways and deletes it', async () => {
    const sim = await boot();
    const toto = new MailAccount(sim, 'CLIENT', account('toto@mail128.com', 'toto', 'imap', { name: 'Toto' }));
    const sent = await settle(sim, toto.send({ to: 'etudiant@mail128.com', subject: 'Réunion demain', body: 'Bonjour etudiant,\n.point en tête\nà demain\n' }));
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    await runUntilAsync(sim.scheduler, sim.now + 5 * SECOND, nodeYield);

    const box = readHostFile(sim, 'MAIL', '/var/mail/etudiant');
    expect(box).toMatch(/^From toto@mail128\.com /);
    expect(box).toContain('\nUser-Agent: Mozilla Thunderbird\n');
    expect(box).toContain('\nFrom: Toto <toto@mail128.com>\n');
    expect(box).toContain('\nTo: etudiant@mail128.com\n');
    expect(box).toContain('\nSubject: =?UTF-8?Q?R=C3=A9union_demain?=\n');
    expect(box).toContain('\nContent-Type: text/plain; charset=UTF-8; format=flowed\nContent-Transfer-Encoding: 8bit\n');
    expect(box).toMatch(/\nMessage-ID: <[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@mail128\.com>\n/);
    expect(box).toMatch(/\nReceived: from \[192\.168\.0\.28\] \(unknown \[192\.168\.0\.28\]\)\n/);
    // Dot-stuffed on the wire, unstuffed by Postfix.
    expect(box).toContain('\n\nBonjour etudiant,\n.point en tête\nà demain\n');

    const imap = new MailAccount(sim, 'CLIENT', account('etudiant@mail128.com', 'etudiant', 'imap'));
    const imapList = await settle(sim, imap.check());
    if (!imapList.ok) throw new Error(imapList.error.message);
    expect(imapList.value).toHaveLength(1);
    expect(imapList.value[0]).toMatchObject({ id: '1', subject: 'Réunion demain', seen: false });
    const imapRead = await settle(sim, imap.read('1'));
    if (!imapRead.ok) throw new Error(imapRead.error.message);
    expect(imapRead.value.body).toBe('Bonjour etudiant,\n.point en tête\nà demain');
    expect(imapRead.value.headers.find(([n]) => n === 'Delivered-To')?.[1]).toBe('etudiant@mail128.com');
    const again = await settle(sim, imap.check());
    expect(again.ok && again.value[0].seen).toBe(true);

    // POP3 downloads it too (RETR), leaving it on the server as Thunderbird does by default.
    const pop = new MailAccount(sim, 'CLIENT', account('etudiant@mail128.com', 'etudiant', 'pop3'));
    const popList = await settle(sim, pop.check());
    if (!popList.ok) throw new Error(popList.error.message);
    expect(popList.value.map((m) => [m.from, m.subject])).toEqual([['Toto <toto@mail128.com>', 'Réunion demain']]);
    const popRead = await settle(sim, pop.read(popList.value[0].id));
    if (!popRead.ok) throw new Error(popRead.error.message);
    expect(popRead.value.body).toBe('Bonjour etudiant,\n.point en tête\nà demain');

    const deleted = await settle(sim, imap.delete('1'));
    expect(deleted.ok, JSON.stringify(deleted)).toBe(true);
    await runUntilAsync(sim.scheduler, sim.now + 2 * SECOND, nodeYield);
    expect(readHostFile(sim, 'MAIL', '/var/mail/etudiant')).not.toContain('Réunion');
    const empty = await settle(sim, imap.check());
    expect(empty.ok && empty.value).toEqual([]);

    // The capture shows each protocol's commands as Thunderbird sends them.
    expect(matching(sim, 'smtp.req.command == "EHLO" && smtp.req.parameter == "[192.168.0.28]"')).toBe(1);
    expect(matching(sim, 'smtp.req.command == "RCPT"')).toBe(1);
    expect(matching(sim, 'smtp.req.command == "QUIT"')).toBe(1);
    expect(matching(sim, 'pop.request.command == "RETR"')).toBe(1);
    expect(matching(sim, 'pop.request.command == "USER"')).toBe(1);
    expect(matching(sim, 'imap.request.command == "login"')).toBe(5);
    expect(matching(sim, 'imap.request.command == "expunge"')).toBe(1);
    expect(matching(sim, 'imap.request.isuid && imap.request.command == "store"')).toBe(2);
    // Every dialogue ends with QUIT/LOGOUT and FINs, never a reset.
    expect(matching(sim, 'tcp.flags.reset == 1')).toBe(0);
    // Real tshark reads the same commands from our bytes and has nothing to complain about.
    requireTshark();
    const file = writeTemp('mail-client.pcap', sim.exportPcap('CLIENT:eth0'));
    expect(complaints(file)).toEqual([]);
    for (const filter of ['smtp.req.command == "EHLO"', 'pop.request.command == "RETR"', 'imap.request.command == "login"', 'imap.request.command == "expunge"']) {
      expect(summary(file, filter).length, filter).toBe(matching(sim, filter));
    }
    for (const a of [toto, pop, imap]) a.close();
  });

  it('deletes by POP3 (DELE then QUIT): the mbox loses the message', async () => {
    const sim = await boot();
    const toto = new MailAccount(sim, 'CLIENT', account('toto@mail128.com', 'toto', 'pop3'));
    for (const subject of ['premier', 'second']) expect((await settle(sim, toto.send({ to: 'etudiant', subject, body: subject }))).ok).toBe(true);
    await runUntilAsync(sim.scheduler, sim.now + 5 * SECOND, nodeYield);
    const pop = new MailAccount(sim, 'CLIENT', account('etudiant@mail128.com', 'etudiant', 'pop3'));
    const list = await settle(sim, pop.check());
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.map((m) => m.subject)).toEqual(['premier', 'second']);
    expect(list.value[0].id).toMatch(/^[0-9a-f]{16}$/);
    expect((await settle(sim, pop.delete(list.value[0].id))).ok).toBe(true);
    await runUntilAsync(sim.scheduler, sim.now + SECOND, nodeYield);
    const box = readHostFile(sim, 'MAIL', '/var/mail/etudiant');
    expect(box).not.toContain('Subject: premier');
    expect(box).toContain('Subject: second');
    const after = await settle(sim, pop.check());
    expect(after.ok && after.value.map((m) => m.subject)).toEqual(['second']);
    expect(matching(sim, 'pop.request.command == "DELE"')).toBe(1);
  });

  it('owns its sockets through a "thunderbird" process of the account user', async () => {
    const sim = await boot();
    const client = sim.host('CLIENT').machine;
    const imap = new MailAccount(sim, 'CLIENT', account('etudiant@mail128.com', 'etudiant', 'imap'));
    // Sampled on each frame the client sends: the dialogue takes no time on an idle LAN.
    const owners = new Set<string>();
    const tap = client.net.onFrame.on(() => {
      for (const r of listSockets(client.net)) if (r.remotePort === 143 && r.owner !== undefined) owners.add(r.owner.name);
    });
    let procs: { comm: string; argv: readonly string[]; uid: number }[] = [];
    const pending = imap.check();
    for (let i = 0; i < 100 && procs.length === 0; i++) {
      await runUntilAsync(sim.scheduler, sim.now + SECOND / 1000, nodeYield);
      procs = client.processes.list().filter((p) => p.comm === 'thunderbird');
    }
    expect(procs.map((p) => [p.argv, p.uid])).toEqual([[['/usr/lib/thunderbird/thunderbird'], 1000]]);
    expect((await settle(sim, pending)).ok).toBe(true);
    tap.dispose();
    expect([...owners]).toEqual(['thunderbird']);
    imap.close();
    await runUntilAsync(sim.scheduler, sim.now + SECOND, nodeYield);
    expect(client.processes.list().some((p) => p.comm === 'thunderbird')).toBe(false);
  });
});

describe('mail client: what goes wrong ends as a message', () => {
  it('shows the servers\' refusal of a wrong password', async () => {
    const sim = await boot();
    const pop = await settle(sim, new MailAccount(sim, 'CLIENT', account('etudiant@mail128.com', 'faux', 'pop3')).check());
    expect(pop).toEqual({ ok: false, error: { kind: 'auth', message: 'PASS **** -> -ERR [AUTH] Authentication failed.' } });
    const imap = await settle(sim, new MailAccount(sim, 'CLIENT', account('etudiant@mail128.com', 'faux', 'imap')).check());
    expect(imap).toEqual({ ok: false, error: { kind: 'auth', message: '2 login "etudiant" "****" -> NO [AUTHENTICATIONFAILED] Authentication failed.' } });
    // An 8-bit password goes as a synchronizing literal (RFC 3501 §4.3).
    const literal = await settle(sim, new MailAccount(sim, 'CLIENT', account('etudiant@mail128.com', 'été', 'imap')).check());
    expect(literal).toEqual({ ok: false, error: { kind: 'auth', message: '2 login "etudiant" {5} -> NO [AUTHENTICATIONFAILED] Authentication failed.' } });
  });

  it('reports an unknown name, a refused port and a refused recipient', async () => {
    const sim = await boot();
    // CLIENT has no resolv.conf: glibc asks 127.0.0.1, nobody answers there (EAI_AGAIN).
    const unknown = await settle(sim, new MailAccount(sim, 'CLIENT', account('x@nowhere.example', 'x', 'imap')).check());
    expect(unknown).toEqual({ ok: false, error: { kind: 'resolve', message: 'imap.nowhere.example: Temporary failure in name resolution' } });
    const refused = await settle(sim, new MailAccount(sim, 'CLIENT', account('etudiant@mail128.com', 'etudiant', 'imap', { incomingPort: 1143 })).check());
    expect(refused).toEqual({ ok: false, error: { kind: 'connect', message: 'imap.mail128.com (192.168.0.1) port 1143: Connection refused' } });
    const toto = new MailAccount(sim, 'CLIENT', account('toto@mail128.com', 'toto', 'imap'));
    const rejected = await settle(sim, toto.send({ to: 'personne@mail128.com', subject: 'x', body: 'x' }));
    expect(rejected.ok).toBe(false);
    if (rejected.ok) return;
    expect(rejected.error.kind).toBe('rejected');
    expect(rejected.error.message).toMatch(/^RCPT TO:<personne@mail128\.com> -> 550 5\.1\.1 <personne@mail128\.com>: Recipient address rejected: User unknown in local recipient table$/);
    const noRecipient = await settle(sim, toto.send({ to: ' , ', subject: 'x', body: 'x' }));
    expect(noRecipient).toEqual({ ok: false, error: { kind: 'settings', message: 'to' } });
    const badSettings = await settle(sim, new MailAccount(sim, 'CLIENT', account('toto', 'toto', 'pop3')).check());
    expect(badSettings.ok).toBe(false);
  });
});

describe('mail client in the seed 004 lab (tp-services-reseaux.yaml)', () => {
  it('resolves the servers through the lab DNS: the guess fails, smtpX.mailX.com (seed 004) works', async () => {
    const text = readFileSync(new URL('../../scenarios/tp-services-reseaux.yaml', import.meta.url), 'utf8');
    const sim = await bootScenario(text, 'tp-services-reseaux.yaml', { params: { X: 12 }, capture: ['POSTE:eth0'] });
    await runUntilAsync(sim.scheduler, sim.now + 2 * SECOND, nodeYield);
    const guessed = account('foo@mail13.com', 'foo', 'pop3');
    expect([guessed.outgoingHost, guessed.incomingHost, guessed.username]).toEqual(['smtp.mail13.com', 'pop.mail13.com', 'foo']);
    const nx = await settle(sim, new MailAccount(sim, 'POSTE', guessed).send({ to: 'bar@mail13.com', subject: 'x', body: 'x' }));
    expect(nx).toEqual({ ok: false, error: { kind: 'resolve', message: 'smtp.mail13.com: Name or service not known' } });
    const edited = new MailAccount(sim, 'POSTE', { ...guessed, outgoingHost: 'smtp13.mail13.com' });
    const sent = await settle(sim, edited.send({ to: 'bar@mail13.com', subject: 'Depuis Thunderbird', body: 'Bonjour bar' }));
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    await runUntilAsync(sim.scheduler, sim.now + 5 * SECOND, nodeYield);
    expect(readHostFile(sim, 'VOISIN1', '/var/mail/bar')).toContain('\nSubject: Depuis Thunderbird\n');
    expect(matching(sim, 'dns.flags.response == 0 && dns.qry.name == "smtp13.mail13.com" && ip.src == 192.168.0.12')).toBe(1);
    expect(matching(sim, 'smtp.req.command == "EHLO" && smtp.req.parameter == "[192.168.0.12]"')).toBe(1);
  });
});
