// dhcpd and dhclient on two simulated Debian hosts on one switch: the client gets its address,
// default route and resolv.conf; the server logs the exchange and records the lease; every frame
// is dissected cleanly by real tshark. No isc-dhcp recording exists in fidelity/, so expected
// texts follow isc-dhcp 4.4.3-P1's sources. Normalized: the dhclient/dhcpd PIDs and syslog
// timestamps (they differ between real runs), the renewal delay (dhclient randomizes it).
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { NetLab, type LabHost } from '../../src/commands/testing-net/net-lab.ts';
import { writePcap } from '../../src/capture/pcap.ts';
import { readCapture } from '../../src/capture/pcap-reader.ts';
import { dissectCapture, formatSummaryLine } from '../../src/capture/dissect-capture.ts';
import { treeLines } from '../../src/capture/dissectors/tree.ts';
import { LINKTYPE_ETHERNET, epochNsFromMillis, type CapturedFrame } from '../../src/capture/record.ts';
import { dhcpdMain } from '../../src/services/dhcp/dhcpd.ts';
import { dhclientMain } from '../../src/services/dhcp/dhclient.ts';
import { formatIpv4 } from '../../src/wire/addr.ts';
import { complaints, requireTshark, summary, writeTemp } from '../support/tshark.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const ROOT = { uid: 0, gid: 0, groups: [0] };
const dec = new TextDecoder();

const CONF = `# dhcpd.conf
option domain-name "etudiant128.iut";
option domain-name-servers 172.20.128.2;
default-lease-time 600;
max-lease-time 7200;
ddns-update-style none;
authoritative;

subnet 172.20.128.0 netmask 255.255.255.0 {
  range 172.20.128.1 172.20.128.1;
  option routers 172.20.128.3;
}
`;

const CLIENT_CONF = 'send host-name = gethostname();\nrequest subnet-mask, broadcast-address, routers;\n';

interface Lab {
  lab: NetLab;
  server: LabHost;
  client: LabHost;
  client2: LabHost;
  frames: CapturedFrame[];
}

function read(h: LabHost, path: string): string {
  const r = h.host.fs.readFile(path, ROOT);
  return r.ok ? dec.decode(r.value) : '';
}

function write(h: LabHost, path: string, text: string): void {
  h.host.fs.mkdir(path.slice(0, path.lastIndexOf('/')), ROOT, { parents: true });
  h.host.fs.writeFile(path, text, ROOT);
}

function makeLab(conf = CONF): Lab {
  const lab = new NetLab(nodeYield);
  const sw = lab.network('lan');
  const server = lab.host('dhcp', [{ net: sw, address: '172.20.128.2/24', mac: 0x080027000002 }]);
  const client = lab.host('client', [{ net: sw, mac: 0x0800271a2b3c }]);
  const client2 = lab.host('client2', [{ net: sw, mac: 0x0800271a2b3d }]);
  write(server, '/etc/dhcp/dhcpd.conf', conf);
  write(server, '/var/lib/dhcp/dhcpd.leases', '');
  for (const c of [client, client2]) {
    write(c, '/etc/dhcp/dhclient.conf', CLIENT_CONF);
    c.host.fs.mkdir('/var/lib/dhcp', ROOT, { parents: true });
  }
  const frames: CapturedFrame[] = [];
  server.net.onFrame.on((e) => {
    if (e.iface === 'eth0') frames.push({ time: e.time, host: 'dhcp', iface: 'eth0', bytes: e.frame, linktype: LINKTYPE_ETHERNET });
  });
  return { lab, server, client, client2, frames };
}

/** Syslog lines of a program, without the timestamp, host and PID. */
function syslog(h: LabHost, tag: string): string[] {
  return read(h, '/var/log/syslog')
    .split('\n')
    .map((l) => new RegExp(`\\s${tag}\\[\\d+\\]: (.*)$`).exec(l)?.[1])
    .filter((l): l is string => l !== undefined);
}

async function startServer(l: Lab, argv = ['dhcpd', '-4', '-q', '-cf', '/etc/dhcp/dhcpd.conf', 'eth0']) {
  const p = await l.server.run(dhcpdMain as never, argv, { maxSeconds: 5 });
  return p;
}

describe('dhcpd and dhclient on one switch', () => {
  beforeAll(() => requireTshark());

  it('hands the client its address, route and resolv.conf; logs and records the lease', async () => {
    const l = makeLab();
    const srv = await startServer(l);
    expect(srv.code).toBe(0);
    expect(srv.output).toBe('');
    // -q (as the init script runs it): no banner, not even in syslog.
    expect(syslog(l.server, 'dhcpd')).toEqual([
      'Wrote 0 leases to leases file.',
      'Listening on LPF/eth0/08:00:27:00:00:02/172.20.128.0/24',
      'Sending on   LPF/eth0/08:00:27:00:00:02/172.20.128.0/24',
      'Sending on   Socket/fallback/fallback-net',
      'Server starting service.',
    ]);

    const cli = await l.client.run(dhclientMain as never, ['dhclient', '-v', 'eth0'], { maxSeconds: 30 });
    expect(cli.code).toBe(0);
    // Normalized: dhclient draws its first interval (3 to 8 s) and its renewal time at random.
    const out = cli.output.replace(/renewal in \d+ seconds/, 'renewal in N seconds').replace(/interval \d+/, 'interval N');
    expect(out).toBe(
      [
        'Internet Systems Consortium DHCP Client 4.4.3-P1',
        'Copyright 2004-2022 Internet Systems Consortium.',
        'All rights reserved.',
        'For info, please visit https://www.isc.org/software/dhcp/',
        '',
        'Listening on LPF/eth0/08:00:27:1a:2b:3c',
        'Sending on   LPF/eth0/08:00:27:1a:2b:3c',
        'Sending on   Socket/fallback',
        'DHCPDISCOVER on eth0 to 255.255.255.255 port 67 interval N',
        'DHCPOFFER of 172.20.128.1 from 172.20.128.2',
        'DHCPREQUEST for 172.20.128.1 on eth0 to 255.255.255.255 port 67',
        'DHCPACK of 172.20.128.1 from 172.20.128.2',
        'bound to 172.20.128.1 -- renewal in N seconds.',
        '',
      ].join('\n'),
    );
    const renewal = Number(/renewal in (\d+)/.exec(cli.output)![1]);
    expect(renewal).toBeGreaterThanOrEqual(226);
    expect(renewal).toBeLessThanOrEqual(301);

    const dev = l.client.net.interfaces.get('eth0')!;
    expect(dev.addresses.map((a) => `${formatIpv4(a.address)}/${a.prefix}`)).toEqual(['172.20.128.1/24']);
    const def = l.client.net.routes.list().find((r) => r.dest === 0 && r.prefix === 0);
    expect(def && formatIpv4(def.gateway!)).toBe('172.20.128.3');
    expect(read(l.client, '/etc/resolv.conf')).toBe('domain etudiant128.iut\nsearch etudiant128.iut\nnameserver 172.20.128.2\n');
    expect(read(l.client, '/var/lib/dhcp/dhclient.leases')).toMatch(
      /^lease \{\n {2}interface "eth0";\n {2}fixed-address 172\.20\.128\.1;\n {2}option subnet-mask 255\.255\.255\.0;\n {2}option routers 172\.20\.128\.3;\n {2}option dhcp-lease-time 600;\n {2}option dhcp-message-type 5;\n {2}option domain-name-servers 172\.20\.128\.2;\n {2}option dhcp-server-identifier 172\.20\.128\.2;\n {2}option domain-name "etudiant128\.iut";\n {2}renew \d \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d;\n {2}rebind .*;\n {2}expire .*;\n\}\n$/,
    );

    expect(syslog(l.server, 'dhcpd').slice(5)).toEqual([
      // The first DISCOVER of a client dhcpd has no lease for shows no name; the OFFER does.
      'DHCPDISCOVER from 08:00:27:1a:2b:3c via eth0',
      'DHCPOFFER on 172.20.128.1 to 08:00:27:1a:2b:3c (client) via eth0',
      'DHCPREQUEST for 172.20.128.1 (172.20.128.2) from 08:00:27:1a:2b:3c (client) via eth0',
      'DHCPACK on 172.20.128.1 to 08:00:27:1a:2b:3c (client) via eth0',
    ]);
    expect(read(l.server, '/var/lib/dhcp/dhcpd.leases')).toMatch(
      /^# The format of this file is documented in the dhcpd\.leases\(5\) manual page\.\n# This lease file was written by isc-dhcp-4\.4\.3-P1\n\n# authoring-byte-order entry is generated, DO NOT DELETE\nauthoring-byte-order little-endian;\n\nlease 172\.20\.128\.1 \{\n {2}starts \d .*;\n {2}ends .*;\n {2}cltt .*;\n {2}binding state active;\n {2}next binding state free;\n {2}rewind binding state free;\n {2}hardware ethernet 08:00:27:1a:2b:3c;\n {2}client-hostname "client";\n\}\n$/,
    );

    // The second client finds the one-address range used up.
    const cli2 = await l.client2.run(dhclientMain as never, ['dhclient', 'eth0'], { maxSeconds: 120 });
    expect(cli2.code).toBe(0);
    expect(cli2.output).toBe('');
    expect(syslog(l.client2, 'dhclient').filter((x) => !x.startsWith('DHCPDISCOVER'))).toEqual([
      'No DHCPOFFERS received.',
      'No working leases in persistent database - sleeping.',
    ]);
    const intervals = syslog(l.client2, 'dhclient')
      .filter((x) => x.startsWith('DHCPDISCOVER'))
      .map((x) => Number(/interval (\d+)/.exec(x)![1]));
    expect(intervals[0]).toBeGreaterThanOrEqual(3);
    expect(intervals[0]).toBeLessThanOrEqual(8);
    expect(intervals.reduce((a, b) => a + b, 0)).toBe(61);
    expect(syslog(l.server, 'dhcpd')).toContain('DHCPDISCOVER from 08:00:27:1a:2b:3d via eth0: network 172.20.128.0/24: no free leases');

    // Frames: what tshark says of them.
    const pcap = writePcap(l.frames, { epochNs: epochNsFromMillis(Date.UTC(2026, 10, 22, 3, 33, 55)) });
    if (!pcap.ok) throw new Error(pcap.error.message);
    const file = writeTemp('dhcp.pcap', pcap.value);
    expect(complaints(file)).toEqual([]);
    const lines = summary(file, 'dhcp');
    expect(lines[0]).toMatch(/0\.0\.0\.0 → 255\.255\.255\.255 DHCP 342 DHCP Discover - Transaction ID 0x[0-9a-f]+$/);
    expect(lines[1]).toMatch(/172\.20\.128\.2 → 172\.20\.128\.1 DHCP \d+ DHCP Offer {4}- Transaction ID/);
    expect(lines[2]).toMatch(/0\.0\.0\.0 → 255\.255\.255\.255 DHCP 342 DHCP Request {2}- Transaction ID/);
    expect(lines[3]).toMatch(/172\.20\.128\.2 → 172\.20\.128\.1 DHCP \d+ DHCP ACK {6}- Transaction ID/);
    // Our dissector reads the same frames as tshark does.
    const ours = dissectCapture(readCapture(pcap.value).frames).filter((r) => r.protocol === 'DHCP').map((r) => formatSummaryLine(r).trim());
    expect(ours).toEqual(lines);
    // ... and prints the same detail tree for every DHCP frame (tshark's default preferences).
    const rows = dissectCapture(readCapture(pcap.value).frames);
    const theirs: string[][] = [];
    for (const line of execFileSync('tshark', ['-r', file, '-V'], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', TZ: 'UTC' } }).split('\n')) {
      if (line.startsWith('Frame ')) theirs.push([]);
      if (theirs.length > 0 && line !== '') theirs[theirs.length - 1].push(line);
    }
    const dhcpFrames = rows.map((r, i) => i).filter((i) => rows[i].protocol === 'DHCP');
    expect(dhcpFrames.length).toBeGreaterThanOrEqual(4);
    for (const i of dhcpFrames) expect(treeLines(rows[i].tree)).toEqual(theirs[i]);
    // The ping-check before the first offer of an address.
    expect(summary(file, 'icmp')[0]).toMatch(/172\.20\.128\.2 → 172\.20\.128\.1 ICMP 62 Echo \(ping\) request/);
  });

  it('renews at T1 by unicast to the server, then keeps the same address', async () => {
    const l = makeLab();
    await startServer(l);
    const cli = await l.client.run(dhclientMain as never, ['dhclient', 'eth0'], { maxSeconds: 30 });
    expect(cli.output).toBe('');
    const renewal = Number(/renewal in (\d+)/.exec(syslog(l.client, 'dhclient').join('\n'))![1]);
    await l.lab.run(renewal + 1);
    expect(syslog(l.client, 'dhclient').slice(-4).map((x) => x.replace(/\d+ seconds/, 'N seconds'))).toEqual([
      'bound to 172.20.128.1 -- renewal in N seconds.',
      'DHCPREQUEST for 172.20.128.1 on eth0 to 172.20.128.2 port 67',
      'DHCPACK of 172.20.128.1 from 172.20.128.2',
      'bound to 172.20.128.1 -- renewal in N seconds.',
    ]);
    expect(syslog(l.server, 'dhcpd').slice(-2)).toEqual([
      'DHCPREQUEST for 172.20.128.1 from 08:00:27:1a:2b:3c (client) via eth0',
      'DHCPACK on 172.20.128.1 to 08:00:27:1a:2b:3c (client) via eth0',
    ]);
    expect(read(l.client, '/var/lib/dhcp/dhclient.leases').match(/^lease \{/gm)).toHaveLength(2);
    expect(l.client.net.interfaces.get('eth0')!.addresses.map((a) => formatIpv4(a.address))).toEqual(['172.20.128.1']);
  });

  it('refuses to start on a config error, printing dhcpd\'s message without -q', async () => {
    const l = makeLab('subnet 172.20.128.0 netmask 255.255.255.0 {\n  range 172.20.128.1 172.20.128.9\n  option routers 172.20.128.3;\n}\n');
    const p = await startServer(l, ['dhcpd', '-cf', '/etc/dhcp/dhcpd.conf', 'eth0']);
    expect(p.code).toBe(1);
    expect(p.stderr).toBe(
      [
        'Internet Systems Consortium DHCP Server 4.4.3-P1',
        'Copyright 2004-2022 Internet Systems Consortium.',
        'All rights reserved.',
        'For info, please visit https://www.isc.org/software/dhcp/',
        'Config file: /etc/dhcp/dhcpd.conf',
        'Database file: /var/lib/dhcp/dhcpd.leases',
        'PID file: /var/run/dhcpd.pid',
        '/etc/dhcp/dhcpd.conf line 3: semicolon expected.',
        '  option routers 172.20.128.3;',
        '  ^',
        'Configuration file errors encountered -- exiting',
        '',
        'If you think you received this message due to a bug rather',
        'than a configuration issue please read the section on submitting',
        'bugs on either our web page at www.isc.org or in the README file',
        'before submitting a bug.  These pages explain the proper',
        'process and the information we find helpful for debugging.',
        '',
        'exiting.',
        '',
      ].join('\n'),
    );
    // -t checks the file and says nothing more when it is fine.
    write(l.server, '/etc/dhcp/dhcpd.conf', CONF);
    const t = await startServer(l, ['dhcpd', '-t', '-q', '-cf', '/etc/dhcp/dhcpd.conf']);
    expect([t.code, t.output]).toEqual([0, '']);
  });

  it('ignores an interface without a subnet declaration, and stops when none is left', async () => {
    const l = makeLab('subnet 10.9.0.0 netmask 255.255.0.0 {\n}\n');
    const p = await startServer(l, ['dhcpd', '-4', '-q', '-cf', '/etc/dhcp/dhcpd.conf', 'eth0']);
    expect(p.code).toBe(1);
    expect(p.output).toBe('');
    // rsyslog adds no space after the tag when the message starts with one ("dhcpd[9]:   you"):
    // the helper's ": " eats one of the message's three.
    expect(syslog(l.server, 'dhcpd').slice(1, 11)).toEqual([
      '',
      'No subnet declaration for eth0 (172.20.128.2).',
      '** Ignoring requests on eth0.  If this is not what',
      '  you want, please write a subnet declaration',
      '  in your dhcpd.conf file for the network segment',
      '  to which interface eth0 is attached. **',
      '',
      '',
      'Not configured to listen on any interfaces!',
      '',
    ]);
  });

  it('survives garbage, truncated and odd datagrams on port 67, then still serves', async () => {
    const l = makeLab();
    await startServer(l);
    const sock = l.client.net.udp.open();
    sock.bindToDevice('eth0');
    sock.bind(0, 68);
    const rng = l.lab.rng.fork('garbage');
    const good = new Uint8Array(300);
    good.set([1, 1, 6, 0]);
    good.set([0x63, 0x82, 0x53, 0x63], 236);
    const samples = [
      new Uint8Array(0),
      new Uint8Array(1).fill(1),
      good.slice(0, 239),
      good, // no end option
      Uint8Array.from([...good.slice(0, 240), 53, 1, 1, 55, 200]), // option runs past the end
      Uint8Array.from([...good.slice(0, 240), 53, 1, 99, 255]), // unknown message type
      Uint8Array.from([...good.slice(0, 240), 53, 0, 255]), // empty message type
      ...Array.from({ length: 50 }, () => Uint8Array.from({ length: rng.int(0, 600) }, () => rng.int(0, 255))),
    ];
    for (const d of samples) sock.sendTo(d, 0xffffffff, 67, { iface: 'eth0', src: 0 });
    await l.lab.run(1);
    sock.close();
    expect(syslog(l.server, 'dhcpd').slice(5)).toEqual([]);
    const cli = await l.client.run(dhclientMain as never, ['dhclient', 'eth0'], { maxSeconds: 30 });
    expect(cli.code).toBe(0);
    expect(l.client.net.interfaces.get('eth0')!.addresses.map((a) => formatIpv4(a.address))).toEqual(['172.20.128.1']);
    expect(read(l.server, '/var/lib/dhcp/dhcpd.leases')).toMatch(/^# The format/);
  });

  it('rebinds by broadcast when the server is gone, and drops the address when the lease expires', async () => {
    const l = makeLab();
    await startServer(l);
    await l.client.run(dhclientMain as never, ['dhclient', 'eth0'], { maxSeconds: 30 });
    const dhcpd = l.server.host.processes.list().find((p) => p.comm === 'dhcpd')!;
    l.server.host.processes.signalGroup(dhcpd.pgid, 15);
    await l.lab.run(700);
    const lines = syslog(l.client, 'dhclient');
    expect(lines).toContain('DHCPREQUEST for 172.20.128.1 on eth0 to 172.20.128.2 port 67');
    expect(lines).toContain('DHCPREQUEST for 172.20.128.1 on eth0 to 255.255.255.255 port 67');
    // After the expiry: no address, and the client is back to DISCOVER.
    expect(l.client.net.interfaces.get('eth0')!.addresses).toEqual([]);
    expect(lines.slice(lines.findLastIndex((x) => x.includes('to 255.255.255.255 port 67 interval')) - 1).some((x) => x.startsWith('DHCPDISCOVER'))).toBe(true);
  });

  it('ignores garbage on port 68; a second client takes over with the recorded lease; -x stops it', async () => {
    const l = makeLab();
    await startServer(l);
    await l.client.run(dhclientMain as never, ['dhclient', 'eth0'], { maxSeconds: 30 });
    const sock = l.client2.net.udp.open();
    sock.bind(0, 67);
    const rng = l.lab.rng.fork('garbage68');
    for (let i = 0; i < 30; i++) sock.sendTo(Uint8Array.from({ length: rng.int(0, 400) }, () => rng.int(0, 255)), 0xffffffff, 68, { iface: 'eth0' });
    await l.lab.run(1);
    sock.close();
    // INIT-REBOOT: the recorded address asked for again, acknowledged at once.
    const again = await l.client.run(dhclientMain as never, ['dhclient', '-v', 'eth0'], { maxSeconds: 30 });
    expect(again.code).toBe(0);
    expect(again.stderr.split('\n').slice(8).map((x) => x.replace(/\d+ seconds/, 'N seconds'))).toEqual([
      'DHCPREQUEST for 172.20.128.1 on eth0 to 255.255.255.255 port 67',
      'DHCPACK of 172.20.128.1 from 172.20.128.2',
      'bound to 172.20.128.1 -- renewal in N seconds.',
      '',
    ]);
    expect(l.client.host.processes.list().filter((p) => p.comm === 'dhclient')).toHaveLength(1);
    const stop = await l.client.run(dhclientMain as never, ['dhclient', '-x'], { maxSeconds: 5 });
    expect([stop.code, stop.output]).toEqual([0, '']);
    expect(l.client.host.processes.list().some((p) => p.comm === 'dhclient')).toBe(false);
    // The script's STOP drops the address.
    expect(l.client.net.interfaces.get('eth0')!.addresses).toEqual([]);
  });

  it('gets a lease on an interface that already has another address (the offer reaches its packet socket)', async () => {
    const l = makeLab();
    await startServer(l);
    l.client.net.interfaces.get('eth0')!.addAddress(0x0a010105, 24); // 10.1.1.5/24, set by hand earlier
    const cli = await l.client.run(dhclientMain as never, ['dhclient', 'eth0'], { maxSeconds: 30 });
    expect(cli.code).toBe(0);
    expect(l.client.net.interfaces.get('eth0')!.addresses.map((a) => `${formatIpv4(a.address)}/${a.prefix}`)).toEqual(['10.1.1.5/24', '172.20.128.1/24']);
  });

  it('answers bad command lines as dhclient and dhcpd do', async () => {
    const l = makeLab();
    const usage = await l.client.run(dhclientMain as never, ['dhclient', '--bogus'], { maxSeconds: 5 });
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/^Internet Systems Consortium DHCP Client 4\.4\.3-P1\n[^]*\nUsage: dhclient \[-4\|-6\] [^]*\nexiting\.\n$/);
    // Without -v dhclient logs to syslog only (log_perror is off).
    const quiet = await l.client.run(dhclientMain as never, ['dhclient', 'eth9'], { maxSeconds: 5 });
    expect([quiet.code, quiet.output]).toEqual([1, '']);
    expect(syslog(l.client, 'dhclient')).toContain('Error getting hardware address for "eth9": No such device');
    const loud = await l.client.run(dhclientMain as never, ['dhclient', '-v', 'eth9'], { maxSeconds: 5 });
    expect(loud.stderr).toContain('\nError getting hardware address for "eth9": No such device\n\nIf you think you received this message due to a bug rather\n');
    const missing = await startServer(l, ['dhcpd', '-cf', '/etc/dhcp/nope.conf']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("PID file: /var/run/dhcpd.pid\nCan't open /etc/dhcp/nope.conf: No such file or directory\n\nIf you think");
  });
});
