// The lean pass (no trees, labels skipped) against the full pass on the benchmark's mixed
// capture: SMTP, POP, IMAP, DNS, DHCP and ARP sessions, every column and every filter answer.
import { describe, expect, it } from 'vitest';
import { dissectCapture } from '../../src/capture/dissect-capture.ts';
import { compileFilter } from '../../src/capture/filter/compile-filter.ts';
import { PacketList } from '../../src/capture/packet-list.ts';
import { writePcap } from '../../src/capture/pcap.ts';
import { readCapture } from '../../src/capture/pcap-reader.ts';
import { mixedCapture } from '../bench/capture.ts';

function frames() {
  const written = writePcap(mixedCapture(5000));
  if (!written.ok) throw new Error(written.error.message);
  return readCapture(written.value).frames;
}

const FILTERS = [
  'smtp and ip.addr == 172.20.128.1',
  'tcp.port == 110',
  'pop',
  'imap',
  'dns.qry.name contains "host7"',
  'dhcp',
  'arp',
  'tcp.flags.syn == 1 and tcp.flags.ack == 0',
  'tcp.analysis.bytes_in_flight > 10',
  'tcp.stream == 7',
  'udp.stream == 3',
  'ip.src == 172.20.0.25 and tcp.len > 0',
  'eth.addr == 02:00:00:00:00:fe',
  'frame.len > 100',
  'smtp.req.command == "MAIL"',
  'smtp.response.code == 250',
  'imf',
  'ip.ttl == 64 && !tcp',
  'tcp.time_relative',
  'frame contains "Bonjour"',
  '_ws.expert',
  'tcp.analysis.flags || tcp.analysis.acks_frame > 100',
  'dns.flags.response == 1 and dns.a',
  'dhcp.option.type == 53 and dhcp.id > 4',
  'ip.flags.df == 1 and ip.len > 100',
  'ip.checksum.status == 2 && ip.dsfield.dscp == 0',
  'udp.length > 50',
  'eth.type == 0x0806',
  'frame.protocols contains "imf"',
  'pop.request.command == "USER"',
  'imap.request contains "LOGIN"',
];

describe('the lean pass on the mixed capture', () => {
  const input = frames();
  const full = dissectCapture(input);

  it('gives every packet the columns of the full pass', () => {
    const lean = dissectCapture(input, { tree: false });
    expect(lean.length).toBe(5000);
    expect(lean.map(({ tree: _tree, ...columns }) => columns)).toEqual(full.map(({ tree: _tree, ...columns }) => columns));
  });

  it('keeps the same columns in the packet list, summarized alone or by a filter pass', () => {
    const digits = input[0].tsDigits ?? 6;
    const alone = new PacketList(digits);
    const filtered = new PacketList(digits);
    for (const f of input) {
      alone.append(f);
      filtered.append(f);
    }
    const compiled = compileFilter('tcp');
    if (!compiled.ok) throw new Error(compiled.message);
    filtered.select(compiled);
    for (let i = 0; i < input.length; i++) {
      const { tree: _t, fields: _f, ...want } = full[i];
      const { tree: _t1, ...a } = alone.row(i);
      const { tree: _t2, ...b } = filtered.row(i);
      expect(a, `packet ${i + 1}`).toEqual(want);
      expect(b, `packet ${i + 1}`).toEqual(want);
    }
  });

  it('reads a pcap file straight into the list as frame by frame', () => {
    const written = writePcap(mixedCapture(5000));
    if (!written.ok) throw new Error(written.error.message);
    const direct = new PacketList(9);
    expect(direct.appendCapture(written.value)).toBeUndefined();
    const cut = new PacketList(9);
    expect(cut.appendCapture(written.value.subarray(0, written.value.length - 10))).toMatch(/cut short in the middle of packet 5000/);
    expect(cut.length).toBe(4999);
    const one = new PacketList(9);
    for (const f of input) one.append(f);
    expect(direct.length).toBe(one.length);
    for (const i of [0, 1, 2, 777, 4999]) {
      expect(direct.row(i)).toEqual(one.row(i));
      expect(direct.frame(i)).toEqual(one.frame(i));
    }
  });

  it.each(FILTERS)('selects with %s what the full pass selects', (text) => {
    const compiled = compileFilter(text);
    if (!compiled.ok) throw new Error(compiled.message);
    const list = new PacketList();
    for (const f of input) list.append(f);
    const expected = full.flatMap((row, i) => (compiled.filter({ ...row, bytes: input[i].bytes }) ? [i] : []));
    expect(expected.length).toBeGreaterThan(0); // every filter here selects something
    expect(list.select(compiled)).toEqual(expected);
  });
});
