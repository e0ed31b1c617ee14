// One test per problem a teacher can make: each names the path and says what is wrong.
import { describe, it, expect } from 'vitest';
import { loadScenario } from './loader.ts';

/** A valid scenario whose hosts are `hosts` (YAML lines indented under `hosts:`). */
function withHosts(hosts: string, networks = '  - { name: lan }\n  - { name: wan }\n'): string {
  return `name: test\nnetworks:\n${networks}hosts:\n${hosts}`;
}

/** `path: message` of every problem, in source order. */
function problems(text: string, params?: Record<string, string | number>): string[] {
  const r = loadScenario(text, 'test.yaml', params);
  return r.ok ? [] : r.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
}

const PC = '  - name: PC\n    interfaces:\n';

describe('scenario validation', () => {
  it('reports a YAML syntax error with its line and column', () => {
    const r = loadScenario('name: x\nhosts: [\n', 'bad.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ file: 'bad.yaml', path: '', line: 3 });
    expect(r.errors[0].message).toMatch(/^YAML: /);
  });

  it('explains that an unquoted {{X}} value must be quoted', () => {
    expect(problems(withHosts('  - name: PC\n    gateway: {{X}}\n'))).toEqual([
      'YAML reads an unquoted {{...}} as a mapping: quote values that contain {{...}}, e.g. address: "10.0.{{X}}.1/24"',
    ]);
  });

  it('requires name and hosts', () => {
    expect(problems('description: nothing else\n')).toEqual(["missing key 'name'", "missing key 'hosts'"]);
  });

  it('requires at least one host', () => {
    expect(problems('name: x\nhosts: []\n')).toEqual(['hosts: a scenario needs at least one host']);
  });

  it('refuses an unknown key and suggests the near one', () => {
    expect(problems(withHosts('  - name: PC\n    interface: []\n'))).toEqual([
      "hosts[0].interface: unknown key 'interface' (did you mean 'interfaces'?)",
    ]);
  });

  it('accepts the keys reserved for later issues and keeps them, templated', () => {
    const r = loadScenario('name: x\nparams: { X: { default: 5 } }\nseed: "{{X}}"\nstart: [ { at: a } ]\nhosts: [ { name: A } ]\n', 'x.yaml');
    expect(r.ok && r.scenario.reserved).toEqual({ start: [{ at: 'a' }], seed: '5' });
  });

  it('refuses a wrong type', () => {
    expect(problems(withHosts('  - name: PC\n    dns: 10.0.0.1\n'))).toEqual(['hosts[0].dns: expected a list, found the string "10.0.0.1"']);
  });

  it('refuses a boolean that is not true or false', () => {
    expect(problems(withHosts('  - name: R\n    forwarding: yes\n'))).toEqual(['hosts[0].forwarding: expected true or false, found "yes"']);
  });

  it('refuses a bad CIDR', () => {
    expect(problems(withHosts(PC + '      - { name: eth0, network: lan, address: "172.20.300.1/24" }\n'))).toEqual([
      'hosts[0].interfaces[0].address: bad CIDR "172.20.300.1/24": 300 is above 255',
    ]);
  });

  it('refuses an address without its prefix', () => {
    expect(problems(withHosts(PC + '      - { name: eth0, network: lan, address: 10.0.1.10 }\n'))).toEqual([
      'hosts[0].interfaces[0].address: bad CIDR "10.0.1.10": missing /prefix',
    ]);
  });

  it("refuses a subnet's network address as a host address", () => {
    expect(problems(withHosts(PC + '      - { name: eth0, network: lan, address: 10.0.1.0/24 }\n'))).toEqual([
      'hosts[0].interfaces[0].address: "10.0.1.0/24" is the network address of its /24',
    ]);
  });

  it('refuses a bad IPv4 address', () => {
    expect(problems(withHosts('  - name: PC\n    dns: [10.0.0.256]\n'))).toEqual(['hosts[0].dns[0]: bad IPv4 address "10.0.0.256": 256 is above 255']);
  });

  it('refuses a bad MAC', () => {
    expect(problems(withHosts(PC + '      - { name: eth0, network: lan, mac: "18:a9:05:c0:4f" }\n'))).toEqual([
      'hosts[0].interfaces[0].mac: bad MAC address "18:a9:05:c0:4f": expected six hex pairs separated by colons, like 52:54:00:12:34:56',
    ]);
  });

  it('refuses an interface on an unknown network', () => {
    expect(problems(withHosts(PC + '      - { name: eth0, network: lan3 }\n'))).toEqual([
      "hosts[0].interfaces[0].network: unknown network 'lan3' (networks: lan, wan)",
    ]);
  });

  it('refuses two hosts with the same name', () => {
    expect(problems(withHosts('  - name: PC\n  - name: PC\n'))).toEqual(["hosts[1].name: duplicate host name 'PC' (first in hosts[0])"]);
  });

  it('refuses two interfaces with the same name in a host', () => {
    expect(problems(withHosts(PC + '      - { name: eth0, network: lan }\n      - { name: eth0, network: wan }\n'))).toEqual([
      "hosts[0].interfaces[1].name: duplicate interface 'eth0' in host PC (first in hosts[0].interfaces[0])",
    ]);
  });

  it('refuses two networks with the same name', () => {
    expect(problems(withHosts('  - name: PC\n', '  - { name: lan }\n  - { name: lan }\n'))).toEqual([
      "networks[1].name: duplicate network 'lan' (first in networks[0])",
    ]);
  });

  it('refuses the same address on two hosts', () => {
    const hosts = PC + '      - { name: eth0, network: lan, address: 10.0.1.10/24 }\n  - name: PC2\n    interfaces:\n      - { name: eth0, network: lan, address: 10.0.1.10/16 }\n';
    expect(problems(withHosts(hosts))).toEqual(['hosts[1].interfaces[0].address: address 10.0.1.10 is already used by PC eth0 (hosts[0].interfaces[0])']);
  });

  it('refuses the same MAC on two interfaces', () => {
    const hosts = PC + '      - { name: eth0, network: lan, mac: "52:54:00:00:00:01" }\n      - { name: eth1, network: wan, mac: "52:54:00:00:00:01" }\n';
    expect(problems(withHosts(hosts))).toEqual(['hosts[0].interfaces[1].mac: MAC address 52:54:00:00:00:01 is already used by PC eth0 (hosts[0].interfaces[0])']);
  });

  it('refuses a gateway outside every connected subnet', () => {
    const hosts = '  - name: PC\n    gateway: 10.0.2.1\n    interfaces:\n      - { name: eth0, network: lan, address: 10.0.1.10/24 }\n';
    expect(problems(withHosts(hosts))).toEqual(['hosts[0].gateway: gateway 10.0.2.1 is not in a subnet of this host (10.0.1.10/24 on eth0)']);
  });

  it('refuses a gateway on a host without any address', () => {
    expect(problems(withHosts('  - name: PC\n    gateway: 10.0.2.1\n'))).toEqual([
      'hosts[0].gateway: gateway 10.0.2.1 is not in a subnet of this host (it has no static address)',
    ]);
  });

  it('trusts a gateway on a host that takes its address from DHCP', () => {
    expect(problems(withHosts('  - name: PC\n    gateway: 10.0.2.1\n    interfaces:\n      - { name: eth0, network: lan, dhcp: true }\n'))).toEqual([]);
  });

  it('refuses a route whose via is not on a connected subnet', () => {
    const hosts = '  - name: PC\n    routes: [ { to: 10.0.0.0/8, via: 192.168.1.1 } ]\n    interfaces:\n      - { name: eth0, network: lan, address: 192.168.0.2/24 }\n';
    expect(problems(withHosts(hosts))).toEqual(['hosts[0].routes[0].via: route via 192.168.1.1 is not in a subnet of this host (192.168.0.2/24 on eth0)']);
  });

  it('refuses a route destination with host bits set', () => {
    const hosts = '  - name: PC\n    routes: [ { to: 10.0.0.1/8, via: 192.168.0.1 } ]\n    interfaces:\n      - { name: eth0, network: lan, address: 192.168.0.2/24 }\n';
    expect(problems(withHosts(hosts))).toEqual(['hosts[0].routes[0].to: bad route destination "10.0.0.1/8": host bits are set (did you mean 10.0.0.0/8?)']);
  });

  it('refuses an unknown param in a template', () => {
    expect(problems(withHosts(PC + '      - { name: eth0, network: lan, address: "10.0.{{Y}}.1/24" }\n'))).toEqual([
      "hosts[0].interfaces[0].address: unknown param 'Y' in {{Y}}",
    ]);
  });

  it('templates map keys, such as file paths', () => {
    const text = 'name: x\nparams: { X: { default: 128 } }\nhosts:\n  - name: DNS\n    files:\n      /etc/bind/db.mail{{X}}.com: "@ IN SOA ns.mail{{X}}.com.\\n"\n';
    const r = loadScenario(text, 'x.yaml');
    expect(r.ok && r.scenario.hosts[0].files).toEqual({ '/etc/bind/db.mail128.com': '@ IN SOA ns.mail128.com.\n' });
  });

  it('refuses a default outside min..max', () => {
    expect(problems('name: x\nparams: { X: { default: 250, min: 101, max: 199 } }\nhosts: [ { name: A } ]\n')).toEqual([
      'params.X.default: default 250 is outside 101..199',
    ]);
  });

  it('refuses a given value outside min..max', () => {
    expect(problems('name: x\nparams: { X: { default: 128, min: 101, max: 199 } }\nhosts: [ { name: A } ]\n', { X: 200 })).toEqual([
      'params.X: value 200 given for X is outside 101..199',
    ]);
  });

  it('refuses a non-integer param value', () => {
    expect(problems('name: x\nparams: { X: { default: 12.5 } }\nhosts: [ { name: A } ]\n')).toEqual(['params.X.default: expected an integer, found "12.5"']);
    expect(problems('name: x\nparams: { X: { default: 1 } }\nhosts: [ { name: A } ]\n', { X: 'abc' })).toEqual([
      'params.X: value "abc" given for X is not an integer',
    ]);
  });

  it('refuses a param with no default and no given value', () => {
    expect(problems('name: x\nparams: { X: { min: 1 } }\nhosts: [ { name: A } ]\n')).toEqual(['params.X: param X has no default and no value was given']);
  });

  it('refuses a value given for an undeclared param', () => {
    expect(problems('name: x\nhosts: [ { name: A } ]\n', { Q: 3 })).toEqual(['params.Q: a value is given for Q, which is not declared under params']);
  });

  it('refuses an unknown role', () => {
    expect(problems(withHosts('  - name: PC\n    role: printer\n'))).toEqual([
      'hosts[0].role: unknown role "printer" (expected client, router, server, dns, dhcp, mail)',
    ]);
  });

  it('refuses dhcp together with a static address', () => {
    expect(problems(withHosts(PC + '      - { name: eth0, network: lan, dhcp: true, address: 10.0.0.5/24 }\n'))).toEqual([
      'hosts[0].interfaces[0]: dhcp: true and a static address exclude each other (keep one)',
    ]);
  });

  it('refuses a locale other than fr and en', () => {
    expect(problems('name: x\nlocale: de\nhosts: [ { name: A } ]\n')).toEqual(['locale: unknown locale "de" (expected fr, en)']);
  });

  it('accepts a host with no interfaces', () => {
    expect(problems(withHosts('  - name: ALONE\n'))).toEqual([]);
  });

  it('refuses a relative file path', () => {
    expect(problems(withHosts('  - name: PC\n    files: { etc/motd: hi }\n'))).toEqual([
      'hosts[0].files["etc/motd"]: bad file path "etc/motd" (expected an absolute path like /etc/motd)',
    ]);
  });

  it('refuses the same key twice in a mapping', () => {
    expect(problems(withHosts('  - name: PC\n    role: mail\n    role: dns\n'))).toEqual(["hosts[0].role: duplicate key 'role'"]);
  });

  it("refuses naming the loopback interface, which every host has", () => {
    expect(problems(withHosts(PC + '      - { name: lo, network: lan }\n'))).toEqual([
      "hosts[0].interfaces[0].name: 'lo' is the loopback interface, which every host has already",
    ]);
  });

  it('refuses more than three nameservers', () => {
    expect(problems(withHosts('  - name: PC\n    dns: [1.1.1.1, 8.8.8.8, 9.9.9.9, 1.0.0.1]\n'))).toEqual([
      'hosts[0].dns: at most 3 nameservers (glibc ignores the others)',
    ]);
  });

  it('refuses a bad user name', () => {
    expect(problems(withHosts('  - name: PC\n    users: [ { name: Bob } ]\n'))).toEqual([
      'hosts[0].users[0].name: bad user name "Bob" (lower-case letters, digits, _ and -, starting with a letter)',
    ]);
  });
});
