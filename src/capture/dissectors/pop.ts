// POP3 (RFC 1939) as Wireshark's packet-pop.c: `C: USER etudiant`, `S: +OK ...`; the lines after a
// status line are shown as they are; a server segment that starts with neither +OK nor -ERR
// continues a multi-line answer (RETR, TOP, LIST...) and goes to IMF (`POP/IMF`).
import { dissectImfInFrame } from './imf.ts';
import type { Packet } from './packet.ts';
import {
  formatText,
  splitLines,
  textLabel,
} from './text.ts';
import { add, buildingTree, item } from './tree.ts';


export const POP3_PORT = 110;

const textOf = (b: Uint8Array, from: number, to: number) => formatText(b, from, to);

export function dissectPop(packet: Packet, offset: number, end: number): number {
  const full = buildingTree();
  const b = packet.bytes;
  const t = packet.transport;
  packet.layers.push('pop');
  packet.cols.protocol = 'POP';
  const node = item('Post Office Protocol', offset, end - offset, 'pop');
  packet.tree.push(node);
  const request = t === undefined || t.dstPort === POP3_PORT;
  const lines = splitLines(b, offset, end);
  if (lines.length === 0) return 0;
  const first = lines[0];
  const firstText = textOf(b, first.start, first.textEnd);
  const status = firstText.startsWith('+OK') || firstText.startsWith('-ERR');
  if (!request && !status) {
    dissectImfInFrame(packet, offset, end);
    return end - offset;
  }
  packet.cols.info = `${request ? 'C' : 'S'}: ${firstText}`;
  const space = firstText.indexOf(' ');
  const word = space < 0 ? firstText : firstText.slice(0, space);
  const rest = space < 0 ? '' : firstText.slice(space + 1);
  const line = add(node, item(full ? formatText(b, first.start, first.next) : '', first.start, first.next - first.start, request ? 'pop.request' : 'pop.response'));
  const wordLen = space < 0 ? first.textEnd - first.start : space;
  const restAt = first.start + wordLen + 1;
  if (request) {
    add(line, item(`Request command: ${word}`, first.start, wordLen, 'pop.request.command', word));
    if (space >= 0) add(line, item(full ? textLabel('Request parameter', rest) : '', restAt, first.textEnd - restAt, 'pop.request.parameter', rest));
  } else {
    add(line, item(`Response indicator: ${word}`, first.start, wordLen, 'pop.response.indicator', word));
    if (space >= 0) add(line, item(full ? textLabel('Response description', rest) : '', restAt, first.textEnd - restAt, 'pop.response.description', rest));
  }
  for (const l of lines.slice(1)) {
    add(node, item(full ? formatText(b, l.start, l.next) : '', l.start, l.next - l.start, request ? 'pop.request.data' : 'pop.response.data'));
  }
  return end - offset;
}
