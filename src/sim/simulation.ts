// The composition root: builds hosts, networks and their cables from a scenario, drives virtual
// time, and taps interfaces into the capture store. The UI and the CLI see only this facade.
import { Scheduler } from '../engine/scheduler.ts';
import { Rng } from '../engine/rng.ts';
import { EthernetSwitch, type EthernetNetwork } from '../engine/ethernet-switch.ts';
import { EthernetHub } from '../engine/ethernet-hub.ts';
import type { Disposable } from '../engine/events.ts';
import { CaptureStore } from '../capture/store.ts';
import { writePcap } from '../capture/pcap.ts';
import { writePcapng } from '../capture/pcapng.ts';
import { LINKTYPE_ETHERNET, epochNsFromMillis } from '../capture/record.ts';
import { NetworkStack } from '../stack/host-stack.ts';
import { Host, type HostSnapshot } from '../os/host.ts';
import type { ProgramRegistry } from '../os/programs-registry.ts';
import type { TerminalDevice } from '../os/tty/terminal-device.ts';
import { hashPassword } from '../os/users/sha512-crypt.ts';
import { setPasswordHash } from '../os/users/user-db.ts';
import { LANG_OF_LOCALE } from '../scenario/schema.ts';
import type { Yield } from '../engine/async-drain.ts';
import { runUntilIdleAsync } from '../engine/async-drain.ts';
import { SECOND } from '../engine/time.ts';
import { accountCommands, networkInterfaces, resolvConf, writeScenarioFiles } from './host-setup.ts';
import { buildRegistry, installPrograms } from './programs.ts';
import { installServiceManager, servicesOf } from '../os/services/host-services.ts';
import { preinstallPackages } from '../os/packages/preinstall.ts';
import { registerInstalledUnits } from '../os/packages/installed-units.ts';
import { parseIpv4, parseMac } from '../wire/addr.ts';
import type { Scenario, HostSpec } from '../scenario/schema.ts';
import { generateMac } from './mac-address.ts';
import { bringUpDhcpInterfaces } from './dhcp-boot.ts';
import { BackgroundTraffic } from './traffic.ts';

export interface SimulationOptions {
  /** Seed of every random choice (ISNs, ports, IP IDs, MACs). Same seed, same bytes. */
  seed?: number | string;
  /** Wall-clock date (ms since the epoch) that virtual time 0 stands for, in captures and logs. */
  startEpochMs?: number;
  /** Programs the hosts can run (default: every program of the project). */
  registry?: ProgramRegistry;
  /** Saved machines (lab-snapshot.ts) that replace the scenario's fresh ones, by host id. */
  restoredHosts?: ReadonlyMap<string, HostSnapshot>;
}

/** Virtual time 0 when none is given: a fixed date, so captures are reproducible. */
export const DEFAULT_START_EPOCH_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

export class SimHost {
  /** Terminals opened by the UI or a session script, in order (index 1 is the first). */
  readonly terminals: TerminalDevice[] = [];
  constructor(
    readonly spec: HostSpec,
    readonly machine: Host,
  ) {}
  get name(): string {
    return this.spec.name;
  }
  get hostname(): string {
    return this.machine.hostname;
  }
  get stack(): NetworkStack {
    return this.machine.net;
  }
}

export class Simulation {
  readonly scheduler = new Scheduler();
  readonly rng: Rng;
  readonly capture = new CaptureStore();
  readonly hosts = new Map<string, SimHost>();
  readonly networks = new Map<string, EthernetNetwork>();
  /** The scenario's `traffic` generators, started when boot is done. */
  readonly traffic: BackgroundTraffic;
  readonly startEpochMs: number;
  readonly seed: number | string;
  readonly registry: ProgramRegistry;
  private readonly taps = new Map<string, Disposable>();
  private booted: Promise<void> | null = null;
  private readonly restoredHosts: ReadonlyMap<string, HostSnapshot>;
  // One hash per distinct password: sha512-crypt is deliberately slow (5000 rounds).
  private readonly hashes = new Map<string, string>();

  constructor(
    readonly scenario: Scenario,
    opts: SimulationOptions = {},
  ) {
    this.seed = opts.seed ?? 1;
    this.rng = new Rng(this.seed);
    this.startEpochMs = opts.startEpochMs ?? DEFAULT_START_EPOCH_MS;
    this.registry = opts.registry ?? buildRegistry();
    this.restoredHosts = opts.restoredHosts ?? new Map();
    for (const net of scenario.networks) this.networks.set(net.name, net.kind === 'hub' ? new EthernetHub(this.scheduler, net.name) : new EthernetSwitch(this.scheduler, net.name));
    for (const spec of scenario.hosts) this.hosts.set(spec.name, this.buildHost(spec));
    this.traffic = new BackgroundTraffic(this.scheduler, this.rng, scenario.traffic, (name) => this.host(name).machine);
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
    // What every machine of this lab shares, fresh or restored.
    const common = {
      scheduler: this.scheduler,
      rng,
      registry: this.registry,
      net: stack,
      startEpochMs: this.startEpochMs,
      lang: LANG_OF_LOCALE[this.scenario.locale],
    };
    const saved = this.restoredHosts.get(spec.name);
    if (saved !== undefined) return this.restoreHost(spec, saved, common);
    const installer = spec.users.find((u) => u.name !== 'root') ?? null;
    const root = spec.users.find((u) => u.name === 'root');
    const machine = new Host({
      ...common,
      hostname: spec.hostname,
      base: {
        installerUser: installer ? { name: installer.name, fullName: installer.gecos ?? '' } : undefined,
        installerUserHash: installer?.password != null ? this.hash(installer.password) : undefined,
        rootHash: root?.password != null ? this.hash(root.password) : undefined,
      },
    });
    installPrograms(machine);
    installServiceManager(machine);
    writeScenarioFiles(machine, { '/etc/network/interfaces': networkInterfaces(spec) });
    if (spec.dns.length > 0) writeScenarioFiles(machine, { '/etc/resolv.conf': resolvConf(spec.dns) });
    return new SimHost(spec, machine);
  }

  /** A machine back from its saved disk: its files already hold what the scenario set up. */
  private restoreHost(spec: HostSpec, saved: HostSnapshot, common: Parameters<typeof Host.restore>[1]): SimHost {
    const r = Host.restore(saved, common);
    if (!r.ok) throw new Error(`${spec.name}: ${r.error}`);
    // The saved disk already holds the base system and every installed package's files.
    registerInstalledUnits(r.host.fs, installServiceManager(r.host));
    return new SimHost(spec, r.host);
  }

  /** Whether the hosts came back from a saved lab (boot then only starts their services). */
  get restored(): boolean {
    return this.restoredHosts.size > 0;
  }

  private hash(password: string): string {
    let h = this.hashes.get(password);
    if (h === undefined) {
      h = hashPassword(password, this.rng.fork(`password:${this.hashes.size}`));
      this.hashes.set(password, h);
    }
    return h;
  }

  /**
   * Boots every host: accounts beyond the installer's, packages, the scenario's files, services
   * and boot commands, run through each host's own programs. Resolves when they are done.
   */
  boot(yieldFn: Yield): Promise<void> {
    this.booted ??= this.bootHosts(yieldFn);
    return this.booted;
  }

  private async bootHosts(yieldFn: Yield): Promise<void> {
    const jobs: Promise<unknown>[] = [];
    for (const host of this.hosts.values()) {
      host.machine.boot();
      // A restored host was set up in its first life; its service manager restarts what ran.
      if (!this.restoredHosts.has(host.name)) jobs.push(this.setUp(host));
    }
    let done = false;
    // ifup's dhclient once every host is set up (the DHCP servers among them started).
    void Promise.all(jobs)
      .then(() => Promise.all([...this.hosts.values()].filter((h) => !this.restoredHosts.has(h.name)).map((h) => bringUpDhcpInterfaces(h))))
      .then(() => (done = true));
    // Boot work runs in virtual time; give it up to a minute.
    const limit = this.scheduler.now + 60 * SECOND;
    while (!done && this.scheduler.now < limit) {
      await runUntilIdleAsync(this.scheduler, Math.min(limit, this.scheduler.now + SECOND), yieldFn);
      await yieldFn();
    }
    this.traffic.start();
  }

  private async setUp(host: SimHost): Promise<void> {
    const spec = host.spec;
    const installer = spec.users.find((u) => u.name !== 'root')?.name ?? null;
    const commands = accountCommands(spec, installer);
    if (commands.length > 0) await this.runAsRoot(host, commands.join('\n'));
    for (const u of spec.users) {
      if (u.name === 'root' || u.name === installer || u.password === null) continue;
      setPasswordHash(host.machine.fs, u.name, this.hash(u.password), host.machine.wallTimeMs());
    }
    if (spec.packages.length > 0) {
      const machine = host.machine;
      const unknown = await preinstallPackages({
        fs: machine.fs,
        hostname: machine.hostname,
        now: () => machine.wallTimeMs(),
        services: servicesOf(machine),
        packages: spec.packages,
        debconf: spec.debconf,
        run: async (argv) => {
          const child = machine.spawn(argv);
          return 'error' in child ? null : child.wait();
        },
        start: false,
      });
      for (const name of unknown) machine.syslog.log({ facility: 'user', severity: 'warning', tag: 'netsim', message: `unknown package ${name}` });
    }
    writeScenarioFiles(host.machine, spec.files);
    for (const unit of spec.services) await servicesOf(host.machine)?.start(unit);
    if (spec.boot.length > 0) await this.runAsRoot(host, spec.boot.join('\n'));
  }

  /** Runs a script with /bin/sh as root, as a boot script would; resolves its exit status. */
  private async runAsRoot(host: SimHost, script: string): Promise<number> {
    const child = host.machine.spawn(['sh', '-c', script], { cwd: '/root' });
    if ('error' in child) return 127;
    return child.wait();
  }

  /** The terminal `index` (1-based) of a host, opened (logged in as root) on first use. */
  terminal(hostName: string, index = 1): TerminalDevice | null {
    const host = this.hosts.get(hostName);
    if (!host) return null;
    while (host.terminals.length < index) host.terminals.push(host.machine.openTerminal());
    return host.terminals[index - 1];
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

  /** Why `HOST:IFACE` cannot be captured, or null. */
  checkCaptureTarget(target: string): string | null {
    const i = target.indexOf(':');
    if (i <= 0) return `capture target must be HOST:IFACE, got "${target}"`;
    const host = this.hosts.get(target.slice(0, i));
    if (!host) return `no host ${target.slice(0, i)} in this scenario`;
    if (!host.stack.interfaces.has(target.slice(i + 1))) return `no interface ${target.slice(i + 1)} on ${host.name}`;
    return null;
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

  /** The `HOST:IFACE` taps capturing now. */
  captureTaps(): string[] {
    return [...this.taps.keys()];
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
