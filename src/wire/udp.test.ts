import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pseudoHeaderSum, onesComplementSum } from './checksum.ts';
import { hex } from './testing/hex.ts';
import { completePartialChecksum, readPcap } from './testing/pcap-fixture.ts';
import { emitUdp, emitUdpInto, parseUdp, udpHeaderLength, type UdpDatagram } from './udp.ts';

const dns = readPcap(new Uint8Array(readFileSync(new URL('../../../shared/fidelity/pcap/dns_local_lo.pcap', import.meta.url))));
const LOCALHOST = 0x7f000001;
const CLIENT = 0xc0a8001c; // 192.168.0.28
const SERVER = 0xc0a80001; // 192.168.0.1

// dns_local_lo frame 1 from byte 34: dig's query "A smtp128.mail128.com" with an OPT record,
// 127.0.0.1:57971 -> 127.0.0.1:53. The capture holds the loopback partial checksum 0xfe57; the
// full checksum 0xe8f3 was computed independently.
const DNS_QUERY = hex(`
  e2 73 00 35 00 44 e8 f3 31 b0 01 20 00 01
  00 00 00 00 00 01 07 73 6d 74 70 31 32 38 07 6d
  61 69 6c 31 32 38 03 63 6f 6d 00 00 01 00 01 00
  00 29 04 d0 00 00 00 00 00 0c 00 0a 00 08 b1 4a
  83 cb 95 cc 9f 99`);
// Hand-built: "hi" from 192.168.0.28:40000 to 192.168.0.1:9 (discard).
const HI = hex('9c 40 00 09 00 0a 79 b9 68 69');

function parsed(bytes: Uint8Array, src: number, dst: number, offset = 0): UdpDatagram {
  const r = parseUdp(bytes, offset, src, dst);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
}

describe('UDP (RFC 768)', () => {
  it('golden bytes are the real DNS query, with the checksum a wire would carry', () => {
    const captured = dns.frames[0];
    expect(captured.subarray(34, 40)).toEqual(DNS_QUERY.subarray(0, 6));
    expect(captured.subarray(42)).toEqual(DNS_QUERY.subarray(8));
    // Linux leaves the folded pseudo-header sum in the field of loopback packets (CHECKSUM_PARTIAL).
    expect((captured[40] << 8) | captured[41]).toBe(onesComplementSum(captured, 0, 0, pseudoHeaderSum(LOCALHOST, LOCALHOST, 17, 68)));
    expect(completePartialChecksum(captured, 34, 40, true).subarray(34)).toEqual(DNS_QUERY);
  });

  it('parses the real DNS query', () => {
    const d = parsed(DNS_QUERY, LOCALHOST, LOCALHOST);
    expect(d.srcPort).toBe(57971);
    expect(d.dstPort).toBe(53);
    expect(d.payload).toEqual(DNS_QUERY.subarray(8));
    expect(d.payload.buffer).toBe(DNS_QUERY.buffer);
  });

  it('emits constructed datagrams to the golden bytes', () => {
    expect(emitUdp({ srcPort: 57971, dstPort: 53, payload: DNS_QUERY.slice(8) }, LOCALHOST, LOCALHOST)).toEqual(DNS_QUERY);
    expect(emitUdp({ srcPort: 40000, dstPort: 9, payload: hex('68 69') }, CLIENT, SERVER)).toEqual(HI);
    expect(emitUdp(parsed(HI, CLIENT, SERVER), CLIENT, SERVER)).toEqual(HI);
  });

  it('covers the addresses with the checksum: the same bytes between other hosts fail', () => {
    expect(parseUdp(HI, 0, CLIENT, SERVER + 1)).toMatchObject({ ok: false, error: { kind: 'bad-checksum', offset: 6 } });
    expect(parseUdp(HI, 0, CLIENT, SERVER + 1, { verifyChecksum: false }).ok).toBe(true);
  });

  it('accepts a zero checksum as "none computed"', () => {
    const none = HI.slice();
    none[6] = 0;
    none[7] = 0;
    expect(parsed(none, CLIENT, SERVER).payload).toEqual(hex('68 69'));
  });

  it('sends a computed zero checksum as 0xffff', () => {
    // This payload makes the one's complement sum 0xffff, so the checksum computes to zero.
    const bytes = emitUdp({ srcPort: 40000, dstPort: 9, payload: hex('e2 22') }, CLIENT, SERVER);
    expect(bytes.subarray(6, 8)).toEqual(hex('ff ff'));
    expect(parsed(bytes, CLIENT, SERVER).payload).toEqual(hex('e2 22'));
  });

  it('requires the length field to match the bytes received', () => {
    expect(parseUdp(HI.subarray(0, 7), 0, CLIENT, SERVER)).toMatchObject({ ok: false, error: { kind: 'truncated' } });
    expect(parseUdp(HI.subarray(0, 9), 0, CLIENT, SERVER)).toMatchObject({ ok: false, error: { kind: 'truncated', offset: 4 } });
    const padded = new Uint8Array(11);
    padded.set(HI);
    expect(parseUdp(padded, 0, CLIENT, SERVER)).toMatchObject({ ok: false, error: { kind: 'bad-length', offset: 4 } });
    const tooSmall = HI.slice();
    tooSmall[5] = 7;
    expect(parseUdp(tooSmall, 0, CLIENT, SERVER, { verifyChecksum: false })).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
  });

  it('parses at an offset inside the frame', () => {
    const frame = completePartialChecksum(dns.frames[0], 34, 40, true);
    expect(parsed(frame, LOCALHOST, LOCALHOST, 34).dstPort).toBe(53);
  });

  it('writes into a caller buffer without copying a payload already in place', () => {
    const buf = new Uint8Array(42 + 2);
    buf.set(hex('68 69'), 42);
    expect(emitUdpInto({ srcPort: 40000, dstPort: 9, payload: buf.subarray(42) }, buf, 34, CLIENT, SERVER)).toBe(10);
    expect(buf.subarray(34)).toEqual(HI);
    expect(udpHeaderLength()).toBe(8);
  });
});
