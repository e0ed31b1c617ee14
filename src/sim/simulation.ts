// The composition root: builds hosts, networks and their cables from a scenario, drives virtual
// time, and taps interfaces into the capture store. The UI and the CLI see only this facade.
import { Scheduler } from '../engine/scheduler.ts';
import { Rng } from '../engine/rng.ts';
import { EthernetSwitch } from '../engine/ethernet-switch.ts';
import type { Disposable } from '../engine/events.ts';
import { CaptureStore } from '../capture/store.ts';
import { writePcap } from '../capture/pcap.ts';
import { writePcapng } from '../capture/pcapng.ts';
import { LINKTYPE_ETHERNET, epochNsFromMillis } from '../capture/record.ts';
import { NetworkStack } from '../stack/host-stack.ts';
import { parseIpv4, parseMac } from '../wire/addr.ts';
import type { Scenario, HostSpec } from '../scenario/schema.ts';
import { generateMac } from './mac-address.ts';

export interface SimulationOptions {
  /** Seed of every random choice (ISNs, ports, IP IDs, MACs). Same seed, same bytes. */
  seed?: number | string;
  /** Wall-clock date (ms since the epoch) that virtual time 0 stands for, in captures and logs. */
  startEpochMs?: number;
}

/** Virtual time 0 when none is given: a fixed date, so captures are reproducible. */
export const DEFAULT_START_EPOCH_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

export class SimHost {
  constructor(
    readonly spec: HostSpec,
    readonly stack: NetworkStack,
  ) {}
  get name(): string {
    return this.spec.name;
  }
  get hostname(): string {
    return this.spec.hostname;
  }
}

export class Simulation {
  readonly scheduler = new Scheduler();
  readonly rng: Rng;
  readonly capture = new CaptureStore();
  readonly hosts = new Map<string, SimHost>();
  readonly networks = new Map<string, EthernetSwitch>();
  readonly startEpochMs: number;
  private readonly taps = new Map<string, Disposable>();

  constructor(
    readonly scenario: Scenario,
    opts: SimulationOptions = {},
  ) {
    this.rng = new Rng(opts.seed ?? 1);
    this.startEpochMs = opts.startEpochMs ?? DEFAULT_START_EPOCH_MS;
    for (const net of scenario.networks) this.networks.set(net.name, new EthernetSwitch(this.scheduler, net.name));
    for (const spec of scenario.hosts) this.hosts.set(spec.name, this.buildHost(spec));
  }

  private buildHost(spec: HostSpec): SimHost {
    const rng = this.rng.fork(`host:${spec.name}`);
    const stack = new NetworkStack({ scheduler: this.scheduler, rng, hostname: spec.hostname });
    for (const ifs of spec.interfaces) {
      const mac = ifs.mac !== null ? parseMac(ifs.mac)! : generateMac(rng.fork(`mac:${ifs.name}`));
      const nic = stack.addInterface(ifs.name, mac);
      nic.connect(this.networks.get(ifs.network)!);
      if (ifs.address) nic.addAddress(parseIpv4(ifs.address.address)!, ifs.address.prefix);
    }
    for (const route of spec.routes) {
      stack.routes.add({ dest: parseIpv4(route.to.address)!, prefix: route.to.prefix, gateway: parseIpv4(route.via)!, proto: 'boot' });
    }
    if (spec.gateway !== null) stack.routes.add({ dest: 0, prefix: 0, gateway: parseIpv4(spec.gateway)!, proto: 'boot' });
    stack.ipForward = spec.forwarding;
    return new SimHost(spec, stack);
  }

  host(name: string): SimHost {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no host ${name} in this simulation`);
    return host;
  }

  /** Virtual time in nanoseconds since the start. */
  get now(): number {
    return this.scheduler.now;
  }

  runFor(ns: number): void {
    this.scheduler.runUntil(this.scheduler.now + ns);
  }

  runUntil(ns: number): void {
    this.scheduler.runUntil(ns);
  }

  /** Runs until nothing is scheduled, or virtual time reaches `limitNs` (absolute). */
  runUntilIdle(limitNs = Number.MAX_SAFE_INTEGER): void {
    this.scheduler.runUntilIdle(limitNs);
  }

  /** Start capturing on `HOST:IFACE` targets (any interface, `lo` included). */
  startCapture(targets: readonly string[]): void {
    for (const target of targets) {
      if (this.taps.has(target)) continue;
      const [hostName, ifaceName] = splitTarget(target);
      const host = this.host(hostName);
      if (!host.stack.interfaces.has(ifaceName)) throw new Error(`no interface ${ifaceName} on ${hostName}`);
      const tap = host.stack.onFrame.on((e) => {
        if (e.iface !== ifaceName) return;
        this.capture.add({ time: e.time, host: hostName, iface: ifaceName, bytes: e.frame, linktype: LINKTYPE_ETHERNET });
      });
      this.taps.set(target, tap);
    }
  }

  stopCapture(targets?: readonly string[]): void {
    for (const [target, tap] of [...this.taps]) {
      if (targets && !targets.includes(target)) continue;
      tap.dispose();
      this.taps.delete(target);
    }
  }

  /** Every capturable interface, as `HOST:IFACE`. */
  captureTargets(): string[] {
    const out: string[] = [];
    for (const [name, host] of this.hosts) for (const iface of host.stack.interfaces.keys()) out.push(`${name}:${iface}`);
    return out;
  }

  /** pcap (one interface, LINKTYPE_ETHERNET) of what was captured on `target`. */
  exportPcap(target: string): Uint8Array {
    const [host, iface] = splitTarget(target);
    const frames = this.capture.frames.filter((f) => f.host === host && f.iface === iface);
    const out = writePcap(frames, { epochNs: epochNsFromMillis(this.startEpochMs) });
    if (!out.ok) throw new Error(out.error.message);
    return out.value;
  }

  /** pcapng of everything captured, one interface block per `HOST:IFACE`. */
  exportPcapng(): Uint8Array {
    const out = writePcapng(this.capture.frames, { epochNs: epochNsFromMillis(this.startEpochMs) });
    if (!out.ok) throw new Error(out.error.message);
    return out.value;
  }
}

function splitTarget(target: string): [string, string] {
  const i = target.indexOf(':');
  if (i <= 0) throw new Error(`capture target must be HOST:IFACE, got "${target}"`);
  return [target.slice(0, i), target.slice(i + 1)];
}
