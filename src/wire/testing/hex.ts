// Test helper: bytes from a hex dump as printed by `tshark -x` (offsets and ASCII column removed),
// so golden frames in tests can be pasted and checked by eye. Not used outside tests.

export function hex(dump: string): Uint8Array {
  const digits = dump.replace(/[^0-9a-fA-F]/g, '');
  if (digits.length % 2 !== 0) throw new Error(`odd number of hex digits in ${JSON.stringify(dump)}`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return out;
}
