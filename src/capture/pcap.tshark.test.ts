// Real tshark and capinfos must read our exports: every frame, at the right nanosecond, on the
// right interface. CI installs Wireshark's tools (.ci/run), so there a missing tshark fails the
// test; on a developer machine without it these tests are not run.
import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePcap } from './pcap.ts';
import { writePcapng } from './pcapng.ts';
import { absoluteTimeNs, epochNsFromMillis, LINKTYPE_ETHERNET, type CapturedFrame } from './record.ts';

function which(tool: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const TSHARK = which('tshark');
const CAPINFOS = which('capinfos');
const IN_CI = Boolean(process.env.CI);

function run(tool: string, args: string[]): string {
  if (tool === '') throw new Error('tshark/capinfos missing: CI must install the tshark package (see .ci/run)');
  // stderr piped away: tshark warns about running as root; a non-zero exit still throws.
  // TZ=UTC: capinfos prints dates in local time.
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
}

const mac = (s: string): number[] => s.split(':').map((h) => parseInt(h, 16));
const ip = (s: string): number[] => s.split('.').map(Number);

/** An ARP request or reply (RFC 826) in a 60-byte Ethernet II frame, built byte by byte. */
function arp(op: 1 | 2, dst: string, src: string, spa: string, tha: string, tpa: string): Uint8Array {
  return Uint8Array.from([
    ...mac(dst), ...mac(src), 0x08, 0x06,
    0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, op, // Ethernet/IPv4, opcode
    ...mac(src), ...ip(spa), ...mac(tha), ...ip(tpa),
    ...new Array(18).fill(0), // padding to the 60-byte minimum
  ]);
}

/** A full-size frame of the IEEE local experimental ethertype 0x88b5 (tshark shows it as data). */
function experimental(src: string, len: number): Uint8Array {
  const f = new Uint8Array(len);
  f.set([...mac('ff:ff:ff:ff:ff:ff'), ...mac(src), 0x88, 0xb5]);
  for (let i = 14; i < len; i++) f[i] = i & 0xff;
  return f;
}

const frames: CapturedFrame[] = [
  { time: 0, host: 'CLIENT', iface: 'eth0', linktype: LINKTYPE_ETHERNET,
    bytes: arp(1, 'ff:ff:ff:ff:ff:ff', '02:00:00:00:00:1c', '192.168.0.28', '00:00:00:00:00:00', '192.168.0.1') },
  { time: 48_123, host: 'ROUTEUR', iface: 'eth1', linktype: LINKTYPE_ETHERNET,
    bytes: arp(2, '02:00:00:00:00:1c', '02:00:00:00:00:01', '192.168.0.1', '02:00:00:00:00:1c', '192.168.0.28') },
  { time: 2_000_000_007, host: 'CLIENT', iface: 'eth0', linktype: LINKTYPE_ETHERNET,
    bytes: experimental('02:00:00:00:00:1c', 1514) },
];

// The scenario's start: 2026-11-05 08:30:00.250 UTC.
const EPOCH = epochNsFromMillis(Date.UTC(2026, 10, 5, 8, 30, 0, 250));

/** What tshark prints in frame.time_epoch: seconds, then 9 digits (microsecond files end in 000). */
function epochText(time: number, nanosecond = true): string {
  const abs = absoluteTimeNs(EPOCH, time);
  const frac = nanosecond ? abs % 1_000_000_000n : ((abs % 1_000_000_000n) / 1000n) * 1000n;
  return `${abs / 1_000_000_000n}.${String(frac).padStart(9, '0')}`;
}

const dir = mkdtempSync(join(tmpdir(), 'netsim-capture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, r: ReturnType<typeof writePcap>): string {
  if (!r.ok) throw new Error(r.error.message);
  const file = join(dir, name);
  writeFileSync(file, r.value);
  return file;
}

function fields(file: string): string[][] {
  const out = run(TSHARK, ['-r', file, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch',
    '-e', 'frame.interface_name', '-e', 'eth.src', '-e', 'frame.len', '-e', 'frame.cap_len']);
  return out.trimEnd().split('\n').map((line) => line.split('\t'));
}

/** tshark's full dissection must hold no malformed packet or error-level expert item. */
function expectCleanDissection(file: string): void {
  const verbose = run(TSHARK, ['-r', file, '-V']);
  expect(verbose).not.toMatch(/Malformed|\[Expert Info \(Error/);
  expect(verbose).toContain('Address Resolution Protocol (request)');
  expect(verbose).toContain('Address Resolution Protocol (reply)');
}

describe.runIf(TSHARK !== '' || IN_CI)('exports read back by real tshark', () => {
  it('pcapng: every frame, its nanosecond timestamp and its HOST:IFACE name', () => {
    const file = save('lab.pcapng', writePcapng(frames, { epochNs: EPOCH }));
    expect(fields(file)).toEqual([
      ['1', epochText(0), 'CLIENT:eth0', '02:00:00:00:00:1c', '60', '60'],
      ['2', epochText(48_123), 'ROUTEUR:eth1', '02:00:00:00:00:01', '60', '60'],
      ['3', epochText(2_000_000_007), 'CLIENT:eth0', '02:00:00:00:00:1c', '1514', '1514'],
    ]);
    expect(epochText(48_123)).toBe('1793867400.250048123');
    expectCleanDissection(file);
  });

  it('pcap (nanosecond): every frame at its nanosecond timestamp', () => {
    const file = save('lab.pcap', writePcap(frames, { epochNs: EPOCH }));
    expect(fields(file)).toEqual([
      ['1', epochText(0), '', '02:00:00:00:00:1c', '60', '60'],
      ['2', epochText(48_123), '', '02:00:00:00:00:01', '60', '60'],
      ['3', epochText(2_000_000_007), '', '02:00:00:00:00:1c', '1514', '1514'],
    ]);
    expectCleanDissection(file);
  });

  it('pcap (microsecond, cut at 128 bytes): truncated times and the original lengths kept', () => {
    const file = save('lab-us.pcap', writePcap(frames, { epochNs: EPOCH, nanosecond: false, snaplen: 128 }));
    expect(fields(file).map((f) => [f[1], f[4], f[5]])).toEqual([
      [epochText(0, false), '60', '60'],
      [epochText(48_123, false), '60', '60'],
      [epochText(2_000_000_007, false), '1514', '128'],
    ]);
  });

  it('capinfos sees the packet count, nanosecond precision, interfaces and application', () => {
    const ng = run(CAPINFOS, [save('info.pcapng', writePcapng(frames, { epochNs: EPOCH }))]);
    expect(ng).toMatch(/File type:\s+Wireshark\/... - pcapng/);
    expect(ng).toMatch(/Number of packets:\s+3\b/);
    expect(ng).toMatch(/File timestamp precision:\s+nanoseconds \(9\)/);
    expect(ng).toMatch(/Capture application:\s+netsim/);
    expect(ng).toMatch(/Number of interfaces in file:\s+2/);
    expect(ng).toMatch(/Name = CLIENT:eth0/);
    expect(ng).toMatch(/Name = ROUTEUR:eth1/);
    expect(ng).toMatch(/Strict time order:\s+True/);
    expect(ng).toMatch(/First packet time:\s+2026-11-05 08:30:00\.250000000/);

    const classic = run(CAPINFOS, [save('info.pcap', writePcap(frames, { epochNs: EPOCH }))]);
    expect(classic).toMatch(/File type:\s+Wireshark\/tcpdump\/... - nanosecond pcap/);
    expect(classic).toMatch(/Number of packets:\s+3\b/);
    expect(classic).toMatch(/File encapsulation:\s+Ethernet/);
  });
});
