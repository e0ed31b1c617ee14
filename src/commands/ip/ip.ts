// ip of iproute2 6.1 (Debian 12): global options, then the object (address, link, route, neigh,
// abbreviated as iproute2 allows: `ip a`, `ip r`, `ip n`, `ip l`) and its command. Messages are
// those of a Debian 12 (Linux 6.1) kernel: `RTNETLINK answers: File exists` where the 6.18
// kernel of the recordings says `Error: ipv4: Address already assigned.`.
import type { Program } from '../../os/program.ts';
import { ipAddress } from './ip-address.ts';
import { IpCtx, matches, type IpOptions } from './ip-common.ts';
import { ipLink } from './ip-link.ts';
import { ipNeigh } from './ip-neigh.ts';
import { ipRoute } from './ip-route.ts';
import { IP_USAGE } from './ip-usage.ts';

type Handler = (ctx: IpCtx, args: readonly string[]) => number;

/** iproute2's cmds[] in order: the first object the word abbreviates wins. */
const OBJECTS: ReadonlyArray<[string, Handler | null]> = [
  ['address', ipAddress],
  ['addrlabel', null],
  ['maddress', null],
  ['route', ipRoute],
  ['rule', ipRule],
  ['neighbor', ipNeigh],
  ['neighbour', ipNeigh],
  ['ntable', null],
  ['ntbl', null],
  ['link', ipLink],
  ['l2tp', null],
  ['fou', null],
  ['ila', null],
  ['macsec', null],
  ['tunnel', null],
  ['tunl', null],
  ['tuntap', null],
  ['tap', null],
  ['token', null],
  ['tcpmetrics', null],
  ['monitor', null],
  ['xfrm', null],
  ['mroute', null],
  ['mrule', null],
  ['netns', null],
  ['netconf', null],
  ['vrf', null],
  ['sr', null],
  ['nexthop', null],
  ['mptcp', null],
  ['ioam', null],
  ['help', null],
];

/** The policy routing rules of a default Linux: only the three standard tables. */
function ipRule(ctx: IpCtx, args: readonly string[]): number {
  if (args.length > 0 && !matches(args[0], 'show') && !matches(args[0], 'list')) {
    return ctx.needRoot() ?? ctx.rtnl('EOPNOTSUPP');
  }
  if (!ctx.opts.inet6) ctx.out('0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n');
  return 0;
}

export const ip: Program = async (proc) => {
  const args = proc.argv.slice(1);
  const opts: IpOptions = { inet: false, inet6: false, brief: false, oneline: false, stats: false, details: false };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const o = a.replace(/^--?/, '');
    if (o === '4') opts.inet = true;
    else if (o === '6') opts.inet6 = true;
    else if (o === '0' || o === 'B' || o === 'M') opts.inet6 = true; // families the stack does not have
    else if (matches(o, 'family')) {
      const f = args[++i];
      if (f === undefined) {
        proc.stderr.write('Command line is not complete. Try option "help"\n');
        return 255;
      }
      if (f === 'inet') opts.inet = true;
      else if (f !== 'link') opts.inet6 = true;
    } else if (o.length >= 2 && matches(o, 'brief')) opts.brief = true;
    else if (matches(o, 'oneline')) opts.oneline = true;
    else if (matches(o, 'statistics') || matches(o, 'stats')) opts.stats = true;
    else if (matches(o, 'details')) opts.details = true;
    else if (matches(o, 'Version')) {
      proc.stdout.write('ip utility, iproute2-6.1.0, libbpf 1.1.2\n');
      return 0;
    } else if (matches(o, 'help')) {
      proc.stderr.write(IP_USAGE);
      return 255;
    } else if (['resolve', 'human-readable', 'human', 'iec', 'numeric', 'all', 'timestamp', 'tshort', 'color', 'pretty'].some((k) => matches(o, k) || o.startsWith('color='))) {
      // display niceties without effect on this output
    } else if (matches(o, 'netns') || matches(o, 'rcvbuf') || matches(o, 'loops')) {
      i++;
    } else {
      proc.stderr.write(`Option "${a}" is unknown, try "ip -help".\n`);
      return 255;
    }
  }
  const rest = args.slice(i);
  if (rest.length === 0) {
    proc.stderr.write(IP_USAGE);
    return 255;
  }
  const [object, ...cmdArgs] = rest;
  const found = OBJECTS.find(([name]) => matches(object, name));
  if (found === undefined) {
    proc.stderr.write(`Object "${object}" is unknown, try "ip help".\n`);
    return 1;
  }
  const [name, handler] = found;
  if (name === 'help') {
    proc.stderr.write(IP_USAGE);
    return 255;
  }
  if (handler === null) {
    proc.stderr.write(`Object "${object}" is not supported here, try "ip help".\n`);
    return 1;
  }
  return handler(new IpCtx(proc, opts), cmdArgs);
};
