// telnet of inetutils 2.4 (Debian 12's `telnet`): "Trying A.B.C.D...", "Connected to HOST.",
// "Escape character is '^]'.", then the "obsolete linemode" a server that negotiates nothing
// gets: telnet echoes and edits the line itself and sends it with CR LF on Enter; ^C sends
// IAC IP IAC DO TIMING-MARK; ^] opens the `telnet> ` prompt (quit, close, status, open, ?).
// Options may follow the host and port (`telnet localhost 25 -b 192.168.56.131`, seed 003).
// `localhost` resolves to 127.0.0.1 (the recordings show ::1 first: the stack has no IPv6).
import type { Process, Program } from '../../os/program.ts';
import type { TcpConnection } from '../../stack/tcp/tcp-module.ts';
import type { NetError } from '../../stack/transport.ts';
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import { EventQueue, pumpInput } from '../lib/event-queue.ts';
import { netStrerror } from '../lib/net-errors.ts';
import { gaiStrerror, lookupHost } from '../lib/resolve.ts';
import { Services } from '../lib/services.ts';
import { socketOwner } from '../lib/socket-table.ts';
import { TELNET_HELP, TELNET_COMMANDS_HELP } from './telnet-help.ts';

const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const IP = 244;
const TELOPT_TM = 6;
const ESCAPE = 0x1d; // ^]

type Event =
  | { kind: 'key'; data: Uint8Array | null }
  | { kind: 'data'; data: Uint8Array }
  | { kind: 'end' }
  | { kind: 'closed'; error: NetError | null };

interface Session {
  conn: TcpConnection;
  host: string;
}

class Telnet {
  private readonly q: EventQueue<Event>;
  private session: Session | null = null;
  private line: number[] = [];
  /** Telnet command parser state for bytes from the server (RFC 854). */
  private iacState = 0;
  private iacVerb = 0;
  private readonly enc = new TextEncoder();
  private readonly tty: boolean;
  private pumping = false;

  constructor(
    private readonly proc: Process,
    private readonly bindAddr: Ipv4 | undefined,
  ) {
    this.q = new EventQueue<Event>(proc.host.scheduler);
    this.tty = proc.stdin.tty !== null;
  }

  private out(s: string | Uint8Array): void {
    this.proc.stdout.write(s);
  }

  private startInput(): void {
    if (this.pumping) return;
    this.pumping = true;
    pumpInput(this.proc.stdin, this.q, (data): Event => ({ kind: 'key', data }));
  }

  private setRaw(raw: boolean): void {
    const t = this.proc.stdin.tty;
    if (t === null) return;
    t.setRaw(raw);
  }

  /** Resolves and connects; prints what telnet prints; true when connected. */
  async open(host: string, portText: string | undefined): Promise<boolean> {
    const services = new Services(this.proc);
    let port = 23;
    if (portText !== undefined) {
      const p = /^\d+$/.test(portText) ? Number(portText) : services.portOf(portText, 'tcp');
      if (p === null || p > 65535) {
        this.proc.stderr.write(`Server lookup failure:  ${host}:${portText}, Servname not supported for ai_socktype\n`);
        return false;
      }
      port = p;
    }
    const found = await lookupHost(this.proc, host);
    if (!found.ok) {
      this.proc.stderr.write(`Server lookup failure:  ${host}:${portText ?? 'telnet'}, ${gaiStrerror(found.error)}\n`);
      return false;
    }
    this.out(`Trying ${formatIpv4(found.address)}...\n`);
    const net = this.proc.host.net;
    if (this.bindAddr !== undefined && !net.isLocalAddress(this.bindAddr)) {
      this.proc.stderr.write('telnet: bind: Cannot assign requested address\n');
      return false;
    }
    const conn = net.tcp.connect({ address: found.address, port, localAddress: this.bindAddr, owner: socketOwner(this.proc) });
    const wait = new EventQueue<'up' | NetError>(this.proc.host.scheduler);
    const subs = [conn.onConnect.on(() => wait.push('up')), conn.onClose.on((e) => wait.push(e ?? 'ECONNRESET'))];
    const r = await wait.next();
    for (const s of subs) s.dispose();
    if (r !== 'up') {
      this.proc.stderr.write(`telnet: Unable to connect to remote host: ${netStrerror(r)}\n`);
      return false;
    }
    conn.onData.on((data) => this.q.push({ kind: 'data', data }));
    conn.onEnd.on(() => this.q.push({ kind: 'end' }));
    conn.onClose.on((error) => this.q.push({ kind: 'closed', error }));
    this.session = { conn, host: found.canonicalName };
    this.out(`Connected to ${found.canonicalName}.\nEscape character is '^]'.\n`);
    return true;
  }

  /** The connection: returns 'closed' when the server closed, 'quit' for quit/close, 'eof'. */
  async converse(): Promise<'closed' | 'quit' | 'eof'> {
    this.setRaw(true);
    this.startInput();
    try {
      for (;;) {
        const ev = await this.q.next();
        switch (ev.kind) {
          case 'data':
            this.fromServer(ev.data);
            break;
          case 'end':
          case 'closed':
            this.session?.conn.close();
            this.session = null;
            return 'closed';
          case 'key': {
            if (ev.data === null) return 'eof';
            const r = await this.keys(ev.data);
            if (r !== null) return r;
            break;
          }
        }
      }
    } finally {
      this.setRaw(false);
    }
  }

  /** Keys typed while connected: local line editing in the "obsolete linemode". */
  private async keys(data: Uint8Array): Promise<'quit' | 'eof' | null> {
    for (let i = 0; i < data.length; i++) {
      const b = data[i];
      if (!this.tty) {
        if (b === 0x0a) this.sendLine();
        else this.line.push(b);
        continue;
      }
      if (b === ESCAPE) {
        this.out('^]\n');
        const r = await this.commandMode(true);
        if (r !== null) return r;
        continue;
      }
      if (b === 0x0d || b === 0x0a) {
        this.out('\n');
        this.sendLine();
      } else if (b === 0x7f || b === 0x08) {
        if (this.line.length > 0) {
          this.line.pop();
          this.out('\b \b');
        }
      } else if (b === 0x15) {
        this.out('\b \b'.repeat(this.line.length));
        this.line = [];
      } else if (b === 0x03) {
        // ^C: Interrupt Process, then DO TIMING-MARK to flush (RFC 854, RFC 860).
        this.out('^C');
        this.line = [];
        this.session?.conn.send(Uint8Array.of(IAC, IP, IAC, DO, TELOPT_TM));
      } else {
        this.line.push(b);
        if (b >= 0x20 && b !== 0x7f) this.out(Uint8Array.of(b));
      }
    }
    return null;
  }

  private sendLine(): void {
    const bytes = [...this.line, 0x0d, 0x0a];
    this.line = [];
    this.session?.conn.send(Uint8Array.from(bytes));
  }

  /** Server bytes: IAC commands answered (refusing every option) and dropped, the rest shown. */
  private fromServer(data: Uint8Array): void {
    const shown: number[] = [];
    const reply: number[] = [];
    for (const b of data) {
      switch (this.iacState) {
        case 0:
          if (b === IAC) this.iacState = 1;
          else shown.push(b);
          break;
        case 1:
          if (b === IAC) {
            shown.push(IAC);
            this.iacState = 0;
          } else if (b >= WILL && b <= DONT) {
            this.iacVerb = b;
            this.iacState = 2;
          } else if (b === SB) {
            this.iacState = 3;
          } else {
            this.iacState = 0;
          }
          break;
        case 2:
          if (this.iacVerb === DO) reply.push(IAC, WONT, b);
          else if (this.iacVerb === WILL) reply.push(IAC, DONT, b);
          this.iacState = 0;
          break;
        case 3:
          if (b === IAC) this.iacState = 4;
          break;
        case 4:
          this.iacState = b === SE ? 0 : 3;
          break;
      }
    }
    if (shown.length > 0) this.out(Uint8Array.from(shown));
    if (reply.length > 0) this.session?.conn.send(Uint8Array.from(reply));
  }

  /** The `telnet> ` prompt; null goes back to the connection. */
  async commandMode(connected: boolean): Promise<'quit' | 'eof' | null> {
    this.setRaw(false);
    this.startInput();
    try {
      for (;;) {
        this.out('telnet> ');
        const line = await this.readLine();
        if (line === null) {
          if (this.session !== null) this.closeSession();
          return 'eof';
        }
        const words = line.trim().split(/\s+/).filter((w) => w !== '');
        if (words.length === 0) {
          if (this.session !== null) return null;
          continue;
        }
        const cmd = resolveCommand(words[0]);
        if (cmd === 'ambiguous') {
          this.out('?Ambiguous command\n');
          continue;
        }
        if (cmd === null) {
          this.out('?Invalid command\n');
          continue;
        }
        switch (cmd) {
          case 'quit':
            if (this.session !== null) this.closeSession();
            return 'quit';
          case 'close':
            if (this.session !== null) {
              this.closeSession();
              return 'quit';
            }
            this.out('?Need to be connected first.\n');
            continue;
          case 'status':
            if (this.session !== null) {
              this.out(`Connected to ${this.session.host}.\nOperating in obsolete linemode\nLocal character echo\nEscape character is '^]'.\n`);
              return null;
            }
            this.out('No connection.\nEscape character is \'^]\'.\n');
            continue;
          case 'open':
            if (this.session !== null) {
              this.out(`?Already connected to ${this.session.host}\n`);
              continue;
            }
            if (words.length < 2) {
              this.out('usage: open [-l user] [-a] host-name [port]\n');
              continue;
            }
            if (await this.open(words[1], words[2])) {
              const r = await this.converse();
              if (r === 'closed') {
                this.out('Connection closed by foreign host.\n');
                return 'quit';
              }
              return r;
            }
            continue;
          case 'help':
            this.out(TELNET_COMMANDS_HELP);
            continue;
          default:
            if (!connected) continue;
            return null;
        }
      }
    } finally {
      if (this.session !== null) this.setRaw(true);
    }
  }

  /** Leaves as `quit` does when the input ends while connected. */
  finish(): void {
    if (this.session !== null) this.closeSession();
  }

  private closeSession(): void {
    this.session?.conn.close();
    this.session = null;
    this.out('Connection closed.\n');
  }

  private pending: number[] = [];

  /** A line typed at the prompt (the terminal is in canonical mode there). */
  private async readLine(): Promise<string | null> {
    for (;;) {
      const nl = this.pending.indexOf(0x0a);
      if (nl >= 0) {
        const line = this.pending.splice(0, nl + 1).slice(0, nl);
        return new TextDecoder().decode(Uint8Array.from(line));
      }
      const ev = await this.q.next();
      if (ev.kind === 'key') {
        if (ev.data === null) return null;
        this.pending.push(...ev.data);
      } else if (ev.kind === 'data') {
        this.fromServer(ev.data);
      } else if (this.session !== null) {
        this.session = null;
      }
    }
  }
}

const COMMANDS = ['close', 'logout', 'display', 'mode', 'open', 'quit', 'send', 'set', 'unset', 'status', 'toggle', 'slc', 'auth', 'encrypt', 'z', 'environ', 'help', '?'];

function resolveCommand(word: string): string | null | 'ambiguous' {
  if (word === '?') return 'help';
  const exact = COMMANDS.find((c) => c === word);
  if (exact !== undefined) return exact;
  const found = COMMANDS.filter((c) => c.startsWith(word));
  if (found.length === 0) return null;
  // quit and others that share a first letter with nothing else resolve as abbreviations.
  return found.length === 1 ? found[0] : 'ambiguous';
}

export const telnet: Program = async (proc) => {
  const args = proc.argv.slice(1);
  const operands: string[] = [];
  let bind: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-?') {
      proc.stdout.write(TELNET_HELP);
      return 0;
    }
    if (a === '--version' || a === '-V') {
      proc.stdout.write('telnet (GNU inetutils) 2.4\nCopyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\nThis is free software: you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n\nWritten by many authors.\n');
      return 0;
    }
    if (a.startsWith('--bind=')) {
      bind = a.slice(7);
      continue;
    }
    if (a === '-b' || a === '--bind') {
      bind = args[++i];
      if (bind === undefined) {
        proc.stderr.write(`telnet: option requires an argument -- 'b'\nTry 'telnet --help' or 'telnet --usage' for more information.\n`);
        return 64;
      }
      continue;
    }
    if (a.startsWith('-b') && a.length > 2) {
      bind = a.slice(2);
      continue;
    }
    if (/^-[468acdEKLrx]+$/.test(a)) continue;
    if (a === '-e' || a === '-l' || a === '-n' || a === '-k' || a === '-X') {
      i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      proc.stderr.write(`telnet: invalid option -- '${a[1]}'\nTry 'telnet --help' or 'telnet --usage' for more information.\n`);
      return 64;
    }
    operands.push(a);
  }
  if (operands.length > 2) {
    proc.stderr.write('telnet: too many arguments\n');
    return 1;
  }
  let bindAddr: Ipv4 | undefined;
  if (bind !== undefined) {
    const b = await lookupHost(proc, bind);
    if (!b.ok) {
      proc.stderr.write(`telnet: bind: ${gaiStrerror(b.error)}\n`);
      return 1;
    }
    bindAddr = b.address;
  }
  const t = new Telnet(proc, bindAddr);
  if (operands.length === 0) {
    await t.commandMode(false);
    return 0;
  }
  if (!(await t.open(operands[0], operands[1]))) return 1;
  const r = await t.converse();
  if (r === 'closed') {
    proc.stdout.write('Connection closed by foreign host.\n');
    return 0;
  }
  // End of input: inetutils leaves as `quit` would.
  if (r === 'eof') t.finish();
  return 0;
};
