// The way into a running lab from outside: a small "bridge" machine (a network stack with one
// interface, no OS) plugged into the switch of the target host's network, so a connection from
// a real client (nodemailer, imapflow, curl) becomes a real TCP session in the simulation,
// visible in captures like any other. The bridge takes a free address of that network's subnet.
import type { Disposable } from '../engine/events.ts';
import { NetworkStack } from '../stack/host-stack.ts';
import type { TcpConnection } from '../stack/tcp/tcp-module.ts';
import { formatIpv4, type Ipv4 } from '../wire/addr.ts';
import type { Simulation } from './simulation.ts';

export interface ExposeSpec {
  /** Scenario host id ("SMTP"). */
  readonly host: string;
  readonly port: number;
}

/** A bridged TCP session, seen from the outside world's side. */
export interface BridgeSession {
  readonly connection: TcpConnection;
  readonly target: { address: string; port: number };
}

/** "SMTP:25" -> { host: "SMTP", port: 25 }; an error text when malformed. */
export function parseExpose(text: string): { expose: ExposeSpec; localPort: number } | string {
  const m = /^([^:=\s]+):(\d{1,5})=(\d{1,5})$/.exec(text);
  if (m === null) return `bad --expose '${text}' (expected HOST:PORT=LOCALPORT)`;
  const port = Number(m[2]);
  const localPort = Number(m[3]);
  if (port < 1 || port > 65535) return `bad port ${m[2]} in --expose '${text}'`;
  if (localPort > 65535) return `bad local port ${m[3]} in --expose '${text}'`;
  return { expose: { host: m[1], port }, localPort };
}

interface BridgeLeg {
  readonly stack: NetworkStack;
  readonly address: Ipv4;
}

export class LabBridge implements Disposable {
  /** One bridge interface per network, created when first needed. */
  private readonly legs = new Map<string, BridgeLeg>();

  constructor(private readonly sim: Simulation) {}

  /** Checks that `spec` names a host with an IPv4 address; null when it does. */
  check(spec: ExposeSpec): string | null {
    const t = this.target(spec);
    return typeof t === 'string' ? t : null;
  }

  /** Opens a TCP connection from the bridge to the exposed host and port. */
  connect(spec: ExposeSpec): BridgeSession | string {
    const t = this.target(spec);
    if (typeof t === 'string') return t;
    const leg = this.leg(t.network, t.address, t.prefix);
    if (typeof leg === 'string') return leg;
    const connection = leg.stack.tcp.connect({ address: t.address, port: spec.port });
    return { connection, target: { address: formatIpv4(t.address), port: spec.port } };
  }

  dispose(): void {
    for (const leg of this.legs.values()) for (const c of leg.stack.tcp.connections()) c.abort();
  }

  /** The host's address to reach: its first interface with a configured IPv4 address now. */
  private target(spec: ExposeSpec): { network: string; address: Ipv4; prefix: number } | string {
    const host = this.sim.hosts.get(spec.host);
    if (host === undefined) return `no host '${spec.host}' in the scenario (hosts: ${[...this.sim.hosts.keys()].join(', ')})`;
    for (const ifs of host.spec.interfaces) {
      const dev = host.stack.interfaces.get(ifs.name);
      const addr = dev?.addresses[0];
      if (addr !== undefined) return { network: ifs.network, address: addr.address, prefix: addr.prefix };
    }
    return `host '${spec.host}' has no IPv4 address to connect to`;
  }

  private leg(network: string, peer: Ipv4, prefix: number): BridgeLeg | string {
    const existing = this.legs.get(network);
    if (existing !== undefined) return existing;
    const sw = this.sim.networks.get(network);
    if (sw === undefined) return `no network '${network}'`;
    const address = this.freeAddress(peer, prefix);
    if (address === null) return `no free address for the bridge on network '${network}'`;
    const rng = this.sim.rng.fork(`bridge:${network}`);
    const stack = new NetworkStack({ scheduler: this.sim.scheduler, rng, hostname: 'bridge' });
    // A locally administered MAC (02:...), so Wireshark shows it as no vendor's card.
    const mac = 0x0242 * 2 ** 32 + rng.nextU32();
    const nic = stack.addInterface('bridge0', mac);
    nic.connect(sw);
    nic.addAddress(address, prefix);
    const leg = { stack, address };
    this.legs.set(network, leg);
    return leg;
  }

  /** The highest host address of the subnet that no scenario host uses. */
  private freeAddress(peer: Ipv4, prefix: number): Ipv4 | null {
    const used = new Set<number>();
    for (const h of this.sim.hosts.values()) {
      for (const dev of h.stack.interfaces.values()) for (const a of dev.addresses) used.add(a.address >>> 0);
    }
    const size = prefix >= 31 ? 0 : 2 ** (32 - prefix);
    const base = (peer >>> 0) - ((peer >>> 0) % Math.max(size, 1));
    for (let i = size - 2; i >= 1; i--) {
      const candidate = (base + i) >>> 0;
      if (!used.has(candidate)) return candidate;
    }
    return null;
  }
}
