// One DNS query/response exchange with a server, over UDP (a connected socket, so an ICMP port
// unreachable comes back as ECONNREFUSED as with Linux's recvfrom) or over TCP (RFC 1035 §4.2.2:
// each message after a 2-byte length). Timeouts run in virtual time. The sockets belong to the
// process (netstat -p) and are closed when it ends. Shared by the stub resolver and dig/host.
import type { Ipv4 } from '../../wire/addr.ts';
import type { NetError } from '../../stack/transport.ts';
import type { UdpSocket } from '../../stack/udp.ts';
import type { Process } from '../program.ts';

export type ExchangeResult = { ok: true; reply: Uint8Array; from: Ipv4; fromPort: number } | { ok: false; error: 'TIMEOUT' | NetError };

/** Waits for `settle` to be called or `timeoutNs` to pass, whichever comes first. */
function waitFor(proc: Process, timeoutNs: number, arm: (settle: (r: ExchangeResult) => void) => () => void): Promise<ExchangeResult> {
  return new Promise((resolve) => {
    let done = false;
    let disarm: () => void = () => {};
    const settle = (r: ExchangeResult): void => {
      if (done) return;
      done = true;
      timer.cancel();
      exit.dispose();
      disarm();
      resolve(r);
      proc.host.scheduler.noteAsyncWake();
    };
    const timer = proc.host.scheduler.after(timeoutNs, () => settle({ ok: false, error: 'TIMEOUT' }));
    const exit = proc.atExit(() => {
      done = true;
      timer.cancel();
      disarm();
    });
    const d = arm(settle);
    if (done) d();
    else disarm = d;
  });
}

/** A UDP socket connected to one server, reused for the retries to it (glibc keeps it open). */
export class DnsUdpSocket {
  private readonly sock: UdpSocket;
  private readonly exitHook: { dispose(): void };
  readonly openError: NetError | null;

  constructor(
    private readonly proc: Process,
    readonly server: Ipv4,
    readonly port: number,
  ) {
    this.sock = proc.host.net.udp.open();
    this.sock.owner = { pid: proc.pid, name: proc.comm };
    this.openError = this.sock.connect(server, port);
    this.exitHook = proc.atExit(() => this.sock.close());
  }

  get localPort(): number {
    return this.sock.localPort;
  }

  /**
   * Sends `query` and waits for a datagram `accept` takes (a reply to this query: same ID and
   * question); others are read and dropped, as res_send does.
   */
  exchange(query: Uint8Array, timeoutNs: number, accept: (reply: Uint8Array) => boolean): Promise<ExchangeResult> {
    if (this.openError !== null) return Promise.resolve({ ok: false, error: this.openError });
    return waitFor(this.proc, timeoutNs, (settle) => {
      const onMsg = this.sock.onMessage.on((m) => {
        if (accept(m.data)) settle({ ok: true, reply: m.data, from: m.from, fromPort: m.fromPort });
      });
      const onErr = this.sock.onError.on((e) => settle({ ok: false, error: e }));
      const err = this.sock.send(query);
      if (err !== null) settle({ ok: false, error: err });
      return () => {
        onMsg.dispose();
        onErr.dispose();
      };
    });
  }

  close(): void {
    this.sock.close();
    this.exitHook.dispose();
  }
}

/** One query over a fresh TCP connection: connect, send, read one length-prefixed reply, close. */
export function tcpExchange(proc: Process, server: Ipv4, port: number, query: Uint8Array, timeoutNs: number): Promise<ExchangeResult> {
  const conn = proc.host.net.tcp.connect({ address: server, port, owner: { pid: proc.pid, name: proc.comm } });
  return waitFor(proc, timeoutNs, (settle) => {
    let buf = new Uint8Array(0);
    const framed = new Uint8Array(query.length + 2);
    framed[0] = query.length >> 8;
    framed[1] = query.length & 0xff;
    framed.set(query, 2);
    const subs = [
      conn.onConnect.on(() => {
        conn.send(framed);
      }),
      conn.onData.on((d) => {
        const next = new Uint8Array(buf.length + d.length);
        next.set(buf);
        next.set(d, buf.length);
        buf = next;
        if (buf.length >= 2) {
          const len = (buf[0] << 8) | buf[1];
          if (buf.length >= len + 2) settle({ ok: true, reply: buf.slice(2, 2 + len), from: server, fromPort: port });
        }
      }),
      conn.onEnd.on(() => settle({ ok: false, error: 'ECONNRESET' })),
      conn.onClose.on((e) => settle({ ok: false, error: e ?? 'ECONNRESET' })),
    ];
    return () => {
      for (const s of subs) s.dispose();
      conn.close();
    };
  });
}
