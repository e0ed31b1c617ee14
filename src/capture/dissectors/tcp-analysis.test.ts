// The SEQ/ACK analysis markers, on synthetic conversations: the Info texts below are what real
// tshark 4.0 printed for the same frames, and where tshark is installed (always in CI) the whole
// packet list and every detail tree are compared with it line by line.
import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dissectCapture, formatSummaryLine, type SummaryRow } from '../dissect-capture.ts';
import { writePcap } from '../pcap.ts';
import { readCapture } from '../pcap-reader.ts';
import { RESEND_AND_DUP_ACKS, SCENARIOS, SMTP_RESENT_GREETING, SMTP_WITH_LOSS, scenarioFrames, scenarioInput, type Scenario } from '../testing/tcp-scenarios.ts';
import { treeLines } from './tree.ts';

const info = (scenario: Scenario): string[] => dissectCapture(scenarioInput(scenario)).map((r) => r.info);

describe('TCP sequence analysis marks what Wireshark marks', () => {
  it('flags a resend, a window update, duplicate ACKs, a hole, a keep-alive and an ACK past the hole', () => {
    expect(info(RESEND_AND_DUP_ACKS).slice(3)).toEqual([
      '40000 → 33000 [PSH, ACK] Seq=1 Ack=1 Win=64240 Len=10',
      '[TCP Retransmission] 40000 → 33000 [PSH, ACK] Seq=1 Ack=1 Win=64240 Len=10',
      '33000 → 40000 [ACK] Seq=1 Ack=11 Win=65160 Len=0',
      '[TCP Window Update] 33000 → 40000 [ACK] Seq=1 Ack=11 Win=65000 Len=0',
      '[TCP Dup ACK 6#1] 33000 → 40000 [ACK] Seq=1 Ack=11 Win=65000 Len=0',
      '[TCP Dup ACK 6#2] 33000 → 40000 [ACK] Seq=1 Ack=11 Win=65000 Len=0',
      '[TCP Previous segment not captured] 40000 → 33000 [PSH, ACK] Seq=21 Ack=1 Win=64240 Len=10',
      '[TCP Keep-Alive] 40000 → 33000 [ACK] Seq=30 Ack=1 Win=64240 Len=0',
      '[TCP ACKed unseen segment] 33000 → 40000 [ACK] Seq=1 Ack=31 Win=65000 Len=0',
      '40000 → 33000 [FIN, ACK] Seq=31 Ack=1 Win=64240 Len=0',
    ]);
  });

  it('keeps the marker in front of the application Info and tells out-of-order from fast retransmission', () => {
    expect(info(SMTP_WITH_LOSS).slice(3)).toEqual([
      'S: 220 mx ESMTP',
      '40000 → 25 [ACK] Seq=1 Ack=15 Win=64240 Len=0',
      '[TCP Previous segment not captured] S: 250 ok',
      '[TCP Keep-Alive] 40000 → 25 [ACK] Seq=0 Ack=15 Win=64240 Len=0',
      '[TCP Keep-Alive ACK] 25 → 40000 [ACK] Seq=33 Ack=1 Win=65160 Len=0',
      'C: QUIT',
      'C: NOOP',
      '[TCP Out-Of-Order] 40000 → 25 [PSH, ACK] Seq=1 Ack=15 Win=64240 Len=6',
      '[TCP Dup ACK 2#1] 25 → 40000 [ACK] Seq=33 Ack=1 Win=65160 Len=0',
      '[TCP Dup ACK 2#2] 25 → 40000 [ACK] Seq=33 Ack=1 Win=65160 Len=0',
      '[TCP Fast Retransmission] C: QUIT',
      '25 → 40000 [ACK] Seq=33 Ack=13 Win=65160 Len=0',
      '[TCP ACKed unseen segment] 40000 → 25 [FIN, ACK] Seq=13 Ack=33 Win=64240 Len=0',
    ]);
  });

  it('does not hand resent or out-of-order data to the application again', () => {
    const rows = dissectCapture(scenarioInput(SMTP_RESENT_GREETING));
    expect(rows.map((r) => r.protocol).slice(3)).toEqual(['SMTP', 'TCP', 'SMTP', 'SMTP', 'TCP', 'SMTP', 'SMTP', 'TCP']);
    expect(treeLines(rows[4].tree)).toContain('    Retransmitted TCP segment data (14 bytes)');
  });

  it('puts the expert info and the RTO under [TCP Analysis Flags]', () => {
    const lines = treeLines(dissectCapture(scenarioInput(RESEND_AND_DUP_ACKS))[4].tree);
    const at = lines.indexOf('        [TCP Analysis Flags]');
    expect(lines.slice(at + 1, at + 7)).toEqual([
      '            [Expert Info (Note/Sequence): This frame is a (suspected) retransmission]',
      '                [This frame is a (suspected) retransmission]',
      '                [Severity level: Note]',
      '                [Group: Sequence]',
      '            [The RTO for this segment was: 0.297000000 seconds]',
      '            [RTO based on delta from frame: 4]',
    ]);
  });
});

function which(tool: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
const TSHARK = which('tshark');
const IN_CI = Boolean(process.env.CI);
const dir = mkdtempSync(join(tmpdir(), 'tcp-analysis-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(args: string[]): string {
  if (TSHARK === '') throw new Error('tshark missing: CI must install the tshark package (see .ci/run)');
  return execFileSync(TSHARK, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The scenario written to a pcap, read back the way `netsim dissect` reads a file. */
function pcap(name: string, scenario: Scenario): { file: string; rows: SummaryRow[] } {
  const written = writePcap(scenarioFrames(scenario));
  if (!written.ok) throw new Error(written.error.message);
  const file = join(dir, `${name}.pcap`);
  writeFileSync(file, written.value);
  const read = readCapture(written.value);
  return { file, rows: dissectCapture(read.frames) };
}

/** tshark -V without the hex dump it prints inside Data items (our tree has no such lines). */
function tsharkTree(file: string): string[] {
  const hex = (l: string | undefined) => l !== undefined && /^[0-9a-f]{4}  /.test(l);
  return tshark(['-r', file, '-V'])
    .split('\n')
    .filter((l, i, all) => !hex(l) && !(l === '' && hex(all[i + 1])));
}

describe.runIf(TSHARK !== '' || IN_CI)('the same captures through real tshark', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(`${name}: every packet list line and detail tree line`, () => {
      const { file, rows } = pcap(name, scenario);
      expect(rows.map(formatSummaryLine).join('\n') + '\n').toBe(tshark(['-r', file]));
      const ours = rows.flatMap((r) => [...treeLines(r.tree), '']);
      expect(ours.join('\n')).toBe(tsharkTree(file).join('\n').trimEnd() + '\n');
    });
  }
});
