// dig's output against recordings of Debian 12's dig 9.18 (../shared/fidelity/dns/dig). The
// messages come from the capture of those digs (../shared/fidelity/pcap/dns_local_lo.pcap) where
// it holds them, else are built from the lab's zones (fidelity README); the run-dependent values
// (id, cookie, query time, WHEN) are the recording's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../wire/addr.ts';
import { emitDns, parseDns } from '../../wire/dns.ts';
import type { DnsMessage, DnsRData, DnsRecord } from '../../wire/dns.ts';
import { readPcap } from '../../wire/testing/pcap-fixture.ts';
import { recorded } from '../testing-net/recording.ts';
import { digUsesTcp, parseDigOptions } from './dig-options.ts';
import type { DigOptions } from './dig-options.ts';
import { DIG_EXIT_NO_REPLY, DIG_VERSION_LINE, formatDigCommError, formatDigNoServers, formatDigReply } from './dig-format.ts';
import { parseDnsType } from './dns-text.ts';

const fidelity = (path: string): string => readFileSync(new URL(`../../../../shared/fidelity/${path}`, import.meta.url), 'utf8');
const digFile = (name: string): string => fidelity(`dns/dig/${name}`);

/** The DNS messages of the capture, in order (Ethernet 14 + IPv4 20 + UDP 8 before each). */
const captured: DnsMessage[] = readPcap(new Uint8Array(readFileSync(new URL('../../../../shared/fidelity/pcap/dns_local_lo.pcap', import.meta.url)))).frames.map((f) => {
  const r = parseDns(f, 42);
  if (!r.ok) throw new Error('capture frame is not DNS');
  return r.value;
});

/** The recorded output of `command`, without the `cat /etc/resolv.conf` line some blocks start with. */
function recordedDig(file: string, command: string): { output: string; status: number } {
  const rec = recorded(digFile(file), command);
  const output = command.startsWith('cat ') ? rec.output.slice(rec.output.indexOf('\n') + 1) : rec.output;
  return { output, status: rec.status };
}

function options(command: string): { args: string[]; options: DigOptions } {
  const args = command.slice(command.indexOf('dig ') + 4).split(' ');
  const r = parseDigOptions(args);
  if (!r.ok) throw new Error(r.error);
  return { args, options: r.options };
}

/** What varies from run to run, read back from a recorded output. */
function runValues(output: string): { time: number; server: string; port: number; transport: 'UDP' | 'TCP'; when: string; size: number } {
  const server = /;; SERVER: ([\d.]+)#(\d+)\(.*\) \((UDP|TCP)\)/.exec(output);
  return {
    time: Number(/;; Query time: (\d+) msec/.exec(output)?.[1] ?? 0),
    server: server?.[1] ?? '127.0.0.1',
    port: Number(server?.[2] ?? 53),
    transport: server?.[3] === 'TCP' ? 'TCP' : 'UDP',
    when: /;; WHEN: (.*)/.exec(output)?.[1] ?? '',
    size: Number(/;; MSG SIZE {2}rcvd: (\d+)/.exec(output)?.[1] ?? 0),
  };
}

function format(command: string, output: string, query: DnsMessage, response: DnsMessage): string {
  const run = runValues(output);
  return formatDigReply({
    ...options(command),
    query,
    response,
    serverAddress: run.server,
    serverPort: run.port,
    transport: run.transport,
    queryTimeMs: run.time,
    messageSize: run.size,
    when: run.when,
  });
}

describe('dig prints the captured answers exactly as dig 9.18 did', () => {
  const cases: [file: string, command: string][] = [
    ['dig_A_smtp128.txt', 'dig @127.0.0.1 smtp128.mail128.com'],
    ['dig_MX.txt', 'dig @127.0.0.1 mail128.com MX'],
    ['dig_NS.txt', 'dig @127.0.0.1 mail128.com NS'],
    ['dig_SOA.txt', 'dig @127.0.0.1 mail128.com SOA'],
    ['dig_NXDOMAIN.txt', 'dig @127.0.0.1 nexistepas.mail128.com'],
  ];
  for (const [file, command] of cases) {
    it(`${command} (${file})`, () => {
      const rec = recordedDig(file, command);
      const id = Number(/id: (\d+)/.exec(rec.output)?.[1]);
      const query = captured.find((m) => !m.qr && m.id === id);
      const response = captured.find((m) => m.qr && m.id === id);
      if (query === undefined || response === undefined) throw new Error(`id ${id} not captured`);
      expect(format(command, rec.output, query, response)).toBe(rec.output);
      expect(emitDns(response).length).toBe(runValues(rec.output).size);
      expect(rec.status).toBe(0);
    });
  }

  it('dig +short -x prints the PTR target of the captured reverse answer', () => {
    const command = 'dig +short @127.0.0.1 -x 10.254.54.1';
    const rec = recordedDig('dig_short.txt', command);
    const { options: o } = options(command);
    const query = captured.find((m) => !m.qr && m.questions[0].name === o.name && m.questions[0].type === o.type);
    const response = captured.find((m) => m.qr && m.id === query?.id);
    if (query === undefined || response === undefined) throw new Error('reverse query not captured');
    expect(format(command, rec.output, query, response)).toBe(rec.output);
  });
});

// ------------------------------------------------------------ messages built from the zones

const a = (address: string): DnsRData => ({ kind: 'A', address: parseIpv4(address) ?? 0 });
const rr = (name: string, type: string, data: DnsRData, ttl = 604800): DnsRecord => ({ name, type: parseDnsType(type) ?? 0, class: 1, ttl, data });
const soa = (owner: string, mname: string, rname: string, ttl = 604800, times = [2, 604800, 86400, 2419200, 604800]): DnsRecord =>
  rr(owner, 'SOA', { kind: 'SOA', mname, rname, serial: times[0], refresh: times[1], retry: times[2], expire: times[3], minimum: times[4] }, ttl);
const MAIL_SOA = soa('mail128.com.', 'ns128.mail128.com.', 'root.mail128.com.');
const MX = rr('mail128.com.', 'MX', { kind: 'MX', preference: 10, exchange: 'smtp128.mail128.com.' });
const NS = rr('mail128.com.', 'NS', { kind: 'NS', target: 'ns128.mail128.com.' });
const SMTP = rr('smtp128.mail128.com.', 'A', a('192.168.0.1'));

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** The query dig sent and the answer, with the id and cookie the recording shows. */
function exchange(
  output: string,
  o: DigOptions,
  sections: { rcode?: number; aa?: boolean; answers?: DnsRecord[]; authority?: DnsRecord[]; additional?: DnsRecord[] },
): { query: DnsMessage; response: DnsMessage } {
  const id = Number(/id: (\d+)/.exec(output)?.[1] ?? 1);
  const cookie = hexBytes(/; COOKIE: ([0-9a-f]+)/.exec(output)?.[1] ?? '00'.repeat(24));
  const base = { id, opcode: 0, tc: false, rd: true, z: false, cd: false, questions: [{ name: o.name, type: o.type, class: o.class }] };
  const edns = (data: Uint8Array): DnsMessage['edns'] => ({ udpPayloadSize: 1232, extendedRcode: 0, version: 0, dnssecOk: false, z: 0, options: [{ code: 10, data }] });
  const query: DnsMessage = { ...base, qr: false, aa: false, ra: false, ad: true, rcode: 0, answers: [], authority: [], additional: [], edns: edns(cookie.slice(0, 8)) };
  const response: DnsMessage = {
    ...base,
    qr: true,
    aa: sections.aa ?? true,
    ra: true,
    ad: false,
    rcode: sections.rcode ?? 0,
    answers: sections.answers ?? [],
    authority: sections.authority ?? [],
    additional: sections.additional ?? [],
    edns: edns(cookie),
  };
  return { query, response };
}

describe('dig prints answers built from the lab zones exactly as dig 9.18 did', () => {
  const cases: [file: string, command: string, sections: Parameters<typeof exchange>[2]][] = [
    ['dig_ANY.txt', 'dig @127.0.0.1 mail128.com ANY', { answers: [MAIL_SOA, NS, MX] }],
    ['dig_CNAME_www.txt', 'dig @127.0.0.1 www.mail128.com', { answers: [rr('www.mail128.com.', 'CNAME', { kind: 'CNAME', target: 'smtp128.mail128.com.' }), SMTP] }],
    ['dig_NODATA_AAAA.txt', 'dig @127.0.0.1 smtp128.mail128.com AAAA', { authority: [MAIL_SOA] }],
    ['dig_etudiant541.txt', 'dig @127.0.0.1 etudiant541.iut MX', { answers: [rr('etudiant541.iut.', 'MX', { kind: 'MX', preference: 10, exchange: 'smtp.etudiant541.iut.' })], additional: [rr('smtp.etudiant541.iut.', 'A', a('10.254.54.1'))] }],
    ['dig_etudiant541.txt', 'dig @127.0.0.1 smtp.etudiant541.iut', { answers: [rr('smtp.etudiant541.iut.', 'A', a('10.254.54.1'))] }],
    ['dig_etudiant541.txt', 'dig @127.0.0.1 S54.etudiant541.iut', { answers: [rr('S54.etudiant541.iut.', 'A', a('10.254.54.1'))] }],
    ['dig_etudiant541.txt', 'dig @127.0.0.1 etudiant541.iut SOA', { answers: [soa('etudiant541.iut.', 'etudiant541.iut.', 'etudiant541.iut.')] }],
    ['dig_from_client_192.168.0.28.txt', 'dig @192.168.0.1 smtp128.mail128.com', { answers: [SMTP] }],
    ['dig_from_client_192.168.0.28.txt', 'dig @192.168.0.1 mail128.com MX', { answers: [MX], additional: [SMTP] }],
    ['dig_from_client_192.168.0.28.txt', 'cat /etc/resolv.conf; dig imap128.mail128.com', { answers: [rr('imap128.mail128.com.', 'A', a('192.168.0.1'))] }],
    ['dig_from_client_192.168.0.28.txt', 'dig @192.168.0.1 www.google.com', { rcode: 2, aa: false }],
    ['dig_internet_name_no_internet_SERVFAIL.txt', 'dig @127.0.0.1 www.google.com', { rcode: 2, aa: false }],
    ['dig_no_server_arg_uses_resolv_conf.txt', 'cat /etc/resolv.conf; dig smtp128.mail128.com', { answers: [SMTP] }],
    ['dig_reverse_no_zone.txt', 'dig @127.0.0.1 -x 192.168.0.1', { rcode: 3, authority: [soa('168.192.IN-ADDR.ARPA.', '168.192.IN-ADDR.ARPA.', '.', 86400, [0, 28800, 7200, 604800, 86400])] }],
    ['dig_noall_answer.txt', 'dig +noall +answer @127.0.0.1 mail128.com MX', { answers: [MX], additional: [SMTP] }],
    ['dig_noall_answer.txt', 'dig +nocmd +noall +answer @127.0.0.1 smtp128.mail128.com', { answers: [SMTP] }],
    ['dig_short.txt', 'dig +short @127.0.0.1 smtp128.mail128.com', { answers: [SMTP] }],
    ['dig_short.txt', 'dig +short @127.0.0.1 mail128.com MX', { answers: [MX], additional: [SMTP] }],
    ['dig_short.txt', 'dig +short @127.0.0.1 mail128.com NS', { answers: [NS], additional: [rr('ns128.mail128.com.', 'A', a('192.168.0.1'))] }],
    ['dig_short.txt', 'dig +short @127.0.0.1 mail128.com SOA', { answers: [MAIL_SOA] }],
    ['dig_short.txt', 'dig +short @127.0.0.1 nexistepas.mail128.com', { rcode: 3, authority: [MAIL_SOA] }],
    ['dig_short.txt', 'dig +short @127.0.0.1 www.mail128.com', { answers: [rr('www.mail128.com.', 'CNAME', { kind: 'CNAME', target: 'smtp128.mail128.com.' }), SMTP] }],
  ];
  for (const [file, command, sections] of cases) {
    it(`${command} (${file})`, () => {
      const rec = recordedDig(file, command);
      const { query, response } = exchange(rec.output, options(command).options, sections);
      expect(format(command, rec.output, query, response)).toBe(rec.output);
      expect(rec.status).toBe(0);
    });
  }
});

describe('dig reports a server that does not answer as dig 9.18 did', () => {
  it('prints a communications error per attempt, the banner, then no servers could be reached', () => {
    const command = 'dig @127.0.0.1 -p 5353 smtp128.mail128.com';
    const rec = recordedDig('dig_port_nothing_listening.txt', command);
    const cmd = options(command);
    expect(cmd.options.tries).toBe(3);
    const errors = formatDigCommError('127.0.0.1', cmd.options.port, 'connection refused').repeat(cmd.options.tries);
    const end = formatDigNoServers(cmd);
    expect(errors + end.stdout + end.stderr).toBe(rec.output);
    expect(rec.status).toBe(DIG_EXIT_NO_REPLY);
  });

  it('dig -v prints its version', () => {
    expect(DIG_VERSION_LINE).toBe(recordedDig('dig_version.txt', 'dig -v').output);
  });
});

describe('dig keeps the columns and the header warnings BIND prints', () => {
  it('a long owner name is followed by one space, not a tab', () => {
    const command = 'dig +noall +answer @127.0.0.1 averyveryverylongname.mail128.com';
    const { query, response } = exchange('', options(command).options, {
      answers: [rr('averyveryverylongname.mail128.com.', 'A', a('192.168.0.1'), 300)],
    });
    expect(format(command, '', query, response)).toBe('averyveryverylongname.mail128.com. 300 IN A\t192.168.0.1\n');
  });

  it('an answer without recursion available warns, and +nocomments drops the section titles', () => {
    const command = 'dig +nocomments +nostats @127.0.0.1 smtp128.mail128.com';
    const { query, response } = exchange('', options(command).options, { answers: [SMTP] });
    response.ra = false;
    expect(format(command, '', query, response)).toBe(
      '\n; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +nocomments +nostats @127.0.0.1 smtp128.mail128.com\n' +
        '; (1 server found)\n;; global options: +cmd\n' +
        ';smtp128.mail128.com.\t\tIN\tA\n' +
        'smtp128.mail128.com.\t604800\tIN\tA\t192.168.0.1\n',
    );
    const full = format('dig @127.0.0.1 smtp128.mail128.com', '', query, response);
    expect(full).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n;; WARNING: recursion requested but not available\n\n');
  });

  it('AAAA and TXT rdata are written as BIND writes them', () => {
    const command = 'dig +short @127.0.0.1 x.mail128.com AAAA';
    const v6 = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const { query, response } = exchange('', options(command).options, {
      answers: [rr('x.mail128.com.', 'AAAA', { kind: 'AAAA', address: v6 }), rr('x.mail128.com.', 'TXT', { kind: 'TXT', strings: ['v=spf1 "a"', 'caf\xe9'] })],
    });
    expect(format(command, '', query, response)).toBe('2001:db8::1\n"v=spf1 \\"a\\"" "caf\\233"\n');
  });
});

describe('dig reads its command line as dig.c does', () => {
  it('takes types and classes among the words and -x as a PTR lookup', () => {
    const mx = options('dig @127.0.0.1 mail128.com MX').options;
    expect([mx.server, mx.name, mx.type, mx.class]).toEqual(['127.0.0.1', 'mail128.com.', 15, 1]);
    const rev = options('dig -x 10.254.54.1').options;
    expect([rev.name, rev.type]).toEqual(['1.54.254.10.in-addr.arpa.', 12]);
    const rev6 = options('dig -x 2001:db8::1').options;
    expect(rev6.name).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.');
    const t = options('dig -t aaaa -p 5353 +norecurse +tcp host').options;
    expect([t.type, t.port, t.recurse, t.tcp]).toEqual([28, 5353, false, true]);
  });

  it('queries the root name servers when no name is given', () => {
    const o = options('dig @127.0.0.1').options;
    expect([o.name, o.type]).toEqual(['.', 2]);
  });

  it('sends ANY over TCP unless +notcp says otherwise, as the ANY recording shows', () => {
    expect(digUsesTcp(options('dig @127.0.0.1 mail128.com ANY').options)).toBe(true);
    expect(digUsesTcp(options('dig +notcp @127.0.0.1 mail128.com ANY').options)).toBe(false);
    expect(digUsesTcp(options('dig @127.0.0.1 mail128.com MX').options)).toBe(false);
  });

  it('reads +timeout, +tries and +retry, and abbreviations as dig.c accepts them', () => {
    const o = options('dig +time=2 +tries=1 +shor +nocomm @127.0.0.1 x').options;
    expect([o.timeSeconds, o.tries, o.short, o.comments]).toEqual([2, 1, true, false]);
    expect(options('dig +retry=4 x').options.tries).toBe(5);
    expect(parseDigOptions(['+sho'])).toEqual({ ok: false, error: 'Invalid option: +sho' });
  });

  it('refuses an unknown +option', () => {
    expect(parseDigOptions(['+bogus'])).toEqual({ ok: false, error: 'Invalid option: +bogus' });
  });
});
