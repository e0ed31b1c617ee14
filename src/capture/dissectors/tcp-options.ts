// TCP options (RFC 9293 §3.1, RFC 7323 timestamps and window scale, RFC 2018 SACK) as tree
// lines and as the `MSS=... SACK_PERM TSval=...` tail of the Info column.
import { add, generated, item, type ProtoTree } from './tree.ts';

export interface TcpOptionsSummary {
  node: ProtoTree;
  /** Info column words, in option order. */
  info: string[];
  /** Shift count of a window scale option, if present. */
  windowScale?: number;
  /** False when the options run past the header (Wireshark marks it malformed). */
  intact: boolean;
}

export function dissectTcpOptions(b: Uint8Array, start: number, end: number, relSeq: (raw: number) => number): TcpOptionsSummary {
  const node = item('', start, end - start, 'tcp.options');
  const names: string[] = [];
  const info: string[] = [];
  let windowScale: number | undefined;
  let intact = true;
  const u32 = (at: number) => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
  let at = start;
  while (at < end) {
    const kind = b[at];
    if (kind === 0) {
      names.push('End of Option List (EOL)');
      const o = add(node, item('TCP Option - End of Option List (EOL)', at, 1, 'tcp.option_kind', 0));
      add(o, item('Kind: End of Option List (0)', at, 1, 'tcp.option_kind', 0));
      at++;
      continue; // Wireshark keeps showing what follows (padding EOLs)
    }
    if (kind === 1) {
      names.push('No-Operation (NOP)');
      const o = add(node, item('TCP Option - No-Operation (NOP)', at, 1, 'tcp.options.nop'));
      add(o, item('Kind: No-Operation (1)', at, 1, 'tcp.option_kind', 1));
      at++;
      continue;
    }
    if (at + 2 > end || b[at + 1] < 2 || at + b[at + 1] > end) {
      intact = false;
      break;
    }
    const len = b[at + 1];
    const lengthItem = item(`Length: ${len}`, at + 1, 1, 'tcp.option_len', len);
    if (kind === 2 && len === 4) {
      const mss = (b[at + 2] << 8) | b[at + 3];
      names.push('Maximum segment size');
      info.push(`MSS=${mss}`);
      const o = add(node, item(`TCP Option - Maximum segment size: ${mss} bytes`, at, len, 'tcp.options.mss'));
      o.children.push(item('Kind: Maximum Segment Size (2)', at, 1, 'tcp.option_kind', 2), lengthItem);
      add(o, item(`MSS Value: ${mss}`, at + 2, 2, 'tcp.options.mss_val', mss));
    } else if (kind === 3 && len === 3) {
      const shift = b[at + 2];
      const mult = 2 ** Math.min(shift, 14);
      windowScale = shift;
      names.push('Window scale');
      info.push(`WS=${mult}`);
      const o = add(node, item(`TCP Option - Window scale: ${shift} (multiply by ${mult})`, at, len, 'tcp.options.wscale'));
      o.children.push(item('Kind: Window Scale (3)', at, 1, 'tcp.option_kind', 3), lengthItem);
      add(o, item(`Shift count: ${shift}`, at + 2, 1, 'tcp.options.wscale.shift', shift));
      add(o, generated(`Multiplier: ${mult}`, 'tcp.options.wscale.multiplier', mult));
    } else if (kind === 4 && len === 2) {
      names.push('SACK permitted');
      info.push('SACK_PERM');
      const o = add(node, item('TCP Option - SACK permitted', at, len, 'tcp.options.sack_perm'));
      o.children.push(item('Kind: SACK Permitted (4)', at, 1, 'tcp.option_kind', 4), lengthItem);
    } else if (kind === 5 && (len - 2) % 8 === 0) {
      names.push('SACK');
      const edges: string[] = [];
      const o = add(node, item('', at, len, 'tcp.options.sack'));
      o.children.push(item('Kind: SACK (5)', at, 1, 'tcp.option_kind', 5), lengthItem);
      for (let e = at + 2; e + 8 <= at + len; e += 8) {
        const le = relSeq(u32(e));
        const re = relSeq(u32(e + 4));
        edges.push(`${le}-${re}`);
        info.push(`SLE=${le}`, `SRE=${re}`);
        add(o, item(`left edge = ${le} (relative)`, e, 4, 'tcp.options.sack_le', le));
        add(o, item(`right edge = ${re} (relative)`, e + 4, 4, 'tcp.options.sack_re', re));
      }
      o.label = `TCP Option - SACK ${edges.join(' ')}`;
    } else if (kind === 8 && len === 10) {
      const tsval = u32(at + 2);
      const tsecr = u32(at + 6);
      names.push('Timestamps');
      info.push(`TSval=${tsval}`, `TSecr=${tsecr}`);
      const o = add(node, item(`TCP Option - Timestamps: TSval ${tsval}, TSecr ${tsecr}`, at, len, 'tcp.options.timestamp'));
      o.children.push(item('Kind: Time Stamp Option (8)', at, 1, 'tcp.option_kind', 8), lengthItem);
      add(o, item(`Timestamp value: ${tsval}`, at + 2, 4, 'tcp.options.timestamp.tsval', tsval));
      add(o, item(`Timestamp echo reply: ${tsecr}`, at + 6, 4, 'tcp.options.timestamp.tsecr', tsecr));
    } else {
      names.push('Unknown');
      const o = add(node, item(`TCP Option - Unknown (${kind})`, at, len, 'tcp.options.unknown'));
      o.children.push(item(`Kind: Unknown (${kind})`, at, 1, 'tcp.option_kind', kind), lengthItem);
    }
    at += len;
  }
  node.label = `Options: (${end - start} bytes)${names.map((n) => ', ' + n).join('')}`;
  return { node, info, windowScale, intact };
}
