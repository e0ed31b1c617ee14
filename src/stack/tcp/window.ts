// The receive window we advertise (RFC 9293 §3.8.6.2.2, RFC 7323 §2), computed like Linux
// (tcp_select_initial_window, __tcp_select_window, tcp_select_window) because students read it in
// every capture: 64240 in a SYN on Ethernet, then 502 (x128 = 64256) once scaled.
import { seqLt } from '../../wire/tcp.ts';
import type { Tcb } from './tcb.ts';
import { RCV_WINDOW_CLAMP } from './tunables.ts';

/**
 * Unscaled window of a SYN or SYN-ACK: the initial receive space (64 KiB, tcp_rmem[1]/2) rounded
 * down to a multiple of the segment size, at most 65535.
 */
export function initialWindow(segmentSize: number): number {
  let space = 65536;
  if (space > segmentSize) space -= space % segmentSize;
  return Math.min(space, 65535);
}

/**
 * The window field of a segment sent now, remembering the right edge it promises. The window
 * is the free receive space capped by rcvSsthresh (which grows as bulk data arrives), rounded
 * up to a whole scale unit, and never moves the right edge left.
 */
export function selectWindow(tcb: Tcb): number {
  let win = RCV_WINDOW_CLAMP - tcb.recvQueued - tcb.reassembly.bytes;
  if (win > tcb.rcvSsthresh) win = tcb.rcvSsthresh;
  if (win < 0) win = 0;
  const current = (tcb.rcvAdvEdge - tcb.rcvNxt) | 0;
  if (win < current) win = current;
  const shift = tcb.rcvWscale;
  let field = shift === 0 ? win : Math.ceil(win / (1 << shift));
  if (field > 0xffff) field = 0xffff;
  const edge = (tcb.rcvNxt + field * (1 << shift)) >>> 0;
  if (seqLt(tcb.rcvAdvEdge, edge)) tcb.rcvAdvEdge = edge;
  return field;
}
