import { describe, it, expect } from 'vitest';
import { fileOutput } from './process/file-streams.ts';
import { ETUDIANT, ROOT, testMachine } from './process/testing.ts';
import { mountProcfs, type ProcfsSource } from './procfs.ts';

function machine() {
  const m = testMachine();
  const src: ProcfsSource = {
    net: m.host.net,
    hostname: 'routeur',
    uptimeSeconds: () => 12.5,
    processCount: () => 3,
    lastPid: () => 401,
  };
  mountProcfs(m.fs, src);
  const cat = (path: string): string => {
    const r = m.fs.readFile(path, ETUDIANT);
    return r.ok ? new TextDecoder().decode(r.value) : `(${r.errno})`;
  };
  return { m, src, cat };
}

describe('/proc/sys/net/ipv4/ip_forward', () => {
  it('reads the forwarding flag of the stack', () => {
    const { m, cat } = machine();
    expect(cat('/proc/sys/net/ipv4/ip_forward')).toBe('0\n');
    m.host.net.ipForward = true;
    expect(cat('/proc/sys/net/ipv4/ip_forward')).toBe('1\n');
  });

  it('turns forwarding on with `echo 1 > /proc/sys/net/ipv4/ip_forward` as root (seed 002)', () => {
    const { m, cat } = machine();
    const out = fileOutput(m.fs, '/proc/sys/net/ipv4/ip_forward', ROOT, false);
    expect(out.ok).toBe(true);
    if (out.ok) out.value.write('1\n');
    expect(m.host.net.ipForward).toBe(true);
    expect(cat('/proc/sys/net/ipv4/conf/all/forwarding')).toBe('1\n');
  });

  it('refuses a user (Permission denied) and junk (Invalid argument)', () => {
    const { m } = machine();
    expect(fileOutput(m.fs, '/proc/sys/net/ipv4/ip_forward', ETUDIANT, false)).toEqual({ ok: false, errno: 'EACCES' });
    expect(m.fs.writeFile('/proc/sys/net/ipv4/ip_forward', 'yes\n', ROOT)).toEqual({ ok: false, errno: 'EINVAL' });
    expect(m.host.net.ipForward).toBe(false);
  });
});

describe('other /proc files', () => {
  it('give the hostname, uptime, load average and kernel version', () => {
    const { m, src, cat } = machine();
    expect(cat('/proc/sys/kernel/hostname')).toBe('routeur\n');
    m.fs.writeFile('/proc/sys/kernel/hostname', 'gw\n', ROOT);
    expect(src.hostname).toBe('gw');
    expect(cat('/proc/uptime')).toBe('12.50 12.13\n');
    expect(cat('/proc/loadavg')).toBe('0.00 0.00 0.00 1/3 401\n');
    expect(cat('/proc/version')).toMatch(/^Linux version 6\.1\.0-\d+-amd64 \(debian-kernel@lists\.debian\.org\)/);
  });
});
