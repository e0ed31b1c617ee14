import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DNS_CLASS_CH,
  DNS_CLASS_IN,
  DNS_RCODE_NXDOMAIN,
  DNS_TYPE_A,
  DNS_TYPE_AAAA,
  DNS_TYPE_ANY,
  DNS_TYPE_AXFR,
  DNS_TYPE_IXFR,
  DNS_TYPE_MX,
  DNS_TYPE_NS,
  DNS_TYPE_SOA,
  DNS_TYPE_SRV,
  DNS_TYPE_TXT,
  EDNS_OPTION_COOKIE,
  dnsNameLabels,
  emitDns,
  parseDns,
  type DnsMessage,
  type DnsRecord,
} from './dns.ts';
import { hex } from './testing/hex.ts';
import { readPcap } from './testing/pcap-fixture.ts';

// dns_local_lo: dig against BIND 9.18 named on Debian 12, over loopback; 12 UDP messages, the
// DNS payload at byte 42 of each frame (14 Ethernet + 20 IPv4 + 8 UDP).
const capture = readPcap(new Uint8Array(readFileSync(new URL('../../../shared/fidelity/pcap/dns_local_lo.pcap', import.meta.url))));
const messages = capture.frames.map((f) => f.subarray(42));

function parsed(bytes: Uint8Array): DnsMessage {
  const r = parseDns(bytes);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.value;
}

const HEADER = { opcode: 0, tc: false, z: false, cd: false };
const QUERY = { ...HEADER, qr: false, aa: false, rd: true, ra: false, ad: true, rcode: 0 };
const ANSWER = { ...HEADER, qr: true, aa: true, rd: true, ra: true, ad: false, rcode: 0 };
const EDNS = { udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, z: 0 };
const SMTP128 = 0xc0a80001; // 192.168.0.1

describe('DNS messages (RFC 1035 §4)', () => {
  it('parses every message of the real BIND capture and re-emits it byte for byte', () => {
    expect(messages).toHaveLength(12);
    for (const m of messages) expect(emitDns(parsed(m))).toEqual(m);
  });

  it("emits dig's query (frame 1) from its fields: RD and AD set, EDNS0 with a client cookie", () => {
    const query: DnsMessage = {
      id: 0x31b0,
      ...QUERY,
      questions: [{ name: 'smtp128.mail128.com.', type: DNS_TYPE_A, class: DNS_CLASS_IN }],
      answers: [],
      authority: [],
      additional: [],
      edns: { ...EDNS, options: [{ code: EDNS_OPTION_COOKIE, data: hex('b1 4a 83 cb 95 cc 9f 99') }] },
    };
    expect(emitDns(query)).toEqual(messages[0]);
    expect(parsed(messages[0])).toEqual(query);
  });

  it("emits named's answer (frame 2) with the owner compressed to the question (0xc00c)", () => {
    const answer: DnsMessage = {
      id: 0x31b0,
      ...ANSWER,
      questions: [{ name: 'smtp128.mail128.com.', type: DNS_TYPE_A, class: DNS_CLASS_IN }],
      answers: [
        { name: 'smtp128.mail128.com.', type: DNS_TYPE_A, class: DNS_CLASS_IN, ttl: 604800, data: { kind: 'A', address: SMTP128 } },
      ],
      authority: [],
      additional: [],
      edns: {
        ...EDNS,
        options: [{ code: EDNS_OPTION_COOKIE, data: hex('b14a83cb95cc9f99 010000006b0266e25c60abaa303022f2') }],
      },
    };
    const bytes = emitDns(answer);
    expect(bytes).toEqual(messages[1]);
    expect(bytes.subarray(37, 39)).toEqual(hex('c0 0c'));
  });

  it('reads MX with its glue, NS, SOA, NXDOMAIN with the SOA in authority, and PTR with case kept', () => {
    const mx = parsed(messages[3]);
    expect(mx.answers[0].data).toEqual({ kind: 'MX', preference: 10, exchange: 'smtp128.mail128.com.' });
    expect(mx.additional).toEqual([
      { name: 'smtp128.mail128.com.', type: DNS_TYPE_A, class: DNS_CLASS_IN, ttl: 604800, data: { kind: 'A', address: SMTP128 } },
    ]);
    expect(parsed(messages[5]).answers[0].data).toEqual({ kind: 'NS', target: 'ns128.mail128.com.' });
    const soa = {
      kind: 'SOA',
      mname: 'ns128.mail128.com.',
      rname: 'root.mail128.com.',
      serial: 2,
      refresh: 604800,
      retry: 86400,
      expire: 2419200,
      minimum: 604800,
    };
    expect(parsed(messages[7]).answers[0].data).toEqual(soa);
    const nx = parsed(messages[9]);
    expect(nx.rcode).toBe(DNS_RCODE_NXDOMAIN);
    expect(nx.answers).toEqual([]);
    expect(nx.authority[0]).toMatchObject({ name: 'mail128.com.', type: DNS_TYPE_SOA, data: soa });
    const ptr = parsed(messages[11]);
    expect(ptr.questions[0].name).toBe('1.54.254.10.in-addr.arpa.');
    expect(ptr.answers[0].data).toEqual({ kind: 'PTR', target: 'S54.etudiant541.iut.' });
  });

  it('round-trips the zone transfer of seed 002 (AXFR over TCP: SOA, NS, A, SOA), compressing inside SOA and NS', () => {
    const soa: DnsRecord = {
      name: 'etudiant541.iut.',
      type: DNS_TYPE_SOA,
      class: DNS_CLASS_IN,
      ttl: 604800,
      data: {
        kind: 'SOA',
        mname: 'etudiant541.iut.',
        rname: 'etudiant541.iut.',
        serial: 2,
        refresh: 604800,
        retry: 86400,
        expire: 2419200,
        minimum: 604800,
      },
    };
    const xfr: DnsMessage = {
      id: 0x1234,
      ...ANSWER,
      rd: false,
      ra: false,
      questions: [{ name: 'etudiant541.iut.', type: DNS_TYPE_AXFR, class: DNS_CLASS_IN }],
      answers: [
        soa,
        { name: 'etudiant541.iut.', type: DNS_TYPE_NS, class: DNS_CLASS_IN, ttl: 604800, data: { kind: 'NS', target: 'S54.etudiant541.iut.' } },
        { name: 'S54.etudiant541.iut.', type: DNS_TYPE_A, class: DNS_CLASS_IN, ttl: 604800, data: { kind: 'A', address: 0x0afe3601 } },
        soa,
      ],
      authority: [],
      additional: [],
    };
    const bytes = emitDns(xfr);
    expect(parsed(bytes)).toEqual(xfr);
    // Question name written once (12 + 17 + 4 = 33); every later owner and SOA name is a
    // pointer to offset 12; the NS target is "S54" plus a pointer; its A owner points to it.
    expect(bytes.subarray(12, 29)).toEqual(hex('0b 6574756469616e74353431 03 697574 00'));
    expect(bytes.subarray(33, 35)).toEqual(hex('c0 0c'));
    expect(bytes.subarray(45, 49)).toEqual(hex('c0 0c c0 0c'));
    const nsRdata = 33 + 12 + 4 + 20 + 12;
    expect(bytes.subarray(nsRdata, nsRdata + 6)).toEqual(hex('03 533534 c0 0c'));
    expect(bytes.subarray(nsRdata + 6, nsRdata + 8)).toEqual(hex(`c0 ${nsRdata.toString(16)}`));
    expect(bytes.length).toBe(nsRdata + 6 + 2 + 14 + 2 + 10 + 4 + 20);
  });

  it('carries AXFR, IXFR and ANY query types, with the SOA of an IXFR query in authority (RFC 1995)', () => {
    for (const type of [DNS_TYPE_AXFR, DNS_TYPE_IXFR, DNS_TYPE_ANY]) {
      const q: DnsMessage = {
        id: 7,
        ...QUERY,
        ad: false,
        questions: [{ name: 'etudiant541.iut.', type, class: DNS_CLASS_IN }],
        answers: [],
        authority:
          type === DNS_TYPE_IXFR
            ? [{ name: 'etudiant541.iut.', type: DNS_TYPE_SOA, class: DNS_CLASS_IN, ttl: 0, data: { kind: 'SOA', mname: '.', rname: '.', serial: 1, refresh: 0, retry: 0, expire: 0, minimum: 0 } }]
            : [],
        additional: [],
      };
      expect(parsed(emitDns(q))).toEqual(q);
    }
  });

  it('writes TXT with several strings, AAAA, and SRV with an uncompressed target (RFC 2782)', () => {
    const msg: DnsMessage = {
      id: 1,
      ...ANSWER,
      questions: [{ name: '_smtp._tcp.mail128.com.', type: DNS_TYPE_SRV, class: DNS_CLASS_IN }],
      answers: [
        { name: '_smtp._tcp.mail128.com.', type: DNS_TYPE_SRV, class: DNS_CLASS_IN, ttl: 60, data: { kind: 'SRV', priority: 0, weight: 5, port: 25, target: 'smtp128.mail128.com.' } },
      ],
      authority: [],
      additional: [
        { name: 'mail128.com.', type: DNS_TYPE_TXT, class: DNS_CLASS_IN, ttl: 60, data: { kind: 'TXT', strings: ['v=spf1 mx', '', 'caf\xe9'] } },
        { name: 'smtp128.mail128.com.', type: DNS_TYPE_AAAA, class: DNS_CLASS_IN, ttl: 60, data: { kind: 'AAAA', address: hex('2001 0db8 0000 0000 0000 0000 0000 0001') } },
      ],
    };
    const bytes = emitDns(msg);
    expect(parsed(bytes)).toEqual(msg);
    // SRV rdata: priority, weight, port, then the full target (21 bytes, no pointer).
    const srvRdata = 12 + 24 + 4 + 2 + 10;
    expect(bytes.subarray(srvRdata - 2, srvRdata + 6)).toEqual(hex('00 1b 0000 0005 0019'));
    expect(bytes.subarray(srvRdata + 6, srvRdata + 27)).toEqual(hex('07 736d7470313238 07 6d61696c313238 03 636f6d 00'));
    const txt = hex('09 763d73706631206d78 00 04 636166e9');
    expect(bytes.subarray(srvRdata + 27 + 12, srvRdata + 27 + 12 + txt.length)).toEqual(txt);
  });

  it('keeps unknown types and other classes raw (RFC 3597), and the EDNS DO bit and extended rcode', () => {
    const msg: DnsMessage = {
      id: 2,
      ...ANSWER,
      rcode: 0,
      questions: [{ name: 'version.bind.', type: DNS_TYPE_TXT, class: DNS_CLASS_CH }],
      answers: [
        { name: 'version.bind.', type: DNS_TYPE_TXT, class: DNS_CLASS_CH, ttl: 0, data: { kind: 'TXT', strings: ['9.18.41-1~deb12u1-Debian'] } },
        { name: 'x.', type: 99, class: DNS_CLASS_IN, ttl: 5, data: { kind: 'raw', data: hex('de ad be ef') } },
        { name: 'x.', type: DNS_TYPE_A, class: DNS_CLASS_CH, ttl: 5, data: { kind: 'raw', data: hex('00 01') } },
      ],
      authority: [],
      additional: [],
      edns: { udpPayloadSize: 4096, extendedRcode: 1, version: 0, dnssecOk: true, z: 0, options: [] },
    };
    const bytes = emitDns(msg);
    expect(parsed(bytes)).toEqual(msg);
    expect(bytes.subarray(bytes.length - 11)).toEqual(hex('00 0029 1000 01 00 8000 0000'));
  });

  it('escapes dots, backslashes and unprintable bytes inside labels, as BIND prints them', () => {
    const msg: DnsMessage = {
      id: 3,
      ...QUERY,
      questions: [{ name: 'a\\.b\\\\c\\032\\255.example.', type: DNS_TYPE_MX, class: DNS_CLASS_IN }],
      answers: [],
      authority: [],
      additional: [],
    };
    const bytes = emitDns(msg);
    expect(bytes.subarray(12, 20)).toEqual(hex('07 61 2e 62 5c 63 20 ff'));
    expect(parsed(bytes)).toEqual(msg);
  });
});

describe('DNS bad input', () => {
  const header = (qd: number) => hex(`0001 0100 ${qd.toString(16).padStart(4, '0')} 0000 0000 0000`);
  const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

  it('rejects a compression pointer to itself, a loop and a forward pointer', () => {
    expect(parseDns(concat(header(1), hex('c0 0c 0001 0001')))).toMatchObject({ ok: false, error: { kind: 'bad-value', offset: 12 } });
    // "a" then a pointer back to "a": 12 -> 14 -> 12.
    expect(parseDns(concat(header(1), hex('01 61 c0 0c 0001 0001')))).toMatchObject({ ok: false, error: { kind: 'bad-value' } });
    expect(parseDns(concat(header(1), hex('c0 0e 01 61 00 0001 0001')))).toMatchObject({ ok: false, error: { kind: 'bad-value' } });
  });

  it('rejects labels over 63 bytes and names over 255 bytes', () => {
    expect(parseDns(concat(header(1), hex('40'), new Uint8Array(64), hex('00 0001 0001')))).toMatchObject({ ok: false, error: { kind: 'bad-value' } });
    const long = concat(...Array.from({ length: 5 }, () => concat(hex('3f'), new Uint8Array(63).fill(0x61))));
    expect(parseDns(concat(header(1), long, hex('00 0001 0001')))).toMatchObject({ ok: false, error: { kind: 'bad-value' } });
    expect(dnsNameLabels(`${'a'.repeat(64)}.com.`)).toMatchObject({ ok: false, error: { kind: 'bad-value' } });
    expect(dnsNameLabels(`${'a.'.repeat(127)}`)).toMatchObject({ ok: true });
    expect(dnsNameLabels(`${'a.'.repeat(128)}`)).toMatchObject({ ok: false });
    expect(dnsNameLabels('a..b.')).toMatchObject({ ok: false });
    expect(() => emitDns({ ...parsed(messages[0]), questions: [{ name: 'a..b.', type: 1, class: 1 }] })).toThrow(RangeError);
  });

  it('rejects truncation, trailing garbage, wrong RDATA lengths and a second OPT', () => {
    const answer = messages[1];
    for (let n = 0; n < answer.length; n++) expect(parseDns(answer.subarray(0, n)).ok).toBe(false);
    expect(parseDns(concat(answer, hex('00')))).toMatchObject({ ok: false, error: { kind: 'bad-length' } });
    const badA = answer.slice();
    badA[48] = 5; // RDLENGTH of the A record
    expect(parseDns(badA).ok).toBe(false);
    const twoOpt = concat(answer, hex('00 0029 04d0 00000000 0000'));
    twoOpt[11] = 2;
    expect(parseDns(twoOpt)).toMatchObject({ ok: false, error: { kind: 'bad-value' } });
  });

  it('parses at an offset, with pointers relative to the message start (DNS over TCP after its length)', () => {
    const framed = concat(hex(`00 ${messages[1].length.toString(16)}`), messages[1]);
    expect(parseDns(framed, 2)).toEqual(parseDns(messages[1]));
  });
});
