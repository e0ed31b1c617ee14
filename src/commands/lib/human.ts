// Human-readable sizes as gnulib's human_readable() with human_ceiling and powers of 1024
// (ls -h, du -h, df -h, free -h): 495, 4.0K, 12K, 1.1M. One decimal below 10, rounded up.
const UNITS = ['', 'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

export function humanSize(bytes: number, base = 1024, suffix = ''): string {
  if (bytes < base) return String(bytes);
  let v = bytes;
  let e = 0;
  while (v >= base && e < UNITS.length - 1) {
    v /= base;
    e++;
  }
  if (v < 10) {
    const t = Math.ceil(v * 10 - 1e-9) / 10;
    if (t < 10) return t.toFixed(1) + UNITS[e] + suffix;
    v = t;
  }
  const n = Math.ceil(v - 1e-9);
  if (n >= base && e < UNITS.length - 1) return '1.0' + UNITS[e + 1] + suffix;
  return String(n) + UNITS[e] + suffix;
}
