import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatScenarioError } from './error.ts';
import { loadScenario } from './loader.ts';
import type { Scenario } from './schema.ts';

// The example of DESIGN.md "Scenario files", with a real main.cf line.
const SMTP_LAB = `name: TP SMTP - client, DHCP, routeur, SMTP
description: |
  Texte affiché à l'étudiant.
locale: fr
params:
  X: { default: 128, min: 101, max: 199, description: "Numéro de poste" }
networks:
  - { name: lan }
  - { name: bleue, color: "#1f6feb", description: "liaison bleue" }
hosts:
  - name: CLIENT
    hostname: client
    role: client
    interfaces:
      - { name: eth0, network: lan, dhcp: true }
  - name: ROUTEUR
    role: router
    forwarding: true
    interfaces:
      - { name: eth0, network: lan, address: "172.20.{{X}}.3/24" }
      - { name: eth1, network: bleue, address: "192.168.0.{{X}}/24" }
  - name: SMTP
    role: mail
    gateway: "192.168.0.{{X}}"
    dns: ["192.168.0.254"]
    routes: [ { to: 10.0.0.0/8, via: "192.168.0.{{X}}" } ]
    interfaces:
      - { name: eth0, network: bleue, address: "192.168.0.{{X-100}}/24", mac: "18:A9:05:C0:4F:68" }
    packages: [postfix, mailutils]
    debconf:
      postfix/main_mailer_type: Internet Site
      postfix/mailname: "mail{{X}}.com"
      postfix/mynetworks: "127.0.0.0/8 192.168.0.0/24"
    services: [postfix]
    users:
      - { name: etudiant, password: Etudiant1, gecos: "Etudiant" }
    files:
      /etc/postfix/main.cf: |
        myhostname = mail{{X}}.com
    boot: ["echo booted > /tmp/x"]
`;

function load(text: string, params?: Record<string, string | number>): Scenario {
  const r = loadScenario(text, 'lab.yaml', params);
  if (!r.ok) throw new Error(r.errors.map(formatScenarioError).join('\n'));
  return r.scenario;
}

describe('loadScenario', () => {
  it('loads the example of the design with its params substituted', () => {
    const s = load(SMTP_LAB);
    expect(s.locale).toBe('fr');
    expect(s.params).toEqual([{ name: 'X', value: 128, default: 128, min: 101, max: 199, description: 'Numéro de poste' }]);
    const smtp = s.hosts[2];
    expect(smtp.interfaces[0]).toEqual({
      name: 'eth0',
      network: 'bleue',
      address: { address: '192.168.0.28', prefix: 24, text: '192.168.0.28/24' },
      dhcp: false,
      mac: '18:a9:05:c0:4f:68',
    });
    expect(smtp.gateway).toBe('192.168.0.128');
    expect(smtp.routes).toEqual([{ to: { address: '10.0.0.0', prefix: 8, text: '10.0.0.0/8' }, via: '192.168.0.128' }]);
    expect(smtp.debconf['postfix/mailname']).toBe('mail128.com');
    expect(smtp.files['/etc/postfix/main.cf']).toBe('myhostname = mail128.com\n');
    expect(smtp.users).toEqual([{ name: 'etudiant', password: 'Etudiant1', gecos: 'Etudiant', groups: [], shell: null }]);
    expect(smtp.boot).toEqual(['echo booted > /tmp/x']);
  });

  it('uses a given param value over the default', () => {
    const s = load(SMTP_LAB, { X: '130' });
    expect(s.params[0].value).toBe(130);
    expect(s.hosts[1].interfaces[0].address?.text).toBe('172.20.130.3/24');
    expect(s.hosts[2].interfaces[0].address?.address).toBe('192.168.0.30');
  });

  it('applies the defaults: hostname in lower case, role client, locale en, no forwarding', () => {
    const s = load('name: x\nhosts: [ { name: PC-1 } ]\n');
    expect(s.locale).toBe('en');
    expect(s.description).toBe('');
    expect(s.hosts[0]).toMatchObject({ hostname: 'pc-1', role: 'client', forwarding: false, gateway: null, interfaces: [], files: {} });
  });

  it('keeps every scalar as text: no YAML number or boolean guessing', () => {
    const s = load('name: x\nhosts:\n  - name: A\n    users: [ { name: bob, password: 0123 } ]\n    debconf: { pkg/flag: true }\n');
    expect(s.hosts[0].users[0].password).toBe('0123');
    expect(s.hosts[0].debconf).toEqual({ 'pkg/flag': 'true' });
  });

  it('accepts a templated string where an integer is expected', () => {
    const r = loadScenario('name: x\nparams: { X: { default: 5 } }\nseed: "{{X*2}}"\nhosts: [ { name: A } ]\n', 'x.yaml');
    expect(r.ok && r.scenario.reserved.seed).toBe('10');
  });

  it('resolves YAML anchors, so hosts can share a file', () => {
    const s = load('name: x\nhosts:\n  - name: A\n    files: { /etc/motd: &motd "bienvenue\\n" }\n  - name: B\n    files: { /etc/motd: *motd }\n');
    expect(s.hosts[1].files['/etc/motd']).toBe('bienvenue\n');
  });

  it('gives plain data that survives JSON', () => {
    const s = load(SMTP_LAB);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('reports all five mistakes of a file at once, in source order', () => {
    const text = [
      'name: five mistakes',
      'locale: es',
      'networks: [ { name: lan } ]',
      'hosts:',
      '  - name: A',
      '    role: printer',
      '    interfaces:',
      '      - { name: eth0, network: lan, address: "172.20.300.1/24" }',
      '      - { name: eth1, network: lan2, address: 10.0.0.1/8 }',
      '  - name: A',
      '',
    ].join('\n');
    const r = loadScenario(text, 'five.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map(formatScenarioError)).toEqual([
      'five.yaml:2:9: locale: unknown locale "es" (expected fr, en)',
      'five.yaml:6:11: hosts[0].role: unknown role "printer" (expected client, router, server, dns, dhcp, mail)',
      'five.yaml:8:46: hosts[0].interfaces[0].address: bad CIDR "172.20.300.1/24": 300 is above 255',
      "five.yaml:9:32: hosts[0].interfaces[1].network: unknown network 'lan2' (networks: lan)",
      "five.yaml:10:11: hosts[1].name: duplicate host name 'A' (first in hosts[0])",
    ]);
  });

  it('gives no scenario at all for a file with one problem', () => {
    const r = loadScenario(SMTP_LAB.replace('role: mail', 'role: mta'), 'lab.yaml');
    expect(r).toEqual({
      ok: false,
      errors: [{ file: 'lab.yaml', path: 'hosts[2].role', line: 23, column: 11, message: 'unknown role "mta" (expected client, router, server, dns, dhcp, mail)' }],
    });
  });

  it('formats an error without a position or a path', () => {
    expect(formatScenarioError({ file: 'a.yaml', path: 'params.Q', message: 'm' })).toBe('a.yaml: params.Q: m');
    expect(formatScenarioError({ file: 'a.yaml', path: '', line: 3, column: 1, message: 'm' })).toBe('a.yaml:3:1: m');
  });

  it('reports an empty file', () => {
    expect(loadScenario('', 'empty.yaml')).toEqual({ ok: false, errors: [{ file: 'empty.yaml', path: '', line: undefined, column: undefined, message: 'the file is empty' }] });
  });

  it('loads the example scenario scenarios/two-lans.yaml', () => {
    const file = fileURLToPath(new URL('../../scenarios/two-lans.yaml', import.meta.url));
    const s = load(readFileSync(file, 'utf8'));
    expect(s.hosts.map((h) => h.name)).toEqual(['PC1', 'ROUTER', 'PC2']);
    expect(s.hosts.map((h) => h.interfaces.map((i) => i.address?.text))).toEqual([['10.0.1.10/24'], ['10.0.1.1/24', '10.0.2.1/24'], ['10.0.2.10/24']]);
    expect(s.hosts[1].forwarding).toBe(true);
    expect(s.hosts.map((h) => h.gateway)).toEqual(['10.0.1.1', null, '10.0.2.1']);
    expect(s.locale).toBe('fr');
  });
});
