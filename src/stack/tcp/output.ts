// Putting one segment on the wire (Linux tcp_transmit_skb): the header, options and payload are
// written straight into the frame buffer IpLayer.send hands us, with no intermediate segment
// object and no closure per segment (one writer object holds the fields of the segment in
// progress; IpLayer.send calls its `write` synchronously).
import type { Ipv4 } from '../../wire/addr.ts';
import { finishChecksum, onesComplementSum, pseudoHeaderSum } from '../../wire/checksum.ts';
import { TCP_ACK, TCP_RST, TCP_SYN, type TcpSegment } from '../../wire/tcp.ts';
import type { IpLayer, IpSendOptions, NetError } from '../transport.ts';
import { sackOptionLength, synOptionsLength, writeSack, writeSynOptions, writeTimestamps, type SynOffer } from './options.ts';
import type { SendBuffer } from './send-buffer.ts';
import type { Tcb, TcpCounters } from './tcb.ts';
import { RCV_WSCALE } from './tunables.ts';
import { initialWindow, selectWindow } from './window.ts';

const IPPROTO_TCP = 6;
/** Linux sets DF on TCP (path MTU discovery, RFC 1191). */
const SEND_OPTIONS: IpSendOptions = { dontFragment: true };

class SegmentWriter {
  src: Ipv4 = 0;
  dst: Ipv4 = 0;
  srcPort = 0;
  dstPort = 0;
  seq = 0;
  ack = 0;
  flags = 0;
  window = 0;
  readonly options = new Uint8Array(40);
  optionsLength = 0;
  payloadFrom: SendBuffer | null = null;
  payloadOffset = 0;
  payloadLength = 0;

  readonly write = (buf: Uint8Array, off: number): void => {
    const headerLength = 20 + this.optionsLength;
    const total = headerLength + this.payloadLength;
    buf[off] = this.srcPort >>> 8;
    buf[off + 1] = this.srcPort & 0xff;
    buf[off + 2] = this.dstPort >>> 8;
    buf[off + 3] = this.dstPort & 0xff;
    const seq = this.seq;
    buf[off + 4] = seq >>> 24;
    buf[off + 5] = (seq >>> 16) & 0xff;
    buf[off + 6] = (seq >>> 8) & 0xff;
    buf[off + 7] = seq & 0xff;
    const ack = this.ack;
    buf[off + 8] = ack >>> 24;
    buf[off + 9] = (ack >>> 16) & 0xff;
    buf[off + 10] = (ack >>> 8) & 0xff;
    buf[off + 11] = ack & 0xff;
    buf[off + 12] = (headerLength >>> 2) << 4;
    buf[off + 13] = this.flags;
    buf[off + 14] = this.window >>> 8;
    buf[off + 15] = this.window & 0xff;
    buf[off + 16] = 0;
    buf[off + 17] = 0;
    buf[off + 18] = 0;
    buf[off + 19] = 0;
    const options = this.options;
    for (let i = 0; i < this.optionsLength; i++) buf[off + 20 + i] = options[i];
    if (this.payloadLength > 0) {
      this.payloadFrom!.copyOut(this.payloadOffset, this.payloadLength, buf, off + headerLength);
    }
    const sum = onesComplementSum(buf, off, off + total, pseudoHeaderSum(this.src, this.dst, IPPROTO_TCP, total));
    const checksum = finishChecksum(sum);
    buf[off + 16] = checksum >>> 8;
    buf[off + 17] = checksum & 0xff;
  };

  send(ip: IpLayer, counters: TcpCounters): NetError | null {
    counters.outSegs++;
    if (this.flags & TCP_RST) counters.outRsts++;
    const length = 20 + this.optionsLength + this.payloadLength;
    const error = ip.send(this.src, this.dst, IPPROTO_TCP, length, this.write, SEND_OPTIONS);
    this.payloadFrom = null;
    return error;
  }
}

const writer = new SegmentWriter();

function address(tcb: Tcb): void {
  writer.src = tcb.localAddress;
  writer.dst = tcb.remoteAddress;
  writer.srcPort = tcb.localPort;
  writer.dstPort = tcb.remotePort;
}

/** Bookkeeping of every segment that carries an ACK (Linux tcp_event_ack_sent). */
function ackSent(tcb: Tcb): void {
  tcb.ackPending = false;
  tcb.delackAt = 0;
  // Quickack credit is spent only by ACKs of new data (Linux 6.1.y, "tcp: fix quick-ack counting").
  if (tcb.quickAcks > 0 && tcb.rcvNxt !== tcb.rcvWup) tcb.quickAcks--;
  tcb.rcvWup = tcb.rcvNxt;
}

/**
 * Sends a segment of a synchronized connection: `payloadLength` bytes of the send queue starting
 * at `seq` (the caller checked they are queued), with the Timestamps option when negotiated and
 * SACK blocks on pure ACKs while out-of-order data is held.
 */
export function transmit(tcb: Tcb, seq: number, flags: number, payloadLength: number): NetError | null {
  address(tcb);
  writer.seq = seq;
  writer.ack = flags & TCP_ACK ? tcb.rcvNxt : 0;
  writer.flags = flags;
  writer.window = selectWindow(tcb);
  let optionsLength = 0;
  if (tcb.tsOk) {
    optionsLength = writeTimestamps(writer.options, 0, tcb.tsNow(), tcb.tsRecent);
  }
  if (payloadLength === 0 && tcb.sackOk && flags === TCP_ACK && !tcb.reassembly.empty) {
    const blocks = tcb.reassembly.sackBlocks(tcb.tsOk ? 3 : 4);
    if (blocks.length > 0 && optionsLength + sackOptionLength(blocks.length) <= 40) {
      optionsLength += writeSack(writer.options, optionsLength, blocks);
    }
  }
  writer.optionsLength = optionsLength;
  if (payloadLength > 0) {
    writer.payloadFrom = tcb.sendBuf;
    writer.payloadOffset = (seq - tcb.bufSeq) >>> 0;
  }
  writer.payloadLength = payloadLength;
  tcb.segsOut++;
  if (flags & TCP_ACK) ackSent(tcb);
  return writer.send(tcb.host.ip, tcb.host.counters);
}

/** SYN (active open) or SYN-ACK (passive or simultaneous open) with the options negotiated so far. */
export function transmitSyn(tcb: Tcb): NetError | null {
  const synAck = tcb.state === 'SYN-RECEIVED';
  address(tcb);
  writer.seq = tcb.iss;
  writer.ack = synAck ? tcb.rcvNxt : 0;
  writer.flags = synAck ? TCP_SYN | TCP_ACK : TCP_SYN;
  // A SYN's window is never scaled (RFC 7323 §2.2); Linux rounds it to its segment size.
  writer.window = tcb.rcvSsthresh;
  const offer: SynOffer = {
    mss: tcb.advMss,
    sack: tcb.sackOk,
    ts: tcb.tsOk,
    tsval: tcb.tsNow(),
    tsecr: synAck ? tcb.tsRecent : 0,
    wscale: tcb.rcvWscale > 0 || !synAck ? tcb.rcvWscale : -1,
  };
  writer.optionsLength = synOptionsLength(offer);
  writeSynOptions(writer.options, 0, offer);
  writer.payloadLength = 0;
  tcb.segsOut++;
  if (synAck) ackSent(tcb);
  return writer.send(tcb.host.ip, tcb.host.counters);
}

/** The options, window scale and initial windows a SYN offers (what Linux offers by default). */
export function offerSynOptions(tcb: Tcb): void {
  tcb.sackOk = true;
  tcb.tsOk = true;
  tcb.rcvWscale = RCV_WSCALE;
  // Linux rounds to the MSS in a SYN (timestamps not negotiated yet): 64240 on Ethernet.
  tcb.rcvSsthresh = initialWindow(tcb.advMss);
}

/**
 * Zero-window probe: an ACK one byte behind what was acknowledged, so the peer answers with its
 * current window (Linux tcp_xmit_probe_skb; RFC 9293 §3.8.6.1 persist).
 */
export function transmitProbe(tcb: Tcb): void {
  transmit(tcb, (tcb.sndUna - 1) >>> 0, TCP_ACK, 0);
}

/**
 * RST answering a segment that belongs to no connection (RFC 9293 §3.10.7.1): if it had ACK,
 * <SEQ=SEG.ACK><CTL=RST>, else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Window 0, no
 * options, as Linux's tcp_v4_send_reset.
 */
export function sendResetFor(
  ip: IpLayer,
  counters: TcpCounters,
  local: Ipv4,
  remote: Ipv4,
  seg: TcpSegment,
): void {
  writer.src = local;
  writer.dst = remote;
  writer.srcPort = seg.dstPort;
  writer.dstPort = seg.srcPort;
  if (seg.flags & TCP_ACK) {
    writer.seq = seg.ack;
    writer.ack = 0;
    writer.flags = TCP_RST;
  } else {
    const segLen = seg.payload.length + (seg.flags & TCP_SYN ? 1 : 0) + (seg.flags & 0x01 ? 1 : 0);
    writer.seq = 0;
    writer.ack = (seg.seq + segLen) >>> 0;
    writer.flags = TCP_RST | TCP_ACK;
  }
  writer.window = 0;
  writer.optionsLength = 0;
  writer.payloadLength = 0;
  writer.send(ip, counters);
}
