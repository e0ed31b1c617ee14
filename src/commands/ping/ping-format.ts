// What iputils ping prints besides the reply lines: its usage, the ICMP error texts of pr_icmph,
// and the number formats of gather_statistics/finish.

/** usage() of iputils 20221126 (on stderr, exit status 2). */
export const PING_USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
`;

const UNREACH: readonly string[] = [
  'Destination Net Unreachable',
  'Destination Host Unreachable',
  'Destination Protocol Unreachable',
  'Destination Port Unreachable',
  '', // 4: frag needed, with the MTU
  'Source Route Failed',
  'Destination Net Unknown',
  'Destination Host Unknown',
  'Source Host Isolated',
  'Destination Net Prohibited',
  'Destination Host Prohibited',
  'Destination Net Unreachable for Type of Service',
  'Destination Host Unreachable for Type of Service',
  'Packet filtered',
  'Precedence Violation',
  'Precedence Cutoff',
];

/** pr_icmph for the errors ping reports; `rest` is the 32-bit word after the checksum. */
export function icmpErrorText(type: number, code: number, rest: number): string {
  if (type === 3) {
    if (code === 4) return `Frag needed and DF set (mtu = ${rest & 0xffff})`;
    return code < UNREACH.length ? UNREACH[code] : `Dest Unreachable, Bad Code: ${code}`;
  }
  if (type === 11) {
    if (code === 0) return 'Time to live exceeded';
    if (code === 1) return 'Frag reassembly time exceeded';
    return `Time exceeded, Bad Code: ${code}`;
  }
  if (type === 12) return `Parameter problem: pointer = ${rest >>> 24}`;
  return `Bad ICMP type: ${type}`;
}

/** The reply time of gather_statistics from microseconds: 3, 2, 1 or no decimals as it grows. */
export function formatRtt(us: number): string {
  if (us >= 100000 - 50) return String(Math.floor((us + 500) / 1000));
  if (us >= 10000 - 5) {
    const v = us + 50;
    return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 100)}`;
  }
  if (us >= 1000) {
    const v = us + 5;
    return `${Math.floor(v / 1000)}.${String(Math.floor((v % 1000) / 10)).padStart(2, '0')}`;
  }
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

/** printf("%g") of the loss percentage, computed in single precision as iputils does. */
export function formatLoss(transmitted: number, received: number): string {
  const v = Math.fround(((transmitted - received) * 100.0) / transmitted);
  if (v === 0) return '0';
  const s = v.toPrecision(6);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
