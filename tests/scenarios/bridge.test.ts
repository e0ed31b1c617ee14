// netsim bridge: a real Node TCP client reaches a program listening inside the lab, bytes flow
// both ways, and the session is real TCP on the lab's wire (seen by the capture).
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadScenario, Simulation } from '../../src/sim/index.ts';
import { parseExpose } from '../../src/sim/bridge.ts';
import { startBridge, type RunningBridge } from '../../src/cli/bridge.ts';
import { nodeYield } from '../../src/cli/node-yield.ts';
import { dissectCapture } from '../../src/capture/dissect-capture.ts';

function twoLans(): Simulation {
  const file = 'scenarios/two-lans.yaml';
  const loaded = loadScenario(readFileSync(file, 'utf8'), file);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return new Simulation(loaded.scenario, { seed: 7 });
}

async function until(what: string, cond: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

let running: RunningBridge | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

describe('parseExpose', () => {
  it('reads HOST:PORT=LOCALPORT and refuses the rest', () => {
    expect(parseExpose('SMTP:25=2525')).toEqual({ expose: { host: 'SMTP', port: 25 }, localPort: 2525 });
    expect(parseExpose('SMTP:25')).toMatch(/expected HOST:PORT=LOCALPORT/);
    expect(parseExpose('SMTP:0=1')).toMatch(/bad port/);
  });
});

describe('netsim bridge', () => {
  it('relays a real client to nc listening on a lab host, through the lab network', async () => {
    const sim = twoLans();
    sim.startCapture(['PC2:eth0']);
    await sim.boot(nodeYield);
    const term = sim.terminal('PC2')!;
    let screen = '';
    term.onOutput.on((b) => (screen += new TextDecoder().decode(b)));
    running = await startBridge(sim, [{ expose: { host: 'PC2', port: 7000 }, localPort: 0 }]);
    term.input('nc -l 7000\r');
    await until('nc to listen', () => sim.host('PC2').stack.tcp.listeners().some((l) => l.localPort === 7000));

    const socket: Socket = connect(running.ports[0], '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString('utf8')));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write('hello from outside\n');
    await until('the line on the lab terminal', () => screen.includes('hello from outside'));
    term.input('hello from inside\r');
    await until('the answer outside', () => received.includes('hello from inside\n'));
    socket.end();
    await new Promise<void>((r) => socket.once('close', () => r()));

    // The session crossed the lab's wire from the bridge's address (highest free one of lan2).
    const rowsNow = () => dissectCapture(sim.capture.frames.filter((f) => f.host === 'PC2').map((f) => ({ timeNs: BigInt(f.time), bytes: f.bytes, linktype: f.linktype })));
    await until('both FINs on the wire', () => rowsNow().filter((r) => r.info.includes('[FIN, ACK]')).length === 2);
    const frames = sim.capture.frames.filter((f) => f.host === 'PC2').map((f) => ({ timeNs: BigInt(f.time), bytes: f.bytes, linktype: f.linktype }));
    const rows = dissectCapture(frames);
    const syn = rows.find((r) => r.info.includes('[SYN]'));
    expect(syn?.source).toBe('10.0.2.254');
    expect(syn?.destination).toBe('10.0.2.10');
    expect(rows.some((r) => r.info.includes('[FIN, ACK]'))).toBe(true);
    expect(rows.some((r) => r.protocol === 'TCP' && r.info.includes('Len=19'))).toBe(true);
  });

  it('refuses an unknown host before listening', async () => {
    const sim = twoLans();
    await expect(startBridge(sim, [{ expose: { host: 'NOPE', port: 25 }, localPort: 0 }])).rejects.toThrow(/no host 'NOPE'/);
  });
});

describe('netsim bridge command line', () => {
  it('explains what is wrong with a bad command line (exit 2)', async () => {
    const { bridgeCommand } = await import('../../src/cli/bridge.ts');
    const errs: string[] = [];
    const io = { out: () => {}, err: (s: string) => errs.push(s) };
    expect(await bridgeCommand(['scenarios/two-lans.yaml'], io)).toBe(2);
    expect(errs.join('\n')).toContain('nothing to expose');
    errs.length = 0;
    expect(await bridgeCommand(['scenarios/two-lans.yaml', '--expose', 'PC2:25'], io)).toBe(2);
    expect(errs.join('\n')).toContain("bad --expose 'PC2:25'");
    errs.length = 0;
    expect(await bridgeCommand(['scenarios/two-lans.yaml', '--expose', 'XX:25=2525'], io)).toBe(2);
    expect(errs.join('\n')).toContain("no host 'XX'");
  });
});
