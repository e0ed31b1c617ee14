import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/loader.ts';
import { accountCommands, networkInterfaces, quote, resolvConf } from './host-setup.ts';

const scenario = (() => {
  const r = loadScenario(readFileSync('scenarios/two-lans.yaml', 'utf8'), 'two-lans.yaml');
  if (!r.ok) throw new Error('two-lans.yaml');
  return r.scenario;
})();

describe('host set-up from a scenario', () => {
  it('writes /etc/network/interfaces as the installer does, with the gateway on its interface', () => {
    const pc1 = scenario.hosts.find((h) => h.name === 'PC1')!;
    expect(networkInterfaces(pc1)).toBe(
      '# This file describes the network interfaces available on your system\n# and how to activate them. For more information, see interfaces(5).\n\n' +
        'source /etc/network/interfaces.d/*\n\n# The loopback network interface\nauto lo\niface lo inet loopback\n\n' +
        '# The primary network interface\nallow-hotplug eth0\niface eth0 inet static\n\taddress 10.0.1.10/24\n\tgateway 10.0.1.1\n',
    );
  });

  it('lists nameservers in resolv.conf order and quotes shell words safely', () => {
    expect(resolvConf(['10.254.0.254', '8.8.8.8'])).toBe('nameserver 10.254.0.254\nnameserver 8.8.8.8\n');
    expect(quote("l'étudiant")).toBe(`'l'\\''étudiant'`);
  });

  it('creates extra accounts with adduser, the first user being the installer account', () => {
    const host = { ...scenario.hosts[0], users: [
      { name: 'etudiant', password: 'x', gecos: 'Etudiant', groups: ['mail'], shell: null },
      { name: 'foo', password: null, gecos: null, groups: [], shell: '/bin/sh' },
    ] };
    expect(accountCommands(host, 'etudiant')).toEqual([
      "adduser 'etudiant' 'mail' >/dev/null",
      "adduser --disabled-password --gecos '' --shell '/bin/sh' 'foo' >/dev/null",
    ]);
  });
});
