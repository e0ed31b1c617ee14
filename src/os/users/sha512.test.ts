import { describe, it, expect } from 'vitest';
import { Sha512, sha512 } from './sha512.ts';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const ascii = (s: string) => new TextEncoder().encode(s);

// FIPS 180-4 examples (csrc.nist.gov SHA512.pdf) and the one-million-'a' style long message.
describe('sha512', () => {
  it('hashes "abc" (one block)', () => {
    expect(hex(sha512(ascii('abc')))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });

  it('hashes the empty message', () => {
    expect(hex(sha512(new Uint8Array(0)))).toBe(
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    );
  });

  it('hashes the 112-byte two-block example', () => {
    const msg = 'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';
    expect(hex(sha512(ascii(msg)))).toBe(
      '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909',
    );
  });

  it('gives the same digest however the input is split into updates', () => {
    const data = ascii('a'.repeat(1000));
    const expected = '67ba5535a46e3f86dbfbed8cbbaf0125c76ed549ff8b0b9e03e0c88cf90fa634fa7b12b47d77b694de488ace8d9a65967dc96df599727d3292a8d9d447709c97';
    expect(hex(sha512(data))).toBe(expected);
    const h = new Sha512();
    for (let i = 0; i < 1000; i += 7) h.update(data.subarray(i, Math.min(1000, i + 7)));
    expect(hex(h.digest())).toBe(expected);
  });
});
