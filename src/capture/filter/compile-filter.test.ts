import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { readCapture } from '../pcap-reader.ts';
import { dissectCapture } from '../dissect-capture.ts';
import { compileFilter } from './compile-filter.ts';
import type { FilterRow } from './compile-filter.ts';

const PCAP = '/work/shared/fidelity/pcap';

function load(capture: string): FilterRow[] {
  const frames = readCapture(new Uint8Array(readFileSync(`${PCAP}/${capture}.pcap`))).frames;
  return dissectCapture(frames).map((row, i) => ({ ...row, number: row.number, bytes: frames[i].bytes }));
}

const rows = new Map<string, FilterRow[]>();
/** The packets a filter selects; the lean pass (no trees, only the filter's fields) must agree. */
function selected(capture: string, filter: string): number[] {
  const c = compileFilter(filter);
  if (!c.ok) throw new Error(`${filter}: ${c.message}`);
  if (!rows.has(capture)) rows.set(capture, load(capture));
  const all = rows.get(capture) ?? [];
  const full = all.flatMap((r, i) => (c.filter(r) ? [i + 1] : []));
  const frames = readCapture(new Uint8Array(readFileSync(`${PCAP}/${capture}.pcap`))).frames;
  const lean = dissectCapture(frames, { tree: false, fields: c.fields }).flatMap((r, i) => (c.filter({ ...r, bytes: frames[i].bytes }) ? [i + 1] : []));
  expect(lean, `lean pass of ${filter}`).toEqual(full);
  return full;
}

/** A recorded `tshark -r X.pcap -Y FILTER` run: the filter and the packet numbers it printed. */
function recorded(path: string): { capture: string; filter: string; numbers: number[] } {
  const lines = readFileSync(`${PCAP}/${path}`, 'utf8').split('\n');
  const m = /^\$ tshark -r (\S+)\.pcap -Y (?:'(.*)'|(\S+))$/.exec(lines[0]);
  if (m === null) throw new Error(`unexpected recording ${path}`);
  const numbers = lines.flatMap((l) => {
    const n = /^\s+(\d+)\s+\d+\.\d+/.exec(l);
    return n === null ? [] : [Number(n[1])];
  });
  return { capture: m[1], filter: m[2] ?? m[3], numbers };
}

// Recordings whose protocols our dissectors already cover (smtp/dns/pop/imap presence waits
// for those dissectors: Y_smtp.txt, Y_dns.txt, Y_pop.txt, Y_imap.txt).
const RECORDINGS = [
  'smtp_local_lo/Y_syn.txt',
  'dns_local_lo/Y_syn.txt',
  'imap_local_lo/Y_syn.txt',
  'pop3_local_lo/Y_syn.txt',
  'popa3d_local_lo/Y_syn.txt',
  'ping_arp_eth0/Y_syn.txt',
  'ping_arp_eth0/Y_icmp.txt',
  // Application protocols, now that their dissectors exist.
  'smtp_local_lo/Y_smtp.txt',
  'dns_local_lo/Y_dns.txt',
  'pop3_local_lo/Y_pop.txt',
  'popa3d_local_lo/Y_pop.txt',
  'imap_local_lo/Y_imap.txt',
];

describe('display filters select the packets tshark selected', () => {
  for (const path of RECORDINGS) {
    const r = recorded(path);
    it(`${r.filter} on ${r.capture}`, () => expect(selected(r.capture, r.filter)).toEqual(r.numbers));
  }
});

const ALL_SMTP = Array.from({ length: 24 }, (_, i) => i + 1);

// Each expectation is what `tshark -r FILE -Y FILTER -T fields -e frame.number` (4.0.17) printed.
const CASES: readonly (readonly [string, string, number[]])[] = [
  ['smtp_local_lo', 'tcp.flags.syn == 1 and not tcp.flags.ack == 1', [1]],
  ['smtp_local_lo', 'tcp.flags.syn == 2', [1, 2]],
  ['smtp_local_lo', 'tcp.flags.syn == True', [1, 2]],
  ['smtp_local_lo', 'tcp.flags.syn == 0', ALL_SMTP.slice(2)],
  ['smtp_local_lo', 'tcp.flags.syn', ALL_SMTP],
  ['smtp_local_lo', 'tcp.len > 0 && tcp.srcport == 25', [4, 8, 10, 12, 14, 19, 21]],
  ['smtp_local_lo', 'not tcp.len > 0', [1, 2, 3, 5, 7, 16, 18, 22, 23, 24]],
  ['smtp_local_lo', '!(tcp.port == 25)', []],
  ['smtp_local_lo', 'tcp.port in {20..30}', ALL_SMTP],
  ['smtp_local_lo', 'tcp.port in {25, 110} and frame.number in {2..4}', [2, 3, 4]],
  ['smtp_local_lo', 'tcp.port any_eq 25', ALL_SMTP],
  ['smtp_local_lo', 'tcp.port === 25', []],
  ['smtp_local_lo', 'tcp.port !== 25', ALL_SMTP],
  ['smtp_local_lo', 'tcp.port ~= 25', ALL_SMTP],
  ['smtp_local_lo', 'tcp.port == 031', ALL_SMTP],
  ['smtp_local_lo', 'tcp.port == 0x19', ALL_SMTP],
  ['smtp_local_lo', 'tcp.port == -1', []],
  ['smtp_local_lo', 'tcp.port in {25..20}', []],
  ['smtp_local_lo', 'ip.ttl ge 64', ALL_SMTP],
  ['smtp_local_lo', 'ip.src > 1.2.3.4', ALL_SMTP],
  ['smtp_local_lo', 'ip.addr all_ne 192.168.0.1', ALL_SMTP],
  ['smtp_local_lo', 'frame.len < 70', [3, 5, 7, 16, 18, 22, 23, 24]],
  ['smtp_local_lo', 'tcp.flags == 0x012', [2]],
  ['smtp_local_lo', 'tcp.options.mss', [1, 2]],
  ['smtp_local_lo', 'tcp.options.mss == 1', []],
  ['smtp_local_lo', 'tcp.seq == 1 and tcp.ack == 1', [3, 4]],
  ['smtp_local_lo', 'frame contains "ehlo"', [6]],
  ['smtp_local_lo', 'frame contains "EHLO"', []],
  ['smtp_local_lo', 'frame contains 65:68:6c:6f', [6]],
  ['smtp_local_lo', 'frame matches "EHLO"', [6]],
  ['smtp_local_lo', 'frame matches "(?i)EHLO"', [6]],
  ['smtp_local_lo', 'frame.protocols ~ "TCP$"', [1, 2, 3, 5, 7, 16, 18, 22, 23, 24]],
  ['smtp_local_lo', 'frame.protocols matches "^eth:ethertype:ip:tcp$"', [1, 2, 3, 5, 7, 16, 18, 22, 23, 24]],
  ['smtp_local_lo', '(((tcp)))', ALL_SMTP],
  ['smtp_local_lo', 'not not tcp', ALL_SMTP],
  ['smtp_local_lo', 'tcp.srcport == tcp.dstport', []],
  ['smtp_local_lo', 'eth.addr == 00:00:00:00:00:00 or arp', ALL_SMTP],
  // tshark keeps a response's status and command as sent, but lower-cases a request's command.
  ['imap_local_lo', 'imap.response.status == "OK"', [8, 11, 14, 17, 20, 23, 26, 29, 32, 41]],
  ['imap_local_lo', 'imap.response.status == "ok"', []],
  ['imap_local_lo', 'imap.response.command == "Fetch"', [20, 23, 32]],
  ['imap_local_lo', 'imap.request.command == "fetch"', [18, 21, 30]],
  ['imap_local_lo', 'imap.request.command == "FETCH"', []],
  ['ping_arp_eth0', 'tcp.port != 25', []],
  ['ping_arp_eth0', 'ip.addr != 192.168.0.1', []],
  ['ping_arp_eth0', 'ip.addr ~= 192.168.0.1', [3, 4, 5, 6]],
  ['ping_arp_eth0', 'ip.addr == 192.168.0.0/24', [3, 4, 5, 6]],
  ['ping_arp_eth0', 'ip.src == 192.168.0.1/32', [4, 6]],
  ['ping_arp_eth0', 'eth.addr == ff:ff:ff:ff:ff:ff', [1]],
  ['ping_arp_eth0', 'eth.dst == ff-ff-ff-ff-ff-ff', [1]],
  ['ping_arp_eth0', 'eth.dst == ffff.ffff.ffff', [1]],
  ['ping_arp_eth0', 'eth.addr == 00:00:00:00:00:00', []],
  ['ping_arp_eth0', 'arp.opcode == 2', [2]],
  ['ping_arp_eth0', 'icmp.type == 8', [3, 5]],
];

describe('display filters agree with tshark 4.0 on our own filters', () => {
  for (const [capture, filter, numbers] of CASES) {
    it(`${filter} on ${capture}`, () => expect(selected(capture, filter)).toEqual(numbers));
  }
});

describe('display filter extensions beyond tshark 4.0 (deliberate differences)', () => {
  // tshark 4.0 rejects xor/^^ (added in Wireshark 4.2) and blank-separated sets (4.0 wants commas).
  it('xor keeps packets where exactly one side holds', () => {
    expect(selected('ping_arp_eth0', 'arp xor eth.dst == ff:ff:ff:ff:ff:ff')).toEqual([2]);
    expect(selected('ping_arp_eth0', 'icmp.type == 8 ^^ ip.src == 192.168.0.28')).toEqual([]);
  });
  it('a set may be written with blanks between its elements', () => {
    expect(selected('ping_arp_eth0', 'frame.number in {1 3..4}')).toEqual([1, 3, 4]);
  });
});

// Errors as tshark 4.0.17 prints them: message, then a caret line under [start, end).
const ERRORS: readonly (readonly [string, string, number, number])[] = [
  ['smtp.foo == 1', 'Left side of "==" expression must be a field or function, not smtp.foo.', 0, 8],
  ['tcp.port = 25', '"=" was unexpected in this context.', 9, 10],
  ['foo', 'foo is neither a field nor a protocol name.', 0, 3],
  ['  foo ', 'foo is neither a field nor a protocol name.', 2, 5],
  ['"abc"', '"abc" is neither a field nor a protocol name.', 0, 5],
  ['ip.src == "abc"', 'IPv4 address cannot be converted from a string ("abc").', 10, 15],
  ['tcp.port == abc', '"abc" is not a valid number.', 12, 15],
  ['ip.addr == 300.1.1.1', '"300.1.1.1" is not a valid hostname or IPv4 address.', 11, 20],
  ['tcp.port ==', 'Unexpected end of filter expression.', 11, 11],
  ['(tcp', 'Unexpected end of filter expression.', 4, 4],
  ['tcp)', '")" was unexpected in this context.', 3, 4],
  ['and', '"and" was unexpected in this context.', 0, 3],
  ['tcp.port contains 3', 'tcp.port (type=Unsigned integer (2 bytes)) cannot participate in contains comparison.', 0, 8],
  ['ip.src matches "x"', 'ip.src (type=IPv4 address) cannot participate in matches comparison.', 0, 6],
  ['tcp.port ~ "x"', 'tcp.port (type=Unsigned integer (2 bytes)) cannot participate in ~ comparison.', 0, 8],
  ['tcp.port == 70000', '"70000" too big for this field, maximum 65535.', 12, 17],
  ['ip.ttl == 300', '"300" too big for this field, maximum 255.', 10, 13],
  ['tcp.seq == 99999999999', '"99999999999" too big for this field, maximum 4294967295.', 11, 22],
  ['tcp.flags.syn == true', '"true" cannot be found among the possible values for tcp.flags.syn.', 17, 21],
  ['tcp.flags.syn == "1"', '"1" cannot be found among the possible values for tcp.flags.syn.', 17, 20],
  ['ip.addr == 1.2.3.4/33', 'Netmask bits in a CIDR IPv4 address should be <= 32, not 33', 11, 21],
  ['tcp.port == "25"', 'Unsigned integer (2 bytes) cannot be converted from a string ("25").', 12, 16],
  ['tcp.port == 1.5', '"1.5" is not a valid number.', 12, 15],
  ['tcp.port == 019', '"019" is not a valid number.', 12, 15],
  ['frame contains "x', 'The final quote was missing from a quoted string.', 17, 17],
  ['frame contains ehlo', '"ehlo" is not a valid byte string.', 15, 19],
  ['tcp.port in {}', '"}" was unexpected in this context.', 13, 14],
  ['tcp.port in {a..3}', '"a" is not a valid number.', 13, 14],
  ['ip.addr == 127.0.0.1 foo', '"foo" was unexpected in this context.', 21, 24],
  ['eth.addr == zz', '"zz" is not a valid Ethernet address.', 12, 14],
  ['eth.addr == 01:02:03', '"01:02:03" contains too few bytes to be a valid Ethernet address.', 12, 20],
  ['eth.addr == "ab"', 'Ethernet or other MAC address cannot be converted from a string ("ab").', 12, 16],
  ['frame.protocols == tcp', 'frame.protocols and tcp are not of compatible types.', 19, 22],
  ['tcp.port >= 25 < 3', 'Left side of "<" expression must be a field or function, not 25.', 12, 14],
  ['@', '"@" was unexpected in this context.', 0, 1],
  ['()', '")" was unexpected in this context.', 1, 2],
  ['!', 'Unexpected end of filter expression.', 1, 1],
];

describe('a bad display filter reports what tshark reports, and where', () => {
  for (const [filter, message, start, end] of ERRORS) {
    it(filter, () => expect(compileFilter(filter)).toEqual({ ok: false, message, start, end }));
  }
  // tshark prints no caret line for these; we point at the pattern.
  it('a bad regular expression reports PCRE2 wording', () => {
    expect(compileFilter('frame matches "(("')).toEqual({
      ok: false,
      message: 'Regex compilation error: missing closing parenthesis.',
      start: 14,
      end: 18,
    });
    expect(compileFilter('frame matches "*a"')).toMatchObject({
      message: 'Regex compilation error: quantifier does not follow a repeatable item.',
    });
    expect(compileFilter('frame matches "a{2,1}"')).toMatchObject({
      message: 'Regex compilation error: numbers out of order in {} quantifier.',
    });
  });
  it('an empty filter shows every packet', () => {
    expect(selected('ping_arp_eth0', '  ')).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('any text typed in the filter bar', () => {
  it('gives a result, never an exception (20,000 random strings)', () => {
    const alphabet = 'tcpudipaddrportethflags.syn=!<>~&|^(){}[],."\\/:-0123456789xabcf inotrandxorcontainsmatches ';
    const words = ['tcp', 'ip.addr', '==', '!=', 'and', 'or', 'in', '{', '}', '..', '"', 'contains', 'matches', '(', ')', '1', '0x1f', '10.0.0.1/8', 'ff:ff'];
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const sample = rows.get('smtp_local_lo') ?? load('smtp_local_lo');
    let compiled = 0;
    for (let k = 0; k < 20000; k++) {
      let text = '';
      const len = next(24);
      for (let i = 0; i < len; i++) text += next(3) === 0 ? words[next(words.length)] + ' ' : alphabet[next(alphabet.length)];
      const r = compileFilter(text);
      if (r.ok) {
        compiled++;
        for (const row of sample.slice(0, 4)) r.filter(row);
      } else {
        expect(r.start).toBeLessThanOrEqual(r.end);
        expect(r.end).toBeLessThanOrEqual(text.length);
      }
    }
    expect(compiled).toBeGreaterThan(0);
  });
});

describe('application fields are known before any packet is dissected', () => {
  it('compiles the fields the TP handouts use', () => {
    for (const f of ['smtp.req.command == "MAIL"', 'smtp.response.code == 250', 'pop.request.command == "RETR"', 'imap.request.command == "LOGIN"', 'dns.qry.name == "s54.tp541.iut"', 'dns.a == 10.254.54.1', 'dhcp.option.dhcp == 5', 'tcp.analysis.retransmission', 'imf.subject contains "Test"']) {
      expect(compileFilter(f).ok, f).toBe(true);
    }
  });
});
