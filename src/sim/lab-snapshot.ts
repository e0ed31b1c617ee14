// A whole lab as one plain JSON-able value: what the page saves to IndexedDB, exports as a file,
// and what `netsim grade` reads. Files are the truth: each host's disk (mailboxes, queues, configs,
// packages...) and the services that ran; plus the kernel state no file holds (addresses, routes,
// forwarding), the virtual clock, the capture and the terminals' scrollback.
//
// Restoring is a reboot of every machine on its saved disk at the saved instant: services that ran
// start again, the network comes back as it was; programs that were running in terminals (an
// open `nc`, an editor) do not come back, as after a real reboot.
import { runUntilIdleAsync, type Yield } from '../engine/async-drain.ts';
import { SECOND } from '../engine/time.ts';
import type { HostSnapshot } from '../os/host.ts';
import type { CapturedFrame } from '../capture/record.ts';
import { loadScenario } from '../scenario/loader.ts';
import { formatScenarioError } from '../scenario/error.ts';
import type { NetworkStack } from '../stack/host-stack.ts';
import type { RouteProto, RouteScope } from '../stack/routing.ts';
import { formatIpv4, parseIpv4 } from '../wire/addr.ts';
import { Simulation } from './simulation.ts';

export const LAB_FORMAT = 'netsim-lab';
/** Bumped whenever an older snapshot could no longer be restored faithfully. */
export const LAB_FORMAT_VERSION = 1;

/** The scenario as the student loaded it: the file's text, its name and the params chosen. */
export interface LabSource {
  readonly text: string;
  readonly file: string;
  readonly params: Readonly<Record<string, number>>;
}

export interface SavedInterface {
  readonly name: string;
  readonly up: boolean;
  readonly mtu: number;
  /** `a.b.c.d/prefix`, in the order `ip addr` lists them. */
  readonly addresses: readonly string[];
}

export interface SavedRoute {
  readonly dest: string;
  readonly prefix: number;
  readonly gateway: string | null;
  readonly iface: string;
  readonly metric: number;
  readonly proto: RouteProto;
  readonly scope: RouteScope;
  readonly src: string | null;
}

export interface SavedHost {
  readonly machine: HostSnapshot;
  readonly interfaces: readonly SavedInterface[];
  /** Routes other than the kernel's connected ones (those follow the addresses). */
  readonly routes: readonly SavedRoute[];
  readonly forwarding: boolean;
}

export interface SavedCapture {
  /** `HOST:IFACE` taps running when saved. */
  readonly targets: readonly string[];
  /** Per frame: [time ns, index in `interfaces`, byte length, linktype]. */
  readonly frames: readonly (readonly [number, number, number, number])[];
  readonly interfaces: readonly string[];
  /** Every frame's bytes one after the other, as latin1 (one char per byte). */
  readonly bytes: string;
}

export interface LabSnapshot {
  readonly format: typeof LAB_FORMAT;
  readonly version: number;
  readonly source: LabSource;
  readonly seed: number | string;
  readonly startEpochMs: number;
  /** Virtual time reached, in ns. */
  readonly clockNs: number;
  readonly hosts: Readonly<Record<string, SavedHost>>;
  readonly capture: SavedCapture;
  /** What the page keeps besides the simulation (terminals' scrollback, panes); opaque here. */
  readonly ui: unknown;
}

export type LabResult<T> = { ok: true } & T | { ok: false; error: string };

/** The lab now, as a snapshot (cheap enough to take every few seconds: no copy of unchanged frames is kept). */
export function snapshotLab(sim: Simulation, source: LabSource, opts: { ui?: unknown } = {}): LabSnapshot {
  const hosts: Record<string, SavedHost> = {};
  for (const [name, host] of sim.hosts) {
    const stack = host.stack;
    hosts[name] = {
      machine: host.machine.serialize(),
      interfaces: [...stack.interfaces.values()].map((nic) => ({
        name: nic.name,
        up: nic.up,
        mtu: nic.mtu,
        addresses: nic.addresses.map((a) => `${formatIpv4(a.address)}/${a.prefix}`),
      })),
      routes: stack.routes
        .list()
        .filter((r) => r.proto !== 'kernel')
        .map((r) => ({
          dest: formatIpv4(r.dest),
          prefix: r.prefix,
          gateway: r.gateway === null ? null : formatIpv4(r.gateway),
          iface: r.iface,
          metric: r.metric,
          proto: r.proto,
          scope: r.scope,
          src: r.src === undefined ? null : formatIpv4(r.src),
        })),
      forwarding: stack.ipForward,
    };
  }
  return {
    format: LAB_FORMAT,
    version: LAB_FORMAT_VERSION,
    source: { text: source.text, file: source.file, params: { ...source.params } },
    seed: sim.seed,
    startEpochMs: sim.startEpochMs,
    clockNs: sim.now,
    hosts,
    capture: saveCapture(sim.capture.frames, sim.captureTaps()),
    ui: opts.ui ?? null,
  };
}

function saveCapture(frames: readonly CapturedFrame[], targets: readonly string[]): SavedCapture {
  const interfaces: string[] = [];
  const index = new Map<string, number>();
  const rows: [number, number, number, number][] = [];
  const parts: string[] = [];
  for (const f of frames) {
    const key = `${f.host}:${f.iface}`;
    let i = index.get(key);
    if (i === undefined) {
      i = interfaces.length;
      interfaces.push(key);
      index.set(key, i);
    }
    rows.push([f.time, i, f.bytes.length, f.linktype]);
    parts.push(latin1(f.bytes));
  }
  return { targets: [...targets], frames: rows, interfaces, bytes: parts.join('') };
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** A lab file's text (an export) read back; every problem is a message, never an exception. */
export function parseLabExport(text: string): LabResult<{ snapshot: LabSnapshot }> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not a netsim lab file (not JSON)' };
  }
  return checkSnapshot(data);
}

/** Whether a value (from a file or IndexedDB) is a snapshot this version can restore, and why not. */
export function checkSnapshot(data: unknown): LabResult<{ snapshot: LabSnapshot }> {
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== LAB_FORMAT) {
    return { ok: false, error: 'not a netsim lab file' };
  }
  const d = data as Partial<LabSnapshot>;
  if (d.version !== LAB_FORMAT_VERSION) {
    return { ok: false, error: `lab saved by an incompatible version of netsim (format ${String(d.version)}, this one reads ${LAB_FORMAT_VERSION})` };
  }
  const src = d.source as Partial<LabSource> | undefined;
  const cap = d.capture as Partial<SavedCapture> | undefined;
  if (
    typeof src?.text !== 'string' ||
    typeof src.file !== 'string' ||
    typeof src.params !== 'object' ||
    src.params === null ||
    typeof d.clockNs !== 'number' ||
    !(d.clockNs >= 0) ||
    typeof d.startEpochMs !== 'number' ||
    (typeof d.seed !== 'number' && typeof d.seed !== 'string') ||
    typeof d.hosts !== 'object' ||
    d.hosts === null ||
    !Array.isArray(cap?.frames) ||
    !Array.isArray(cap.interfaces) ||
    !Array.isArray(cap.targets) ||
    typeof cap.bytes !== 'string'
  ) {
    return { ok: false, error: 'damaged netsim lab file' };
  }
  return { ok: true, snapshot: data as LabSnapshot };
}

/**
 * The lab a snapshot describes, booted at its saved instant: the scenario rebuilt from its text and
 * params (the same seed gives the same MACs), every machine on its saved disk, then the network
 * state, the capture, and the services that were running started again.
 */
export async function restoreLab(
  snapshot: LabSnapshot,
  opts: { yieldFn: Yield },
): Promise<LabResult<{ sim: Simulation; source: LabSource }>> {
  const checked = checkSnapshot(snapshot);
  if (!checked.ok) return checked;
  const { source } = snapshot;
  const loaded = loadScenario(source.text, source.file, { ...source.params });
  if (!loaded.ok) return { ok: false, error: `scenario of the saved lab: ${loaded.errors.map(formatScenarioError).join('; ')}` };
  const saved = new Map<string, HostSnapshot>();
  for (const spec of loaded.scenario.hosts) {
    const h = snapshot.hosts[spec.name];
    if (h === undefined || typeof h !== 'object' || h === null) return { ok: false, error: `damaged netsim lab file: no host ${spec.name}` };
    saved.set(spec.name, h.machine);
  }
  let sim: Simulation;
  try {
    sim = new Simulation(loaded.scenario, { seed: snapshot.seed, startEpochMs: snapshot.startEpochMs, restoredHosts: saved });
  } catch (e) {
    return { ok: false, error: `damaged netsim lab file: ${e instanceof Error ? e.message : String(e)}` };
  }
  // Time resumes where it stopped: logs and mtimes continue from the saved instant.
  sim.scheduler.runUntil(snapshot.clockNs);
  for (const [name, host] of sim.hosts) {
    const problem = restoreNetwork(host.stack, snapshot.hosts[name]);
    if (problem !== null) return { ok: false, error: `damaged netsim lab file: ${name}: ${problem}` };
  }
  const capture = restoreCapture(sim, snapshot.capture);
  if (capture !== null) return { ok: false, error: `damaged netsim lab file: capture: ${capture}` };
  await sim.boot(opts.yieldFn);
  // The services come up in their first virtual second, as at boot.
  await runUntilIdleAsync(sim.scheduler, sim.now + SECOND, opts.yieldFn);
  return { ok: true, sim, source };
}

function restoreNetwork(stack: NetworkStack, saved: SavedHost): string | null {
  if (!Array.isArray(saved.interfaces) || !Array.isArray(saved.routes)) return 'no network state';
  for (const nic of stack.interfaces.values()) {
    if (nic.loopback) continue;
    for (const a of [...nic.addresses]) nic.removeAddress(a.address, a.prefix);
  }
  for (const r of stack.routes.list()) if (r.proto !== 'kernel') stack.routes.remove({ dest: r.dest, prefix: r.prefix, gateway: r.gateway, iface: r.iface, metric: r.metric });
  for (const s of saved.interfaces) {
    const nic = stack.interfaces.get(s.name);
    if (nic === undefined || nic.loopback) continue;
    nic.setUp(s.up === true);
    if (typeof s.mtu === 'number') nic.mtu = s.mtu;
    for (const cidr of Array.isArray(s.addresses) ? s.addresses : []) {
      const [addr, prefix] = String(cidr).split('/');
      const ip = parseIpv4(addr);
      if (ip === null) return `bad address ${String(cidr)}`;
      nic.addAddress(ip, Number(prefix));
    }
  }
  for (const r of saved.routes) {
    const dest = parseIpv4(r.dest);
    if (dest === null) return `bad route ${String(r.dest)}`;
    stack.routes.add({
      dest,
      prefix: r.prefix,
      gateway: r.gateway === null ? null : parseIpv4(r.gateway),
      iface: r.iface,
      metric: r.metric,
      proto: r.proto,
      scope: r.scope,
      src: r.src === null ? undefined : (parseIpv4(r.src) ?? undefined),
    });
  }
  stack.ipForward = saved.forwarding === true;
  return null;
}

function restoreCapture(sim: Simulation, saved: SavedCapture): string | null {
  let offset = 0;
  for (const row of saved.frames) {
    if (!Array.isArray(row) || row.length !== 4) return 'bad frame record';
    const [time, iface, length, linktype] = row;
    const key = saved.interfaces[iface];
    if (typeof key !== 'string' || !(length >= 0) || offset + length > saved.bytes.length) return 'bad frame record';
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i++) bytes[i] = saved.bytes.charCodeAt(offset + i) & 0xff;
    offset += length;
    const colon = key.indexOf(':');
    sim.capture.add({ time, host: key.slice(0, colon), iface: key.slice(colon + 1), bytes, linktype });
  }
  const targets = saved.targets.filter((t) => typeof t === 'string' && sim.checkCaptureTarget(t) === null);
  sim.startCapture(targets);
  return null;
}
