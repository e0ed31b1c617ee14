// `netsim bridge SCENARIO.yaml --expose HOST:PORT=LOCALPORT ...`: boots the lab in Node, lets
// its virtual time follow the wall clock, and relays every TCP connection accepted on
// 127.0.0.1:LOCALPORT to HOST:PORT inside the lab (through sim/bridge.ts), so real mail clients
// can talk to the simulated servers. Listens on loopback only.
import { createServer, type Server, type Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { PacedDriver } from '../engine/paced-driver.ts';
import { LabBridge, parseExpose, type ExposeSpec } from '../sim/bridge.ts';
import { Simulation } from '../sim/simulation.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from './io.ts';
import { nodeWallClock } from './node-clock.ts';
import { nodeYield } from './node-yield.ts';
import { readScenario, takeParam } from './scenario-file.ts';

export const BRIDGE_USAGE = 'bridge SCENARIO.yaml --expose HOST:PORT=LOCALPORT...   let real clients into the lab';

const HELP = `Usage: netsim bridge SCENARIO.yaml [--param NAME=VALUE]... [--seed N]
                     --expose HOST:PORT=LOCALPORT... [--pcapng OUT.pcapng]

Boots the scenario and runs it in real time. Each TCP connection accepted on
127.0.0.1:LOCALPORT is relayed to PORT of the scenario host HOST, entering the
lab through a bridge interface on that host's network (the session shows in
captures). Stop with Ctrl-C; --pcapng then writes the capture of every interface.
Example: netsim bridge scenarios/two-lans.yaml --expose SMTP:25=2525`;

export interface ExposedPort {
  readonly expose: ExposeSpec;
  /** 0: any free port (tests); the port taken is in RunningBridge.ports. */
  readonly localPort: number;
}

export interface RunningBridge {
  /** The loopback ports listened on, in the order of the exposes. */
  readonly ports: readonly number[];
  readonly driver: PacedDriver;
  close(): Promise<void>;
}

/** Starts relaying into an already booted simulation and lets its time run. */
export async function startBridge(sim: Simulation, exposes: readonly ExposedPort[], speed = 1): Promise<RunningBridge> {
  const bridge = new LabBridge(sim);
  for (const e of exposes) {
    const problem = bridge.check(e.expose);
    if (problem !== null) throw new Error(problem);
  }
  const driver = new PacedDriver(sim.scheduler, nodeWallClock(), { speed, yieldFn: nodeYield });
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const ports: number[] = [];
  for (const e of exposes) {
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      relay(bridge, e.expose, socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(e.localPort, '127.0.0.1', () => resolve());
    });
    const addr = server.address();
    ports.push(typeof addr === 'object' && addr !== null ? addr.port : e.localPort);
    servers.push(server);
  }
  driver.start();
  return {
    ports,
    driver,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      driver.pause();
      bridge.dispose();
    },
  };
}

/** Copies bytes both ways between one outside socket and one lab connection, with back-pressure. */
function relay(bridge: LabBridge, expose: ExposeSpec, socket: Socket): void {
  const session = bridge.connect(expose);
  if (typeof session === 'string') {
    socket.destroy();
    return;
  }
  const conn = session.connection;
  let connected = false;
  let pending: Uint8Array[] = [];
  let outsideEnded = false;
  const flush = (): void => {
    while (pending.length > 0) {
      const chunk = pending[0];
      const n = conn.send(chunk);
      if (n === chunk.length) pending.shift();
      else {
        pending[0] = chunk.subarray(n);
        socket.pause(); // resumed by onWritable
        return;
      }
    }
    socket.resume();
    if (outsideEnded) conn.shutdown();
  };
  conn.onConnect.on(() => {
    connected = true;
    flush();
  });
  conn.onWritable.on(() => {
    if (connected) flush();
  });
  conn.onData.on((bytes) => {
    if (!socket.destroyed) socket.write(bytes);
  });
  conn.onEnd.on(() => {
    if (!socket.destroyed) socket.end();
  });
  conn.onClose.on((error) => {
    if (error !== null) socket.resetAndDestroy();
    else if (!socket.destroyed) socket.end();
  });
  socket.on('data', (data: Buffer) => {
    pending.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice());
    if (connected) flush();
  });
  socket.on('end', () => {
    outsideEnded = true;
    if (connected && pending.length === 0) conn.shutdown();
  });
  socket.on('error', () => {
    pending = [];
    conn.abort();
  });
  socket.on('close', (hadError) => {
    if (hadError) conn.abort();
  });
}

export async function bridgeCommand(args: readonly string[], io: Io): Promise<number> {
  const params: Record<string, string> = {};
  const exposes: ExposedPort[] = [];
  let scenarioFile: string | undefined;
  let seed: string | number = 1;
  let pcapng: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      io.out(HELP);
      return EXIT_OK;
    }
    if (arg === '--param' || arg.startsWith('--param=')) {
      const r = takeParam(args, i, params, 'bridge');
      if ('error' in r) return usage(io, r.error);
      i = r.next;
      continue;
    }
    if (arg === '--expose' || arg === '--seed' || arg === '--pcapng') {
      const v = args[++i];
      if (v === undefined) return usage(io, `netsim bridge: ${arg} needs a value`);
      if (arg === '--seed') seed = /^\d+$/.test(v) ? Number(v) : v;
      else if (arg === '--pcapng') pcapng = v;
      else {
        const e = parseExpose(v);
        if (typeof e === 'string') return usage(io, `netsim bridge: ${e}`);
        exposes.push(e);
      }
      continue;
    }
    if (arg.startsWith('-')) return usage(io, `netsim bridge: unknown option '${arg}'`);
    if (scenarioFile !== undefined) return usage(io, `netsim bridge: one scenario only ('${arg}')`);
    scenarioFile = arg;
  }
  if (scenarioFile === undefined) return usage(io, 'netsim bridge: no scenario file given');
  if (exposes.length === 0) return usage(io, 'netsim bridge: nothing to expose (--expose HOST:PORT=LOCALPORT)');

  const scenario = await readScenario(scenarioFile, params, io, 'bridge');
  if (!scenario) return EXIT_FAILURE;
  const sim = new Simulation(scenario, { seed });
  const probe = new LabBridge(sim);
  for (const e of exposes) {
    const problem = probe.check(e.expose);
    if (problem !== null) {
      io.err(`netsim bridge: ${problem}`);
      return EXIT_USAGE;
    }
  }
  if (pcapng !== undefined) sim.startCapture(sim.captureTargets());
  await sim.boot(nodeYield);
  let running: RunningBridge;
  try {
    running = await startBridge(sim, exposes);
  } catch (e) {
    io.err(`netsim bridge: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT_FAILURE;
  }
  exposes.forEach((e, i) => io.out(`${e.expose.host}:${e.expose.port} <- 127.0.0.1:${running.ports[i]}`));
  io.out('Relaying; Ctrl-C to stop.');
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await running.close();
  if (pcapng !== undefined) await writeFile(pcapng, sim.exportPcapng());
  return EXIT_OK;
}

function usage(io: Io, message: string): number {
  io.err(`${message}\n${HELP}`);
  return EXIT_USAGE;
}
