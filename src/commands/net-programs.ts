// The network programs of this folder, where Debian 12 installs them and which package brings
// them (the apt catalogue and the base system use this table). `path` is the name users run; for
// programs Debian installs through update-alternatives, `target` is the real file the
// alternative points to (`/bin/nc` -> /etc/alternatives/nc -> /bin/nc.openbsd).
import type { Program } from '../os/program.ts';
import { arp } from './arp/arp.ts';
import { ifconfig } from './ifconfig/ifconfig.ts';
import { ip } from './ip/ip.ts';
import { nc } from './nc/nc.ts';
import { netstat } from './netstat/netstat.ts';
import { ping } from './ping/ping.ts';
import { route } from './route/route.ts';
import { ss } from './ss/ss.ts';
import { telnet } from './telnet/telnet.ts';
import { traceroute } from './traceroute/traceroute.ts';

export interface NetProgram {
  readonly name: string;
  readonly path: string;
  readonly program: Program;
  /** The Debian 12 package that installs it. */
  readonly package: string;
  /** The file an alternatives symlink at `path` leads to, when Debian installs it that way. */
  readonly target?: string;
}

export const NET_PROGRAMS: readonly NetProgram[] = [
  { name: 'ip', path: '/bin/ip', program: ip, package: 'iproute2' },
  { name: 'ss', path: '/bin/ss', program: ss, package: 'iproute2' },
  { name: 'ping', path: '/bin/ping', program: ping, package: 'iputils-ping' },
  { name: 'ping4', path: '/bin/ping4', program: ping, package: 'iputils-ping' },
  { name: 'ifconfig', path: '/sbin/ifconfig', program: ifconfig, package: 'net-tools' },
  { name: 'route', path: '/sbin/route', program: route, package: 'net-tools' },
  { name: 'netstat', path: '/bin/netstat', program: netstat, package: 'net-tools' },
  { name: 'arp', path: '/usr/sbin/arp', program: arp, package: 'net-tools' },
  { name: 'nc', path: '/bin/nc', program: nc, package: 'netcat-openbsd', target: '/bin/nc.openbsd' },
  { name: 'netcat', path: '/bin/netcat', program: nc, package: 'netcat-openbsd', target: '/bin/nc.openbsd' },
  { name: 'telnet', path: '/usr/bin/telnet', program: telnet, package: 'inetutils-telnet', target: '/usr/bin/inetutils-telnet' },
  { name: 'traceroute', path: '/usr/bin/traceroute', program: traceroute, package: 'traceroute', target: '/usr/bin/traceroute.db' },
];
