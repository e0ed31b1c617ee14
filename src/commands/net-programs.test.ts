// Every network program is in the table with its Debian path and package, and none of them
// lets a strange command line escape as an exception (seeded random arguments, each run ended
// with ^C after a while if it has not finished by itself).
import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/rng.ts';
import { EXIT_INTERNAL_ERROR } from '../os/process/process.ts';
import { NET_PROGRAMS } from './net-programs.ts';
import { NetLab } from './testing-net/net-lab.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('NET_PROGRAMS', () => {
  it('lists each program once with where Debian 12 puts it', () => {
    const names = NET_PROGRAMS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['ip', 'ss', 'ping', 'ifconfig', 'route', 'netstat', 'arp', 'nc', 'telnet', 'traceroute']));
    expect(NET_PROGRAMS.find((p) => p.name === 'nc')).toMatchObject({ path: '/bin/nc', package: 'netcat-openbsd' });
    expect(NET_PROGRAMS.find((p) => p.name === 'ping')).toMatchObject({ path: '/bin/ping', package: 'iputils-ping' });
  });

  it('survives random command lines without an internal error', async () => {
    const rng = new Rng('net-fuzz');
    const words = ['-c', '1', '-n', '-l', '-p', '-t', '-u', '-a', '-s', '-v', '-z', '-w', '2', '-q', '0', 'add', 'del', 'show', 'dev', 'eth0', 'eth9', 'up', 'down', 'via', 'default', 'route', 'addr', 'link', 'neigh', '10.0.1.1', '10.0.1.20', '127.0.0.1', 'localhost', '25', 'smtp', '999999', '10.0.0.0/8', '/33', 'netmask', '255.255.0.0', 'gw', '-b', '\x01', '', 'é', '--', '-', '-4lntp', '-x', 'mtu', 'foo'];
    const lab = new NetLab(nodeYield);
    const lan = lab.network('lan');
    lab.host('peer', [{ net: lan, address: '10.0.1.20/24' }]);
    const h = lab.host('h', [{ net: lan, address: '10.0.1.10/24' }], { gateway: '10.0.1.1' });
    for (let i = 0; i < 150; i++) {
      const prog = NET_PROGRAMS[rng.int(0, NET_PROGRAMS.length - 1)];
      const argv = [prog.name];
      const n = rng.int(0, 5);
      for (let j = 0; j < n; j++) argv.push(words[rng.int(0, words.length - 1)]);
      const p = h.start(prog.program, argv, { tty: rng.int(0, 1) === 1 });
      await p.until(() => p.code !== null, 8);
      if (p.code === null) {
        p.interrupt();
        await p.until(() => p.code !== null, 15);
      }
      if (p.code === null) {
        p.endInput();
        await p.until(() => p.code !== null, 15);
      }
      expect({ argv, code: p.code === EXIT_INTERNAL_ERROR ? 'internal error' : 'ok' }).toEqual({ argv, code: 'ok' });
    }
    expect(lab.frameProblems()).toEqual([]);
  });
});
