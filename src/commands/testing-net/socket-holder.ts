// A test program that opens listening sockets like a daemon (dovecot, postfix's master, named)
// and then waits: what netstat and ss are compared against.
import { SECOND } from '../../engine/time.ts';
import type { Program } from '../../os/program.ts';
import { parseIpv4 } from '../../wire/addr.ts';
import { socketOwner } from '../lib/socket-table.ts';

export interface HeldSocket {
  proto: 'tcp' | 'udp';
  address?: string;
  port: number;
  backlog?: number;
}

export function socketHolder(sockets: readonly HeldSocket[]): Program {
  return async (proc) => {
    const net = proc.host.net;
    for (const s of sockets) {
      const address = s.address === undefined ? 0 : (parseIpv4(s.address) ?? 0);
      if (s.proto === 'tcp') {
        const l = net.tcp.listen({ address, port: s.port, backlog: s.backlog, owner: socketOwner(proc) });
        if (typeof l === 'string') throw new Error(`listen ${s.address}:${s.port}: ${l}`);
      } else {
        const u = net.udp.open();
        u.owner = socketOwner(proc);
        const err = u.bind(address, s.port);
        if (err !== null) throw new Error(`bind ${s.address}:${s.port}: ${err}`);
      }
    }
    for (;;) await proc.sleep(3600 * SECOND);
  };
}
