// apt-get install dovecot-imapd dovecot-pop3d on a simulated Debian 12: the configuration lands in
// /etc/dovecot, protocols.d names both protocols, dovecot.service starts the master, which listens
// on 110/143/993/995 and logs its start line; popa3d cannot take port 110 then (Conflicts aside).
import { describe, expect, it } from 'vitest';
import { aptGet } from '../../src/commands/apt/apt-get.ts';
import { packageHost, ROOT } from '../../src/commands/testing/package-host.ts';
import { DOVECOT_PROGRAMS } from '../../src/services/dovecot/programs.ts';
import { doveconf } from '../../src/services/dovecot/doveconf.ts';

describe('dovecot packages', () => {
  it('install, start through dovecot.service, doveconf shows " imap pop3"', async () => {
    const t = packageHost();
    for (const p of DOVECOT_PROGRAMS) t.register(p.name, p.program);
    const inst = await t.run(aptGet, ['apt-get', 'install', '-y', 'dovecot-imapd', 'dovecot-pop3d'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    expect(inst.code, inst.stdout + inst.stderr).toBe(0);
    await t.settle(5);
    expect(t.read('/usr/share/dovecot/protocols.d/imapd.protocol')).toBe('protocols = $protocols imap\n');
    const p = await t.run(doveconf, ['doveconf', 'protocols']);
    expect(p.stdout).toBe('protocols =  imap pop3\n');
    expect(t.services.isActive('dovecot.service')).toBe(true);
    const ports = t.host.net.tcp.listeners().map((l) => l.localPort).sort((a, b) => a - b);
    expect(ports).toEqual([110, 143, 993, 995]);
    expect(t.logged.some((m) => m.tag === 'dovecot' && m.message === 'master: Dovecot v2.3.19.1 (9b53102964) starting up for imap, pop3 (core dumps disabled)')).toBe(true);
    const link = t.host.fs.readlink('/etc/dovecot/private/dovecot.pem', ROOT);
    expect(link.ok && link.value).toBe('/etc/ssl/certs/ssl-cert-snakeoil.pem');
  });

  it('apt install popa3d (seed 003): standalone by default, popa3d listens on 0.0.0.0:110', async () => {
    const t = packageHost();
    for (const p of DOVECOT_PROGRAMS) t.register(p.name, p.program);
    const inst = await t.run(aptGet, ['apt-get', 'install', '-y', 'popa3d'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    expect(inst.code, inst.stdout + inst.stderr).toBe(0);
    await t.settle(5);
    expect(t.read('/etc/default/popa3d')).toContain('RUN_STANDALONE=yes');
    const l = t.host.net.tcp.listeners();
    expect(l.map((x) => [x.localAddress, x.localPort, x.owner?.name])).toEqual([[0, 110, 'popa3d']]);
  });
});
