// rndc (bind9-utils... packaged in bind9 on Debian 12): sends one command to named's command
// channel over TCP (127.0.0.1#953 by default, -s/-p to change) and prints the answer as BIND 9.18's
// rndc does: the text on stdout, or "rndc: 'CMD' failed: RESULT" and the text on stderr, exit 1.
import { SECOND } from '../../engine/time.ts';
import type { Process, Program } from '../../os/program.ts';
import { formatIpv4, parseIpv4 } from '../../wire/addr.ts';
import { CONTROL_PORT, decodeControlReply } from '../../services/bind/control-protocol.ts';
import { EventQueue } from '../lib/event-queue.ts';
import { socketOwner } from '../lib/socket-table.ts';

const USAGE = `Usage: rndc [-b address] [-c config] [-s server] [-p port]
\t[-k key-file ] [-y key] [-r] [-V] [-4 | -6] command

command is one of the following:

  addzone zone [class [view]] { zone-options }
\t\tAdd zone to given view. Requires allow-new-zones option.
  delzone [-clean] zone [class [view]]
\t\tRemoves zone from given view.
  dumpdb [-all|-cache|-zones|-adb|-bad|-expired|-fail] [view ...]
\t\tDump cache(s) to the dump file (named_dump.db).
  flush \t\tFlushes all of the server's caches.
  flush [view]\tFlushes the server's cache for a view.
  halt\t\tStop the server without saving pending updates.
  notify zone [class [view]]
\t\tResend NOTIFY messages for the zone.
  querylog [ on | off ]
\t\tEnable / disable query logging.
  reconfig\tReload configuration file and new zones only.
  refresh zone [class [view]]
\t\tSchedule immediate maintenance for a zone.
  reload\tReload configuration file and zones.
  reload zone [class [view]]
\t\tReload a single zone.
  retransfer zone [class [view]]
\t\tRetransfer a single zone without checking serial number.
  status\tDisplay status of the server.
  stop\t\tSave pending updates to primary files and stop the server.
  zonestatus zone [class [view]]
\t\tDisplay the current status of a zone.

Version: 9.18.49-1~deb12u3-Debian
`;

type Ev = { kind: 'up' } | { kind: 'data'; data: Uint8Array } | { kind: 'end' } | { kind: 'closed'; error: string | null } | { kind: 'timeout' };

export const rndc: Program = async (proc: Process) => {
  const args = proc.argv.slice(1);
  let server = '127.0.0.1';
  let port = CONTROL_PORT;
  let quiet = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') break;
    if (a === '-q') quiet = true;
    else if (a === '-r' || a === '-4' || a === '-6') continue;
    else if (a === '-V') continue;
    else if (['-s', '-p', '-b', '-c', '-k', '-y'].includes(a)) {
      const v = args[++i];
      if (v === undefined) {
        proc.stderr.write(`rndc: option requires an argument -- '${a.slice(1)}'\n`);
        proc.stderr.write(USAGE);
        return 1;
      }
      if (a === '-s') server = v;
      if (a === '-p') {
        const n = Number(v);
        if (!/^[0-9]+$/.test(v) || n > 65535) {
          proc.stderr.write(`rndc: port '${v}' out of range\n`);
          return 1;
        }
        port = n;
      }
    } else {
      proc.stderr.write(`rndc: invalid argument -${a.slice(1, 2)}\n`);
      proc.stderr.write(USAGE);
      return 1;
    }
  }
  const words = args.slice(i);
  if (words.length === 0) {
    proc.stdout.write(USAGE);
    return 1;
  }
  const address = parseIpv4(server === 'localhost' ? '127.0.0.1' : server);
  if (address === null) {
    proc.stderr.write(`rndc: '${server}' is not a valid address\n`);
    return 1;
  }
  const command = words.join(' ');
  const verb = words[0];
  const where = `${formatIpv4(address)}#${port}`;
  const q = new EventQueue<Ev>(proc.host.scheduler);
  const conn = proc.host.net.tcp.connect({ address, port, owner: socketOwner(proc) });
  conn.onConnect.on(() => q.push({ kind: 'up' }));
  conn.onData.on((data) => q.push({ kind: 'data', data }));
  conn.onEnd.on(() => q.push({ kind: 'end' }));
  conn.onClose.on((error) => q.push({ kind: 'closed', error }));
  proc.atExit(() => conn.abort());
  q.after(60 * SECOND, { kind: 'timeout' });
  let text = '';
  const dec = new TextDecoder();
  let connected = false;
  for (;;) {
    const ev = await q.next();
    if (ev.kind === 'up') {
      connected = true;
      conn.send(new TextEncoder().encode(`${command}\n`));
    } else if (ev.kind === 'data') {
      text += dec.decode(ev.data);
    } else if (ev.kind === 'end' || ev.kind === 'closed') {
      if (!connected) {
        const why = ev.kind === 'closed' && ev.error === 'ECONNREFUSED' ? 'connection refused' : ev.kind === 'closed' && ev.error === 'ETIMEDOUT' ? 'timed out' : 'network unreachable';
        proc.stderr.write(`rndc: connect failed: ${where}: ${why}\n`);
        q.cancelTimers();
        return 1;
      }
      break;
    } else {
      proc.stderr.write(`rndc: ${connected ? 'recv' : 'connect'} failed: ${where}: timed out\n`);
      conn.abort();
      q.cancelTimers();
      return 1;
    }
  }
  q.cancelTimers();
  conn.close();
  const reply = decodeControlReply(text);
  if (reply === null) {
    proc.stderr.write(`rndc: recv failed: ${where}: connection reset\n`);
    return 1;
  }
  if (reply.error !== null) {
    proc.stderr.write(`rndc: '${verb}' failed: ${reply.error}\n`);
    if (reply.text !== '') proc.stderr.write(`${reply.text}\n`);
    return 1;
  }
  if (reply.text !== '' && !quiet) proc.stdout.write(`${reply.text}\n`);
  return 0;
};
