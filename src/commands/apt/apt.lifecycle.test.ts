// A package's life on a host, as a student meets it: its command does not exist, `apt install`
// brings the executable (dpkg -l says ii), `apt remove` takes the files away and leaves the
// configuration (rc), `apt purge` forgets it all; preseeded answers reach main.cf.
import { describe, expect, it } from 'vitest';
import { resolveCommand } from '../../os/process/exec.ts';
import { denyServiceStarts, packageHost, ROOT } from '../testing/package-host.ts';
import { apt } from './apt.ts';
import { aptGet } from './apt-get.ts';
import { dpkg } from '../dpkg/dpkg.ts';
import { debconfSetSelections } from '../debconf-set-selections/debconf-set-selections.ts';
import { debconfShow } from '../debconf-show/debconf-show.ts';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const NONINTERACTIVE = { DEBIAN_FRONTEND: 'noninteractive' };

describe('installing and removing a package', () => {
  it('tcpdump: command not found before, an executable after, gone after remove', async () => {
    const t = packageHost();
    expect(resolveCommand(t.host.fs, 'tcpdump', PATH, ROOT, '/')).toEqual({ error: 'ENOENT', path: 'tcpdump' });
    const r = await t.run(aptGet, ['apt-get', 'install', '-y', 'tcpdump'], { env: NONINTERACTIVE });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The following NEW packages will be installed:\n  libpcap0.8 tcpdump\n');
    expect(r.stdout).toContain('Get:1 http://deb.debian.org/debian bookworm/main amd64 libpcap0.8 amd64 1.10.3-1 [157 kB]\n');
    expect(r.stdout).toContain('Setting up tcpdump (4.99.3-1) ...\n');
    const found = resolveCommand(t.host.fs, 'tcpdump', PATH, ROOT, '/');
    expect(found).toMatchObject({ path: '/usr/bin/tcpdump' });
    // The executable runs the program the package registers (a stub until tcpdump exists).
    const run = await t.run(t.registry.get('tcpdump')!, ['tcpdump']);
    expect(run.stderr).toBe('tcpdump: not implemented in this simulator yet\n');

    const rm = await t.run(aptGet, ['apt-get', 'remove', '-y', 'tcpdump']);
    expect(rm.stdout).toContain('The following packages will be REMOVED:\n  tcpdump\n');
    expect(rm.stdout).toContain('Removing tcpdump (4.99.3-1) ...\n');
    expect(resolveCommand(t.host.fs, 'tcpdump', PATH, ROOT, '/')).toEqual({ error: 'ENOENT', path: 'tcpdump' });
  });

  it('dpkg -l lists the new package with dpkg columns, and rc after a remove', async () => {
    const t = packageHost();
    await t.run(aptGet, ['apt-get', 'install', '-y', 'netcat-traditional'], { env: NONINTERACTIVE });
    const l = await t.run(dpkg, ['dpkg', '-l', 'netcat-*']);
    expect(l.stdout).toBe(
      'Desired=Unknown/Install/Remove/Purge/Hold\n' +
        '| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n' +
        '|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n' +
        '||/ Name               Version      Architecture Description\n' +
        '+++-==================-============-============-=================================\n' +
        'ii  netcat-openbsd     1.219-1      amd64        TCP/IP swiss army knife\n' +
        'ii  netcat-traditional 1.10-47      amd64        TCP/IP swiss army knife\n',
    );
    const none = await t.run(dpkg, ['dpkg', '-l', 'nothing-like-this']);
    expect(none.stderr).toBe('dpkg-query: no packages found matching nothing-like-this\n');
    expect(none.code).toBe(1);
  });

  it('apt remove keeps conffiles (rc), apt purge removes them and the status entry', async () => {
    const t = packageHost();
    denyServiceStarts(t);
    await t.run(aptGet, ['apt-get', 'install', '-y', 'postfix'], { env: NONINTERACTIVE });
    await t.run(aptGet, ['apt-get', 'remove', '-y', 'postfix']);
    const l = await t.run(dpkg, ['dpkg', '-l', 'postfix']);
    expect(l.stdout).toMatch(/\nrc {2}postfix +3\.7\.11-0\+deb12u1 +amd64 +High-performance mail transport agent\n$/);
    expect(t.read('/etc/postfix/postfix-files')).not.toMatch(/^</);
    expect(t.read('/usr/sbin/postconf')).toBe('<ENOENT>');
    const p = await t.run(aptGet, ['apt-get', 'purge', '-y', 'postfix']);
    expect(p.stdout).toContain('Purging configuration files for postfix (3.7.11-0+deb12u1) ...\n');
    expect(t.read('/etc/postfix/postfix-files')).toBe('<ENOENT>');
    expect(t.read('/var/lib/dpkg/status')).not.toContain('Package: postfix\n');
  });

  it('asks before installing more than asked, and "n" aborts with status 1', async () => {
    const t = packageHost();
    const r = await t.run(aptGet, ['apt-get', 'install', 'tcpdump'], { stdin: 'n\n' });
    expect(r.stdout).toMatch(/Do you want to continue\? \[Y\/n\] Abort\.\n$/);
    expect(r.code).toBe(1);
    expect(t.read('/var/lib/dpkg/status')).not.toContain('Package: tcpdump\n');
  });

  it('popa3d replaces dovecot-pop3d: both provide pop3-server and conflict with it', async () => {
    const t = packageHost();
    denyServiceStarts(t);
    await t.run(aptGet, ['apt-get', 'install', '-y', 'dovecot-pop3d'], { env: NONINTERACTIVE });
    const r = await t.run(aptGet, ['apt-get', 'install', '-y', 'popa3d'], { env: NONINTERACTIVE });
    expect(r.stdout).toContain('The following packages will be REMOVED:\n  dovecot-pop3d\n');
    expect(r.stdout).toContain('Removing dovecot-pop3d (1:2.3.19.1+dfsg1-2.1+deb12u7) ...\n');
    expect(t.read('/var/lib/dpkg/status')).toContain('Package: popa3d\nStatus: install ok installed\n');
  });
});

describe('noninteractive installs with preseeded answers', () => {
  it('debconf-set-selections answers reach main.cf and debconf-show', async () => {
    const t = packageHost();
    denyServiceStarts(t);
    const seed = [
      'postfix postfix/main_mailer_type select Local only',
      'postfix postfix/mailname string mail128.com',
      'postfix postfix/mynetworks string 127.0.0.0/8 192.168.0.0/24',
      'postfix postfix/protocols select ipv4',
    ].join('\n');
    const s = await t.run(debconfSetSelections, ['debconf-set-selections'], { stdin: seed + '\n' });
    expect(s.code).toBe(0);
    const r = await t.run(apt, ['apt', 'install', '-y', 'postfix'], { env: NONINTERACTIVE });
    expect(r.code).toBe(0);
    const main = t.read('/etc/postfix/main.cf');
    expect(main).toContain('\nmynetworks = 127.0.0.0/8 192.168.0.0/24\n');
    expect(main).toContain('\ninet_interfaces = loopback-only\n');
    expect(main).toContain('\ninet_protocols = ipv4\n');
    expect(main).toContain('\ndefault_transport = error\nrelay_transport = error\n');
    expect(t.read('/etc/mailname')).toBe('mail128.com\n');
    const show = await t.run(debconfShow, ['debconf-show', 'postfix']);
    expect(show.stdout).toContain('* postfix/main_mailer_type: Local only\n');
    expect(show.stdout).toContain('* postfix/mynetworks: 127.0.0.0/8 192.168.0.0/24\n');
  });
});
