// The topology as graph data, DOM-free: one node per host (shape and colour by role), one node per
// network (a switch, in the scenario's colour), one edge per interface labelled "eth0
// 10.0.1.10/24" from the live addresses, and fixed positions so the picture is the same each time.
import type { HostInfo, Scenario } from '../sim/index.ts';

export interface TopologyNode {
  readonly id: string;
  readonly kind: 'host' | 'network';
  /** The scenario name of the host or network. */
  readonly name: string;
  readonly label: string;
  readonly color: string;
  readonly shape: string;
  /** Visible states: forwarding on, running services, no address. */
  readonly badges: readonly string[];
  readonly position: { x: number; y: number };
}

export interface TopologyEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
  /** An interface without an address (to configure, or waiting for DHCP) is drawn dashed. */
  readonly addressed: boolean;
  readonly up: boolean;
}

export interface TopologyModel {
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
}

/** Shape (cytoscape node shape) and colour per role: the icon of the seeds' lab drawings. */
export const ROLE_STYLE: Readonly<Record<string, { shape: string; color: string }>> = {
  client: { shape: 'round-rectangle', color: '#57606a' },
  router: { shape: 'ellipse', color: '#bf8700' },
  server: { shape: 'barrel', color: '#1a7f37' },
  dns: { shape: 'hexagon', color: '#8250df' },
  dhcp: { shape: 'octagon', color: '#0969da' },
  mail: { shape: 'tag', color: '#cf222e' },
};

/** Colours for networks the scenario leaves uncoloured, in order. */
const NETWORK_PALETTE = ['#1f6feb', '#d29922', '#2da44e', '#a371f7', '#db6d28', '#bf3989'];

const NETWORK_GAP = 340;
const ROW_GAP = 150;
const HOST_GAP = 120;

export const hostNodeId = (name: string): string => `host:${name}`;
export const networkNodeId = (name: string): string => `net:${name}`;

/**
 * `info(name)` gives a host's live state (null before boot or for a missing host: the scenario's
 * static addresses are shown instead).
 */
export function buildTopology(scenario: Scenario, info: (hostName: string) => HostInfo | null): TopologyModel {
  const netX = new Map<string, number>();
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  scenario.networks.forEach((net, i) => {
    const x = i * NETWORK_GAP;
    netX.set(net.name, x);
    nodes.push({
      id: networkNodeId(net.name),
      kind: 'network',
      name: net.name,
      // A hub repeats every frame to every station: the student sees the whole link in a capture.
      label: [net.kind === 'hub' ? `${net.name} (hub)` : net.name, ...(net.description !== '' ? [net.description] : [])].join('\n'),
      color: net.color ?? NETWORK_PALETTE[i % NETWORK_PALETTE.length],
      shape: 'rectangle',
      badges: [],
      position: { x, y: 0 },
    });
  });
  // Hosts on one network hang below it; hosts joining several (routers) sit above, between them.
  const below = new Map<string, number>();
  const belowCount = new Map<string, number>();
  for (const h of scenario.hosts) {
    const nets = distinct(h.interfaces.map((i) => i.network));
    if (nets.length === 1) belowCount.set(nets[0], (belowCount.get(nets[0]) ?? 0) + 1);
  }
  let aboveIndex = 0;
  let looseIndex = 0;
  for (const h of scenario.hosts) {
    const live = info(h.name);
    const nets = distinct(h.interfaces.map((i) => i.network)).filter((n) => netX.has(n));
    let position: { x: number; y: number };
    if (nets.length === 0) {
      position = { x: looseIndex++ * HOST_GAP, y: 2 * ROW_GAP };
    } else if (nets.length === 1) {
      const k = below.get(nets[0]) ?? 0;
      below.set(nets[0], k + 1);
      const n = belowCount.get(nets[0]) ?? 1;
      position = { x: netX.get(nets[0])! + (k - (n - 1) / 2) * HOST_GAP, y: ROW_GAP };
    } else {
      const xs = nets.map((n) => netX.get(n)!);
      position = { x: xs.reduce((a, b) => a + b, 0) / xs.length, y: -ROW_GAP - (aboveIndex++ % 2) * 40 };
    }
    const style = ROLE_STYLE[h.role] ?? ROLE_STYLE.client;
    const badges: string[] = [];
    const forwarding = live?.forwarding ?? h.forwarding;
    if (forwarding) badges.push('ip_forward');
    const running = live?.services.filter((s) => s.activeState === 'active').length ?? 0;
    if (running > 0) badges.push(`${running} service${running > 1 ? 's' : ''}`);
    nodes.push({
      id: hostNodeId(h.name),
      kind: 'host',
      name: h.name,
      label: badges.length > 0 ? `${h.name}\n${badges.join(' · ')}` : h.name,
      color: style.color,
      shape: style.shape,
      badges,
      position,
    });
    for (const ifs of h.interfaces) {
      if (!netX.has(ifs.network)) continue;
      const liveIf = live?.interfaces.find((i) => i.name === ifs.name);
      const addresses = liveIf ? liveIf.addresses : ifs.address ? [ifs.address.text] : [];
      const label = addresses.length > 0 ? `${ifs.name} ${addresses.join(' ')}` : ifs.dhcp && !liveIf ? `${ifs.name} DHCP` : `${ifs.name} —`;
      edges.push({
        id: `if:${h.name}:${ifs.name}`,
        source: hostNodeId(h.name),
        target: networkNodeId(ifs.network),
        label,
        addressed: addresses.length > 0,
        up: liveIf?.up ?? true,
      });
    }
  }
  return { nodes, edges };
}

function distinct(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
