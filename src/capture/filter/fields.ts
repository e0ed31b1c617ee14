// The field registry the semantic check consults (Wireshark's hf_register_info, seen from
// the filter side): each filter name with its type. It starts with the fields our dissectors
// declare and learns any other field a dissected tree carries (learnFields).
import type { ProtoTree } from '../dissectors/tree.ts';

export type FieldKind = 'protocol' | 'none' | 'uint' | 'int' | 'bool' | 'ipv4' | 'ether' | 'string' | 'bytes' | 'time' | 'double';

export interface FieldType {
  readonly kind: FieldKind;
  /** Width of an integer field in bytes (its maximum is checked against literals). */
  readonly bytes?: number;
}

/** Wireshark's ftype names, as its error messages print them (epan/ftypes). */
export function typeName(t: FieldType): string {
  switch (t.kind) {
    case 'uint':
    case 'int': {
      const n = t.bytes ?? 4;
      return `${t.kind === 'uint' ? 'Unsigned integer' : 'Signed integer'} (${n} ${n === 1 ? 'byte' : 'bytes'})`;
    }
    case 'bool':
      return 'Boolean';
    case 'ipv4':
      return 'IPv4 address';
    case 'ether':
      return 'Ethernet or other MAC address';
    case 'string':
      return 'Character string';
    case 'bytes':
      return 'Sequence of bytes';
    case 'time':
      return 'Date and time';
    case 'double':
      return 'Floating point (double-precision)';
    case 'protocol':
      return 'Protocol';
    case 'none':
      return 'Label';
  }
}

const KINDS: Readonly<Record<string, FieldType>> = {
  p: { kind: 'protocol' },
  n: { kind: 'none' },
  u1: { kind: 'uint', bytes: 1 },
  u2: { kind: 'uint', bytes: 2 },
  u3: { kind: 'uint', bytes: 3 },
  u4: { kind: 'uint', bytes: 4 },
  u8: { kind: 'uint', bytes: 8 },
  b: { kind: 'bool' },
  ip: { kind: 'ipv4' },
  eth: { kind: 'ether' },
  s: { kind: 'string' },
  by: { kind: 'bytes' },
  t: { kind: 'time' },
  d: { kind: 'double' },
};

// Protocol names a student may type for presence (`smtp`), whether or not a dissector for
// them exists yet: Wireshark knows them all, so they must not be syntax errors.
const PROTOCOLS =
  'frame eth ethertype arp ip ipv6 icmp icmpv6 tcp udp data dns mdns smtp imf pop imap ftp ftp-data http tls ssh telnet dhcp bootp ntp snmp syslog sll null vlan llc stp igmp data-text-lines';

const DECLARED = `
frame.interface_id:u4 frame.interface_name:s ip.options:n _ws.malformed.expert:n
tcp.analysis.flags:n tcp.analysis.retransmission:n tcp.analysis.fast_retransmission:n
tcp.analysis.spurious_retransmission:n tcp.analysis.out_of_order:n tcp.analysis.lost_segment:n
tcp.analysis.ack_lost_segment:n tcp.analysis.window_update:n tcp.analysis.zero_window:n
tcp.analysis.zero_window_probe:n tcp.analysis.zero_window_probe_ack:n tcp.analysis.keep_alive:n
tcp.analysis.keep_alive_ack:n tcp.analysis.duplicate_ack:n tcp.analysis.duplicate_ack_num:u4
tcp.analysis.duplicate_ack_frame:u4 tcp.analysis.rto:d tcp.analysis.rto_frame:u4
tcp.options.sack:n tcp.options.sack_le:u4 tcp.options.sack_re:u4 tcp.options.unknown:n tcp.segment_data:by
dns.id:u2 dns.flags:u2 dns.flags.response:b dns.flags.opcode:u2 dns.flags.authoritative:b
dns.flags.truncated:b dns.flags.recdesired:b dns.flags.recavail:b dns.flags.z:b
dns.flags.authenticated:b dns.flags.checkdisable:b dns.flags.rcode:u2 dns.count.queries:u2
dns.count.answers:u2 dns.count.auth_rr:u2 dns.count.add_rr:u2 dns.qry:n dns.qry.name:s
dns.qry.name.len:u2 dns.count.labels:u2 dns.qry.type:u2 dns.qry.class:u2 dns.resp.name:s
dns.resp.type:u2 dns.resp.class:u2 dns.resp.ttl:u4 dns.resp.len:u2 dns.a:ip dns.cname:s dns.ns:s
dns.ptr.domain_name:s dns.mx.preference:u2 dns.mx.mail_exchange:s dns.soa.mname:s dns.soa.rname:s
dns.soa.serial_number:u4 dns.soa.refresh_interval:u4 dns.soa.retry_interval:u4
dns.soa.expire_limit:u4 dns.soa.minimum_ttl:u4 dns.opt:n dns.opt.code:u2 dns.opt.len:u2
dns.opt.data:by dns.opt.cookie.client:by dns.opt.cookie.server:by dns.rr.udp_payload_size:u2
dns.resp.ext_rcode:u1 dns.resp.edns0_version:u1 dns.resp.z:u2 dns.resp.z.do:b dns.resp.z.reserved:u2
dns.response_to:u4 dns.time:d dns.data:by
dhcp.type:u1 dhcp.hw.type:u1 dhcp.hw.len:u1 dhcp.hops:u1 dhcp.id:u4 dhcp.secs:u2 dhcp.flags:u2
dhcp.flags.bc:b dhcp.flags.reserved:u2 dhcp.ip.client:ip dhcp.ip.your:ip dhcp.ip.server:ip
dhcp.ip.relay:ip dhcp.hw.mac_addr:eth dhcp.hw.addr:by dhcp.hw.addr_padding:by dhcp.server:s
dhcp.file:s dhcp.cookie:ip dhcp.option.type:u1 dhcp.option.length:u1 dhcp.option.value:by
dhcp.option.dhcp:u1 dhcp.option.end:u1 dhcp.option.padding:by dhcp.option.request_list_item:u1
smtp.req.command:s smtp.req.parameter:s smtp.response.code:u4 smtp.rsp.parameter:s smtp.response:s
smtp.command_line:s smtp.data.fragment:u4 smtp.data.fragment.count:u4 smtp.data.fragments:n
smtp.data.reassembled.length:u4 smtp.eom:n smtp.data.reassembled.in:u4 smtp.auth.username:s smtp.auth.password:s
pop.request:s pop.request.command:s pop.request.parameter:s pop.request.data:s pop.response:s
pop.response.indicator:s pop.response.description:s pop.response.data:s
imap.line:s imap.request:s imap.request.tag:s imap.request.command:s imap.request.folder:s
imap.request.username:s imap.request.password:s imap.request.isuid:b imap.response:s
imap.response.tag:s imap.response.status:s imap.response.command:s imap.request_in:u4 imap.time:d
imf.address:s imf.address_list.item:s imf.bcc:s imf.cc:s imf.content.type:s imf.date:s
imf.delivered_to:s imf.extension:s imf.from:s imf.message_id:s imf.message_text:n imf.mime_version:s
imf.received:s imf.reply_to:s imf.return_path:s imf.sender:s imf.subject:s imf.to:s imf.user_agent:s
imf.ext.original-to:s imf.mailbox_list.item:s imf.display_name:s imf.extension.type:s
imf.extension.value:s imf.content.type.type:s imf.content.type.parameters:s imf.in_reply_to:s imf.references:s
imf.ext.mailer:s imf.content.transfer_encoding:s imf.siolabel:n
frame.encap_type:u2 frame.time:t frame.offset_shift:d frame.time_epoch:t frame.time_delta:d
frame.time_delta_displayed:d frame.time_relative:d frame.number:u4 frame.len:u4 frame.cap_len:u4
frame.marked:b frame.ignored:b frame.protocols:s
eth.dst:eth eth.src:eth eth.addr:eth eth.lg:b eth.ig:b eth.type:u2 eth.padding:by eth.trailer:by
sll.pkttype:u2 sll.hatype:u2 sll.halen:u2 sll.src.eth:eth sll.src.other:by sll.unused:by sll.etype:u2 sll.ifindex:u4
null.family:u4
ip.version:u1 ip.hdr_len:u1 ip.dsfield:u1 ip.dsfield.dscp:u1 ip.dsfield.ecn:u1 ip.len:u2 ip.id:u2
ip.flags:u1 ip.flags.rb:b ip.flags.df:b ip.flags.mf:b ip.frag_offset:u2 ip.ttl:u1 ip.proto:u1
ip.checksum:u2 ip.checksum.status:u1 ip.src:ip ip.dst:ip ip.addr:ip
tcp.srcport:u2 tcp.dstport:u2 tcp.port:u2 tcp.stream:u4 tcp.completeness:u1 tcp.len:u4 tcp.seq:u4
tcp.seq_raw:u4 tcp.nxtseq:u4 tcp.ack:u4 tcp.ack_raw:u4 tcp.hdr_len:u1 tcp.flags:u2 tcp.flags.res:b
tcp.flags.ae:b tcp.flags.cwr:b tcp.flags.ece:b tcp.flags.urg:b tcp.flags.ack:b tcp.flags.push:b
tcp.flags.reset:b tcp.flags.syn:b tcp.flags.fin:b tcp.flags.str:s tcp.window_size_value:u2
tcp.window_size:u4 tcp.checksum:u2 tcp.checksum.status:u1 tcp.urgent_pointer:u2 tcp.options:by
tcp.options.mss:n tcp.option_kind:u1 tcp.option_len:u1 tcp.options.mss_val:u2 tcp.options.sack_perm:n
tcp.options.timestamp:n tcp.options.timestamp.tsval:u4 tcp.options.timestamp.tsecr:u4 tcp.options.nop:n
tcp.options.wscale:n tcp.options.wscale.shift:u1 tcp.options.wscale.multiplier:u2 tcp.time_relative:d
tcp.time_delta:d tcp.analysis:n tcp.analysis.acks_frame:u4 tcp.analysis.ack_rtt:d
tcp.window_size_scalefactor:u4 tcp.analysis.initial_rtt:d tcp.analysis.bytes_in_flight:u4
tcp.analysis.push_bytes_sent:u4 tcp.payload:by
udp.srcport:u2 udp.dstport:u2 udp.port:u2 udp.length:u2 udp.checksum:u2 udp.checksum.status:u1
udp.stream:u4 udp.time_relative:d udp.time_delta:d udp.payload:by
data.data:by data.len:u4
arp.hw.type:u2 arp.proto.type:u2 arp.hw.size:u1 arp.proto.size:u1 arp.opcode:u2 arp.src.hw_mac:eth
arp.src.proto_ipv4:ip arp.dst.hw_mac:eth arp.dst.proto_ipv4:ip
icmp.type:u1 icmp.code:u1 icmp.checksum:u2 icmp.checksum.status:u1 icmp.ident:u2 icmp.ident_le:u2
icmp.seq:u2 icmp.seq_le:u2 icmp.data_time:t icmp.data_time_relative:d icmp.resp_to:u4 icmp.resptime:d
_ws.expert:n _ws.malformed:n
`;

export class FieldRegistry {
  private readonly fields = new Map<string, FieldType>();

  constructor() {
    for (const p of PROTOCOLS.split(' ')) this.fields.set(p, KINDS.p);
    for (const entry of DECLARED.split(/\s+/)) {
      if (entry === '') continue;
      const [name, kind] = entry.split(':');
      this.fields.set(name, KINDS[kind]);
    }
  }

  get(name: string): FieldType | undefined {
    return this.fields.get(name);
  }

  /** Adds a field a dissector produced that the declared list lacks, typed from its value. */
  learn(name: string, value: unknown): void {
    if (this.fields.has(name)) return;
    this.fields.set(name, inferType(name, value));
  }
}

function inferType(name: string, value: unknown): FieldType {
  if (!name.includes('.')) return KINDS.p;
  if (typeof value === 'boolean') return KINDS.b;
  if (typeof value === 'number') return Number.isInteger(value) ? KINDS.u8 : KINDS.d;
  if (typeof value === 'bigint') return KINDS.u8;
  if (typeof value === 'string') return KINDS.s;
  if (value instanceof Uint8Array) return KINDS.by;
  return KINDS.n;
}

/** Teaches the registry every field of some dissected trees (new dissectors need no list edit). */
export function learnFields(registry: FieldRegistry, trees: readonly ProtoTree[]): void {
  for (const n of trees) {
    if (n.field !== undefined) registry.learn(n.field, n.value);
    learnFields(registry, n.children);
  }
}

export const DEFAULT_REGISTRY = new FieldRegistry();
