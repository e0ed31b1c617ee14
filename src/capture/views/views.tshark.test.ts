// The statistics views on synthetic conversations with resends, holes and out-of-order data,
// compared byte for byte with what real tshark prints for the same pcap (always run in CI).
import { describe, it, expect, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dissectCapture } from '../dissect-capture.ts';
import { writePcap } from '../pcap.ts';
import { readCapture } from '../pcap-reader.ts';
import { RESENT_DATA, SCENARIOS, SMTP_WITH_LOSS, scenarioFrames } from '../testing/tcp-scenarios.ts';
import { conversationsTcp, expertInfo, followTcp } from './index.ts';

function which(tool: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
const TSHARK = which('tshark');
const IN_CI = Boolean(process.env.CI);
const dir = mkdtempSync(join(tmpdir(), 'views-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tshark(file: string, stat: string): string {
  if (TSHARK === '') throw new Error('tshark missing: CI must install the tshark package (see .ci/run)');
  return execFileSync(TSHARK, ['-r', file, '-q', '-z', stat], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function compare(name: string, captured: ReturnType<typeof scenarioFrames>, streams: number): void {
  const written = writePcap(captured);
  if (!written.ok) throw new Error(written.error.message);
  const file = join(dir, `${name}.pcap`);
  writeFileSync(file, written.value);
  const { frames } = readCapture(written.value);
  const rows = dissectCapture(frames);
  for (let stream = 0; stream < streams; stream++) {
    expect(followTcp(rows, frames, stream, 'ascii')).toBe(tshark(file, `follow,tcp,ascii,${stream}`));
    expect(followTcp(rows, frames, stream, 'hex')).toBe(tshark(file, `follow,tcp,hex,${stream}`));
  }
  expect(conversationsTcp(rows, frames)).toBe(tshark(file, 'conv,tcp'));
  expect(expertInfo(rows, frames)).toBe(tshark(file, 'expert'));
}

describe.runIf(TSHARK !== '' || IN_CI)('views print what tshark -q -z prints', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(`${name}: follow (ASCII and hex), conversations and expert infos`, () => {
      compare(name, scenarioFrames(scenario), 1);
    });
  }

  it('two conversations: the busier listed first, each stream followed on its own, a missing one empty', () => {
    const later = scenarioFrames(SMTP_WITH_LOSS).map((f) => ({ ...f, time: f.time + 1_500_000_000 }));
    compare('two', [...scenarioFrames(RESENT_DATA), ...later], 3);
  });
});
