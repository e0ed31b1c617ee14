// Real mail clients written by others talk to the simulated servers through `netsim bridge`:
// nodemailer submits over SMTP to Postfix, imapflow reads the mailbox from Dovecot's IMAP,
// curl lists and fetches it over POP3. Each session enters the lab through the bridge
// interface, so it is real TCP on the lab's wire; what the clients see is the lab's state.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { ImapFlow } from 'imapflow';
import { loadScenario, Simulation } from '../../src/sim/index.ts';
import { startBridge, type RunningBridge } from '../../src/cli/bridge.ts';
import { nodeYield } from '../../src/cli/node-yield.ts';

const run = promisify(execFile);
const FILE = 'tests/scenarios/fixtures/mail-server.yaml';

let sim: Simulation;
let bridge: RunningBridge;
let smtpPort = 0;
let imapPort = 0;
let pop3Port = 0;

function mailbox(user: string): string {
  const r = sim.host('MAIL').machine.fs.readFile(`/var/mail/${user}`, { uid: 0, gid: 0, groups: [0] });
  return r.ok ? new TextDecoder().decode(r.value) : '';
}

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  const loaded = loadScenario(readFileSync(FILE, 'utf8'), FILE);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  sim = new Simulation(loaded.scenario, { seed: 11 });
  sim.startCapture(['MAIL:eth0']);
  await sim.boot(nodeYield);
  bridge = await startBridge(sim, [
    { expose: { host: 'MAIL', port: 25 }, localPort: 0 },
    { expose: { host: 'MAIL', port: 143 }, localPort: 0 },
    { expose: { host: 'MAIL', port: 110 }, localPort: 0 },
  ]);
  [smtpPort, imapPort, pop3Port] = bridge.ports;
});

afterAll(async () => {
  await bridge?.close();
});

describe('real clients through netsim bridge', () => {
  it('nodemailer sends a message that Postfix delivers to /var/mail/etudiant', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, name: 'client.example' });
    const info = await transport.sendMail({
      from: 'toto@mail128.com',
      to: 'etudiant@mail128.com',
      subject: 'Bonjour depuis nodemailer',
      text: 'Premier message.\n.Une ligne qui commence par un point.\n',
    });
    expect(info.accepted).toEqual(['etudiant@mail128.com']);
    expect(info.response).toMatch(/^250 2\.0\.0 Ok: queued as [0-9A-F]+$/);
    await until('local delivery', () => mailbox('etudiant').includes('Bonjour depuis nodemailer'));
    const box = mailbox('etudiant');
    expect(box).toMatch(/^From toto@mail128\.com {2}\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/m);
    expect(box).toContain('Delivered-To: etudiant@mail128.com');
    expect(box).toMatch(/Received: from client\.example \(unknown \[192\.168\.0\.\d+\]\)/);
    expect(box).toContain('\n.Une ligne qui commence par un point.\n');
    transport.close();
  });

  it('nodemailer is refused for an unknown user, as Postfix refuses it', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    await expect(transport.sendMail({ from: 'toto@mail128.com', to: 'personne@mail128.com', subject: 'x', text: 'x' })).rejects.toThrow(
      /550 5\.1\.1 <personne@mail128\.com>: Recipient address rejected: User unknown in local recipient table/,
    );
    transport.close();
  });

  it('imapflow logs in, lists INBOX and fetches the message with its envelope', async () => {
    const client = new ImapFlow({ host: '127.0.0.1', port: imapPort, secure: false, doSTARTTLS: false, auth: { user: 'etudiant', pass: 'etudiant' }, logger: false });
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    try {
      const status = await client.status('INBOX', { messages: true, unseen: true });
      expect(status.messages).toBe(1);
      const messages = [];
      for await (const m of client.fetch('1:*', { envelope: true, source: true, flags: true })) messages.push(m);
      expect(messages).toHaveLength(1);
      expect(messages[0].envelope?.subject).toBe('Bonjour depuis nodemailer');
      expect(messages[0].envelope?.from?.[0]?.address).toBe('toto@mail128.com');
      expect(messages[0].source?.toString()).toContain('Premier message.');
      await client.messageFlagsAdd('1', ['\\Flagged']);
    } finally {
      lock.release();
    }
    await client.logout();
    // Flags live in the mbox, as Dovecot keeps them.
    await until('flags written back', () => /X-Status: .*F/.test(mailbox('etudiant')));
  });

  it('curl lists and retrieves the message over POP3', async () => {
    const list = await run('curl', ['-s', '--user', 'etudiant:etudiant', `pop3://127.0.0.1:${pop3Port}/`], { timeout: 20_000 });
    expect(list.stdout.trim()).toMatch(/^1 \d+$/);
    const retr = await run('curl', ['-s', '--user', 'etudiant:etudiant', `pop3://127.0.0.1:${pop3Port}/1`], { timeout: 20_000 });
    expect(retr.stdout).toContain('Subject: Bonjour depuis nodemailer');
    expect(retr.stdout).toContain('Premier message.');
  });

  it('every session crossed the lab wire and the server logged them', () => {
    const logs = sim.host('MAIL').machine.fs.readFile('/var/log/mail.log', { uid: 0, gid: 0, groups: [0] });
    const text = logs.ok ? new TextDecoder().decode(logs.value) : '';
    expect(text).toMatch(/postfix\/local\[\d+\]: [0-9A-F]+: to=<etudiant@mail128\.com>, .*status=sent \(delivered to mailbox\)/);
    expect(text).toMatch(/imap-login: Login: user=<etudiant>, method=PLAIN/);
    expect(text).toMatch(/pop3-login: Login: user=<etudiant>/);
    const ports = new Set(sim.capture.frames.filter((f) => f.host === 'MAIL').map((f) => (f.bytes.length > 37 && f.bytes[23] === 6 ? (f.bytes[36] << 8) | f.bytes[37] : 0)));
    expect([...ports].filter((p) => [25, 110, 143].includes(p)).sort((a, b) => a - b)).toEqual([25, 110, 143]);
  });
});
