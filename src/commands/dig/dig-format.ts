// What dig 9.18 prints (bin/dig/dig.c printmessage/received, lib/dns/message.c section and
// pseudosection text, bin/dig/dighost.c errors), sans IO: the caller runs the query and hands
// over the messages, the server, the timing and the date text.
import { DNS_RCODE_FORMERR, DNS_RCODE_NOTIMP, EDNS_OPTION_COOKIE, EDNS_OPTION_NSID } from '../../wire/dns.ts';
import type { DnsMessage, DnsRecord } from '../../wire/dns.ts';
import type { DigOptions } from './dig-options.ts';
import { hexText, questionLine, rdataText, recordLine } from './dns-text.ts';

export const DIG_VERSION = '9.18.49-1~deb12u3-Debian';
/** `dig -v` (written on stderr by dig). */
export const DIG_VERSION_LINE = `DiG ${DIG_VERSION}\n`;
/** Exit statuses of dig(1). */
export const DIG_EXIT_OK = 0;
export const DIG_EXIT_USAGE = 1;
export const DIG_EXIT_NO_REPLY = 9;

const OPCODES = ['QUERY', 'IQUERY', 'STATUS', 'RESERVED3', 'NOTIFY', 'UPDATE'];
const RCODES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

function opcodeText(op: number): string {
  return OPCODES[op] ?? `RESERVED${op}`;
}

/** rcode_totext with the EDNS extended bits (RFC 6891 §6.1.3); 16 is BADVERS. */
export function rcodeText(msg: DnsMessage): string {
  const code = ((msg.edns?.extendedRcode ?? 0) << 4) | msg.rcode;
  if (code === 16) return 'BADVERS';
  if (code === 23) return 'BADCOOKIE';
  // dig's rcode_totext prefixes a bare number with '?'.
  return RCODES[code] ?? (code < 16 ? `RESERVED${code}` : `?${code}`);
}

/** The command line as dig echoes it, and how many addresses @server gave. */
export interface DigCommand {
  options: DigOptions;
  /** dig's arguments as typed, without argv[0]. */
  args: readonly string[];
  /** Addresses found for @server (the `; (1 server found)` line); ignored without @server. */
  serversFound?: number;
}

/**
 * The banner (+cmd): blank line, `; <<>> DiG VERSION <<>> ARGS`, `; (N servers found)` when
 * @server was given, `;; global options: +cmd`. dig prints it once the first lookup is over.
 */
export function digBanner(cmd: DigCommand): string {
  // printmessage: the command line is printed only `if (!short_form && printcmd)`.
  if (!cmd.options.cmd || cmd.options.short) return '';
  let s = `\n; <<>> DiG ${DIG_VERSION} <<>>${cmd.args.map((a) => ' ' + a).join('')}\n`;
  if (cmd.options.server !== undefined) {
    const n = cmd.serversFound ?? 1;
    s += `; (${n} server${n === 1 ? '' : 's'} found)\n`;
  }
  s += `;; global options:${cmd.options.short ? ' +short' : ''} +cmd\n`;
  return s;
}

export interface DigReply extends DigCommand {
  /** The query dig sent (its COOKIE decides `(good)`). */
  query: DnsMessage;
  response: DnsMessage;
  /** The server's address and port as dig talked to it. */
  serverAddress: string;
  serverPort: number;
  transport: 'UDP' | 'TCP';
  queryTimeMs: number;
  /** Bytes of the response. */
  messageSize: number;
  /** The WHEN text: strftime "%a %b %d %H:%M:%S %Z %Y" in the host's time zone. */
  when: string;
}

function flagsText(m: DnsMessage): string {
  let s = '';
  if (m.qr) s += ' qr';
  if (m.aa) s += ' aa';
  if (m.tc) s += ' tc';
  if (m.rd) s += ' rd';
  if (m.ra) s += ' ra';
  if (m.ad) s += ' ad';
  if (m.cd) s += ' cd';
  if (m.z) s += '; MBZ: 0x4';
  return s;
}

/** The `;; ->>HEADER<<-` and `;; flags:` lines (also what host -v prints). */
export function messageHeaderLines(m: DnsMessage): string {
  const additional = m.additional.length + (m.edns === undefined ? 0 : 1);
  return (
    `;; ->>HEADER<<- opcode: ${opcodeText(m.opcode)}, status: ${rcodeText(m)}, id: ${m.id}\n` +
    `;; flags:${flagsText(m)}; QUERY: ${m.questions.length}, ANSWER: ${m.answers.length}, AUTHORITY: ${m.authority.length}, ADDITIONAL: ${additional}\n`
  );
}

function headerText(reply: DigReply): string {
  const m = reply.response;
  let s = ';; Got answer:\n';
  if (m.questions.some((q) => /(^|\.)local\.$/i.test(q.name))) {
    s += ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n';
  }
  s += messageHeaderLines(m);
  if (m.rd && !m.ra) s += ';; WARNING: recursion requested but not available\n';
  if (reply.query.edns !== undefined && m.edns === undefined && (m.rcode === DNS_RCODE_FORMERR || m.rcode === DNS_RCODE_NOTIMP)) {
    s += `\n;; WARNING: EDNS query returned status ${rcodeText(m)} - retry with '+noedns'\n`;
  }
  return s + '\n';
}

/** printable ASCII of an option, '.' for the rest (message.c, NSID and unknown options). */
function asciiText(data: Uint8Array): string {
  let s = '';
  for (const b of data) s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  return s;
}

/** `;; OPT PSEUDOSECTION:` (message.c dns_message_pseudosectiontotext, DNS_PSEUDOSECTION_OPT). */
function optText(reply: DigReply): string {
  const e = reply.response.edns;
  if (e === undefined) return '';
  let s = ';; OPT PSEUDOSECTION:\n';
  s += `; EDNS: version: ${e.version}, flags:${e.dnssecOk ? ' do' : ''}; `;
  if (e.z !== 0) s += `MBZ: 0x${e.z.toString(16).padStart(4, '0')}, `;
  s += `udp: ${e.udpPayloadSize}\n`;
  const sent = reply.query.edns?.options.find((o) => o.code === EDNS_OPTION_COOKIE)?.data;
  for (const opt of e.options) {
    if (opt.code === EDNS_OPTION_COOKIE) {
      s += `; COOKIE: ${hexText(opt.data)}`;
      // dighost.c process_cookie: the client half must be the one sent.
      if (sent !== undefined && opt.data.length >= 8) {
        const same = sent.subarray(0, 8).every((b, i) => b === opt.data[i]);
        s += same ? ' (good)' : ' (bad)';
      }
      s += '\n';
    } else if (opt.code === EDNS_OPTION_NSID) {
      s += `; NSID: ${hexText(opt.data)} ("${asciiText(opt.data)}")\n`;
    } else {
      s += `; OPT=${opt.code}: ${hexText(opt.data)} ("${asciiText(opt.data)}")\n`;
    }
  }
  return s;
}

/** A section: header and trailing blank line only with comments (DNS_MESSAGETEXTFLAG_NOHEADERS). */
function sectionText(title: string, lines: string[], comments: boolean): string {
  if (lines.length === 0) return '';
  const body = lines.map((l) => l + '\n').join('');
  return comments ? `;; ${title} SECTION:\n${body}\n` : body;
}

function records(rrs: DnsRecord[]): string[] {
  return rrs.map(recordLine);
}

/** The statistics block and its trailing blank line (dig.c received). */
function statsText(reply: DigReply): string {
  return (
    `;; Query time: ${reply.queryTimeMs} msec\n` +
    `;; SERVER: ${reply.serverAddress}#${reply.serverPort}(${reply.options.server ?? reply.serverAddress}) (${reply.transport})\n` +
    `;; WHEN: ${reply.when}\n` +
    `;; MSG SIZE  rcvd: ${reply.messageSize}\n\n`
  );
}

/** Everything dig writes on stdout for a lookup that got an answer (exit status 0). */
export function formatDigReply(reply: DigReply): string {
  const o = reply.options;
  const m = reply.response;
  let s = digBanner(reply);
  if (o.short) {
    // +short: the answer's rdata only, one per line.
    for (const rr of m.answers) s += rdataText(rr.data) + '\n';
    return s;
  }
  if (o.comments) s += headerText(reply) + optText(reply);
  if (o.question) {
    s += sectionText(
      'QUESTION',
      m.questions.map((q) => questionLine(q.name, q.type, q.class)),
      o.comments,
    );
  }
  if (o.answer) s += sectionText('ANSWER', records(m.answers), o.comments);
  if (o.authority) s += sectionText('AUTHORITY', records(m.authority), o.comments);
  if (o.additional) s += sectionText('ADDITIONAL', records(m.additional), o.comments);
  if (o.stats) s += statsText(reply);
  return s;
}

/** What a failed attempt is reported as (isc_result_totext of the socket error). */
export type DigCommError = 'connection refused' | 'timed out' | 'network unreachable' | 'host unreachable';

/** One failed attempt, on stderr: `;; communications error to 127.0.0.1#5353: connection refused`. */
export function formatDigCommError(serverAddress: string, serverPort: number, error: DigCommError): string {
  return `;; communications error to ${serverAddress}#${serverPort}: ${error}\n`;
}

/**
 * A UDP socket that could not be set up (connect failed: no route), on stderr:
 * `;; UDP setup with 10.9.9.9#53(10.9.9.9) for www.example.org failed: network unreachable.`
 */
export function formatDigSetupError(serverAddress: string, serverPort: number, name: string, error: DigCommError): string {
  const shown = name.length > 1 ? name.replace(/\.$/, '') : name;
  return `;; UDP setup with ${serverAddress}#${serverPort}(${serverAddress}) for ${shown} failed: ${error}.\n`;
}

/**
 * After the last attempt failed: the banner on stdout, then `;; no servers could be reached` on
 * stderr; dig exits with DIG_EXIT_NO_REPLY. (9.18 reports a timeout through the same two messages,
 * `timed out` per attempt, where 9.16 printed `;; connection timed out; no servers could be reached`.)
 */
export function formatDigNoServers(cmd: DigCommand): { stdout: string; stderr: string } {
  return { stdout: digBanner(cmd), stderr: ';; no servers could be reached\n' };
}
