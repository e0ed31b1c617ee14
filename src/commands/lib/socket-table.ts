// The host's TCP and UDP sockets as netstat and ss list them (/proc/net/tcp, inet_diag):
// listeners first, then connections, each group in creation order; with the owning process
// for `-p`. Programs that open sockets tag them with `socketOwner(proc)`.
import type { NetworkStack } from '../../stack/host-stack.ts';
import type { TcpState } from '../../stack/tcp/tcp-module.ts';
import type { Ipv4 } from '../../wire/addr.ts';
import type { Process } from '../../os/program.ts';

export interface SocketRow {
  readonly proto: 'tcp' | 'udp';
  /** TCP state, or for UDP 'UNCONN' (unconnected) / 'ESTABLISHED' (connected). */
  readonly state: TcpState | 'UNCONN';
  readonly localAddress: Ipv4;
  readonly localPort: number;
  readonly remoteAddress: Ipv4;
  readonly remotePort: number;
  readonly recvQ: number;
  readonly sendQ: number;
  readonly owner: { pid: number; name: string } | undefined;
}

/** The owner a program puts on the sockets it opens (netstat -p, and the host closes them at exit). */
export function socketOwner(proc: Process): { pid: number; name: string } {
  return { pid: proc.pid, name: proc.comm };
}

export function listSockets(net: NetworkStack): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const l of net.tcp.listeners()) {
    rows.push({
      proto: 'tcp',
      state: 'LISTEN',
      localAddress: l.localAddress,
      localPort: l.localPort,
      remoteAddress: 0,
      remotePort: 0,
      // ss shows the accept queue and the backlog of a listener in these columns.
      recvQ: l.queueLength,
      sendQ: l.backlog,
      owner: l.owner,
    });
  }
  for (const c of net.tcp.connections()) {
    if (c.state === 'CLOSED') continue;
    rows.push({
      proto: 'tcp',
      state: c.state,
      localAddress: c.localAddress,
      localPort: c.localPort,
      remoteAddress: c.remoteAddress,
      remotePort: c.remotePort,
      recvQ: c.recvQueued,
      sendQ: c.bytesQueued,
      // TIME-WAIT sockets belong to nobody any more.
      owner: c.state === 'TIME-WAIT' ? undefined : c.owner,
    });
  }
  for (const s of net.udp.sockets()) {
    if (s.closed || s.localPort === 0) continue;
    rows.push({
      proto: 'udp',
      state: s.remotePort !== 0 ? 'ESTABLISHED' : 'UNCONN',
      localAddress: s.localAddress,
      localPort: s.localPort,
      remoteAddress: s.remoteAddress,
      remotePort: s.remotePort,
      recvQ: 0,
      sendQ: 0,
      owner: s.owner,
    });
  }
  return rows;
}

/**
 * File descriptor numbers for ss's users:(("nc",pid=N,fd=F)): a process's sockets get 3, 4...
 * in the order they were created, as a program that opened nothing else before would have.
 */
export function fdNumbers(rows: readonly SocketRow[]): Map<SocketRow, number> {
  const next = new Map<number, number>();
  const out = new Map<SocketRow, number>();
  const ordered = [...rows].filter((r) => r.owner !== undefined);
  for (const r of ordered) {
    const pid = r.owner!.pid;
    const fd = next.get(pid) ?? 3;
    out.set(r, fd);
    next.set(pid, fd + 1);
  }
  return out;
}
