// A lab with isc-dhcp-server running at boot and a client whose interface is `dhcp: true`: the
// client is configured by ifup's dhclient before the student arrives, and what the student types
// (ip addr, dhclient -r, dhclient -v, systemctl status) answers as on Debian 12.
import { beforeAll, describe, expect, it } from 'vitest';
import { complaints, requireTshark, summary, tshark, writeTemp } from '../support/tshark.ts';
import { bootScenario, playScript, readHostFile } from '../support/lab-session.ts';


const SCENARIO = `name: DHCP
networks:
  - { name: lan }
hosts:
  - name: DHCP
    interfaces:
      - { name: eth0, network: lan, address: "172.20.128.2/24" }
    packages: [isc-dhcp-server]
    debconf:
      isc-dhcp-server/interfaces: eth0
    services: [isc-dhcp-server]
    files:
      /etc/dhcp/dhcpd.conf: |
        option domain-name "etudiant128.iut";
        option domain-name-servers 172.20.128.2;
        default-lease-time 600;
        max-lease-time 7200;
        authoritative;
        subnet 172.20.128.0 netmask 255.255.255.0 {
          range 172.20.128.1 172.20.128.1;
          option routers 172.20.128.3;
        }
  - name: CLIENT
    interfaces:
      - { name: eth0, network: lan, dhcp: true, mac: "08:00:27:1a:2b:3c" }
`;

const boot = () => bootScenario(SCENARIO, 'dhcp.yaml', { seed: 7, capture: ['CLIENT:eth0'] });
const play = playScript;
const read = readHostFile;

describe('dhcp: true in a scenario', () => {
  beforeAll(() => requireTshark());

  it('gets the client its address at boot from the isc-dhcp-server service', async () => {
    const sim = await boot();
    const file = writeTemp('boot.pcap', sim.exportPcap('CLIENT:eth0'));
    expect(complaints(file)).toEqual([]);
    expect(summary(file, 'dhcp').map((l) => l.replace(/^\d+\s+\S+\s+/, '').replace(/0x[0-9a-f]+$/, 'X'))).toEqual([
      '0.0.0.0 → 255.255.255.255 DHCP 342 DHCP Discover - Transaction ID X',
      '172.20.128.2 → 172.20.128.1 DHCP 342 DHCP Offer    - Transaction ID X',
      '0.0.0.0 → 255.255.255.255 DHCP 342 DHCP Request  - Transaction ID X',
      '172.20.128.2 → 172.20.128.1 DHCP 342 DHCP ACK      - Transaction ID X',
    ]);
    // ifup runs dhclient -i: an RFC 4361 client identifier (IAID and DUID-LLT of the MAC).
    expect(tshark(file, ['-V', '-Y', 'dhcp.option.dhcp == 1'])).toMatch(/Option: \(61\) Client identifier\n\s+Length: 19\n\s+IAID: 271a2b3c\n\s+DUID Type: link-layer address plus time \(1\)/);
    const dev = sim.host('CLIENT').stack.interfaces.get('eth0')!;
    expect(dev.addresses.map((a) => a.prefix)).toEqual([24]);
    expect(read(sim, 'CLIENT', '/etc/resolv.conf')).toBe('domain etudiant128.iut\nsearch etudiant128.iut\nnameserver 172.20.128.2\n');
    expect(read(sim, 'CLIENT', '/var/lib/dhcp/dhclient.eth0.leases')).toContain('fixed-address 172.20.128.1;');
    // ifup's dhclient -i: the client identifier carries a DUID saved in the -df file.
    expect(read(sim, 'CLIENT', '/var/lib/dhcp/dhclient.eth0.leases')).toMatch(/^default-duid "\\000\\001\\000\\001.*";\nlease \{\n/);
    expect(read(sim, 'DHCP', '/etc/default/isc-dhcp-server')).toContain('INTERFACESv4="eth0"\n');
    expect(read(sim, 'DHCP', '/var/log/syslog')).toMatch(/dhcpd\[\d+\]: DHCPACK on 172\.20\.128\.1 to 08:00:27:1a:2b:3c \(client\) via eth0\n/);

    const t = await play(sim, '@CLIENT\nip -4 addr show eth0\ndhclient -r -pf /run/dhclient.eth0.pid -lf /var/lib/dhcp/dhclient.eth0.leases eth0\nip -4 addr show eth0\ndhclient -v eth0\n');
    expect(t).toMatch(/inet 172\.20\.128\.1\/24 brd 172\.20\.128\.255 scope global/);
    // After the release the address is gone: the second `ip -4 addr show` prints no inet line.
    expect(t.split('dhclient -r')[1].split('dhclient -v')[0]).not.toContain('inet ');
    expect(t).toContain('DHCPOFFER of 172.20.128.1 from 172.20.128.2\n');
    expect(t).toMatch(/bound to 172\.20\.128\.1 -- renewal in \d+ seconds\.\n/);
    expect(read(sim, 'DHCP', '/var/log/syslog')).toMatch(/DHCPRELEASE of 172\.20\.128\.1 from 08:00:27:1a:2b:3c \(client\) via eth0 \(found\)/);
    expect(sim.host('CLIENT').stack.interfaces.get('eth0')!.addresses.length).toBe(1);
  });

  it('restarts with the recorded leases, and fails to start on a config error', async () => {
    const sim = await boot();
    const t = await play(
      sim,
      [
        '@DHCP',
        'systemctl restart isc-dhcp-server',
        "sed -i 's/option routers 172.20.128.3;/option routers 172.20.128.3/' /etc/dhcp/dhcpd.conf",
        'systemctl restart isc-dhcp-server',
        'systemctl is-active isc-dhcp-server',
        'dhcpd -t -cf /etc/dhcp/dhcpd.conf',
      ].join('\n'),
    );
    const log = read(sim, 'DHCP', '/var/log/syslog');
    expect(log).toMatch(/dhcpd\[\d+\]: Wrote 1 leases to leases file\.\n/);
    // The `}` read in place of the semicolon closes nothing any more: the file then ends early.
    expect(log).toMatch(/dhcpd\[\d+\]: \/etc\/dhcp\/dhcpd\.conf line 9: semicolon expected\.\n.*dhcpd\[\d+\]: }\n.*dhcpd\[\d+\]: \^\n.*dhcpd\[\d+\]: \/etc\/dhcp\/dhcpd\.conf line 10: unexpected end of file\n/);
    expect(log).toMatch(/systemd\[1\]: Failed to start isc-dhcp-server\.service - LSB: DHCP server\.\n/);
    expect(t).toContain('\nfailed\n');
    expect(t).toContain('/etc/dhcp/dhcpd.conf line 9: semicolon expected.\n}\n^\n/etc/dhcp/dhcpd.conf line 10: unexpected end of file\n\n^\nConfiguration file errors encountered -- exiting\n');
  });

  it('apt install on a fresh host: the defaults file is generated and the server fails to start, as on Debian', async () => {
    const sim = await bootScenario('name: X\nnetworks:\n  - { name: lan }\nhosts:\n  - name: S\n    interfaces:\n      - { name: eth0, network: lan, address: "10.0.2.15/24" }\n', 'x.yaml', { seed: 7 });
    const t = await play(sim, '@S\napt install -y isc-dhcp-server\n');
    expect(t).toContain('Setting up isc-dhcp-server (4.4.3-P1-2) ...\nGenerating /etc/default/isc-dhcp-server...\n');
    expect(t).toContain('Job for isc-dhcp-server.service failed because the control process exited with e');
    expect(read(sim, 'S', '/etc/default/isc-dhcp-server')).toContain('\nINTERFACESv4=""\nINTERFACESv6=""\n');
    // Debian's dhcpd.conf declares no subnet: every interface is ignored.
    const log = read(sim, 'S', '/var/log/syslog');
    expect(log).toMatch(/dhcpd\[\d+\]: No subnet declaration for eth0 \(10\.0\.2\.15\)\.\n/);
    expect(log).toMatch(/dhcpd\[\d+\]: Not configured to listen on any interfaces!\n/);
  });

  it('falls back on the recorded lease when no server answers and the router pings back', async () => {
    const sim = await bootScenario(SCENARIO.replace('option routers 172.20.128.3;', 'option routers 172.20.128.2;'), 'dhcp.yaml', { seed: 7 });
    const t = await play(sim, '@DHCP\nsystemctl stop isc-dhcp-server\n@CLIENT\ndhclient -v -lf /var/lib/dhcp/dhclient.eth0.leases eth0\n@wait 30\n');
    const out = t.slice(t.indexOf('Sending on   Socket/fallback'));
    expect(out).toContain('DHCPREQUEST for 172.20.128.1 on eth0 to 255.255.255.255 port 67\n');
    expect(out).toContain('No DHCPOFFERS received.\nTrying recorded lease 172.20.128.1\nPING 172.20.128.2 (172.20.128.2) 56(84) bytes of data.\n');
    expect(out).toMatch(/1 packets transmitted, 1 received, 0% packet loss[^]*\nbound: renewal in \d+ seconds\.\n/);
    expect(sim.host('CLIENT').stack.interfaces.get('eth0')!.addresses.length).toBe(1);
  });
});
