// Name and service resolution of the network programs: /etc/hosts and /etc/services of the
// host's Debian base tree, numeric forms as inet_aton takes them.
import { describe, expect, it } from 'vitest';
import type { Process } from '../../os/program.ts';
import { NetLab } from '../testing-net/net-lab.ts';
import * as stub from '../../os/resolver/index.ts';
import { gaiStrerror, inetAton, lookupHost, nameOrAddress, reverseLookup } from './resolve.ts';
import { Services } from './services.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Runs `fn` inside a process of a fresh host (with extra /etc/hosts lines). */
async function inProcess<T>(hosts: string, fn: (proc: Process) => Promise<T>): Promise<T> {
  const lab = new NetLab(nodeYield);
  const h = lab.host('vm', [{ net: lab.network('lan'), address: '192.168.0.1/24' }], { hosts });
  let result: T | undefined;
  await h.run(async (proc) => {
    result = await fn(proc);
    return 0;
  }, ['probe']);
  return result as T;
}

describe('lookupHost', () => {
  it('takes numeric forms as inet_aton does', () => {
    expect(inetAton('127.0.0.1')).toBe(0x7f000001);
    expect(inetAton('127.1')).toBe(0x7f000001);
    expect(inetAton('10.0.0.0x1')).toBe(0x0a000001);
    expect(inetAton('192.168.0.300')).toBe(null);
    expect(inetAton('foo')).toBe(null);
  });

  it('finds names and aliases of /etc/hosts, the first name being canonical', async () => {
    const r = await inProcess('192.168.0.1\tsmtp128.mail128.com smtp128\n', async (proc) => [
      await lookupHost(proc, 'localhost'),
      await lookupHost(proc, 'SMTP128'),
      await lookupHost(proc, 'vm'),
      await lookupHost(proc, 'nosuchhost'),
      await reverseLookup(proc, 0xc0a80001),
      await nameOrAddress(proc, 0x0a000001),
    ]);
    expect(r[0]).toEqual({ ok: true, address: 0x7f000001, canonicalName: 'localhost' });
    expect(r[1]).toEqual({ ok: true, address: 0xc0a80001, canonicalName: 'smtp128.mail128.com' });
    expect(r[2]).toMatchObject({ ok: true, address: 0x7f000101 });
    // Not in /etc/hosts, then DNS: the base resolv.conf has no nameserver, so glibc asks
    // 127.0.0.1, where nothing listens: "Temporary failure in name resolution".
    expect(r[3]).toEqual({ ok: false, error: 'EAI_AGAIN' });
    expect(r[4]).toBe('smtp128.mail128.com');
    expect(r[5]).toBe('10.0.0.1');
    expect(gaiStrerror('EAI_NONAME')).toBe('Name or service not known');
  });

  it('is the host\'s stub resolver (src/os/resolver), which the DNS tests cover', () => {
    expect(lookupHost).toBe(stub.lookupHost);
    expect(reverseLookup).toBe(stub.reverseLookup);
    expect(gaiStrerror('EAI_AGAIN')).toBe('Temporary failure in name resolution');
  });
});

describe('Services', () => {
  it('maps the names of /etc/services both ways', async () => {
    const r = await inProcess('', async (proc) => {
      const s = new Services(proc);
      return [s.portOf('smtp', 'tcp'), s.portOf('pop3', 'tcp'), s.portOf('mail', 'tcp'), s.portOf('nope', 'tcp'), s.nameOf(53, 'udp'), s.nameOf(143, 'tcp'), s.nameOf(4000, 'tcp')];
    });
    expect(r).toEqual([25, 110, 25, null, 'domain', 'imap2', null]);
  });
});
