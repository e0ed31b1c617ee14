// Every SMTP dialogue recorded from Debian 12's Postfix (../fidelity/smtp/sessions) replayed through
// the engine, line by line, with the log lines compared to ../fidelity/smtp/logs/mail.log.
//
// Normalized: queue IDs only. Postfix derives them from the queue file's inode number and the
// arrival microseconds, so two real runs never give the same ones; every other byte must match.

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Smtpd } from './smtpd.ts';
import { RecordingSink, recordingMachinePolicy } from './testing.ts';

const FIDELITY = new URL('../../../../../shared/fidelity/smtp/', import.meta.url);
const SESSIONS = new URL('sessions/', FIDELITY);

const normalizeIds = (s: string): string =>
  s.replace(/queued as [0-9A-F]{6,}/g, 'queued as QUEUEID').replace(/^[0-9A-F]{6,}: /gm, 'QUEUEID: ');

/** Replays the C: lines of a transcript and writes the dialogue back in the same S:/C: format. */
function replay(transcript: string, smtpd: Smtpd): string {
  const dec = new TextDecoder();
  const out: string[] = [];
  const show = (bytes: Uint8Array): void => {
    const text = dec.decode(bytes);
    expect(text === '' || text.endsWith('\r\n')).toBe(true);
    for (const line of text.split('\r\n').slice(0, -1)) out.push(`S: ${line}`);
  };
  show(smtpd.start());
  for (const line of transcript.split('\n')) {
    if (!line.startsWith('C: ')) continue;
    out.push(line);
    show(smtpd.receive(new TextEncoder().encode(`${line.slice(3)}\r\n`)));
  }
  if (smtpd.closed) out.push('[connection closed by server]');
  return out.join('\n') + '\n';
}

/** smtpd's lines of mail.log, without timestamp/host/pid, one array per connection. */
function recordedLogBlocks(): string[][] {
  const blocks: string[][] = [];
  for (const line of readFileSync(new URL('logs/mail.log', FIDELITY), 'utf8').split('\n')) {
    const m = /postfix\/smtpd\[\d+\]: (.*)$/.exec(line);
    if (m === null || m[1] === undefined || m[1].startsWith('table ')) continue;
    if (m[1].startsWith('connect from')) blocks.push([]);
    blocks[blocks.length - 1]?.push(m[1]);
  }
  return blocks;
}

// mail.log has 11 connections; the sessions folder holds 9 of their dialogues (07's two relay
// sessions were not kept as transcripts). Index of each transcript's connection in the log:
const LOG_BLOCK: Record<string, number> = {
  smtp_01_local_ehlo_lowercase: 0,
  smtp_02_remote_helo_uppercase: 1,
  smtp_03_remote_errors: 2,
  smtp_04_remote_recipients: 3,
  smtp_05_local_errors: 4,
  smtp_06_local_relay_deferred: 5,
  smtp_08_remote_relay_data: 8,
  smtp_09_local_alias_before_newaliases: 9,
  smtp_10_local_alias_after_newaliases: 10,
};

const files = readdirSync(SESSIONS).filter((f) => f.endsWith('.txt')).sort();

describe('smtpd replays the Debian 12 Postfix recordings', () => {
  it('covers every recorded session', () => {
    expect(files.map((f) => f.replace(/\.txt$/, ''))).toEqual(Object.keys(LOG_BLOCK));
  });

  const blocks = recordedLogBlocks();
  for (const file of files) {
    const name = file.replace(/\.txt$/, '');
    it(`${name}: every server line and log line as recorded`, () => {
      const transcript = readFileSync(new URL(file, SESSIONS), 'utf8');
      const local = name.includes('_local_');
      const logs: string[] = [];
      const sink = new RecordingSink();
      const smtpd = new Smtpd({
        // "local" = 127.0.0.1 (reverse name localhost), "remote" = 192.168.0.28 (no PTR: "unknown").
        clientName: local ? 'localhost' : 'unknown',
        clientAddress: local ? '127.0.0.1' : '192.168.0.28',
        // Session 10 ran after `newaliases` added "admin: etudiant"; session 09 before.
        policy: recordingMachinePolicy({ aliases: name.includes('after_newaliases') ? ['admin'] : [] }),
        sink,
        now: () => Date.UTC(2026, 10, 22, 3, 33, 55),
        log: (l) => logs.push(l),
      });
      expect(normalizeIds(replay(transcript, smtpd))).toBe(normalizeIds(transcript));
      expect(logs.map(normalizeIds)).toEqual((blocks[LOG_BLOCK[name] ?? -1] ?? []).map(normalizeIds));
      const queuedReplies = transcript.match(/queued as/g) ?? [];
      expect(sink.queued).toHaveLength(queuedReplies.length);
    });
  }
});
