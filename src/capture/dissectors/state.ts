// What dissection remembers from one frame to the next (Wireshark's conversations), in the order
// frames are dissected: TCP streams, UDP streams, ICMP echo requests awaiting their reply.
import type { DnsQuery } from './dns.ts';
import type { ImapSession } from './imap.ts';
import type { SmtpSession } from './smtp.ts';
import { TcpStreams } from './tcp-stream.ts';

export interface EchoRequest {
  frame: number;
  timeNs: bigint;
  /** The reply that answered it (a later sighting of the same reply matches nothing). */
  replyFrame?: number;
}

export interface UdpStream {
  index: number;
  firstNs: bigint;
  lastNs: bigint;
}

export class CaptureState {
  readonly tcp = new TcpStreams();
  /** UDP conversations by lower endpoint then higher (address * 65536 + port), numbered in order of first appearance. */
  private readonly udp = new Map<number, Map<number, UdpStream>>();
  private udpCount = 0;
  /** Echo requests by `src dst id seq`, so the reply can say `(request in N)`. */
  readonly echoRequests = new Map<string, EchoRequest>();
  /** SMTP sessions by TCP stream index: whether the client is sending message DATA. */
  readonly smtp = new Map<number, SmtpSession>();
  /** IMAP sessions by TCP stream index: requests by tag, for [Request In]. */
  readonly imap = new Map<number, ImapSession>();
  /** DNS queries awaiting their response, by (udp stream + 1) * 65536 + transaction id. */
  readonly dns = new Map<number, DnsQuery>();

  /** The UDP conversation of a datagram, made when first seen. */
  udpStream(srcIp: number, srcPort: number, dstIp: number, dstPort: number, timeNs: bigint): UdpStream {
    const a = srcIp * 65536 + srcPort;
    const b = dstIp * 65536 + dstPort;
    let byHigh = this.udp.get(a <= b ? a : b);
    if (byHigh === undefined) this.udp.set(a <= b ? a : b, (byHigh = new Map()));
    let stream = byHigh.get(a <= b ? b : a);
    if (stream === undefined) {
      stream = { index: this.udpCount++, firstNs: timeNs, lastNs: timeNs };
      byHigh.set(a <= b ? b : a, stream);
    }
    return stream;
  }
}
