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
  /** UDP conversations by address/port pair, in order of first appearance. */
  readonly udp = new Map<string, UdpStream>();
  /** Echo requests by `src dst id seq`, so the reply can say `(request in N)`. */
  readonly echoRequests = new Map<string, EchoRequest>();
  /** SMTP sessions by TCP stream index: whether the client is sending message DATA. */
  readonly smtp = new Map<number, SmtpSession>();
  /** IMAP sessions by TCP stream index: requests by tag, for [Request In]. */
  readonly imap = new Map<number, ImapSession>();
  /** DNS queries awaiting their response, by `udp stream:transaction id`. */
  readonly dns = new Map<string, DnsQuery>();
}
