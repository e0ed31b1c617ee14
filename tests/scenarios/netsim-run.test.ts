// `netsim run` end to end, as a teacher uses it: the real command, a session script, the
// transcript, the exit status naming a failed @expect line, and a capture tshark finds clean.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { complaints, requireTshark, summary } from '../support/tshark.ts';

const dir = mkdtempSync(join(tmpdir(), 'netsim-run-'));

function netsim(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync('node', ['src/cli/netsim.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function script(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('netsim run', () => {
  it('types a session into two hosts and prints what their terminals showed', () => {
    const s = script('ok.txt', ['@PC1', 'echo bonjour', '@expect bonjour', 'ping -c 3 10.0.2.10', '@expect 3 packets transmitted, 3 received, 0% packet loss', '@PC2', 'hostname', '@expect pc2', ''].join('\n'));
    const r = netsim(['run', 'scenarios/two-lans.yaml', '--script', s]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^--- PC1 ---\n/);
    expect(r.stdout).toContain('root@pc1:~# echo bonjour\nbonjour\n');
    expect(r.stdout).toMatch(/64 bytes from 10\.0\.2\.10: icmp_seq=1 ttl=63 time=\d+\.\d+ ms/);
    expect(r.stdout).toContain('--- PC2 ---\n');
    expect(r.stdout).toContain('root@pc2:~# hostname\npc2\n');
  });

  it('fails with exit 1 and the script line when an @expect does not hold', () => {
    const s = script('fail.txt', '@PC1\necho one\n@expect one\n@expect two\n');
    const r = netsim(['run', 'scenarios/two-lans.yaml', '--script', s, '--transcript', join(dir, 'fail-transcript.txt')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${s}:4: expected "two" on PC1`);
    expect(readFileSync(join(dir, 'fail-transcript.txt'), 'utf8')).toContain('echo one\none');
  });

  it('refuses a bad command line with exit 2', () => {
    expect(netsim(['run', 'scenarios/two-lans.yaml']).status).toBe(2);
    expect(netsim(['run', 'scenarios/two-lans.yaml', '--script', 'x', '--pcap', 'y.pcap']).status).toBe(2);
  });

  it('writes the capture of the session, which tshark reads without complaint', () => {
    requireTshark();
    const s = script('cap.txt', '@PC1\nping -c 2 10.0.2.10\n');
    const pcap = join(dir, 'pc1.pcap');
    const r = netsim(['run', 'scenarios/two-lans.yaml', '--seed', '5', '--script', s, '--pcap', pcap, '--capture', 'PC1:eth0']);
    expect(r.status).toBe(0);
    expect(complaints(pcap)).toEqual([]);
    expect(summary(pcap, 'icmp.type == 0').length).toBe(2);
    // Same scenario, script and seed: the same bytes.
    const again = join(dir, 'pc1-again.pcap');
    netsim(['run', 'scenarios/two-lans.yaml', '--seed', '5', '--script', s, '--pcap', again, '--capture', 'PC1:eth0']);
    expect(execFileSync('cmp', [pcap, again]).length).toBe(0);
  });
});
