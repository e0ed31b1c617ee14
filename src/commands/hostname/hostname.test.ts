import { describe, it, expect } from 'vitest';
import { hostname } from './hostname.ts';
import { run, LANG_C } from '../testing/fake-process.ts';
import { Scheduler } from '../../engine/scheduler.ts';
import { Rng } from '../../engine/rng.ts';
import { NetworkStack } from '../../stack/host-stack.ts';
import { parseIpv4, parseMac } from '../../wire/addr.ts';
import { TestFs } from '../testing/test-fs.ts';

describe('hostname', () => {
  it('prints the name, and -f from /etc/hosts', async () => {
    const fs = new TestFs().put('/etc/hosts', '127.0.0.1\tlocalhost\n127.0.1.1\tsmtp.mail128.com\tsmtp\n');
    expect((await run(hostname, { argv: ['hostname'], hostname: 'smtp', fs })).stdout).toBe('smtp\n');
    expect((await run(hostname, { argv: ['hostname', '-f'], hostname: 'smtp', fs })).stdout).toBe('smtp.mail128.com\n');
    expect((await run(hostname, { argv: ['hostname', '-d'], hostname: 'smtp', fs })).stdout).toBe('mail128.com\n');
    expect((await run(hostname, { argv: ['hostname', '-i'], hostname: 'smtp', fs })).stdout).toBe('127.0.1.1\n');
  });

  it('lists the IPv4 addresses of up interfaces with -I, each followed by a space', async () => {
    const net = new NetworkStack({ scheduler: new Scheduler(), rng: new Rng(1), hostname: 'r' });
    net.addInterface('eth0', parseMac('02:00:00:00:00:01')!).addAddress(parseIpv4('192.168.0.128')!, 24);
    net.addInterface('eth1', parseMac('02:00:00:00:00:02')!).addAddress(parseIpv4('172.20.128.3')!, 24);
    const down = net.addInterface('eth2', parseMac('02:00:00:00:00:03')!);
    down.addAddress(parseIpv4('10.0.0.1')!, 8);
    down.setUp(false);
    expect((await run(hostname, { argv: ['hostname', '-I'], net })).stdout).toBe('192.168.0.128 172.20.128.3 \n');
  });

  it('lets only root change the name', async () => {
    const r = await run(hostname, { argv: ['hostname', 'x'], env: LANG_C, cred: { uid: 1000, gid: 1000, groups: [] } });
    expect(r.stderr).toBe('hostname: you must be root to change the host name\n');
    expect(r.code).toBe(1);
  });
});

describe('hostname as root', () => {
  it('sets the kernel name through /proc/sys/kernel/hostname', async () => {
    const fs = new TestFs();
    let name = 'debian';
    fs.mountSpecial('/proc/sys/kernel/hostname', {
      read: () => new TextEncoder().encode(name + '\n'),
      write: (d) => {
        name = new TextDecoder().decode(d).trim();
        return null;
      },
    }, 0o644);
    const r = await run(hostname, { argv: ['hostname', 'S54'], fs });
    expect(r.code).toBe(0);
    expect(name).toBe('S54');
  });
});
