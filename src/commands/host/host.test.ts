// host over the simulated network against fidelity/dns/host/host.txt (run on the server "vm",
// fake named with the lab's zones; see ../dig/dns-lab.ts). Normalized: message IDs and the
// "in N ms" of -v/-a (run-dependent).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../engine/time.ts';
import { recorded } from '../testing-net/recording.ts';
import { dnsLab as makeLab, normalizeDns, runTool } from '../dig/dns-lab.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const dnsLab = (opts?: Parameters<typeof makeLab>[1]): ReturnType<typeof makeLab> => makeLab(nodeYield, opts);
const fidelityDns = (path: string): string => readFileSync(new URL(`../../../../shared/fidelity/dns/${path}`, import.meta.url), 'utf8');

const text = fidelityDns('host/host.txt');
const commands = text
  .split('\n')
  .filter((l) => l.startsWith('$ host'))
  .map((l) => l.slice(2));

describe('host reproduces the recording', () => {
  for (const command of commands) {
    it(command, async () => {
      const rec = recorded(text, command);
      const { server } = dnsLab();
      const r = await runTool(server, command);
      expect(normalizeDns(r.output)).toBe(normalizeDns(rec.output));
      expect(r.status).toBe(rec.status);
    });
  }
});

describe('host beyond the recording', () => {
  it('says "has no MX record" for -t mx of a name without one, and uses the search list', async () => {
    const { server } = dnsLab();
    server.host.fs.writeFile('/etc/resolv.conf', 'search mail128.com\nnameserver 127.0.0.1\n', { uid: 0, gid: 0, groups: [0] });
    const r = await runTool(server, 'host -t mx smtp128');
    expect(r.output).toBe('smtp128.mail128.com has no MX record\n');
    const r2 = await runTool(server, 'host pop128');
    expect(r2.output).toBe('pop128.mail128.com has address 192.168.0.1\n');
  });

  it('times out after 2 tries of 5 s', async () => {
    const { lab, server } = dnsLab({ fake: { silent: true } });
    const start = lab.scheduler.now;
    const r = await runTool(server, 'host smtp128.mail128.com');
    expect(r.output).toBe(';; communications error to 127.0.0.1#53: timed out\n'.repeat(2) + ';; no servers could be reached\n');
    expect(r.status).toBe(1);
    expect(Math.round((lab.scheduler.now - start) / SECOND)).toBe(10);
  });

  it('prints its usage without a name', async () => {
    const { server } = dnsLab();
    const r = await runTool(server, 'host');
    expect(r.stderr.startsWith('Usage: host [-aCdilrTvVw] [-c class]')).toBe(true);
    expect(r.status).toBe(1);
  });
});
