// Reads the `$ command` blocks of the fidelity recordings (../shared/fidelity/net/*.txt): the
// output a real Debian 12 printed and the `# exit status: N` line the recorder added.

export interface RecordedCommand {
  readonly output: string;
  readonly status: number;
}

/** The `nth` (0-based) block recorded for `command` in a recording file's text. */
export function recorded(text: string, command: string, nth = 0): RecordedCommand {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== `$ ${command}`) continue;
    if (seen++ < nth) continue;
    const out: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const m = /^# exit status: (\d+)$/.exec(lines[j]);
      if (m !== null) return { output: out.length === 0 ? '' : out.join('\n') + '\n', status: Number(m[1]) };
      out.push(lines[j]);
    }
  }
  throw new Error(`no recording of "$ ${command}"`);
}

/** Ping's run-dependent numbers: reply times, the elapsed time and the rtt line's values. */
export function normalizePing(s: string): string {
  return s
    .replace(/time=\d+(\.\d+)? ms/g, 'time=T ms')
    .replace(/time \d+ms/g, 'time Tms')
    .replace(/rtt min\/avg\/max\/mdev = [\d./]+ ms/g, 'rtt min/avg/max/mdev = R ms');
}

/**
 * The recordings' NICs were veth pairs in network namespaces; the simulated ones are plain
 * Ethernet NICs without IPv6. This turns the veth details into what such a NIC shows: no
 * `@ifN` and `link-netns X`, ifindex 2, `fq_codel` (Debian 12's default qdisc) instead of
 * veth's `noqueue`, `DOWN` for veth's `LOWERLAYERDOWN`, no inet6 lines or addresses.
 */
export function vethToNic(s: string): string {
  return s
    .replace(/^    inet6 .*\n {7}valid_lft.*\n/gm, '')
    .replace(/^ {8}inet6 .*\n/gm, '')
    .replace(/ ::1\/128| fe80::\S+\/64/g, '')
    .replace(/^\d+: eth0@if\d+:/gm, '2: eth0:')
    .replace(/^eth0@if\d+ {0,8}/gm, (m) => 'eth0'.padEnd(m.length))
    .replace(/ link-netns \S+/g, '')
    .replace(/(eth0: <[^>]*> mtu \d+ qdisc) noqueue/g, '$1 fq_codel')
    .replace(/LOWERLAYERDOWN/g, 'DOWN');
}

/** Interface counters, which depend on all the traffic the interface saw. */
export function normalizeCounters(s: string): string {
  return s.replace(/(RX|TX) packets \d+ {2}bytes \d+ \([\d.]+ \w+\)/g, '$1 packets N  bytes N (N)');
}
