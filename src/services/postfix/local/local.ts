// local(8): delivery to $mydestination recipients. aliases(5) come from the aliases.db that
// newaliases built (never /etc/aliases itself), then the passwd user gets the message appended to
// /var/mail/USER in mbox format (created USER:mail 0600) after the Return-Path:, X-Original-To:
// and Delivered-To: headers, with "From " body lines quoted (mbox.ts).
import type { Credentials, FileSystem } from '../../../os/fs/types.ts';
import type { UserDb } from '../../../os/users/user-db.ts';
import { appendMessages, concat, deliveryMessage } from '../../mail/mbox.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const enc = new TextEncoder();
/** Alias expansion depth limit (local(8) uses 100 for loops). */
const MAX_DEPTH = 100;

export interface LocalRequest {
  readonly fs: FileSystem;
  readonly queueId: string;
  readonly sender: string;
  /** The recipient as qmgr hands it (qualified) and as the client first gave it. */
  readonly recipient: string;
  readonly original: string;
  readonly content: Uint8Array;
  /** Local wall-clock time of the delivery in ms, already shifted to the zone (From_ line). */
  readonly localNowMs: number;
  readonly myorigin: string;
  readonly localDomains: ReadonlySet<string>;
  /** The alias_maps tables (aliases.db), lower-case keys. */
  readonly aliases: ReadonlyMap<string, string[]>;
  readonly users: UserDb;
  readonly mailboxSizeLimit: number;
  readonly recipientDelimiter: string;
  readonly mailSpoolDirectory: string;
}

/** One final delivery, logged as one status line. */
export interface LocalResult {
  readonly recipient: string;
  readonly status: 'sent' | 'bounced' | 'deferred';
  readonly dsn: string;
  readonly text: string;
  /** A non-local alias target: qmgr sends a new message there. */
  readonly forwardTo?: string;
}

function splitAt(address: string): { local: string; domain: string | null } {
  const at = address.lastIndexOf('@');
  return at < 0 ? { local: address, domain: null } : { local: address.slice(0, at), domain: address.slice(at + 1) };
}

function isLocal(req: LocalRequest, address: string): boolean {
  const { domain } = splitAt(address);
  return domain === null || req.localDomains.has(domain.toLowerCase());
}

export function deliverLocal(req: LocalRequest): LocalResult[] {
  const out: LocalResult[] = [];
  expand(req, req.aliases, req.recipient, 0, new Set(), out);
  return out;
}

function qualify(req: LocalRequest, address: string): string {
  return address.includes('@') ? address : `${address}@${req.myorigin}`;
}

function expand(req: LocalRequest, aliases: ReadonlyMap<string, string[]>, address: string, depth: number, seen: Set<string>, out: LocalResult[]): void {
  const { local } = splitAt(address);
  let key = local.toLowerCase();
  if (req.recipientDelimiter !== '' && !aliases.has(key)) {
    const cut = key.indexOf(req.recipientDelimiter);
    if (cut > 0) key = key.slice(0, cut);
  }
  const targets = aliases.get(key);
  if (targets !== undefined && !seen.has(key) && depth < MAX_DEPTH) {
    seen.add(key);
    for (const raw of targets) {
      const t = raw.trim();
      if (t === '') continue;
      if (t.startsWith('|')) {
        out.push({ recipient: qualify(req, address), status: 'sent', dsn: '2.0.0', text: `delivered to command: ${t.slice(1).trim()}` });
      } else if (t.startsWith('/')) {
        out.push(deliverToFile(req, qualify(req, address), t, null));
      } else if (t.toLowerCase().startsWith(':include:')) {
        out.push({ recipient: qualify(req, address), status: 'bounced', dsn: '5.3.5', text: `mail system configuration error` });
      } else if (!isLocal(req, t)) {
        out.push({ recipient: t, status: 'sent', dsn: '2.0.0', text: 'forwarded', forwardTo: t });
      } else if (splitAt(t).local.toLowerCase() === key) {
        // "user: user" (or a loop back to itself): the user's own mailbox.
        out.push(deliverToMailbox(req, qualify(req, t), splitAt(t).local.toLowerCase()));
      } else {
        expand(req, aliases, qualify(req, t), depth + 1, seen, out);
      }
    }
    return;
  }
  out.push(deliverToMailbox(req, qualify(req, address), key));
}

function deliverToMailbox(req: LocalRequest, recipient: string, user: string): LocalResult {
  const entry = req.users.userByName(user);
  if (entry === undefined) return { recipient, status: 'bounced', dsn: '5.1.1', text: `unknown user: "${user}"` };
  const dir = req.mailSpoolDirectory.replace(/\/+$/, '');
  return deliverToFile(req, recipient, `${dir}/${user}`, { uid: entry.uid, user });
}

/** Appends one mbox message in one write, so a refused delivery leaves the file as it was. */
function deliverToFile(req: LocalRequest, recipient: string, path: string, owner: { uid: number; user: string } | null): LocalResult {
  const st = req.fs.stat(path, ROOT);
  const head = enc.encode(`Return-Path: <${req.sender}>\nX-Original-To: ${req.original}\nDelivered-To: ${req.recipient}\n`);
  const message = deliveryMessage(req.sender, req.localNowMs, concat([head, req.content]));
  const bytes = appendMessages(new Uint8Array(0), [message]);
  const what = owner === null ? `file ${path}` : `mailbox ${path} for user ${owner.user}`;
  const size = st.ok ? st.value.size : 0;
  if (req.mailboxSizeLimit > 0 && size + bytes.length > req.mailboxSizeLimit) {
    return { recipient, status: 'bounced', dsn: '5.2.2', text: `cannot update ${what}. error writing message: File too large` };
  }
  const w = req.fs.writeFile(path, bytes, ROOT, { mode: 0o600, append: true });
  if (!w.ok) return { recipient, status: 'deferred', dsn: '4.2.0', text: `cannot update ${what}. cannot open file: ${w.errno === 'ENOENT' ? 'No such file or directory' : 'Permission denied'}` };
  if (!st.ok && owner !== null) {
    const mailGid = req.users.groupByName('mail')?.gid ?? 8;
    req.fs.chown(path, owner.uid, mailGid, ROOT);
    req.fs.chmod(path, 0o600, ROOT);
  }
  return { recipient, status: 'sent', dsn: '2.0.0', text: owner === null ? `delivered to file: ${path}` : 'delivered to mailbox' };
}
