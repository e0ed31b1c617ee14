// The imap process of one logged-in user (Dovecot src/imap): reads commands, keeps the selected
// mailbox's view (sequence numbers, the flags last sent, \Recent), and sends the untagged updates
// Dovecot sends at the end of commands (EXISTS/RECENT for new mail, EXPUNGE, FETCH FLAGS for
// changes made elsewhere). Tagged replies carry Dovecot's timing suffix "(0.001 + 0.000 secs)."
// (imap-client.c client_cmd_append_timing_stats; values vary between real runs). The commands
// themselves are in commands.ts.

import { parseArgs } from './args.ts';
import type { ImapArg } from './args.ts';
import { CommandReader } from './command-reader.ts';
import type { CommandPart } from './command-reader.ts';
import type { FetchCounters } from './fetch.ts';
import { parsePart } from './message.ts';
import type { MimePart } from './message.ts';
import type { ImapMailboxHandle, ImapMailboxSnapshot, ImapMailStore, ImapStoredMessage } from './store.ts';

/** imap_max_line_length default (64k): a longer line gets "Too long argument." */
export const IMAP_MAX_LINE = 65536;
/** Largest APPEND literal accepted (Dovecot has no limit without quota; this bounds memory). */
export const MAX_APPEND_LITERAL = 64 * 1024 * 1024;
/** imap-client.h CLIENT_MAX_BAD_COMMANDS. */
const MAX_BAD_COMMANDS = 20;

export interface SessionOptions {
  readonly store: ImapMailStore;
  readonly user: string;
  readonly now: () => number;
  readonly log?: (line: string) => void;
  readonly zone?: string;
}

/** A message of the selected mailbox as this session numbers it. */
export interface ViewMessage {
  readonly uid: number;
  /** Flags last sent to the client (\Recent included), to detect changes made elsewhere. */
  shown: string;
}

export interface Selected {
  readonly handle: ImapMailboxHandle;
  readonly name: string;
  readonly readOnly: boolean;
  /** Sequence number - 1 -> message. */
  view: ViewMessage[];
  snapshot: ImapMailboxSnapshot;
  byUid: Map<number, ImapStoredMessage>;
  readonly parsed: Map<number, { bytes: Uint8Array; root: MimePart }>;
  /**
   * CONDSTORE (RFC 7162) mod-sequences. Dovecot keeps them in its index; an mbox has none, so they
   * start at 1 when the mailbox is selected and grow with the changes this session sees.
   */
  readonly modseq: Map<number, number>;
  highestModseq: number;
}

export type SyncMode = 'full' | 'no-expunge' | 'none';

export interface CommandContext {
  readonly tag: string;
  /** Upper-case name, "UID FETCH" for UID commands. */
  readonly name: string;
  readonly uid: boolean;
  readonly args: readonly ImapArg[];
}

export type CommandHandler = (s: ImapSession, c: CommandContext) => void;

export interface CommandSpec {
  readonly handler: CommandHandler;
  /** Needs a selected mailbox ("BAD No mailbox selected."). */
  readonly selected?: boolean;
  /** Takes the raw parts (APPEND reads its literals itself). */
  readonly raw?: boolean;
}

const SYSTEM_ORDER = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

/** Flags as Dovecot writes them: system flags in its order, \Recent, then keywords. */
export function displayFlags(flags: readonly string[], recent: boolean): string {
  const out = SYSTEM_ORDER.filter((f) => flags.includes(f));
  if (recent) out.push('\\Recent');
  for (const f of flags) if (!f.startsWith('\\')) out.push(f);
  return out.join(' ');
}

export class ImapSession {
  readonly user: string;
  readonly store: ImapMailStore;
  readonly opts: SessionOptions;
  selected: Selected | null = null;
  closed = false;
  readonly counters: FetchCounters = { hdrCount: 0, hdrBytes: 0, bodyCount: 0, bodyBytes: 0 };
  deleted = 0;
  expunged = 0;
  /** CONDSTORE enabled (ENABLE CONDSTORE/QRESYNC, or a FETCH MODSEQ): MODSEQ shown in updates. */
  condstore = false;
  private readonly reader = new CommandReader(IMAP_MAX_LINE);
  private bad = 0;
  private inBytes = 0;
  private lastEol = 0;
  private outBytes = 0;
  private idle: { tag: string; since: number } | null = null;
  private lastCommand: { name: string; at: number } | null = null;

  constructor(
    opts: SessionOptions,
    private readonly commands: Readonly<Record<string, CommandSpec>>,
    private readonly emit: (chunk: string | Uint8Array) => void,
  ) {
    this.opts = opts;
    this.user = opts.user;
    this.store = opts.store;
  }

  get selectedName(): string | null {
    return this.selected?.name ?? null;
  }

  get idling(): boolean {
    return this.idle !== null;
  }

  /** The tagged OK of LOGIN/AUTHENTICATE, sent by the imap process (counted in out=). */
  loggedIn(tag: string, capabilities: string): void {
    this.send(`${tag} OK [CAPABILITY ${capabilities}] Logged in`);
  }

  // ---- input -----------------------------------------------------------------------------------

  /** Reads from segment[at..] until a command is handled or the segment ends; returns the offset. */
  receive(segment: Uint8Array, at: number): number {
    const { event, at: next } = this.reader.next(segment, at);
    switch (event.kind) {
      case 'need-more':
        return segment.length;
      case 'too-long': {
        // client_input(): the buffer is full; the rest of the line is skipped. The error names
        // what was read of the line: no tag yet, a tag but no command name, or both.
        const words = event.head.split(' ');
        this.inBytes += next - at;
        if (words.length < 2) this.commandError('', undefined, 'Too long argument.');
        else if (words.length < 3) this.commandError(words[0] ?? '', null, 'Too long argument.');
        else this.commandError(words[0] ?? '', (words[1] ?? '').toUpperCase(), 'Too long argument.');
        return next;
      }
      case 'literal': {
        const name = /^\S* +(\S+)/.exec(event.firstLine)?.[1]?.toUpperCase() ?? '';
        const limit = name === 'APPEND' ? MAX_APPEND_LITERAL : IMAP_MAX_LINE - event.firstLine.length;
        if (event.size > limit) {
          // imap-parser.c: "Literal size too large" is fatal (client_disconnect_with_error).
          this.send('* BYE Literal size too large');
          this.disconnect(`Literal size too large`);
          return segment.length;
        }
        if (event.sync) this.send('+ OK');
        this.reader.acceptLiteral();
        return next;
      }
      case 'line':
        this.inBytes += event.bytes;
        this.idleLine(event.text);
        return next;
      case 'command':
        this.inBytes += event.bytes;
        this.lastEol = event.eol;
        this.command(event.parts);
        return next;
    }
  }

  private command(parts: readonly CommandPart[]): void {
    const first = parts[0]?.kind === 'line' ? parts[0].text : '';
    const sp = first.indexOf(' ');
    const tag = sp < 0 ? first : first.slice(0, sp);
    let rest = sp < 0 ? '' : first.slice(sp + 1);
    const word = (): string => {
      const s = rest.indexOf(' ');
      const w = s < 0 ? rest : rest.slice(0, s);
      rest = s < 0 ? '' : rest.slice(s + 1);
      // Dovecot copies words as C strings: a NUL ends them.
      return w.split('\0')[0] ?? '';
    };
    let name = word();
    let uid = false;
    if (name.toUpperCase() === 'UID') {
      uid = true;
      name = `UID ${word()}`;
    }
    const upper = name.toUpperCase();
    if (name === '') {
      this.commandError(tag, null, 'Invalid command name', '0.000');
      return;
    }
    const spec = this.commands[uid ? upper.slice(4) : upper];
    if (spec === undefined || (uid && !['FETCH', 'STORE', 'COPY', 'MOVE', 'SEARCH', 'EXPUNGE', 'SORT', 'THREAD'].includes(upper.slice(4)))) {
      this.commandError(tag, upper, 'Unknown command.');
      return;
    }
    const parsed = parseArgs(rest, parts.slice(1));
    if ('error' in parsed) {
      this.commandError(tag, upper, parsed.error);
      return;
    }
    if (spec.selected === true && this.selected === null) {
      this.bad = 0;
      this.tagged(tag, 'BAD No mailbox selected.');
      return;
    }
    this.lastCommand = { name: upper, at: this.opts.now() };
    const badBefore = this.bad;
    spec.handler(this, { tag, name: upper, uid, args: parsed.args });
    if (this.bad === badBefore) this.bad = 0;
  }

  /**
   * client_send_command_error(): "BAD Error in IMAP command NAME: msg" (name null: no command name
   * read, undefined: not even the tag), counted as a bad command.
   */
  commandError(tag: string, name: string | null | undefined, msg: string, running = '0.001'): void {
    const text = name === undefined ? `BAD Error in IMAP tag: ${msg}` : name === null ? `BAD Error in IMAP command: ${msg}` : `BAD Error in IMAP command ${name}: ${msg}`;
    this.tagged(tag, text, running);
    if (++this.bad >= MAX_BAD_COMMANDS) {
      this.send('* BYE Too many invalid IMAP commands.');
      this.disconnect('Too many invalid IMAP commands.');
    }
  }

  // ---- IDLE (RFC 2177) -----------------------------------------------------------------------------

  startIdle(tag: string): void {
    this.idle = { tag, since: this.opts.now() };
    this.reader.rawLines = true;
    this.send('+ idling');
  }

  private idleLine(text: string): void {
    const idle = this.idle;
    this.idle = null;
    this.reader.rawLines = false;
    if (idle === null) return;
    this.sync('full');
    const waited = Math.max(0, this.opts.now() - idle.since);
    if (text.toUpperCase() === 'DONE') this.tagged(idle.tag, 'OK Idle completed.', '0.001', waited);
    else this.tagged(idle.tag, 'BAD Expected DONE.', '0.001', waited);
  }

  poll(): void {
    if (this.closed) return;
    if (this.idle !== null) this.sync('full');
  }

  keepalive(): void {
    if (this.idle !== null && !this.closed) this.send('* OK Still here');
  }

  timeout(): void {
    this.send('* BYE Disconnected for inactivity.');
    this.disconnect('Disconnected for inactivity');
  }

  peerClosed(): void {
    if (this.closed) return;
    const last = this.lastCommand;
    const detail = this.idle !== null ? ` (IDLE running for ${secs(this.opts.now() - this.idle.since)} secs)` : last !== null ? ` (${last.name} finished ${secs(this.opts.now() - last.at)} secs ago)` : '';
    this.opts.log?.(`Disconnected: Connection closed${detail} ${this.summary()}`);
    this.closeSelected();
    this.closed = true;
  }

  /** Ends the session after LOGOUT. */
  logout(tag: string): void {
    this.send('* BYE Logging out');
    this.tagged(tag, 'OK Logout completed.');
    // The CRLF of the LOGOUT line is not read yet when Dovecot logs (in= leaves it out).
    this.inBytes -= this.lastEol;
    this.opts.log?.(`Disconnected: Logged out ${this.summary()}`);
    this.closeSelected();
    this.closed = true;
  }

  private disconnect(reason: string): void {
    if (this.closed) return;
    this.opts.log?.(`Disconnected: ${reason} ${this.summary()}`);
    this.closeSelected();
    this.closed = true;
  }

  summary(): string {
    const c = this.counters;
    return `in=${this.inBytes} out=${this.outBytes} deleted=${this.deleted} expunged=${this.expunged} trashed=0 hdr_count=${c.hdrCount} hdr_bytes=${c.hdrBytes} body_count=${c.bodyCount} body_bytes=${c.bodyBytes}`;
  }

  // ---- selected mailbox --------------------------------------------------------------------------

  closeSelected(): void {
    this.selected?.handle.close();
    this.selected = null;
  }

  select(handle: ImapMailboxHandle, snapshot: ImapMailboxSnapshot): Selected {
    const byUid = new Map<number, ImapStoredMessage>();
    for (const m of snapshot.messages) byUid.set(m.uid, m);
    const sel: Selected = {
      handle,
      name: handle.name,
      readOnly: handle.readOnly,
      view: snapshot.messages.map((m) => ({ uid: m.uid, shown: displayFlags(m.flags, m.recent) })),
      snapshot,
      byUid,
      parsed: new Map(),
      modseq: new Map(snapshot.messages.map((m) => [m.uid, 1])),
      highestModseq: 1,
    };
    this.selected = sel;
    return sel;
  }

  /** The served bytes and MIME tree of a message, parsed once per session. */
  parsedMessage(m: ImapStoredMessage): { bytes: Uint8Array; root: MimePart } {
    const sel = this.selected;
    const hit = sel?.parsed.get(m.uid);
    if (hit !== undefined) return hit;
    const bytes = m.content();
    const p = { bytes, root: parsePart(bytes, 0, bytes.length) };
    sel?.parsed.set(m.uid, p);
    return p;
  }

  /** Re-reads the selected mailbox and sends what changed (Dovecot's imap_sync at command end). */
  sync(mode: SyncMode): void {
    const sel = this.selected;
    if (sel === null || mode === 'none') return;
    const snap = sel.handle.sync();
    if ('error' in snap) return;
    sel.snapshot = snap;
    sel.byUid = new Map(snap.messages.map((m) => [m.uid, m]));
    if (mode === 'full') {
      // Expunged elsewhere: highest sequence first, as imap-sync.c sends them.
      for (let i = sel.view.length - 1; i >= 0; i--) {
        const v = sel.view[i];
        if (v !== undefined && !sel.byUid.has(v.uid)) {
          sel.view.splice(i, 1);
          sel.parsed.delete(v.uid);
          this.send(`* ${i + 1} EXPUNGE`);
        }
      }
    }
    const known = new Set(sel.view.map((v) => v.uid));
    const last = sel.view[sel.view.length - 1]?.uid ?? 0;
    let added = false;
    for (const m of snap.messages) {
      if (known.has(m.uid) || m.uid <= last) continue;
      sel.view.push({ uid: m.uid, shown: displayFlags(m.flags, m.recent) });
      sel.highestModseq += 1;
      sel.modseq.set(m.uid, sel.highestModseq);
      added = true;
    }
    // Flags changed by another session or process.
    sel.view.forEach((v, i) => {
      const m = sel.byUid.get(v.uid);
      if (m === undefined) return;
      const now = displayFlags(m.flags, m.recent);
      if (now !== v.shown) {
        v.shown = now;
        this.send(`* ${i + 1} FETCH (FLAGS (${now})${this.modseqText(sel, v.uid, true)})`);
      }
    });
    if (added) {
      this.send(`* ${sel.view.length} EXISTS`);
      this.send(`* ${snap.messages.filter((m) => m.recent).length} RECENT`);
    }
  }

  /** " MODSEQ (n)" after a flag change when CONDSTORE is on (bump = the message just changed). */
  modseqText(sel: Selected, uid: number, bump: boolean): string {
    if (bump) {
      sel.highestModseq += 1;
      sel.modseq.set(uid, sel.highestModseq);
    }
    return this.condstore ? ` MODSEQ (${sel.modseq.get(uid) ?? 1})` : '';
  }

  // ---- output ----------------------------------------------------------------------------------

  send(text: string): void {
    this.write(`${text}\r\n`);
  }

  write(chunk: string | Uint8Array): void {
    this.outBytes += chunk.length;
    this.emit(chunk);
  }

  /**
   * A tagged reply with Dovecot's timing suffix: the final "." moves after
   * " (running + waiting secs)".
   */
  tagged(tag: string, text: string, running = '0.001', waitedMs = 0): void {
    const base = text.endsWith('.') ? text.slice(0, -1) : text;
    this.send(`${tag === '' ? '*' : tag} ${base} (${running} + ${secs(waitedMs)} secs).`);
  }

  /** Sync the selected mailbox as `mode` says, then the tagged reply. */
  finish(tag: string, text: string, mode: SyncMode = 'full'): void {
    this.sync(mode);
    this.tagged(tag, text);
  }
}

function secs(ms: number): string {
  return (Math.max(0, Math.round(ms)) / 1000).toFixed(3);
}
