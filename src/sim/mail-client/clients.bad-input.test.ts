// The three protocol clients against servers that misbehave (garbage, a reply line without end,
// silence, a close in the middle, literals holding protocol characters): each ends with a
// MailError naming what happened, never an exception of another kind, never a hang.
import { describe, expect, it } from 'vitest';
import type { Process, Program } from '../../os/program.ts';
import type { TcpConnection } from '../../stack/tcp/tcp-module.ts';
import { EventQueue } from '../../commands/lib/event-queue.ts';
import { NetLab, type LabHost } from '../../commands/testing-net/net-lab.ts';
import { ImapSession } from './imap-client.ts';
import { MailConnection } from './mail-connection.ts';
import { MailError } from './mail-error.ts';
import { Pop3Session } from './pop3-client.ts';
import { sendSmtp } from './smtp-client.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A server on port 2000: sends `greeting`, then for each line received what `reply` says. */
function scripted(greeting: string, reply: (line: string) => string | null = () => null): Program {
  return async (proc) => {
    const l = proc.host.net.tcp.listen({ port: 2000 });
    if (typeof l === 'string') return 1;
    const q = new EventQueue<TcpConnection>(proc.host.scheduler);
    l.onConnection.on((c) => q.push(c));
    for (;;) {
      const conn = await q.next();
      if (greeting !== '') conn.send(new TextEncoder().encode(greeting));
      let buf = '';
      conn.onData.on((d) => {
        buf += new TextDecoder().decode(d);
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          const r = reply(buf.slice(0, nl).replace(/\r$/, ''));
          buf = buf.slice(nl + 1);
          if (r === 'CLOSE') conn.close();
          else if (r !== null) conn.send(new TextEncoder().encode(r));
        }
      });
      conn.onEnd.on(() => conn.close());
    }
  };
}

async function lab(server: Program): Promise<LabHost> {
  const lab = new NetLab(nodeYield);
  const h = lab.host('vm', [{ net: lab.network('lan'), address: '192.168.0.1/24' }]);
  h.start(server, ['server']);
  await lab.run(0.01);
  return h;
}

/** Runs `talk` on a connection to the server; resolves the MailError it ended with (or 'ok'). */
async function outcome(h: LabHost, talk: (c: MailConnection) => Promise<unknown>, maxSeconds = 120): Promise<string> {
  let result = '';
  const client: Program = async (proc: Process) => {
    try {
      await talk(await MailConnection.open(proc, '127.0.0.1', 2000));
      result = 'ok';
    } catch (e) {
      if (!(e instanceof MailError)) throw e;
      result = `${e.kind}: ${e.message}`;
    }
    return 0;
  };
  await h.run(client, ['client'], { maxSeconds });
  return result;
}

const envelope = { from: 'a@b.c', to: ['d@e.f'] };

describe('SMTP client against bad servers', () => {
  it('refuses garbage, a refusing greeting, an endless line and silence', async () => {
    expect(await outcome(await lab(scripted('hello there\r\n')), (c) => sendSmtp(c, envelope, 'x\r\n'))).toBe('protocol: 127.0.0.1: not an SMTP reply: hello there');
    expect(await outcome(await lab(scripted('554 5.7.1 go away\r\n')), (c) => sendSmtp(c, envelope, 'x\r\n'))).toBe('rejected: 127.0.0.1: 554 5.7.1 go away');
    expect(await outcome(await lab(scripted('220-' + 'x'.repeat(100_000))), (c) => sendSmtp(c, envelope, 'x\r\n'))).toBe('protocol: 127.0.0.1: a reply line longer than 65536 bytes');
    expect(await outcome(await lab(scripted('')), (c) => sendSmtp(c, envelope, 'x\r\n'))).toBe('timeout: 127.0.0.1: no answer from the server for 60 s');
  });

  it('falls back to HELO, dot-stuffs DATA and reports a 552 after the dot', async () => {
    const seen: string[] = [];
    const server = scripted('220 vm ESMTP\r\n', (line) => {
      seen.push(line);
      if (/^EHLO /.test(line)) return '502 5.5.2 Error: command not recognized\r\n';
      if (/^(HELO|MAIL|RCPT)/.test(line)) return '250 Ok\r\n';
      if (line === 'DATA') return '354 End data with <CR><LF>.<CR><LF>\r\n';
      if (line === '.') return '552 5.3.4 Message too big\r\n';
      if (line === 'QUIT') return '221 Bye\r\n';
      return null;
    });
    expect(await outcome(await lab(server), (c) => sendSmtp(c, envelope, 'Subject: x\r\n\r\n.\r\n..deux\r\n'))).toBe('rejected: DATA -> 552 5.3.4 Message too big');
    expect(seen).toEqual(['EHLO [127.0.0.1]', 'HELO [127.0.0.1]', 'MAIL FROM:<a@b.c>', 'RCPT TO:<d@e.f>', 'DATA', 'Subject: x', '', '..', '...deux', '.', 'QUIT']);
  });
});

describe('POP3 and IMAP clients against bad servers', () => {
  it('POP3: a close after the greeting, garbage instead of +OK', async () => {
    expect(await outcome(await lab(scripted('+OK ready\r\n', () => 'CLOSE')), async (c) => new Pop3Session(c).greeting().then(() => new Pop3Session(c).login('u', 'p')))).toBe('closed: 127.0.0.1: connection closed by the server');
    expect(await outcome(await lab(scripted('* OK IMAP here\r\n')), (c) => new Pop3Session(c).greeting())).toBe('protocol: 127.0.0.1: not a POP3 reply: * OK IMAP here');
  });

  it('IMAP: a FETCH literal holding parentheses and a fake tagged line is read exactly', async () => {
    const body = 'Subject: (x)\r\n\r\n1 OK not the end\r\n)\r\n';
    const server = scripted('* OK ready\r\n', (line) => {
      const [tag, verb] = line.split(' ');
      if (verb === 'UID') return `* 1 FETCH (UID 9 RFC822.SIZE ${body.length} FLAGS () BODY[] {${body.length}}\r\n${body})\r\n${tag} OK Fetch completed.\r\n`;
      if (verb === 'logout') return `* BYE Logging out\r\n${tag} OK Logout completed.\r\n`;
      return `${tag} OK done\r\n`;
    });
    let got = '';
    expect(await outcome(await lab(server), async (c) => {
      const s = new ImapSession(c);
      await s.greeting();
      got = (await s.fetchMessage(9))?.section ?? 'none';
      await s.logout();
    })).toBe('ok');
    expect(got).toBe(body);
  });

  it('IMAP: a BAD answer and an untagged BYE end as errors', async () => {
    expect(await outcome(await lab(scripted('* OK ready\r\n', (l) => `${l.split(' ')[0]} BAD Error in IMAP command: Unknown command.\r\n`)), async (c) => {
      const s = new ImapSession(c);
      await s.greeting();
      await s.select();
    })).toBe('rejected: 1 select "INBOX" -> BAD Error in IMAP command: Unknown command.');
    expect(await outcome(await lab(scripted('* BYE Too many connections\r\n')), (c) => new ImapSession(c).greeting())).toBe('rejected: * BYE Too many connections');
  });
});
