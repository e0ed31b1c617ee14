// dhcpd's engine without sockets: allocation order, ping-check, replies' destinations and
// options, NAKs, releases, exhausted ranges and messages it must ignore.
import { describe, expect, it } from 'vitest';
import { formatIpv4, parseIpv4 } from '../../wire/addr.ts';
import { DHCP_FLAG_BROADCAST, DHCPACK, DHCPNAK, DHCPOFFER, dhcpOption, emitDhcp, parseDhcp, type DhcpMessage } from '../../wire/dhcp.ts';
import { clientMessage, type ClientIdentity } from './dhcp-client-messages.ts';
import { parseDhcpdConf } from './dhcpd-conf.ts';
import { DhcpServer } from './dhcp-server.ts';

const ip = (s: string) => parseIpv4(s)!;

function server(conf: string): DhcpServer {
  const r = parseDhcpdConf(conf);
  if (!r.ok) throw new Error('conf');
  const s = r.config.subnets[0];
  return new DhcpServer(r.config, [{ name: 'eth0', address: ip('10.0.0.2'), mac: 0x080027000002, subnet: s }], () => Date.UTC(2026, 0, 5, 8));
}

const CONF = 'default-lease-time 600;\nsubnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.10 10.0.0.12;\n  option routers 10.0.0.1;\n  option domain-name "lab";\n}\n';

const who = (n: number): ClientIdentity => ({ mac: 0x080027000100 + n, hostname: `pc${n}`, clientId: null });

/** DISCOVER then the ping-check's silence: the offer. */
function offer(s: DhcpServer, n: number): DhcpMessage | null {
  const d = s.handle(clientMessage(who(n), 0x1000 + n, 0, { kind: 'discover', requested: null }), 'eth0');
  const o = d.ping !== null ? s.pingResult(d.ping.address, false) : d;
  return o.replies[0]?.message ?? null;
}

describe('dhcpd engine', () => {
  it('offers the first address of the lease hash (the lowest here) after a ping, unicast to the client MAC, options in request-list order', () => {
    const s = server(CONF);
    const d = s.handle(clientMessage(who(1), 1, 0, { kind: 'discover', requested: null }), 'eth0');
    // A client's first DISCOVER: no lease of its own yet, so no name (dhcpdiscover's msgbuf).
    expect(d.logs.map((l) => l.message)).toEqual(['DHCPDISCOVER from 08:00:27:00:01:01 via eth0']);
    expect(d.ping && formatIpv4(d.ping.address)).toBe('10.0.0.10');
    const o = s.pingResult(ip('10.0.0.10'), false);
    expect(o.logs.map((l) => l.message)).toEqual(['DHCPOFFER on 10.0.0.10 to 08:00:27:00:01:01 (pc1) via eth0']);
    const r = o.replies[0];
    expect([formatIpv4(r.to), r.linkDst]).toEqual(['10.0.0.10', 0x080027000101]);
    expect(dhcpOption(r.message, 'message-type')?.type).toBe(DHCPOFFER);
    expect(r.message.options.map((x) => (x.kind === 'raw' ? x.code : x.kind))).toEqual(['message-type', 'server-id', 'lease-time', 'subnet-mask', 'routers', 'domain-name']);
  });

  it('abandons an address that answers the ping and offers nothing', () => {
    const s = server(CONF);
    const d = s.handle(clientMessage(who(1), 1, 0, { kind: 'discover', requested: null }), 'eth0');
    const o = s.pingResult(d.ping!.address, true);
    expect(o.logs.map((l) => l.message)).toEqual(['Abandoning IP address 10.0.0.10: pinged before offer']);
    expect(o.replies).toEqual([]);
    expect(formatIpv4(offer(s, 1)!.yiaddr)).toBe('10.0.0.11');
  });

  it('acks the selected address, records the lease, and answers broadcast when asked', () => {
    const s = server(CONF);
    const o = offer(s, 1)!;
    const req = clientMessage(who(1), 0x1001, 0, { kind: 'select', server: ip('10.0.0.2'), requested: o.yiaddr });
    req.flags = DHCP_FLAG_BROADCAST;
    const a = s.handle(req, 'eth0');
    expect(a.logs.map((l) => l.message)).toEqual([
      'DHCPREQUEST for 10.0.0.10 (10.0.0.2) from 08:00:27:00:01:01 (pc1) via eth0',
      'DHCPACK on 10.0.0.10 to 08:00:27:00:01:01 (pc1) via eth0',
    ]);
    expect(formatIpv4(a.replies[0].to)).toBe('255.255.255.255');
    expect(dhcpOption(a.replies[0].message, 'message-type')?.type).toBe(DHCPACK);
    expect(a.commits.map((c) => [formatIpv4(c.address), c.state, c.hostname, (c.endsMs - c.startsMs) / 1000])).toEqual([['10.0.0.10', 'active', 'pc1', 600]]);
    // The same client asking again gets the same address without a new ping.
    const again = s.handle(clientMessage(who(1), 9, 0, { kind: 'discover', requested: null }), 'eth0');
    expect(again.ping).toBeNull();
    expect(formatIpv4(again.replies[0].message.yiaddr)).toBe('10.0.0.10');
  });

  it('says "no free leases" once the range is used up', () => {
    const s = server(CONF);
    for (const n of [1, 2, 3]) {
      const o = offer(s, n)!;
      s.handle(clientMessage(who(n), 0x1000 + n, 0, { kind: 'select', server: ip('10.0.0.2'), requested: o.yiaddr }), 'eth0');
    }
    const d = s.handle(clientMessage(who(4), 4, 0, { kind: 'discover', requested: null }), 'eth0');
    expect(d.logs.map((l) => l.message)).toEqual(['DHCPDISCOVER from 08:00:27:00:01:04 via eth0: network 10.0.0.0/24: no free leases']);
    expect(d.replies).toEqual([]);
  });

  it('NAKs (authoritative) or ignores a request for another network, and NAKs a taken address', () => {
    const plain = server(CONF);
    const wrong = clientMessage(who(1), 1, 0, { kind: 'reboot', requested: ip('192.168.1.5') });
    expect(plain.handle(wrong, 'eth0').logs.map((l) => l.message)).toEqual(['DHCPREQUEST for 192.168.1.5 from 08:00:27:00:01:01 via eth0: ignored (not authoritative).']);
    const auth = server(`authoritative;\n${CONF}`);
    const n = auth.handle(wrong, 'eth0');
    expect(n.logs.map((l) => l.message)).toEqual([
      'DHCPREQUEST for 192.168.1.5 from 08:00:27:00:01:01 via eth0: wrong network.',
      'DHCPNAK on 192.168.1.5 to 08:00:27:00:01:01 via eth0',
    ]);
    expect(formatIpv4(n.replies[0].to)).toBe('255.255.255.255');
    expect(dhcpOption(n.replies[0].message, 'message-type')?.type).toBe(DHCPNAK);
    const o = offer(auth, 1)!;
    auth.handle(clientMessage(who(1), 1, 0, { kind: 'select', server: ip('10.0.0.2'), requested: o.yiaddr }), 'eth0');
    const thief = auth.handle(clientMessage(who(2), 2, 0, { kind: 'reboot', requested: o.yiaddr }), 'eth0');
    expect(thief.logs.map((l) => l.message)[0]).toBe('DHCPREQUEST for 10.0.0.10 from 08:00:27:00:01:02 via eth0: lease 10.0.0.10 unavailable.');
  });

  it('frees a released lease', () => {
    const s = server(CONF);
    const o = offer(s, 1)!;
    s.handle(clientMessage(who(1), 1, 0, { kind: 'select', server: ip('10.0.0.2'), requested: o.yiaddr }), 'eth0');
    const r = s.handle(clientMessage(who(1), 2, 0, { kind: 'release', server: ip('10.0.0.2'), address: o.yiaddr }), 'eth0');
    // The name is the lease's client-hostname (the RELEASE itself carries none).
    expect(r.logs.map((l) => l.message)).toEqual(['DHCPRELEASE of 10.0.0.10 from 08:00:27:00:01:01 (pc1) via eth0 (found)']);
    expect(r.commits[0].state).toBe('free');
    const other = s.handle(clientMessage(who(2), 3, 0, { kind: 'release', server: ip('10.0.0.2'), address: ip('10.0.0.12') }), 'eth0');
    expect(other.logs[0].message).toBe('DHCPRELEASE of 10.0.0.12 from 08:00:27:00:01:02 via eth0 (not found)');
  });

  it('gives a host declaration its fixed address without a ping', () => {
    const s = server(`${CONF}host pc {\n  hardware ethernet 08:00:27:00:01:05;\n  fixed-address 10.0.0.50;\n}\n`);
    const d = s.handle(clientMessage(who(5), 5, 0, { kind: 'discover', requested: null }), 'eth0');
    expect(d.ping).toBeNull();
    expect(formatIpv4(d.replies[0].message.yiaddr)).toBe('10.0.0.50');
  });

  it('ignores replies, odd hardware types, messages without a type, and unknown interfaces', () => {
    const s = server(CONF);
    const m = clientMessage(who(1), 1, 0, { kind: 'discover', requested: null });
    const silent = (x: DhcpMessage, iface = 'eth0') => {
      const o = s.handle(x, iface);
      return o.logs.length + o.replies.length + (o.ping === null ? 0 : 1);
    };
    expect(silent({ ...m, op: 2 })).toBe(0);
    expect(silent({ ...m, hlen: 16 })).toBe(0);
    expect(silent({ ...m, options: m.options.filter((o) => o.kind !== 'message-type') })).toBe(0);
    expect(silent(m, 'eth9')).toBe(0);
    // Round trip through the codec: what a socket would deliver.
    const back = parseDhcp(emitDhcp(m));
    expect(back.ok && silent(back.value)).toBe(2); // the DISCOVER line and the ping
  });
});

describe('dhcpd allocation order', () => {
  it('walks the lease hash buckets (address mod 100003): a range across a bucket wrap starts at the wrap', () => {
    // 10.0.128.106 is 1678 * 100003: its bucket is 0, before those of .100 to .105.
    const s = server('subnet 10.0.0.0 netmask 255.255.0.0 {\n  range 10.0.128.100 10.0.128.110;\n}\n');
    const got: string[] = [];
    for (const n of [1, 2, 3]) {
      const o = offer(s, n)!;
      got.push(formatIpv4(o.yiaddr));
      s.handle(clientMessage(who(n), 0x1000 + n, 0, { kind: 'select', server: ip('10.0.0.2'), requested: o.yiaddr }), 'eth0');
    }
    expect(got).toEqual(['10.0.128.106', '10.0.128.107', '10.0.128.108']);
  });
});

describe('dhcpd.leases', () => {
  it('reads back what it writes: the last block of an address wins, uid and name included', async () => {
    const { formatServerLease, parseServerLeases, DHCPD_LEASES_HEADER } = await import('./lease-file.ts');
    const t0 = Date.UTC(2026, 10, 22, 6, 50, 12);
    const first = { address: ip('10.0.0.10'), mac: 0x08002700aabb, uid: Uint8Array.from([1, 8, 0, 0x27, 0, 0xaa, 0xbb]), hostname: 'pc "1"', startsMs: t0, endsMs: t0 + 600_000, clttMs: t0, state: 'active' as const };
    const text = DHCPD_LEASES_HEADER + formatServerLease(first) + formatServerLease({ ...first, state: 'free', endsMs: t0 + 60_000 });
    expect(formatServerLease(first)).toBe(
      'lease 10.0.0.10 {\n  starts 0 2026/11/22 06:50:12;\n  ends 0 2026/11/22 07:00:12;\n  cltt 0 2026/11/22 06:50:12;\n  binding state active;\n' +
        '  next binding state free;\n  rewind binding state free;\n  hardware ethernet 08:00:27:00:aa:bb;\n  uid "\\001\\010\\000\'\\000\\252\\273";\n  client-hostname "pc \\"1\\"";\n}\n',
    );
    const back = parseServerLeases(text);
    expect(back).toHaveLength(1);
    expect([back[0].state, back[0].hostname, [...back[0].uid!], back[0].endsMs - t0]).toEqual(['free', 'pc "1"', [...first.uid], 60_000]);
    expect(parseServerLeases('lease 10.0.0.1 { garbage; }\nlease x {\nlease 10.0.0.2 {')).toEqual([]);
  });
});
