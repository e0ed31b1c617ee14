// smtp(8): delivery of one message to the recipients of one next-hop domain. MX records first
// (RFC 5321 section 5.1: lowest preference first, then the domain's own address when it has no MX),
// addresses from DNS only (smtp_host_lookup = dns), port 25, then EHLO, MAIL, RCPT, DATA with
// PIPELINING when offered, QUIT. Texts of failures are Postfix 3.7's (smtp_addr.c, smtp_proto.c).
import type { Process } from '../../../os/program.ts';
import { queryDns } from '../../../os/resolver/index.ts';
import { DNS_TYPE_A, DNS_TYPE_MX } from '../../../wire/dns.ts';
import { formatIpv4, parseIpv4, type Ipv4 } from '../../../wire/addr.ts';
import { connectErrorText, SmtpClientConnection, type SmtpReply } from './smtp-connection.ts';

export interface SmtpRecipientResult {
  readonly address: string;
  readonly status: 'sent' | 'deferred' | 'bounced';
  readonly dsn: string;
  readonly text: string;
  readonly relay: string;
  /** A server's own refusal, for the bounce report's Remote-MTA / Diagnostic-Code. */
  readonly remote?: { readonly mta: string; readonly reply: string };
}

export interface SmtpDeliveryRequest {
  /** The smtp process: its sockets and resolver queries. */
  readonly proc: Process;
  readonly nexthop: string;
  /** relayhost in [brackets]: no MX lookup. */
  readonly noMx: boolean;
  readonly port: number;
  readonly sender: string;
  readonly recipients: readonly string[];
  readonly content: Uint8Array;
  readonly size: number;
  readonly myhostname: string;
  readonly ipv6Enabled: boolean;
  readonly connectTimeout: number;
  /** $smtp_tls_security_level: "may" tries STARTTLS when offered, "encrypt" requires it. */
  readonly tlsLevel: string;
  /** "connect to H[IP]:25: Network is unreachable" lines. */
  readonly log: (line: string) => void;
  /** Set when the TCP connection is up and when the transmission starts (delays c and d). */
  readonly mark?: (what: 'connected') => void;
}

const REPLY_TIMEOUT = 300;

interface Target {
  readonly host: string;
  readonly address: Ipv4;
}

type Lookup = { ok: true; targets: Target[] } | { ok: false; dsn: string; text: string; permanent: boolean };

function dnsErrorText(error: string): string {
  switch (error) {
    case 'NXDOMAIN':
      return 'Host not found';
    case 'NODATA':
      return 'No address associated with hostname';
    default:
      return 'Host not found, try again';
  }
}

function notFound(name: string, type: string, error: string): Lookup {
  const permanent = error === 'NXDOMAIN' || error === 'NODATA';
  return {
    ok: false,
    dsn: permanent ? '5.4.4' : '4.4.3',
    text: `Host or domain name not found. Name service error for name=${name} type=${type}: ${dnsErrorText(error)}`,
    permanent,
  };
}

/** A records of one host; a numeric "[1.2.3.4]" next hop needs no lookup. */
async function hostAddresses(req: SmtpDeliveryRequest, host: string): Promise<{ ok: true; addresses: Ipv4[] } | { ok: false; error: string }> {
  const literal = /^\[(.*)\]$/.exec(host);
  const numeric = parseIpv4(literal !== null ? (literal[1] ?? '') : host);
  if (numeric !== null) return { ok: true, addresses: [numeric] };
  const r = await queryDns(req.proc, host, DNS_TYPE_A, { search: false });
  if (!r.ok) return { ok: false, error: r.error };
  const addresses: Ipv4[] = [];
  for (const rr of r.message.answers) if (rr.data.kind === 'A') addresses.push(rr.data.address);
  return addresses.length > 0 ? { ok: true, addresses } : { ok: false, error: 'NODATA' };
}

async function findTargets(req: SmtpDeliveryRequest): Promise<Lookup> {
  // With inet_protocols = all the last lookup of a host is AAAA, which is what Postfix reports.
  const lastType = req.ipv6Enabled ? 'AAAA' : 'A';
  const domain = req.nexthop;
  if (!req.noMx && parseIpv4(domain) === null && !domain.startsWith('[')) {
    const mx = await queryDns(req.proc, domain, DNS_TYPE_MX, { search: false });
    if (mx.ok) {
      const records: { pref: number; host: string }[] = [];
      for (const rr of mx.message.answers) if (rr.data.kind === 'MX') records.push({ pref: rr.data.preference, host: rr.data.exchange.replace(/\.$/, '') });
      records.sort((a, b) => a.pref - b.pref);
      if (records.length > 0) {
        const targets: Target[] = [];
        let lastError = 'NXDOMAIN';
        let lastHost = records[0]?.host ?? domain;
        for (const rec of records) {
          const a = await hostAddresses(req, rec.host);
          if (a.ok) for (const address of a.addresses) targets.push({ host: rec.host, address });
          else {
            lastError = a.error;
            lastHost = rec.host;
          }
        }
        return targets.length > 0 ? { ok: true, targets } : notFound(lastHost, lastType, lastError);
      }
    } else if (mx.error !== 'NXDOMAIN' && mx.error !== 'NODATA') {
      return notFound(domain, 'MX', mx.error);
    }
  }
  const a = await hostAddresses(req, domain);
  if (!a.ok) return notFound(domain.replace(/^\[|\]$/g, ''), lastType, a.error);
  return { ok: true, targets: a.addresses.map((address) => ({ host: domain.replace(/^\[|\]$/g, ''), address })) };
}

function all(req: SmtpDeliveryRequest, status: 'deferred' | 'bounced', dsn: string, text: string, relay: string, remote?: { mta: string; reply: string }): SmtpRecipientResult[] {
  return req.recipients.map((address) => ({ address, status, dsn, text, relay, remote }));
}

/** The enhanced status code of a reply ("550 5.1.1 ..." -> 5.1.1), else one from the reply code. */
function dsnOf(reply: SmtpReply): string {
  const m = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply.lines[0] ?? '');
  if (m !== null && m[1] !== undefined) return m[1];
  return reply.code >= 500 ? '5.0.0' : '4.0.0';
}

/** Dot-stuffing and CRLF line ends for DATA (RFC 5321 section 4.5.2). */
function dataBytes(content: Uint8Array): Uint8Array {
  const out: number[] = [];
  let lineStart = true;
  for (let i = 0; i < content.length; i++) {
    const b = content[i] ?? 0;
    if (lineStart && b === 0x2e) out.push(0x2e);
    if (b === 0x0a) {
      out.push(0x0d, 0x0a);
      lineStart = true;
    } else {
      out.push(b);
      lineStart = false;
    }
  }
  if (!lineStart) out.push(0x0d, 0x0a);
  out.push(0x2e, 0x0d, 0x0a);
  return new Uint8Array(out);
}

export async function deliverSmtp(req: SmtpDeliveryRequest): Promise<SmtpRecipientResult[]> {
  const found = await findTargets(req);
  if (!found.ok) return all(req, found.permanent ? 'bounced' : 'deferred', found.dsn, found.text, 'none');
  let lastError = '';
  for (const target of found.targets) {
    const where = `${target.host}[${formatIpv4(target.address)}]`;
    const opened = await SmtpClientConnection.open(req.proc, target.address, req.port, req.connectTimeout);
    if (!(opened instanceof SmtpClientConnection)) {
      lastError = `connect to ${where}:${req.port}: ${connectErrorText(opened)}`;
      req.log(lastError);
      continue;
    }
    req.mark?.('connected');
    return session(req, opened, where);
  }
  return all(req, 'deferred', '4.4.1', lastError, 'none');
}

async function session(req: SmtpDeliveryRequest, c: SmtpClientConnection, where: string): Promise<SmtpRecipientResult[]> {
  const relay = `${where}:${req.port}`;
  const lost = (stage: string): SmtpRecipientResult[] => {
    c.close();
    return all(req, 'deferred', '4.4.2', `lost connection with ${where} while ${stage}`, relay);
  };
  const refused = (reply: SmtpReply, command: string): SmtpRecipientResult[] => {
    c.write('QUIT\r\n');
    c.close();
    const permanent = reply.code >= 500;
    const text = `host ${where} said: ${reply.text} (in reply to ${command} command)`;
    return all(req, permanent ? 'bounced' : 'deferred', dsnOf(reply), text, relay, { mta: where, reply: reply.text });
  };
  const banner = await c.readReply(REPLY_TIMEOUT);
  if (banner === null) return lost('receiving the initial server greeting');
  if (banner.code !== 220) {
    c.write('QUIT\r\n');
    c.close();
    const text = `host ${where} refused to talk to me: ${banner.text}`;
    return all(req, banner.code >= 500 ? 'bounced' : 'deferred', dsnOf(banner), text, relay, { mta: where, reply: banner.text });
  }
  c.write(`EHLO ${req.myhostname}\r\n`);
  let ehlo = await c.readReply(REPLY_TIMEOUT);
  if (ehlo === null) return lost('performing the EHLO handshake');
  const features = new Set<string>();
  if (ehlo.code !== 250) {
    c.write(`HELO ${req.myhostname}\r\n`);
    ehlo = await c.readReply(REPLY_TIMEOUT);
    if (ehlo === null) return lost('performing the HELO handshake');
    if (ehlo.code !== 250) return refused(ehlo, 'HELO');
  } else {
    for (const line of ehlo.lines.slice(1)) features.add((line.slice(4).split(' ')[0] ?? '').toUpperCase());
  }
  if (features.has('STARTTLS') && (req.tlsLevel === 'may' || req.tlsLevel === 'encrypt')) {
    // The simulation has no TLS: a server that accepts would leave us unable to go on; ours answer 454.
    c.write('STARTTLS\r\n');
    const tls = await c.readReply(REPLY_TIMEOUT);
    if (tls === null) return lost('sending STARTTLS');
    if (tls.code === 220 || req.tlsLevel === 'encrypt') {
      c.write('QUIT\r\n');
      c.close();
      return all(req, 'deferred', '4.7.5', `TLS is required, but our TLS engine is unavailable`, relay);
    }
    // smtp_proto.c: with level "may", a refused STARTTLS means plaintext on the same connection.
  } else if (req.tlsLevel === 'encrypt') {
    c.write('QUIT\r\n');
    c.close();
    return all(req, 'deferred', '4.7.4', `TLS is required, but was not offered by host ${where}`, relay);
  }
  const params = features.has('SIZE') ? ` SIZE=${req.size}` : '';
  const eightBit = req.content.some((b) => b >= 0x80);
  const body = eightBit && features.has('8BITMIME') ? ' BODY=8BITMIME' : '';
  const mail = `MAIL FROM:<${req.sender}>${params}${body}\r\n`;
  const rcpts = req.recipients.map((r) => `RCPT TO:<${r}>${features.has('DSN') ? ` ORCPT=rfc822;${r}` : ''}\r\n`);
  const pipelining = features.has('PIPELINING');
  // MAIL, every RCPT and DATA in one write when the server pipelines (RFC 2920), else one by one.
  if (pipelining) c.write(mail + rcpts.join('') + 'DATA\r\n');
  else c.write(mail);
  const mailReply = await c.readReply(REPLY_TIMEOUT);
  if (mailReply === null) return lost('sending MAIL FROM');
  if (mailReply.code !== 250) {
    if (pipelining) {
      for (let i = 0; i < rcpts.length + 1; i++) await c.readReply(REPLY_TIMEOUT);
    }
    return refused(mailReply, 'MAIL FROM');
  }
  const results: SmtpRecipientResult[] = [];
  const accepted: string[] = [];
  for (let i = 0; i < req.recipients.length; i++) {
    const address = req.recipients[i] ?? '';
    if (!pipelining) c.write(rcpts[i] ?? '');
    const r = await c.readReply(REPLY_TIMEOUT);
    if (r === null) return lost('sending RCPT TO');
    if (r.code === 250 || r.code === 251) accepted.push(address);
    else {
      results.push({
        address,
        status: r.code >= 500 ? 'bounced' : 'deferred',
        dsn: dsnOf(r),
        text: `host ${where} said: ${r.text} (in reply to RCPT TO command)`,
        relay,
        remote: { mta: where, reply: r.text },
      });
    }
  }
  if (!pipelining && accepted.length > 0) c.write('DATA\r\n');
  if (!pipelining && accepted.length === 0) {
    c.write('QUIT\r\n');
    c.close();
    return results;
  }
  const go = await c.readReply(REPLY_TIMEOUT);
  if (go === null) return lost('sending DATA');
  if (go.code !== 354) {
    c.write(accepted.length === 0 ? 'QUIT\r\n' : 'RSET\r\nQUIT\r\n');
    c.close();
    if (accepted.length === 0) return results;
    const text = `host ${where} said: ${go.text} (in reply to DATA command)`;
    for (const address of accepted) results.push({ address, status: go.code >= 500 ? 'bounced' : 'deferred', dsn: dsnOf(go), text, relay, remote: { mta: where, reply: go.text } });
    return results;
  }
  c.write(dataBytes(req.content));
  const end = await c.readReply(REPLY_TIMEOUT);
  if (end === null) return lost('sending end of data -- message may be sent more than once');
  c.write('QUIT\r\n');
  await c.readReply(5);
  c.close();
  for (const address of accepted) {
    if (end.code === 250) results.push({ address, status: 'sent', dsn: dsnOf(end).startsWith('2') ? dsnOf(end) : '2.0.0', text: end.text, relay });
    else {
      const text = `host ${where} said: ${end.text} (in reply to end of DATA command)`;
      results.push({ address, status: end.code >= 500 ? 'bounced' : 'deferred', dsn: dsnOf(end), text, relay, remote: { mta: where, reply: end.text } });
    }
  }
  return results;
}
