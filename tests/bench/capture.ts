// Capture analysis figures (issue: capture analysis), on a generated 100,000-packet capture of
// SMTP, POP, IMAP, DNS, DHCP and ARP (some SMTP sessions from 172.20.128.1):
//   filter_100k: read the pcap, dissect every frame and apply `smtp and ip.addr == 172.20.128.1`
//   tshark_filter_100k, filter_vs_tshark: `tshark -r SAME.pcap -Y '...'` on the same file (when installed)
//   heap_per_packet: heap retained per packet by the packet list (src/capture/packet-list.ts)
//     once every summary row is cached, beyond the frames' own bytes
//   heap_per_packet_trees: for comparison, what keeping every row with its detail tree costs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dissectCapture } from '../../src/capture/dissect-capture.ts';
import { PacketList } from '../../src/capture/packet-list.ts';
import { compileFilter } from '../../src/capture/filter/compile-filter.ts';
import { writePcap } from '../../src/capture/pcap.ts';
import { readCapture } from '../../src/capture/pcap-reader.ts';
import { LINKTYPE_ETHERNET, type CapturedFrame } from '../../src/capture/record.ts';
import { parseIpv4, type Ipv4, type Mac } from '../../src/wire/addr.ts';
import { emitArp } from '../../src/wire/arp.ts';
import { DHCPACK, DHCPDISCOVER, DHCPOFFER, DHCPREQUEST, dhcpChaddr, emitDhcp, type DhcpOption } from '../../src/wire/dhcp.ts';
import { DNS_CLASS_IN, DNS_TYPE_A, emitDns, type DnsMessage } from '../../src/wire/dns.ts';
import { emitEthernet, ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../../src/wire/ethernet.ts';
import { emitIpv4, IPPROTO_TCP, IPPROTO_UDP } from '../../src/wire/ipv4.ts';
import { emitTcp, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, type TcpOption } from '../../src/wire/tcp.ts';
import { emitUdp } from '../../src/wire/udp.ts';
import { report, settledHeap } from './report.ts';

const PACKETS = 100_000;
const FILTER = 'smtp and ip.addr == 172.20.128.1';
const STUDENT = ip('172.20.128.1');
const SERVER = ip('172.20.0.25');
const DNS_SERVER = ip('172.20.0.53');
const DHCP_SERVER = ip('172.20.0.1');
const SERVER_MAC = 0x02_00_00_00_00_fe;

function ip(text: string): Ipv4 {
  const a = parseIpv4(text);
  if (a === null) throw new Error(`bad address ${text}`);
  return a;
}

/** Builds frames in time order, 100 µs apart. */
class Capture {
  readonly frames: CapturedFrame[] = [];
  private time = 0;

  push(bytes: Uint8Array): void {
    this.time += 100_000;
    this.frames.push({ time: this.time, host: 'BENCH', iface: 'eth0', bytes, linktype: LINKTYPE_ETHERNET });
  }

  ipv4(srcMac: Mac, dstMac: Mac, src: Ipv4, dst: Ipv4, protocol: number, payload: Uint8Array): void {
    const packet = emitIpv4({
      dscp: 0,
      ecn: 0,
      identification: this.frames.length & 0xffff,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol,
      src,
      dst,
      options: new Uint8Array(0),
      payload,
    });
    this.push(emitEthernet({ dst: dstMac, src: srcMac, ethertype: ETHERTYPE_IPV4, payload: packet }));
  }
}

const text = new TextEncoder();

/** One TCP session: handshake, the lines in turn (C: client, S: server) each ACKed, then FINs. */
function tcpSession(cap: Capture, client: Ipv4, clientMac: Mac, port: number, serverPort: number, lines: readonly string[]): void {
  let cseq = 1000;
  let sseq = 5000;
  const mss: TcpOption[] = [{ kind: 'mss', value: 1460 }];
  const seg = (fromClient: boolean, flags: number, payload: Uint8Array, options: TcpOption[] = []): void => {
    const [src, dst, srcPort, dstPort, seq, ack] = fromClient
      ? [client, SERVER, port, serverPort, cseq, sseq]
      : [SERVER, client, serverPort, port, sseq, cseq];
    const tcp = emitTcp({ srcPort, dstPort, seq, ack: flags & TCP_ACK ? ack : 0, flags, window: 64240, urgentPointer: 0, options, payload }, src, dst);
    cap.ipv4(fromClient ? clientMac : SERVER_MAC, fromClient ? SERVER_MAC : clientMac, src, dst, IPPROTO_TCP, tcp);
    const used = payload.length + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0);
    if (fromClient) cseq += used;
    else sseq += used;
  };
  seg(true, TCP_SYN, new Uint8Array(0), mss);
  seg(false, TCP_SYN | TCP_ACK, new Uint8Array(0), mss);
  seg(true, TCP_ACK, new Uint8Array(0));
  for (const line of lines) {
    const fromClient = line.startsWith('C:');
    seg(fromClient, TCP_PSH | TCP_ACK, text.encode(line.slice(3) + '\r\n'));
    seg(!fromClient, TCP_ACK, new Uint8Array(0));
  }
  seg(true, TCP_FIN | TCP_ACK, new Uint8Array(0));
  seg(false, TCP_FIN | TCP_ACK, new Uint8Array(0));
  seg(true, TCP_ACK, new Uint8Array(0));
}

const SMTP = [
  'S: 220 mail.tp.lan ESMTP Postfix (Debian/GNU)',
  'C: EHLO pc1.tp.lan',
  'S: 250-mail.tp.lan\r\n250-PIPELINING\r\n250 8BITMIME',
  'C: MAIL FROM:<etudiant@tp.lan>',
  'S: 250 2.1.0 Ok',
  'C: RCPT TO:<prof@tp.lan>',
  'S: 250 2.1.5 Ok',
  'C: DATA',
  'S: 354 End data with <CR><LF>.<CR><LF>',
  'C: Subject: TP\r\n\r\nBonjour\r\n.',
  'S: 250 2.0.0 Ok: queued as 4B1C2',
  'C: QUIT',
  'S: 221 2.0.0 Bye',
];
const POP = ['S: +OK Dovecot ready.', 'C: USER etudiant', 'S: +OK', 'C: PASS secret', 'S: +OK Logged in.', 'C: STAT', 'S: +OK 1 420', 'C: QUIT', 'S: +OK Logging out.'];
const IMAP = ['S: * OK Dovecot ready.', 'C: a1 LOGIN etudiant secret', 'S: a1 OK Logged in', 'C: a2 SELECT INBOX', 'S: a2 OK [READ-WRITE] Select completed', 'C: a3 LOGOUT', 'S: a3 OK Logout completed'];

function dnsExchange(cap: Capture, client: Ipv4, clientMac: Mac, id: number): void {
  const name = `host${id % 50}.tp.lan`;
  const query: DnsMessage = {
    id,
    qr: false,
    opcode: 0,
    aa: false,
    tc: false,
    rd: true,
    ra: false,
    z: false,
    ad: false,
    cd: false,
    rcode: 0,
    questions: [{ name, type: DNS_TYPE_A, class: DNS_CLASS_IN }],
    answers: [],
    authority: [],
    additional: [],
  };
  const answer: DnsMessage = { ...query, qr: true, ra: true, answers: [{ name, type: DNS_TYPE_A, class: DNS_CLASS_IN, ttl: 300, data: { kind: 'A', address: ip(`172.20.1.${id % 250}`) } }] };
  const port = 40000 + (id % 20000);
  cap.ipv4(clientMac, SERVER_MAC, client, DNS_SERVER, IPPROTO_UDP, emitUdp({ srcPort: port, dstPort: 53, payload: emitDns(query) }, client, DNS_SERVER));
  cap.ipv4(SERVER_MAC, clientMac, DNS_SERVER, client, IPPROTO_UDP, emitUdp({ srcPort: 53, dstPort: port, payload: emitDns(answer) }, DNS_SERVER, client));
}

function dhcpExchange(cap: Capture, clientMac: Mac, offered: Ipv4, xid: number): void {
  const broadcast = 0xff_ff_ff_ff_ff_ff;
  const any = ip('0.0.0.0');
  const all = ip('255.255.255.255');
  const message = (op: number, type: number, yiaddr: Ipv4, extra: DhcpOption[]): Uint8Array =>
    emitDhcp({
      op,
      htype: 1,
      hlen: 6,
      hops: 0,
      xid,
      secs: 0,
      flags: 0,
      ciaddr: any,
      yiaddr,
      siaddr: any,
      giaddr: any,
      chaddr: dhcpChaddr(clientMac),
      sname: '',
      file: '',
      options: [{ kind: 'message-type', type }, ...extra],
    });
  const server: DhcpOption[] = [
    { kind: 'server-id', address: DHCP_SERVER },
    { kind: 'lease-time', seconds: 3600 },
    { kind: 'subnet-mask', address: ip('255.255.0.0') },
  ];
  const fromClient = (payload: Uint8Array): void =>
    cap.ipv4(clientMac, broadcast, any, all, IPPROTO_UDP, emitUdp({ srcPort: 68, dstPort: 67, payload }, any, all));
  const fromServer = (payload: Uint8Array): void =>
    cap.ipv4(SERVER_MAC, broadcast, DHCP_SERVER, all, IPPROTO_UDP, emitUdp({ srcPort: 67, dstPort: 68, payload }, DHCP_SERVER, all));
  fromClient(message(1, DHCPDISCOVER, any, []));
  fromServer(message(2, DHCPOFFER, offered, server));
  fromClient(message(1, DHCPREQUEST, any, [{ kind: 'requested-address', address: offered }, { kind: 'server-id', address: DHCP_SERVER }]));
  fromServer(message(2, DHCPACK, offered, server));
}

function arpExchange(cap: Capture, client: Ipv4, clientMac: Mac): void {
  const request = emitArp({ op: 1, senderMac: clientMac, senderIp: client, targetMac: 0, targetIp: SERVER });
  cap.push(emitEthernet({ dst: 0xff_ff_ff_ff_ff_ff, src: clientMac, ethertype: ETHERTYPE_ARP, payload: request }));
  const reply = emitArp({ op: 2, senderMac: SERVER_MAC, senderIp: SERVER, targetMac: clientMac, targetIp: client });
  cap.push(emitEthernet({ dst: clientMac, src: SERVER_MAC, ethertype: ETHERTYPE_ARP, payload: reply }));
}

/** The mixed capture: rounds of one session of each kind, from clients 172.20.128.1-200. */
export function mixedCapture(packets = PACKETS): CapturedFrame[] {
  const cap = new Capture();
  for (let round = 0; cap.frames.length < packets; round++) {
    const n = (round % 200) + 1;
    const client = round % 4 === 0 ? STUDENT : ip(`172.20.128.${n}`);
    const mac = 0x02_00_00_00_00_00 + (client === STUDENT ? 0 : n); // one MAC per address
    const port = 32768 + (round % 28000);
    tcpSession(cap, client, mac, port, 25, SMTP);
    tcpSession(cap, client, mac, port + 1, 110, POP);
    tcpSession(cap, client, mac, port + 2, 143, IMAP);
    for (let i = 0; i < 4; i++) dnsExchange(cap, client, mac, (round * 4 + i) & 0xffff);
    dhcpExchange(cap, mac, ip(`172.20.129.${n}`), round);
    arpExchange(cap, client, mac);
  }
  return cap.frames.slice(0, packets);
}

/** Reads the file into a packet list and applies the filter: what opening a file and typing the filter does. */
function filterFile(file: string): number[] {
  const list = loadList(new Uint8Array(readFileSync(file)));
  const compiled = compileFilter(FILTER);
  if (!compiled.ok) throw new Error(compiled.message);
  // tshark -Y's way: one pass without trees, collecting only the fields the filter reads.
  return list.select(compiled);
}

function loadList(bytes: Uint8Array): PacketList {
  const list = new PacketList();
  const error = list.appendCapture(bytes);
  if (error !== undefined) throw new Error(error);
  return list;
}

function hasTshark(): boolean {
  return spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
}

export async function captureBenchmarks(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'netsim-bench-'));
  try {
    const written = writePcap(mixedCapture());
    if (!written.ok) throw new Error(written.error.message);
    const file = join(dir, 'mixed-100k.pcap');
    writeFileSync(file, written.value);

    filterFile(file); // warm-up (JIT), not measured
    const t0 = performance.now();
    const selected = filterFile(file).length;
    const ours = performance.now() - t0;
    report('filter_100k', ours, 'ms');

    if (hasTshark()) {
      const t1 = performance.now();
      execFileSync('tshark', ['-r', file, '-Y', FILTER], { stdio: ['ignore', 'ignore', 'ignore'] });
      const theirs = performance.now() - t1;
      const counted = execFileSync('tshark', ['-r', file, '-Y', FILTER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().split('\n').filter((l) => l !== '').length;
      report('tshark_filter_100k', theirs, 'ms');
      report('filter_vs_tshark', ours / theirs, 'x');
      if (counted !== selected) console.log(`# tshark selected ${counted} packets, we selected ${selected}`);
    }

    // The packet list the page keeps, its summary columns all computed; the file's buffer is
    // let go, and the frames' own bytes (copied into the list) are not counted. Heap and array
    // buffers both count; V8 frees dropped buffers' memory a moment after collecting them.
    const settled = async (): Promise<number> => {
      settledHeap();
      await new Promise((r) => setTimeout(r, 200));
      return settledHeap() + process.memoryUsage().arrayBuffers;
    };
    const before = await settled();
    let bytes: Uint8Array | null = new Uint8Array(readFileSync(file));
    const list = loadList(bytes);
    const frameBytes = readCapture(bytes).frames.reduce((n, f) => n + f.bytes.length, 0);
    bytes = null;
    list.row(list.length - 1);
    const summaries = await settled();
    report('heap_per_packet', (summaries - before - frameBytes) / PACKETS, 'bytes');
    if (list.length !== PACKETS || bytes !== null) throw new Error('packets lost');
    // For comparison: every row with its detail tree, as a full pass keeps them.
    const trees = dissectCapture(readCapture(new Uint8Array(readFileSync(file))).frames);
    const withTrees = await settled();
    report('heap_per_packet_trees', (withTrees - summaries) / PACKETS, 'bytes');
    if (trees.length !== PACKETS) throw new Error('rows lost');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
