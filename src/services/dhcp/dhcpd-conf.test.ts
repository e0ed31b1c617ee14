// dhcpd.conf as dhcpd 4.4.3-P1 reads it: the lab's declarations, and mistakes reported with
// dhcpd's words, the line number, the offending line and a caret under the offending token.
import { describe, expect, it } from 'vitest';
import { formatIpv4, formatMac } from '../../wire/addr.ts';
import { confErrorLines, parseDhcpdConf } from './dhcpd-conf.ts';
import { CONTENTS } from '../../os/packages/data/contents/isc-dhcp-server.ts';

const DEBIAN_DHCPD_CONF = CONTENTS['/etc/dhcp/dhcpd.conf'];

const LAB = `# option definitions common to all supported networks...
option domain-name "etudiant128.iut";
option domain-name-servers 172.20.128.2, 8.8.8.8;

default-lease-time 600;
max-lease-time 7200;
ddns-update-style none;
authoritative;

subnet 172.20.128.0 netmask 255.255.255.0 {
\trange 172.20.128.1 172.20.128.50;
\toption routers 172.20.128.3;
\toption subnet-mask 255.255.255.0;
\toption broadcast-address 172.20.128.255;
}

host fantasia {
  hardware ethernet 8:0:27:1a:2b:3c;
  fixed-address 172.20.128.100;
}
`;

function errors(text: string): string[] {
  const r = parseDhcpdConf(text);
  if (r.ok) throw new Error('expected errors');
  return confErrorLines('/etc/dhcp/dhcpd.conf', r);
}

describe('dhcpd.conf', () => {
  it('reads global options, a subnet with its range and options, and a host declaration', () => {
    const r = parseDhcpdConf(LAB);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const c = r.config;
    expect(c.options['domain-name']).toBe('etudiant128.iut');
    expect(c.options['domain-name-servers']!.map(formatIpv4)).toEqual(['172.20.128.2', '8.8.8.8']);
    expect([c.defaultLeaseTime, c.maxLeaseTime, c.authoritative]).toEqual([600, 7200, true]);
    expect(c.subnets).toHaveLength(1);
    const s = c.subnets[0];
    expect([formatIpv4(s.net), s.prefix]).toEqual(['172.20.128.0', 24]);
    expect(s.ranges.map((x) => `${formatIpv4(x.low)}-${formatIpv4(x.high)}`)).toEqual(['172.20.128.1-172.20.128.50']);
    expect(s.options.routers!.map(formatIpv4)).toEqual(['172.20.128.3']);
    expect(formatIpv4(s.options['broadcast-address']!)).toBe('172.20.128.255');
    expect(c.hosts.map((h) => [h.name, formatMac(h.mac!), formatIpv4(h.fixedAddress!)])).toEqual([['fantasia', '08:00:27:1a:2b:3c', '172.20.128.100']]);
  });

  it('parses the file Debian ships: host names as servers, every declaration commented out', () => {
    const r = parseDhcpdConf(DEBIAN_DHCPD_CONF);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.config.subnets).toEqual([]);
    expect([r.config.defaultLeaseTime, r.config.maxLeaseTime]).toEqual([600, 7200]);
    expect(r.config.options['domain-name']).toBe('example.org');
  });

  it('reports a missing semicolon at the next token, with the line and a caret under it', () => {
    const text = 'subnet 172.20.128.0 netmask 255.255.255.0 {\n  range 172.20.128.1 172.20.128.9\n  option routers 172.20.128.3;\n}\n';
    expect(errors(text)).toEqual([
      '/etc/dhcp/dhcpd.conf line 3: semicolon expected.',
      '  option routers 172.20.128.3;',
      '  ^',
      'Configuration file errors encountered -- exiting',
    ]);
  });

  it('expands tabs in the caret line as dhcpd does', () => {
    const text = 'subnet 10.0.0.0 netmask 255.0.0.0 {\n\toption routers 10.0.0.1\n\tdefault-lease-time 60;\n}\n';
    expect(errors(text).slice(0, 3)).toEqual(['/etc/dhcp/dhcpd.conf line 3: semicolon expected.', '\tdefault-lease-time 60;', '        ^']);
  });

  it('names unknown options and unknown statements', () => {
    expect(errors('option routeurs 10.0.0.1;\n')[0]).toBe('/etc/dhcp/dhcpd.conf line 1: no option named routeurs in space dhcp');
    expect(errors('bogus 1;\n')[0]).toBe('/etc/dhcp/dhcpd.conf line 1: expecting a parameter or declaration');
    expect(errors('subnet 10.0.0.0 netmask 255.0.0.0 { }\nbogus 1;\n')[0]).toBe('/etc/dhcp/dhcpd.conf line 2: expecting a declaration');
  });

  it('reports an unclosed subnet at the end of the file', () => {
    expect(errors('subnet 10.0.0.0 netmask 255.0.0.0 {\n  range 10.0.0.5 10.0.0.9;\n')[0]).toBe('/etc/dhcp/dhcpd.conf line 3: unexpected end of file');
  });

  it('rejects a subnet number that does not fit its mask, and a range outside its subnet (fatal)', () => {
    expect(errors('subnet 172.20.128.1 netmask 255.255.255.0 { }\n')[0]).toBe(
      '/etc/dhcp/dhcpd.conf line 1: subnet 172.20.128.1 netmask 255.255.255.0: bad subnet number/mask combination.',
    );
    expect(errors('subnet 172.20.128.0 netmask 255.255.255.0 {\n  range 172.20.129.1 172.20.129.9;\n}\n')).toEqual([
      'bad range, address 172.20.129.1 not in subnet 172.20.128.0 netmask 255.255.255.0',
    ]);
  });

  it('reports several errors, recovering at the next semicolon', () => {
    const lines = errors('default-lease-time abc;\nmax-lease-time 7200\noption domain-name "x";\n');
    expect(lines.filter((l) => l.startsWith('/etc/dhcp/dhcpd.conf'))).toEqual([
      '/etc/dhcp/dhcpd.conf line 1: Expecting numeric lease time',
      '/etc/dhcp/dhcpd.conf line 3: semicolon expected.',
    ]);
  });

  it('keeps 80 characters of a long line and drops the caret past them', () => {
    const lines = errors(`${'#'.repeat(10)}\n${' '.repeat(100)}bogus;\n`);
    expect(lines.slice(0, 2)).toEqual(['/etc/dhcp/dhcpd.conf line 2: expecting a parameter or declaration', ' '.repeat(80)]);
    expect(lines[2]).toBe('Configuration file errors encountered -- exiting');
  });

  it('never throws on garbage', () => {
    for (const text of ['{{{{', '}', '"unterminated', 'subnet', 'host', 'option', 'range 1 2;', '\u0000\u00ff;;;', 'x'.repeat(100000)]) {
      expect(() => parseDhcpdConf(text)).not.toThrow();
    }
  });
});
