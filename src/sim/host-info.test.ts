import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/loader.ts';
import { Simulation } from './simulation.ts';
import { hostInfo } from './host-info.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));

async function twoLans(): Promise<Simulation> {
  const loaded = loadScenario(readFileSync('scenarios/two-lans.yaml', 'utf8'), 'two-lans.yaml', { N: 42 });
  if (!loaded.ok) throw new Error('two-lans does not load');
  const sim = new Simulation(loaded.scenario, { seed: 1 });
  await sim.boot(nodeYield);
  return sim;
}

describe('hostInfo', () => {
  it('shows interfaces, routes and forwarding as ip would', async () => {
    const sim = await twoLans();
    const pc1 = hostInfo(sim, 'PC1')!;
    expect(pc1.hostname).toBe('pc1');
    expect(pc1.role).toBe('client');
    expect(pc1.forwarding).toBe(false);
    const eth0 = pc1.interfaces.find((i) => i.name === 'eth0')!;
    expect(eth0.addresses).toEqual(['10.0.1.42/24']);
    expect(eth0.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(pc1.routes).toContain('default via 10.0.1.1 dev eth0');
    expect(pc1.routes).toContain('10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.42');
    expect(hostInfo(sim, 'ROUTER')!.forwarding).toBe(true);
    expect(hostInfo(sim, 'ROUTER')!.interfaces.map((i) => i.addresses[0] ?? null)).toContain('10.0.2.1/24');
  });

  it('lists a socket a program listens on', async () => {
    const sim = await twoLans();
    const child = sim.host('PC2').machine.spawn(['nc', '-l', '-p', '2000']);
    expect('error' in child).toBe(false);
    sim.runFor(1e6);
    await nodeYield();
    const listening = hostInfo(sim, 'PC2')!.listening;
    expect(listening).toContainEqual({ proto: 'tcp', local: '0.0.0.0:2000', program: 'nc' });
  });

  it('answers null for a host that is not in the scenario', async () => {
    const sim = await twoLans();
    expect(hostInfo(sim, 'NOPE')).toBeNull();
    expect(hostInfo(sim, '<img src=x>')).toBeNull();
  });
});
