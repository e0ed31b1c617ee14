// The maintainer scripts the simulator runs, by package name (every other package installs its
// files and runs nothing).
import type { PackageBehaviour } from '../types.ts';
import { DOVECOT_CORE, DOVECOT_IMAPD, DOVECOT_POP3D, MAILUTILS, POPA3D } from './mail.ts';
import { POSTFIX } from './postfix.ts';
import { BIND9, ISC_DHCP_SERVER, RSYSLOG } from './services.ts';
import { INETUTILS_TELNET, NANO, NETCAT_OPENBSD, NETCAT_TRADITIONAL, SSL_CERT, TCPDUMP, VIM_TINY } from './tools.ts';

export const BEHAVIOURS: Readonly<Record<string, PackageBehaviour>> = {
  postfix: POSTFIX,
  mailutils: MAILUTILS,
  'dovecot-core': DOVECOT_CORE,
  'dovecot-imapd': DOVECOT_IMAPD,
  'dovecot-pop3d': DOVECOT_POP3D,
  popa3d: POPA3D,
  bind9: BIND9,
  'isc-dhcp-server': ISC_DHCP_SERVER,
  rsyslog: RSYSLOG,
  'netcat-openbsd': NETCAT_OPENBSD,
  'netcat-traditional': NETCAT_TRADITIONAL,
  'inetutils-telnet': INETUTILS_TELNET,
  'vim-tiny': VIM_TINY,
  nano: NANO,
  tcpdump: TCPDUMP,
  'ssl-cert': SSL_CERT,
};
