// The header summary line of mail(1): mailutils' default `headline` "%>%a%4m %18f %-16d %3l/%-5o %s"
// (mail/from.c format_headline): each field is padded to its width and cut to what is left of
// (columns - 2); widths are in bytes, as strlen counts them (so a French date is cut to
// "dim. nov. 22 03:"). The sender is the From: header's personal name or address, the date the
// envelope's (From_ line) in the LC_TIME locale.
import { strftime } from '../lib/strftime.ts';
import type { Locale } from '../lib/locale.ts';
import { binaryToText, headerValue, messageSize, type MailMessage } from './mailbox.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Epoch ms of a From_ line date ("Sun Nov 22 03:33:55 2026"), read as UTC; NaN if unreadable. */
export function envelopeDateMs(date: string): number {
  const m = /^\w{3} (\w{3}) +(\d+) (\d\d):(\d\d)(?::(\d\d))?.*?(\d{4})/.exec(date);
  if (!m) return Number.NaN;
  const mon = MONTHS.indexOf(m[1]);
  return Date.UTC(Number(m[6]), mon, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5] ?? '0'));
}

/** RFC 2047 encoded words (=?charset?B|Q?...?=), UTF-8 and latin1. */
export function decodeRfc2047(s: string): string {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_all, charset: string, kind: string, text: string) => {
    let bytes: Uint8Array;
    if (kind.toUpperCase() === 'B') {
      const b = base64(text);
      if (b === null) return _all;
      bytes = b;
    } else {
      const t = text.replace(/_/g, ' ');
      const out: number[] = [];
      for (let i = 0; i < t.length; i++) {
        if (t[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) {
          out.push(Number.parseInt(t.slice(i + 1, i + 3), 16));
          i += 2;
        } else out.push(t.charCodeAt(i) & 0xff);
      }
      bytes = Uint8Array.from(out);
    }
    const cs = charset.toLowerCase();
    if (cs === 'utf-8' || cs === 'utf8') return dec.decode(bytes);
    return String.fromCharCode(...bytes);
  });
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(text: string): Uint8Array | null {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of text.replace(/=+$/, '')) {
    const v = B64.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** The personal name of an address if it has one, else the address itself. */
export function senderName(from: string): string {
  const lt = from.indexOf('<');
  if (lt >= 0) {
    const personal = from.slice(0, lt).trim().replace(/^"(.*)"$/, '$1').trim();
    if (personal !== '') return personal;
    const gt = from.indexOf('>', lt);
    return from.slice(lt + 1, gt < 0 ? undefined : gt).trim();
  }
  const comment = /\(([^)]*)\)/.exec(from);
  const addr = from.replace(/\([^)]*\)/g, '').trim();
  if (addr === '' && comment) return comment[1].trim();
  return addr.split(',')[0].trim();
}

export function senderOf(m: MailMessage): string {
  const from = headerValue(m, 'From');
  if (from === null) return '';
  return decodeRfc2047(binaryToText(senderName(from)));
}

export function subjectOf(m: MailMessage): string {
  const s = headerValue(m, 'Subject');
  return s === null ? '' : decodeRfc2047(binaryToText(s));
}

/** The attribute letter of %a. */
export function attributeLetter(m: MailMessage): string {
  if (m.mboxed) return 'M';
  if (m.preserved) return 'P';
  if (m.saved) return '*';
  if (m.shown) return 'R';
  if (!m.seen) return 'N';
  if (!m.read) return 'U';
  return ' ';
}

interface Segment {
  text: Uint8Array;
  width: number;
  right: boolean;
}

function seg(text: string, width: number, right = false): Segment {
  return { text: enc.encode(text), width, right };
}

export function headline(m: MailMessage, num: number, current: boolean, columns: number, timeLoc: Locale): string {
  const { lines, octets } = messageSize(m);
  const ms = envelopeDateMs(m.date);
  const date = Number.isNaN(ms) ? '' : strftime('%a %b %e %H:%M', ms, timeLoc);
  const segments: Segment[] = [
    seg(current ? '>' : ' ', 0),
    seg(attributeLetter(m), 0),
    seg(String(num), 4, true),
    seg(' ', 0),
    seg(senderOf(m), 18),
    seg(' ', 0),
    seg(date, 16),
    seg(' ', 0),
    seg(String(lines), 3, true),
    seg('/', 0),
    seg(String(octets), 5),
    seg(' ', 0),
    seg(subjectOf(m), 0),
  ];
  const screen = Math.max(0, columns - 2);
  let used = 0;
  const out: number[] = [];
  for (const s of segments) {
    const rest = Math.max(0, screen - used);
    let width = s.width > 0 ? s.width : s.text.length;
    if (width > rest) width = rest;
    const len = Math.min(s.text.length, width);
    const pad = Array<number>(width - len).fill(0x20);
    if (s.right) out.push(...pad, ...s.text.subarray(0, len));
    else out.push(...s.text.subarray(0, len), ...pad);
    used += width;
  }
  return dec.decode(Uint8Array.from(out)) + '\n';
}
