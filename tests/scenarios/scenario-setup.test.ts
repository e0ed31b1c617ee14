// A scenario's accounts, files and boot commands reach the machine, and its users log in with
// their passwords: played through the session runner, as `netsim run` does.
import { describe, expect, it } from 'vitest';
import { loadScenario, Simulation } from '../../src/sim/index.ts';
import { parseSessionScript } from '../../src/sim/session-script.ts';
import { SessionRunner } from '../../src/sim/session-runner.ts';

const yieldFn = (): Promise<void> => new Promise((r) => setImmediate(r));

const SCENARIO = `name: VM
locale: fr
networks:
  - { name: lan }
hosts:
  - name: VM
    hostname: debian-12-GNS3
    interfaces:
      - { name: enp0s9, network: lan }
    users:
      - { name: etudiant, password: Etudiant1, gecos: "Etudiant" }
      - { name: foo, password: foo }
    files:
      /etc/motd: "bonjour\\n"
    boot: ["echo booted > /tmp/booted"]
`;

async function play(script: string): Promise<string> {
  const loaded = loadScenario(SCENARIO, 'vm.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const sim = new Simulation(loaded.scenario, { seed: 3 });
  await sim.boot(yieldFn);
  const parsed = parseSessionScript(script);
  if (!parsed.ok) throw new Error('script');
  const result = await new SessionRunner(sim, yieldFn).run(parsed.directives);
  expect(result.failure).toBeUndefined();
  return result.transcript;
}

describe('scenario set-up', () => {
  it('makes the first user the installer account and the others with adduser, with their passwords', async () => {
    const t = await play('@VM\nsu - etudiant\nid\nsu foo\nfoo\nwhoami\nexit\nsu etudiant\nwrong\n');
    // coreutils' French catalogue translates " groups=" (the scenario's locale is fr).
    expect(t).toContain('uid=1000(etudiant) gid=1000(etudiant) groupes=1000(etudiant),24(cdrom)');
    expect(t).toContain('foo@debian-12-GNS3:/home/etudiant$ whoami\nfoo\n');
    expect(t).toContain('su: Échec de l’authentification');
  });

  it('writes the scenario files and runs the boot commands as root', async () => {
    const t = await play('@VM\ncat /tmp/booted /etc/motd\nls -l /tmp/booted\n');
    expect(t).toContain('booted\nbonjour\n');
    expect(t).toMatch(/-rw-r--r-- 1 root root 7 .* \/tmp\/booted/);
  });
});
