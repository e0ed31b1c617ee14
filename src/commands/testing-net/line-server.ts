// A tiny line-based TCP server for the tests of the network clients: it greets, answers each
// line from a script, closes after the line that says so, and records the bytes it received
// (so a test can check LF against CR LF and one segment per typed line).
import type { Program } from '../../os/program.ts';
import type { TcpConnection } from '../../stack/tcp/tcp-module.ts';
import { EventQueue } from '../lib/event-queue.ts';
import { socketOwner } from '../lib/socket-table.ts';

export interface LineServerSpec {
  port: number;
  greeting: string;
  /** The reply to a line (CR LF and case ignored); `close` ends the session after it. */
  reply(line: string): { text: string; close?: boolean } | null;
}

export interface LineServerLog {
  /** Each chunk the server's socket received, as text. */
  readonly chunks: string[];
}

export function lineServer(spec: LineServerSpec, log: LineServerLog): Program {
  return async (proc) => {
    const l = proc.host.net.tcp.listen({ port: spec.port, backlog: 100, owner: socketOwner(proc) });
    if (typeof l === 'string') return 1;
    const q = new EventQueue<TcpConnection>(proc.host.scheduler);
    l.onConnection.on((c) => q.push(c));
    for (;;) {
      const conn = await q.next();
      conn.send(new TextEncoder().encode(spec.greeting));
      let buf = '';
      conn.onData.on((d) => {
        const text = new TextDecoder().decode(d);
        log.chunks.push(text);
        buf += text;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).replace(/\r$/, '');
          buf = buf.slice(nl + 1);
          const r = spec.reply(line);
          if (r === null) continue;
          conn.send(new TextEncoder().encode(r.text));
          if (r.close === true) conn.close();
        }
      });
      conn.onEnd.on(() => conn.close());
    }
  };
}

/** Postfix's greeting and QUIT as the recordings show them. */
export function smtpLike(port = 25): LineServerSpec {
  return {
    port,
    greeting: '220 vm ESMTP Postfix (Debian/GNU)\r\n',
    reply: (line) => {
      const l = line.toLowerCase();
      if (l === 'quit') return { text: '221 2.0.0 Bye\r\n', close: true };
      if (l.startsWith('helo ')) return { text: '250 vm\r\n' };
      if (l.startsWith('mail from:')) return { text: '250 2.1.0 Ok\r\n' };
      if (l.startsWith('rcpt to:')) return { text: '250 2.1.5 Ok\r\n' };
      return { text: '502 5.5.2 Error: command not recognized\r\n' };
    },
  };
}

/** Dovecot's POP3 greeting and QUIT. */
export function popLike(port = 110): LineServerSpec {
  return {
    port,
    greeting: '+OK Dovecot (Debian) ready.\r\n',
    reply: (line) => (line.toLowerCase() === 'quit' ? { text: '+OK Logging out\r\n', close: true } : { text: '-ERR Unknown command.\r\n' }),
  };
}
