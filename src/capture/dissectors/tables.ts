// The dissector tables: how each layer finds the next (Wireshark's dissector_add_uint).
// Application protocols register on udpPort/tcpPort here, never inside the transport dissectors.
import { ETHERTYPE_ARP, ETHERTYPE_IPV4 } from '../../wire/ethernet.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../../wire/ipv4.ts';
import { dissectArp } from './arp.ts';
import { dissectData } from './data.ts';
import { DHCP_CLIENT_PORT, DHCP_SERVER_PORT, dissectDhcp } from './dhcp.ts';
import { dissectDns, DNS_PORT } from './dns.ts';
import { dissectLinuxSll, dissectLinuxSll2, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2 } from './linux-cooked.ts';
import { dissectLoop, dissectNull, LINKTYPE_LOOP, LINKTYPE_NULL } from './null-loopback.ts';
import { dissectEthernet } from './ethernet.ts';
import { dissectIcmp } from './icmp.ts';
import { dissectImap, IMAP_PORT } from './imap.ts';
import { dissectIpv4 } from './ipv4.ts';
import type { Dissector, DissectorTables } from './packet.ts';
import { dissectPop, POP3_PORT } from './pop.ts';
import { dissectSmtp, SMTP_PORT } from './smtp.ts';
import { dissectTcp } from './tcp.ts';
import { dissectUdp } from './udp.ts';

export const DEFAULT_TABLES: DissectorTables = {
  ethertype: new Map<number, Dissector>([
    [ETHERTYPE_IPV4, dissectIpv4],
    [ETHERTYPE_ARP, dissectArp],
  ]),
  ipProto: new Map<number, Dissector>([
    [IPPROTO_ICMP, dissectIcmp],
    [IPPROTO_TCP, dissectTcp],
    [IPPROTO_UDP, dissectUdp],
  ]),
  udpPort: new Map<number, Dissector>([
    [DNS_PORT, dissectDns],
    [DHCP_SERVER_PORT, dissectDhcp],
    [DHCP_CLIENT_PORT, dissectDhcp],
  ]),
  tcpPort: new Map<number, Dissector>([
    [SMTP_PORT, dissectSmtp],
    [POP3_PORT, dissectPop],
    [IMAP_PORT, dissectImap],
  ]),
  data: dissectData,
};

/** Link-layer header types (tcpdump.org LINKTYPE_*) to their dissector. */
export const LINKTYPES: ReadonlyMap<number, Dissector> = new Map([
  [1, dissectEthernet],
  [LINKTYPE_LINUX_SLL, dissectLinuxSll],
  [LINKTYPE_LINUX_SLL2, dissectLinuxSll2],
  [LINKTYPE_NULL, dissectNull],
  [LINKTYPE_LOOP, dissectLoop],
]);
