// `tshark -q -z follow,tcp,ascii|hex,N` (ui/cli/tap-follow.c in Wireshark 4.0): the stream's
// payload in capture order, each chunk tagged by direction (server side indented by a tab).
import type { FrameInput, SummaryRow } from '../dissect-capture.ts';
import { tcpSegments, type TcpSegment } from './tcp-segments.ts';

const RULE = '='.repeat(67);

interface Chunk {
  /** Whether the chunk comes from node 1 (the side that did not send the first segment). */
  server: boolean;
  data: Uint8Array;
}

interface Fragment {
  seq: number;
  data: Uint8Array;
}

/** One direction's reassembly: the next byte expected and what arrived beyond a hole. */
interface Direction {
  next?: number;
  fragments: Fragment[];
}

const encoder = new TextEncoder();

/**
 * The stream as tshark's follow tap rebuilds it: only data not seen before (a resend repeats
 * bytes the reader already has, RFC 9293 §3.10.7.4), data beyond a hole held back until the
 * peer's ACK shows the hole will never fill, which is then marked `[N bytes missing in capture
 * file]` (with the C string's terminating NUL, as tshark prints it).
 */
function chunks(segments: readonly TcpSegment[]): Chunk[] {
  const out: Chunk[] = [];
  const dirs: [Direction, Direction] = [{ fragments: [] }, { fragments: [] }];
  const first = segments[0];

  const emit = (dir: number, data: Uint8Array): void => {
    if (data.length > 0) out.push({ server: dir === 1, data });
  };
  /** Appends what the fragments add at the expected place, trimming bytes already had. */
  const drain = (dir: number): void => {
    const d = dirs[dir];
    for (let progress = true; progress; ) {
      progress = false;
      for (const f of d.fragments) {
        const behind = ((d.next ?? f.seq) - f.seq) | 0;
        if (behind < 0) continue;
        d.fragments.splice(d.fragments.indexOf(f), 1);
        if (behind < f.data.length) {
          emit(dir, f.data.subarray(behind));
          d.next = (f.seq + f.data.length) >>> 0;
        }
        progress = true;
        break;
      }
    }
  };
  /** The peer acknowledged past a hole: give up on the missing bytes and show what followed. */
  const acknowledged = (dir: number, ack: number): void => {
    const d = dirs[dir];
    while (d.next !== undefined && d.fragments.length > 0 && ((ack - d.next) | 0) > 0) {
      const f = d.fragments.reduce((a, b) => (((b.seq - a.seq) | 0) < 0 ? b : a));
      if (((f.seq - ack) | 0) >= 0) break;
      const gap = (f.seq - d.next) | 0;
      if (gap > 0) {
        emit(dir, encoder.encode(`[${gap} bytes missing in capture file]\0`));
        d.next = f.seq;
      }
      drain(dir);
    }
  };

  for (const s of segments) {
    const dir = s.srcAddr === first.srcAddr && s.srcPort === first.srcPort ? 0 : 1;
    const d = dirs[dir];
    if (s.ackRaw !== undefined) acknowledged(1 - dir, s.ackRaw);
    if (s.syn) {
      d.next = (s.seqRaw + 1) >>> 0;
      continue;
    }
    if (s.payload.length === 0) continue;
    d.next ??= s.seqRaw;
    d.fragments.push({ seq: s.seqRaw, data: s.payload });
    drain(dir);
  }
  return out;
}

function ascii(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

function asciiChunk(c: Chunk): string {
  // Line ends pass through; every other unprintable byte becomes a dot.
  let text = '';
  for (const b of c.data) text += b === 0x0d || b === 0x0a ? String.fromCharCode(b) : ascii(b);
  return `${c.server ? '\t' : ''}${c.data.length}\n${text}\n`;
}

function hexChunk(c: Chunk, start: number): string {
  let out = '';
  for (let at = 0; at < c.data.length; at += 16) {
    const line = c.data.subarray(at, at + 16);
    let hex = '';
    let text = '';
    for (let i = 0; i < 16; i++) {
      if (i === 8) {
        hex += ' ';
        if (i < line.length) text += ' ';
      }
      hex += i < line.length ? line[i].toString(16).padStart(2, '0') + ' ' : '   ';
      if (i < line.length) text += ascii(line[i]);
    }
    const offset = (start + at).toString(16).toUpperCase().padStart(8, '0');
    out += `${c.server ? '\t' : ''}${offset}  ${hex} ${text}\n`;
  }
  return out;
}

export function followTcp(rows: readonly SummaryRow[], frames: readonly FrameInput[], stream: number, mode: 'ascii' | 'hex'): string {
  const segments = tcpSegments(rows, frames).filter((s) => s.stream === stream);
  let out = `\n${RULE}\nFollow: tcp,${mode}\nFilter: tcp.stream eq ${stream}\n`;
  if (segments.length === 0) {
    out += 'Node 0: :0\nNode 1: :0\n';
  } else {
    const a = segments[0];
    out += `Node 0: ${a.srcAddr}:${a.srcPort}\nNode 1: ${a.dstAddr}:${a.dstPort}\n`;
    const sent = [0, 0];
    for (const c of chunks(segments)) {
      const side = c.server ? 1 : 0;
      out += mode === 'ascii' ? asciiChunk(c) : hexChunk(c, sent[side]);
      sent[side] += c.data.length;
    }
  }
  return out + `${RULE}\n`;
}
