// Real tshark as the judge of our bytes: every capture a test writes must dissect without a
// malformed packet, a bad checksum or an expert warning/error. CI installs tshark (.ci/run), so
// these checks never skip there; on a developer machine without it they fail with a hint.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Wireshark leaves checksum validation off by default; we want it on.
const CHECKSUM_PREFS = [
  '-o', 'ip.check_checksum:TRUE',
  '-o', 'tcp.check_checksum:TRUE',
  '-o', 'udp.check_checksum:TRUE',
];

export function requireTshark(): void {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error('tshark is not installed: apt-get install tshark (CI does it in .ci/run)');
  }
}

export function writeTemp(name: string, bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'netsim-'));
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

export function tshark(file: string, args: string[] = []): string {
  return execFileSync('tshark', ['-r', file, ...CHECKSUM_PREFS, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C.UTF-8', TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // `-V` of a few minutes on a shared link (background traffic) passes the 1 MiB default.
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Summary lines (`tshark -r FILE`), trimmed. */
export function summary(file: string, filter?: string): string[] {
  const out = tshark(file, filter ? ['-Y', filter] : []);
  return out.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}

/**
 * Every complaint tshark has about a capture: expert infos of severity warning or error (from
 * `-z expert`), malformed packets and bad checksums (from `-V`). Empty means clean.
 */
export function complaints(file: string): string[] {
  const out: string[] = [];
  const expert = tshark(file, ['-q', '-z', 'expert']);
  let section = '';
  for (const line of expert.split('\n')) {
    const head = /^(Errors|Warnings|Notes|Chats) \(\d+\)/.exec(line);
    if (head) section = head[1];
    else if ((section === 'Errors' || section === 'Warnings') && /^\s+\d+\s/.test(line)) out.push(`${section}: ${line.trim()}`);
  }
  const detail = tshark(file, ['-V']);
  for (const line of detail.split('\n')) {
    if (/Malformed Packet|\[Checksum Status: Bad\]|Bad checksum|\[Expert Info \((Error|Warning)/.test(line)) out.push(line.trim());
  }
  return out;
}
