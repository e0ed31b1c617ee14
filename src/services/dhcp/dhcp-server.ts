// dhcpd's protocol engine without I/O: DHCPDISCOVER/REQUEST/RELEASE/DECLINE in, replies, log
// lines and lease records out, with dhcpd 4.4's choices: never-used addresses in the order of
// its lease hash (address mod 100003, so the lowest of a lab's range first), a ping before
// offering an address never leased, replies unicast to the client's MAC unless it asked for
// broadcast, options in the client's parameter request list order.
import { formatIpv4, formatMac, type Ipv4, type Mac } from '../../wire/addr.ts';
import {
  BOOTREPLY,
  BOOTREQUEST,
  DHCP_FLAG_BROADCAST,
  DHCPACK,
  DHCPDECLINE,
  DHCPDISCOVER,
  DHCPINFORM,
  DHCPNAK,
  DHCPOFFER,
  DHCPRELEASE,
  DHCPREQUEST,
  dhcpClientMac,
  dhcpOption,
  type DhcpMessage,
  type DhcpOption,
} from '../../wire/dhcp.ts';
import type { DhcpdConfig, DhcpdHost, DhcpdOptions, DhcpdParams, DhcpdSubnet } from './dhcpd-conf.ts';
import type { ServerLease } from './lease-file.ts';

/** dhcpd's defaults when dhcpd.conf names none (dhcpd.conf(5)). */
export const DEFAULT_LEASE_TIME = 43200;
export const DEFAULT_MAX_LEASE_TIME = 86400;
/** dhcpd.h: the IP address hash's bucket count; start-up walks the buckets in order. */
const LEASE_HASH_SIZE = 100003;
/** How long an offered address stays reserved for the client it was offered to. */
const OFFER_HOLD_MS = 120_000;

export interface ServerInterface {
  name: string;
  address: Ipv4;
  mac: Mac;
  subnet: DhcpdSubnet;
}

export interface Reply {
  iface: string;
  message: DhcpMessage;
  /** Destination IP; with `linkDst` the frame goes to that MAC without ARP. */
  to: Ipv4;
  linkDst: Mac | null;
}

export interface ServerOutcome {
  logs: { severity: 'info' | 'err'; message: string }[];
  replies: Reply[];
  /** Lease records to append to dhcpd.leases. */
  commits: ServerLease[];
  /** Ping this address, then call pingResult (ping-check). */
  ping: { address: Ipv4; iface: string } | null;
}

/** A lease record, and until when an offer keeps it for its client. */
type HeldLease = ServerLease & { offeredUntilMs?: number };

interface PendingOffer {
  request: DhcpMessage;
  iface: ServerInterface;
  address: Ipv4;
}

function empty(): ServerOutcome {
  return { logs: [], replies: [], commits: [], ping: null };
}

export class DhcpServer {
  /** Every address this server has a record of (leased, offered, freed, abandoned). */
  readonly leases = new Map<Ipv4, HeldLease>();
  private readonly pending = new Map<Ipv4, PendingOffer>();

  constructor(
    readonly config: DhcpdConfig,
    readonly interfaces: readonly ServerInterface[],
    private readonly nowMs: () => number,
    initial: readonly ServerLease[] = [],
  ) {
    for (const l of initial) this.leases.set(l.address, { ...l });
  }

  /** One datagram that reached port 67 on `ifaceName`. Bad messages are dropped silently. */
  handle(msg: DhcpMessage, ifaceName: string): ServerOutcome {
    const out = empty();
    const iface = this.interfaces.find((i) => i.name === ifaceName);
    if (iface === undefined || msg.op !== BOOTREQUEST || msg.hlen !== 6 || msg.htype !== 1) return out;
    const type = dhcpOption(msg, 'message-type')?.type;
    switch (type) {
      case DHCPDISCOVER:
        return this.discover(msg, iface);
      case DHCPREQUEST:
        return this.request(msg, iface);
      case DHCPRELEASE:
        return this.release(msg, iface);
      case DHCPDECLINE:
        return this.decline(msg, iface);
      case DHCPINFORM:
        out.logs.push({ severity: 'info', message: `DHCPINFORM from ${formatIpv4(msg.ciaddr)} via ${iface.name}` });
        if (msg.ciaddr !== 0) {
          out.replies.push({ iface: iface.name, to: msg.ciaddr, linkDst: null, message: this.reply(msg, iface, DHCPACK, 0, null, this.params(iface.subnet, null)) });
          out.logs.push({ severity: 'info', message: `DHCPACK to ${formatIpv4(msg.ciaddr)} (${formatMac(dhcpClientMac(msg))}) via ${iface.name}` });
        }
        return out;
      default:
        return out;
    }
  }

  /** The ping of a candidate address ended: answered means someone already uses it. */
  pingResult(address: Ipv4, answered: boolean): ServerOutcome {
    const p = this.pending.get(address);
    const out = empty();
    if (p === undefined) return out;
    this.pending.delete(address);
    const now = this.nowMs();
    if (answered) {
      out.logs.push({ severity: 'err', message: `Abandoning IP address ${formatIpv4(address)}: pinged before offer` });
      const mac = dhcpClientMac(p.request);
      const rec: ServerLease = { address, mac, uid: null, hostname: null, startsMs: now, endsMs: now + 86400_000, clttMs: now, state: 'abandoned' };
      this.leases.set(address, rec);
      out.commits.push(rec);
      return out;
    }
    this.offer(p.request, p.iface, address, out);
    return out;
  }

  private hostOf(mac: Mac): DhcpdHost | undefined {
    return this.config.hosts.find((h) => h.mac === mac);
  }

  /** Parameters in scope order: host over subnet over global. */
  private params(subnet: DhcpdSubnet, host: DhcpdHost | null): DhcpdParams {
    const layers: DhcpdParams[] = [this.config, subnet, ...(host !== null ? [host] : [])];
    const merged: DhcpdParams = { options: {} };
    for (const l of layers) {
      if (l.defaultLeaseTime !== undefined) merged.defaultLeaseTime = l.defaultLeaseTime;
      if (l.maxLeaseTime !== undefined) merged.maxLeaseTime = l.maxLeaseTime;
      if (l.minLeaseTime !== undefined) merged.minLeaseTime = l.minLeaseTime;
      if (l.authoritative !== undefined) merged.authoritative = l.authoritative;
      if (l.pingCheck !== undefined) merged.pingCheck = l.pingCheck;
      Object.assign(merged.options, l.options);
    }
    return merged;
  }

  /**
   * "MAC (hostname)": for OFFER and ACK the name the client just sent; for DISCOVER, REQUEST,
   * RELEASE and DECLINE the client-hostname of the lease dhcpd found for it, so a client's very
   * first DISCOVER shows no name.
   */
  private who(msg: DhcpMessage, name: string | null | undefined = dhcpOption(msg, 'host-name')?.name): string {
    return `${formatMac(dhcpClientMac(msg))}${name != null ? ` (${printable(name)})` : ''}`;
  }

  /** find_lease's answer for a client: its own record, if any. */
  private leaseOf(mac: Mac, address?: Ipv4): HeldLease | undefined {
    if (address !== undefined) {
      const l = this.leases.get(address);
      return l !== undefined && l.mac === mac ? l : undefined;
    }
    for (const l of this.leases.values()) if (l.mac === mac && l.state !== 'abandoned') return l;
    return undefined;
  }

  private inSubnet(a: Ipv4, s: DhcpdSubnet): boolean {
    return (a & s.mask) >>> 0 === s.net >>> 0;
  }

  private inRange(a: Ipv4, s: DhcpdSubnet): boolean {
    return s.ranges.some((r) => a >>> 0 >= r.low >>> 0 && a >>> 0 <= r.high >>> 0);
  }

  /** Whether `a` may go to `mac` now: free, expired, or already this client's. */
  private available(a: Ipv4, mac: Mac, now: number): boolean {
    const l = this.leases.get(a);
    if (l === undefined) return true;
    if (l.mac === mac && l.state !== 'abandoned') return true;
    if (l.state === 'abandoned') return false;
    if (l.state === 'active' && l.endsMs > now) return false;
    if (l.offeredUntilMs !== undefined && l.offeredUntilMs > now) return false;
    return true;
  }

  /** allocate_lease: the client's own lease, the address it asks for, then the pool's free list. */
  private choose(msg: DhcpMessage, iface: ServerInterface): { address: Ipv4; fixed: boolean } | null {
    const mac = dhcpClientMac(msg);
    const s = iface.subnet;
    const host = this.hostOf(mac);
    if (host?.fixedAddress != null && this.inSubnet(host.fixedAddress, s)) return { address: host.fixedAddress, fixed: true };
    const now = this.nowMs();
    for (const l of this.leases.values()) {
      if (l.mac === mac && l.state !== 'abandoned' && this.inRange(l.address, s) && this.available(l.address, mac, now)) return { address: l.address, fixed: false };
    }
    const asked = dhcpOption(msg, 'requested-address')?.address;
    if (asked !== undefined && this.inRange(asked, s) && this.available(asked, mac, now) && !this.isFixed(asked)) return { address: asked, fixed: false };
    // The pool's free queue, sorted by end time: never-used addresses first (all end at the
    // epoch), queued at start-up in lease-hash bucket order; then the longest free.
    let fresh: Ipv4 | null = null;
    let best: Ipv4 | null = null;
    let bestEnds = Infinity;
    for (const r of s.ranges) {
      for (let a = r.low >>> 0; a <= r.high >>> 0; a++) {
        if (this.isFixed(a)) continue;
        const l = this.leases.get(a);
        if (l === undefined) {
          if (fresh === null || a % LEASE_HASH_SIZE < fresh % LEASE_HASH_SIZE) fresh = a;
          continue;
        }
        if (!this.available(a, mac, now)) continue;
        if (l.endsMs < bestEnds) {
          best = a;
          bestEnds = l.endsMs;
        }
      }
    }
    const pick = fresh ?? best;
    return pick === null ? null : { address: pick, fixed: false };
  }

  private isFixed(a: Ipv4): boolean {
    return this.config.hosts.some((h) => h.fixedAddress === a);
  }

  private discover(msg: DhcpMessage, iface: ServerInterface): ServerOutcome {
    const out = empty();
    const line = `DHCPDISCOVER from ${this.who(msg, this.leaseOf(dhcpClientMac(msg))?.hostname ?? null)} via ${iface.name}`;
    const choice = this.choose(msg, iface);
    if (choice === null) {
      const s = iface.subnet;
      out.logs.push({ severity: 'err', message: `${line}: network ${formatIpv4(s.net)}/${s.prefix}: no free leases` });
      return out;
    }
    out.logs.push({ severity: 'info', message: line });
    const params = this.params(iface.subnet, choice.fixed ? (this.hostOf(dhcpClientMac(msg)) ?? null) : null);
    const known = this.leases.get(choice.address);
    const neverUsed = known === undefined;
    if (!choice.fixed && neverUsed && params.pingCheck !== false) {
      this.pending.set(choice.address, { request: msg, iface, address: choice.address });
      out.ping = { address: choice.address, iface: iface.name };
      return out;
    }
    this.offer(msg, iface, choice.address, out);
    return out;
  }

  private offer(msg: DhcpMessage, iface: ServerInterface, address: Ipv4, out: ServerOutcome): void {
    const now = this.nowMs();
    const mac = dhcpClientMac(msg);
    const host = this.hostOf(mac);
    const fixed = host?.fixedAddress === address;
    const params = this.params(iface.subnet, fixed ? (host ?? null) : null);
    const time = this.leaseTime(msg, params);
    if (!fixed) {
      const prev = this.leases.get(address);
      const hostname = dhcpOption(msg, 'host-name')?.name ?? null;
      this.leases.set(address, {
        address,
        mac,
        uid: clientUid(msg),
        hostname,
        startsMs: prev?.startsMs ?? now,
        endsMs: prev?.endsMs ?? now,
        clttMs: prev?.clttMs ?? now,
        state: prev?.state === 'active' && prev.mac === mac ? 'active' : 'free',
        offeredUntilMs: now + OFFER_HOLD_MS,
      });
    }
    out.replies.push(this.route(msg, iface, this.reply(msg, iface, DHCPOFFER, address, time, params)));
    out.logs.push({ severity: 'info', message: `DHCPOFFER on ${formatIpv4(address)} to ${this.who(msg)} via ${iface.name}` });
  }

  private leaseTime(msg: DhcpMessage, p: DhcpdParams): number {
    const def = p.defaultLeaseTime ?? DEFAULT_LEASE_TIME;
    const max = p.maxLeaseTime ?? DEFAULT_MAX_LEASE_TIME;
    const asked = dhcpOption(msg, 'lease-time')?.seconds;
    if (asked === undefined) return Math.min(def, max);
    return Math.max(p.minLeaseTime ?? 0, Math.min(asked, max));
  }

  private request(msg: DhcpMessage, iface: ServerInterface): ServerOutcome {
    const out = empty();
    const mac = dhcpClientMac(msg);
    const serverId = dhcpOption(msg, 'server-id')?.address;
    const requested = dhcpOption(msg, 'requested-address')?.address ?? msg.ciaddr;
    const line = `DHCPREQUEST for ${formatIpv4(requested)}${serverId !== undefined ? ` (${formatIpv4(serverId)})` : ''} from ${this.who(msg, this.leaseOf(mac, requested)?.hostname ?? null)} via ${iface.name}`;
    const now = this.nowMs();
    const s = iface.subnet;
    const host = this.hostOf(mac);
    const params = this.params(s, host?.fixedAddress === requested ? host : null);
    const authoritative = params.authoritative === true;
    if (serverId !== undefined && serverId !== iface.address) {
      // The client took another server's offer: ours goes back to the pool.
      const l = this.leases.get(requested);
      if (l !== undefined && l.mac === mac) l.offeredUntilMs = undefined;
      out.logs.push({ severity: 'info', message: line });
      return out;
    }
    if (!this.inSubnet(requested, s)) {
      if (authoritative) {
        out.logs.push({ severity: 'info', message: `${line}: wrong network.` });
        this.nak(msg, iface, requested, out);
      } else {
        out.logs.push({ severity: 'info', message: `${line}: ignored (not authoritative).` });
      }
      return out;
    }
    const fixed = host?.fixedAddress === requested;
    const ours = fixed || (this.inRange(requested, s) && !this.isFixed(requested) && this.available(requested, mac, now));
    if (!ours) {
      const known = this.leases.has(requested) || this.inRange(requested, s) || this.isFixed(requested);
      if (authoritative || (known && this.leases.has(requested))) {
        out.logs.push({ severity: 'info', message: `${line}: lease ${formatIpv4(requested)} unavailable.` });
        this.nak(msg, iface, requested, out);
      } else {
        out.logs.push({ severity: 'info', message: `${line}: unknown lease ${formatIpv4(requested)}.` });
      }
      return out;
    }
    out.logs.push({ severity: 'info', message: line });
    const time = this.leaseTime(msg, params);
    if (!fixed) {
      const rec: ServerLease = {
        address: requested,
        mac,
        uid: clientUid(msg),
        hostname: dhcpOption(msg, 'host-name')?.name ?? null,
        startsMs: now,
        endsMs: now + time * 1000,
        clttMs: now,
        state: 'active',
      };
      this.leases.set(requested, rec);
      out.commits.push(rec);
    }
    out.replies.push(this.route(msg, iface, this.reply(msg, iface, DHCPACK, requested, time, params)));
    out.logs.push({ severity: 'info', message: `DHCPACK on ${formatIpv4(requested)} to ${this.who(msg)} via ${iface.name}` });
    return out;
  }

  private nak(msg: DhcpMessage, iface: ServerInterface, address: Ipv4, out: ServerOutcome): void {
    const message: DhcpMessage = {
      ...this.base(msg),
      ciaddr: 0,
      yiaddr: 0,
      options: [
        { kind: 'message-type', type: DHCPNAK },
        { kind: 'server-id', address: iface.address },
        { kind: 'raw', code: 56, data: new TextEncoder().encode('requested address not available') },
      ],
    };
    out.replies.push({ iface: iface.name, message, to: 0xffffffff, linkDst: null });
    out.logs.push({ severity: 'info', message: `DHCPNAK on ${formatIpv4(address)} to ${formatMac(dhcpClientMac(msg))} via ${iface.name}` });
  }

  private release(msg: DhcpMessage, iface: ServerInterface): ServerOutcome {
    const out = empty();
    const mac = dhcpClientMac(msg);
    const l = this.leaseOf(mac, msg.ciaddr);
    const found = l !== undefined;
    out.logs.push({ severity: 'info', message: `DHCPRELEASE of ${formatIpv4(msg.ciaddr)} from ${this.who(msg, l?.hostname ?? null)} via ${iface.name} (${found ? 'found' : 'not found'})` });
    const now = this.nowMs();
    // release_lease only for a lease still running.
    if (l !== undefined && l.state === 'active' && l.endsMs > now) {
      l.state = 'free';
      l.endsMs = now;
      l.clttMs = now;
      l.offeredUntilMs = undefined;
      out.commits.push({ ...l });
    }
    return out;
  }

  private decline(msg: DhcpMessage, iface: ServerInterface): ServerOutcome {
    const out = empty();
    const address = dhcpOption(msg, 'requested-address')?.address ?? 0;
    const now = this.nowMs();
    const known = this.leases.get(address);
    out.logs.push({ severity: 'err', message: `Abandoning IP address ${formatIpv4(address)}: declined.` });
    out.logs.push({ severity: 'info', message: `DHCPDECLINE of ${formatIpv4(address)} from ${this.who(msg, known?.hostname ?? null)} via ${iface.name}: abandoned` });
    const rec: ServerLease = { address, mac: dhcpClientMac(msg), uid: null, hostname: null, startsMs: now, endsMs: now + 86400_000, clttMs: now, state: 'abandoned' };
    this.leases.set(address, rec);
    out.commits.push(rec);
    return out;
  }

  /** dhcp_reply's destination: the relay, ciaddr, broadcast on request, else the client's MAC. */
  private route(msg: DhcpMessage, iface: ServerInterface, reply: DhcpMessage): Reply {
    if (msg.ciaddr !== 0) return { iface: iface.name, message: reply, to: msg.ciaddr, linkDst: null };
    if ((msg.flags & DHCP_FLAG_BROADCAST) !== 0) return { iface: iface.name, message: reply, to: 0xffffffff, linkDst: null };
    return { iface: iface.name, message: reply, to: reply.yiaddr, linkDst: dhcpClientMac(msg) };
  }

  private base(msg: DhcpMessage): DhcpMessage {
    return {
      op: BOOTREPLY,
      htype: msg.htype,
      hlen: msg.hlen,
      hops: 0,
      xid: msg.xid,
      secs: 0,
      flags: msg.flags,
      ciaddr: 0,
      yiaddr: 0,
      siaddr: 0,
      giaddr: msg.giaddr,
      chaddr: msg.chaddr.slice(),
      sname: '',
      file: '',
      options: [],
    };
  }

  private reply(msg: DhcpMessage, iface: ServerInterface, type: number, address: Ipv4, leaseTime: number | null, p: DhcpdParams): DhcpMessage {
    const head: DhcpOption[] = [
      { kind: 'message-type', type },
      { kind: 'server-id', address: iface.address },
    ];
    if (leaseTime !== null) head.push({ kind: 'lease-time', seconds: leaseTime });
    const opts = optionsOf(p.options, iface.subnet);
    const prl = dhcpOption(msg, 'parameter-request-list')?.codes ?? [];
    const ordered: DhcpOption[] = [];
    const used = new Set<number>();
    for (const code of prl) {
      const o = opts.get(code);
      if (o !== undefined && !used.has(code)) {
        ordered.push(o);
        used.add(code);
      }
    }
    for (const [code, o] of [...opts].sort((a, b) => a[0] - b[0])) if (!used.has(code)) ordered.push(o);
    return {
      ...this.base(msg),
      ciaddr: type === DHCPACK ? msg.ciaddr : 0,
      yiaddr: address,
      options: [...head, ...ordered],
    };
  }
}

/** db_printable: names over 64 characters or with odd bytes are not logged as they are. */
function printable(name: string): string {
  return name.length <= 64 && /^[\x20-\x7e]*$/.test(name) ? name : 'Hostname Unsuitable for Printing';
}

function clientUid(msg: DhcpMessage): Uint8Array | null {
  const id = dhcpOption(msg, 'client-id');
  if (id === undefined) return null;
  const out = new Uint8Array(id.id.length + 1);
  out[0] = id.htype;
  out.set(id.id, 1);
  return out;
}

/** The options a scope sends, by code (subnet-mask always, from the subnet declaration). */
function optionsOf(o: DhcpdOptions, subnet: DhcpdSubnet): Map<number, DhcpOption> {
  const m = new Map<number, DhcpOption>();
  m.set(1, { kind: 'subnet-mask', address: o['subnet-mask'] ?? subnet.mask });
  if (o.routers !== undefined) m.set(3, { kind: 'routers', addresses: o.routers });
  if (o['domain-name-servers'] !== undefined) m.set(6, { kind: 'dns-servers', addresses: o['domain-name-servers'] });
  if (o['host-name'] !== undefined) m.set(12, { kind: 'host-name', name: o['host-name'] });
  if (o['domain-name'] !== undefined) m.set(15, { kind: 'domain-name', name: o['domain-name'] });
  if (o['broadcast-address'] !== undefined) m.set(28, { kind: 'raw', code: 28, data: ipBytes([o['broadcast-address']]) });
  if (o['ntp-servers'] !== undefined) m.set(42, { kind: 'raw', code: 42, data: ipBytes(o['ntp-servers']) });
  if (o['dhcp-renewal-time'] !== undefined) m.set(58, { kind: 'renewal-time', seconds: o['dhcp-renewal-time'] });
  if (o['dhcp-rebinding-time'] !== undefined) m.set(59, { kind: 'rebinding-time', seconds: o['dhcp-rebinding-time'] });
  if (o['domain-search'] !== undefined) m.set(119, { kind: 'raw', code: 119, data: searchList(o['domain-search']) });
  return m;
}

function ipBytes(list: readonly Ipv4[]): Uint8Array {
  const out = new Uint8Array(list.length * 4);
  list.forEach((a, i) => {
    out[i * 4] = a >>> 24;
    out[i * 4 + 1] = (a >>> 16) & 0xff;
    out[i * 4 + 2] = (a >>> 8) & 0xff;
    out[i * 4 + 3] = a & 0xff;
  });
  return out;
}

/** RFC 3397: the names in DNS wire format (without compression). */
function searchList(names: readonly string[]): Uint8Array {
  const bytes: number[] = [];
  for (const n of names) {
    for (const label of n.replace(/\.$/, '').split('.')) {
      if (label === '') continue;
      bytes.push(Math.min(63, label.length), ...Array.from(label.slice(0, 63), (c) => c.charCodeAt(0) & 0xff));
    }
    bytes.push(0);
  }
  return new Uint8Array(bytes.slice(0, 255));
}
