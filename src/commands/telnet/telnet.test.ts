// telnet against telnet/*.txt of ../shared/fidelity (screens of a real terminal), seed 003's
// `telnet localhost 25 -b ...`, and runs of inetutils telnet 2.4 in network namespaces quoted
// below. Deliberate difference: `localhost` is 127.0.0.1 here ("Trying 127.0.0.1..."), where the
// recordings, made on a host with IPv6, tried ::1 first.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostsFileOnly, NetLab, type LabHost } from '../testing-net/net-lab.ts';
import { lineServer, smtpLike, type LineServerLog } from '../testing-net/line-server.ts';
import { telnet } from './telnet.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const screen = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/telnet/${name}`, import.meta.url), 'utf8');

async function vm(): Promise<{ lab: NetLab; h: LabHost; smtp: LineServerLog }> {
  const lab = new NetLab(nodeYield);
  const h = lab.host('vm', [{ net: lab.network('lan'), address: '192.168.0.1/24' }, { net: lab.network('host-only'), address: '192.168.56.131/24' }]);
  const smtp: LineServerLog = { chunks: [] };
  h.start(lineServer(smtpLike(), smtp), ['master']);
  await lab.run(0.01);
  return { lab, h, smtp };
}

/** One session of a recorded screen: what follows "root@vm:~# COMMAND\n". */
function session(text: string, command: string): string {
  const part = text.split('root@vm:~# ').find((s) => s.startsWith(`${command}\n`));
  if (part === undefined) throw new Error(`no session ${command}`);
  return part.slice(command.length + 1);
}

describe('telnet to an SMTP server (telnet_smtp_on_server.txt)', () => {
  it('shows Trying/Connected/Escape, sends CR LF and ends with "Connection closed by foreign host."', async () => {
    const { h, smtp } = await vm();
    const p = h.start(telnet, ['telnet', '127.0.0.1', '25'], { tty: true });
    await p.until(() => p.screen.includes('220 '), 5);
    p.type('quit\r');
    await p.until(() => p.code !== null, 5);
    expect(p.screen).toBe(session(screen('telnet_smtp_on_server.txt'), 'telnet 127.0.0.1 25'));
    expect(p.code).toBe(0);
    expect(smtp.chunks).toEqual(['quit\r\n']);
  });

  it('reports a refused connection and an unknown name', async () => {
    const { h } = await vm();
    const refused = await h.run(telnet, ['telnet', '127.0.0.1', '2525'], { tty: true });
    expect(refused.screen).toBe(session(screen('telnet_smtp_on_server.txt'), 'telnet 127.0.0.1 2525'));
    expect(refused.code).toBe(1);
    hostsFileOnly(h);
    const unknown = await h.run(telnet, ['telnet', 'nexistepas.mail128.com', '25'], { tty: true });
    expect(unknown.screen).toBe(session(screen('telnet_smtp_on_server.txt'), 'telnet nexistepas.mail128.com 25'));
    expect(unknown.code).toBe(1);
  });

  it('quits from the ^] prompt (telnet_escape_quit.txt)', async () => {
    const { h } = await vm();
    const p = h.start(telnet, ['telnet', '127.0.0.1', '25'], { tty: true });
    await p.until(() => p.screen.includes('220 '), 5);
    p.type('\x1d');
    await p.until(() => p.screen.endsWith('telnet> '), 5);
    p.type('quit\r');
    await p.until(() => p.code !== null, 5);
    expect(p.screen).toBe(session(screen('telnet_escape_quit.txt'), 'telnet 127.0.0.1 25'));
    expect(p.code).toBe(0);
  });

  it('binds the source with -b after the arguments (seed 003)', async () => {
    const { h, lab } = await vm();
    const seen: string[] = [];
    h.net.onFrame.on((e) => {
      if (e.iface === 'lo' && e.direction === 'out' && e.frame[23] === 6) seen.push(`${e.frame[26]}.${e.frame[27]}.${e.frame[28]}.${e.frame[29]}`);
    });
    const p = h.start(telnet, ['telnet', 'localhost', '25', '-b', '192.168.56.131'], { tty: true });
    await p.until(() => p.screen.includes('220 '), 5);
    expect(p.screen).toBe("Trying 127.0.0.1...\nConnected to localhost.\nEscape character is '^]'.\n220 vm ESMTP Postfix (Debian/GNU)\n");
    expect(seen[0]).toBe('192.168.56.131');
    p.type('quit\r');
    await p.until(() => p.code !== null, 5);
    const bad = await h.run(telnet, ['telnet', '-b', '10.9.9.9', '127.0.0.1', '25'], { tty: true });
    expect(bad.screen).toBe('Trying 127.0.0.1...\ntelnet: bind: Cannot assign requested address\n');
    expect(lab.frameProblems()).toEqual([]);
  });
});

describe('telnet line mode and command mode', () => {
  it('edits the line locally and sends IAC IP on ^C', async () => {
    const { h, smtp } = await vm();
    const p = h.start(telnet, ['telnet', '127.0.0.1', '25'], { tty: true });
    await p.until(() => p.screen.includes('220 '), 5);
    p.type('ab\x7fc\r');
    await h.lab.run(0.1);
    p.type('\x03');
    await h.lab.run(0.1);
    // Recorded with inetutils 2.4: "ab\b \bc" echoed, "ac\r\n" sent; ^C echoed, IAC IP IAC DO TM sent.
    expect(p.screen).toContain('220 vm ESMTP Postfix (Debian/GNU)\nab\b \bc\n');
    expect(p.screen.endsWith('^C')).toBe(true);
    expect(smtp.chunks[0]).toBe('ac\r\n');
  });

  it('answers status, an empty line and an unknown command at the prompt', async () => {
    const { h } = await vm();
    const p = h.start(telnet, ['telnet', '127.0.0.1', '25'], { tty: true });
    await p.until(() => p.screen.includes('220 '), 5);
    p.type('\x1d');
    await p.until(() => p.screen.endsWith('telnet> '), 5);
    p.type('foo\r');
    await p.until(() => p.screen.endsWith('?Invalid command\ntelnet> '), 5);
    p.type('status\r');
    await h.lab.run(0.1);
    expect(p.screen).toContain("telnet> status\nConnected to 127.0.0.1.\nOperating in obsolete linemode\nLocal character echo\nEscape character is '^]'.\n");
    p.type('\x1d');
    await p.until(() => p.screen.endsWith('telnet> '), 5);
    p.type('close\r');
    await p.until(() => p.code !== null, 5);
    expect(p.screen.endsWith('telnet> close\nConnection closed.\n')).toBe(true);
  });

  it('opens a connection from the prompt when started without a host', async () => {
    const { h } = await vm();
    const p = h.start(telnet, ['telnet'], { tty: true });
    await p.until(() => p.screen.endsWith('telnet> '), 5);
    p.type('open 127.0.0.1 5009\r');
    await p.until(() => p.screen.endsWith('refused\ntelnet> '), 5);
    p.type('quit\r');
    await p.until(() => p.code !== null, 5);
    expect(p.screen).toBe('telnet> open 127.0.0.1 5009\nTrying 127.0.0.1...\ntelnet: Unable to connect to remote host: Connection refused\ntelnet> quit\n');
    expect(p.code).toBe(0);
  });
});
