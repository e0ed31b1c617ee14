// The report's frames from a running lab: the live capture as the page numbers it gives the same
// summary lines and -V trees as `netsim dissect` run on the pcapng the page exports.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeTemp } from '../support/tshark.ts';
import { buildLabReport, loadScenario, renderFrames, Simulation, SECOND } from '../../src/sim/index.ts';
import { liveFrames } from '../../src/ui/report/report-sources.ts';
import { parseIpv4 } from '../../src/wire/addr.ts';
import { ICMP_ECHO_REQUEST, makeEcho } from '../../src/wire/icmp.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function netsimDissect(...args: string[]): string {
  const r = spawnSync(process.execPath, ['src/cli/netsim.mjs', 'dissect', ...args], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout;
}

/** Two LANs and a router, PC1 pinging PC2 (ARP, ICMP across the router), captured on two links. */
function pingLab(): Simulation {
  const file = 'scenarios/two-lans.yaml';
  const loaded = loadScenario(readFileSync(file, 'utf8'), file);
  if (!loaded.ok) throw new Error('two-lans does not load');
  const sim = new Simulation(loaded.scenario, { seed: 5 });
  sim.startCapture(['PC1:eth0', 'ROUTER:eth1']);
  const ping = sim.host('PC1').stack.icmp.open();
  for (let i = 0; i < 2; i++) sim.scheduler.at(i * SECOND, () => ping.send(parseIpv4('10.0.2.10')!, makeEcho(ICMP_ECHO_REQUEST, 9, i + 1, new Uint8Array(56))));
  sim.runUntil(3 * SECOND);
  return sim;
}

describe('lab report frames from the live capture', () => {
  it('match netsim dissect on the exported pcapng, frame for frame', () => {
    const sim = pingLab();
    const frames = liveFrames(sim);
    expect(frames.length).toBeGreaterThan(6);
    const file = writeTemp('lab.pcapng', sim.exportPcapng());
    const chosen = [2, 5, frames.length];
    const rendered = renderFrames(frames, chosen);
    const summaries = netsimDissect(file, '-Y', chosen.map((n) => `frame.number==${n}`).join(' or '));
    expect(rendered.map((f) => f.summary + '\n').join('')).toBe(summaries);
    const trees = netsimDissect(file, '-V', '-Y', chosen.map((n) => `frame.number==${n}`).join(' or '));
    expect(rendered.map((f) => f.tree + '\n\n').join('')).toBe(trees);
    // Interfaces are named HOST:IFACE in the tree, as in the pcapng the page exports.
    expect(rendered[0].tree).toMatch(/on interface (PC1:eth0|ROUTER:eth1), id [01]/);

    const report = buildLabReport({
      scenario: sim.scenario,
      locale: 'en',
      topologyPng: null,
      transcripts: [],
      capture: frames,
      frames: chosen,
      notes: '',
    });
    expect(report).toContain(`### 2.1 Frame 2 (${rendered[0].protocol})\n\n\`\`\`\n${rendered[0].summary}\n\n${rendered[0].tree}\n\`\`\`\n`);
  });
});
