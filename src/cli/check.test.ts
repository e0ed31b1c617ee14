// `netsim check` as a teacher runs it: the real command in a child process.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function netsim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['src/cli/netsim.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netsim-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('netsim check', () => {
  it('prints OK and exits 0 for the example scenario', () => {
    expect(netsim('check', 'scenarios/two-lans.yaml')).toEqual({ status: 0, stdout: 'OK\n', stderr: '' });
  });

  it('takes param values from --param, in both spellings', () => {
    expect(netsim('check', 'scenarios/two-lans.yaml', '--param', 'N=42').stdout).toBe('OK\n');
    expect(netsim('check', 'scenarios/two-lans.yaml', '--param=N=42').stdout).toBe('OK\n');
  });

  it('prints each problem on its own line and exits 1', () => {
    const bad = file('bad.yaml', 'name: x\nlocale: de\nhosts:\n  - name: A\n    role: printer\n    interfaces:\n      - { name: eth0, network: lan, address: 10.0.0.1 }\n');
    const r = netsim('check', bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `${bad}:2:9: locale: unknown locale "de" (expected fr, en)`,
      `${bad}:5:11: hosts[0].role: unknown role "printer" (expected client, router, server, dns, dhcp, mail)`,
      `${bad}:7:32: hosts[0].interfaces[0].network: unknown network 'lan' (no networks are declared)`,
      `${bad}:7:46: hosts[0].interfaces[0].address: bad CIDR "10.0.0.1": missing /prefix`,
      '',
    ]);
  });

  it('reports a param value out of range', () => {
    const r = netsim('check', 'scenarios/two-lans.yaml', '--param', 'N=300');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('scenarios/two-lans.yaml:10:6: params.N: value 300 given for N is outside 2..254\n');
  });

  it('names each file when checking several', () => {
    const good = file('good.yaml', 'name: x\nhosts: [ { name: A } ]\n');
    expect(netsim('check', good, 'scenarios/two-lans.yaml')).toEqual({ status: 0, stdout: `${good}: OK\nscenarios/two-lans.yaml: OK\n`, stderr: '' });
  });

  it('says so when the file does not exist, and exits 1', () => {
    expect(netsim('check', 'scenarios/missing.yaml')).toEqual({ status: 1, stdout: '', stderr: "netsim check: cannot read 'scenarios/missing.yaml': no such file\n" });
  });

  it('refuses a --param without NAME=VALUE with exit 2', () => {
    const r = netsim('check', 'scenarios/two-lans.yaml', '--param', 'N');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("netsim check: --param expects NAME=VALUE, not 'N'\n");
  });

  it('answers an unknown command with the usage and exit 2', () => {
    const r = netsim('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^netsim: unknown command 'frobnicate'\nUsage: netsim <command>/);
  });

  it('prints the usage for --help, and for no arguments as an error', () => {
    const help = netsim('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: netsim <command> \[arguments\]\n[\s\S]*\n {2}check FILE\.yaml/);
    const none = netsim();
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(help.stdout);
  });
});
