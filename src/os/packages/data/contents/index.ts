// GENERATED: the text files of each package, by package name. Regenerate, do not edit.
import { CONTENTS as bind9 } from './bind9.ts';
import { CONTENTS as dns_root_data } from './dns-root-data.ts';
import { CONTENTS as dovecot_core } from './dovecot-core.ts';
import { CONTENTS as dovecot_imapd } from './dovecot-imapd.ts';
import { CONTENTS as dovecot_pop3d } from './dovecot-pop3d.ts';
import { CONTENTS as iproute2 } from './iproute2.ts';
import { CONTENTS as isc_dhcp_client } from './isc-dhcp-client.ts';
import { CONTENTS as isc_dhcp_server } from './isc-dhcp-server.ts';
import { CONTENTS as libgssglue1 } from './libgssglue1.ts';
import { CONTENTS as mariadb_common } from './mariadb-common.ts';
import { CONTENTS as mysql_common } from './mysql-common.ts';
import { CONTENTS as nano } from './nano.ts';
import { CONTENTS as popa3d } from './popa3d.ts';
import { CONTENTS as postfix } from './postfix.ts';
import { CONTENTS as rsyslog } from './rsyslog.ts';
import { CONTENTS as tcpdump } from './tcpdump.ts';
import { CONTENTS as vim_tiny } from './vim-tiny.ts';

export const PACKAGE_CONTENTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'bind9': bind9,
  'dns-root-data': dns_root_data,
  'dovecot-core': dovecot_core,
  'dovecot-imapd': dovecot_imapd,
  'dovecot-pop3d': dovecot_pop3d,
  'iproute2': iproute2,
  'isc-dhcp-client': isc_dhcp_client,
  'isc-dhcp-server': isc_dhcp_server,
  'libgssglue1': libgssglue1,
  'mariadb-common': mariadb_common,
  'mysql-common': mysql_common,
  'nano': nano,
  'popa3d': popa3d,
  'postfix': postfix,
  'rsyslog': rsyslog,
  'tcpdump': tcpdump,
  'vim-tiny': vim_tiny,
};
