// Host OS figures (issue: host OS and shell):
//   shell_pipelines: `echo hello | grep h > /tmp/x` run by bash, per wall-clock second
//   boot_50_hosts: a 50-host scenario loaded, built and booted, a terminal on every host
//                  showing its prompt, in wall-clock milliseconds
import { loadScenario, Simulation } from '../../src/sim/index.ts';
import type { TerminalDevice } from '../../src/os/tty/terminal-device.ts';
import { runUntilAsync } from '../../src/engine/async-drain.ts';
import { SECOND } from '../../src/engine/time.ts';
import { report } from './report.ts';

const yieldFn = (): Promise<void> => new Promise((r) => setImmediate(r));
const PIPELINES = 5000;

function scenarioText(hosts: number): string {
  const lines = ['name: bench', 'networks:', '  - { name: lan }', 'hosts:'];
  for (let i = 1; i <= hosts; i++) {
    lines.push(`  - name: H${i}`, '    interfaces:', `      - { name: eth0, network: lan, address: "10.0.${Math.floor(i / 250)}.${(i % 250) + 1}/16" }`);
  }
  return lines.join('\n') + '\n';
}

function load(hosts: number): Simulation {
  const loaded = loadScenario(scenarioText(hosts), 'bench.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return new Simulation(loaded.scenario, { seed: 'bench' });
}

async function untilPrompt(sim: Simulation, devs: TerminalDevice[]): Promise<void> {
  const limit = sim.scheduler.now + 10 * SECOND;
  while (!devs.every((d) => d.readerWaiting) && sim.scheduler.now < limit) {
    await yieldFn();
    await runUntilAsync(sim.scheduler, Math.min(sim.scheduler.nextTime() ?? limit, limit), yieldFn);
  }
  if (!devs.every((d) => d.readerWaiting)) throw new Error('a host did not show its prompt');
}

async function bootFiftyHosts(): Promise<void> {
  const t0 = performance.now();
  const sim = load(50);
  await sim.boot(yieldFn);
  const devs = [...sim.hosts.keys()].map((name) => sim.terminal(name)!);
  await untilPrompt(sim, devs);
  report('boot_50_hosts', performance.now() - t0, 'ms');
}

async function shellPipelines(): Promise<void> {
  const sim = load(1);
  await sim.boot(yieldFn);
  const host = sim.host('H1').machine;
  const script = 'echo hello | grep h > /tmp/x\n'.repeat(PIPELINES);
  host.fs.writeFile('/root/bench.sh', script, { uid: 0, gid: 0, groups: [0] });
  const t0 = performance.now();
  const child = host.spawn(['bash', '/root/bench.sh'], { cwd: '/root' });
  if ('error' in child) throw new Error(`bash: ${child.error}`);
  let status: number | null = null;
  void child.wait().then((s) => (status = s));
  while (status === null) {
    await yieldFn();
    await runUntilAsync(sim.scheduler, sim.scheduler.now + SECOND, yieldFn);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (status !== 0) throw new Error(`bench script exited ${status}`);
  report('shell_pipelines', PIPELINES / seconds, '/s');
}

export async function hostOsBenchmarks(): Promise<void> {
  await shellPipelines();
  await bootFiftyHosts();
}
