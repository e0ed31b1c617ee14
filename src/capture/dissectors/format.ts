// Wireshark's ways of printing times (epan/to_str.c).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NS_PER_S = 1_000_000_000n;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `Nov 22, 2026 03:53:46.169942000 UTC` (the day padded with a space, as strftime %e). */
export function absoluteTime(ns: bigint): string {
  let sec = ns / NS_PER_S;
  let frac = ns % NS_PER_S;
  if (frac < 0n) {
    frac += NS_PER_S;
    sec -= 1n;
  }
  const d = new Date(Number(sec) * 1000);
  if (Number.isNaN(d.getTime())) return 'Not representable';
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return (
    `${MONTHS[d.getUTCMonth()]} ${day}, ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${frac.toString().padStart(9, '0')} UTC`
  );
}

/** Seconds with `digits` decimals, truncated like Wireshark's nstime_to_str: `1.030728`, `-0.5`. */
export function seconds(ns: bigint, digits = 9): string {
  const neg = ns < 0n;
  const abs = neg ? -ns : ns;
  const whole = abs / NS_PER_S;
  const frac = (abs % NS_PER_S).toString().padStart(9, '0').slice(0, digits);
  return `${neg ? '-' : ''}${whole}${digits > 0 ? '.' + frac : ''}`;
}

/** Epoch seconds `1795319626.169942000`. */
export function epochSeconds(ns: bigint): string {
  return seconds(ns, 9);
}
