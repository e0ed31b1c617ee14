// The DNS, DHCP and log daemons' packages: accounts, units and what their postinst prints. The
// daemons (named, dhcpd, dhclient, rsyslogd) are the DNS/DHCP issues' Programs.
import type { Credentials } from '../../fs/types.ts';
import { ISC_DHCP_SERVER_TEMPLATES } from '../data/templates/isc-dhcp-server.ts';
import type { PackageBehaviour } from '../types.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export const BIND9: PackageBehaviour = {
  postinst: async (ctx) => {
    ctx.addAccount({ kind: 'group', name: 'bind' });
    ctx.addAccount({ kind: 'user', name: 'bind', home: '/var/cache/bind', group: 'bind', createHome: false });
    const fs = ctx.fs;
    const gid = Number(/^bind:[^:]*:(\d+):/m.exec(new TextDecoder().decode(fs.readFile('/etc/group', ROOT).ok ? (fs.readFile('/etc/group', ROOT) as { ok: true; value: Uint8Array }).value : new Uint8Array()))?.[1] ?? '0');
    const uid = Number(/^bind:[^:]*:(\d+):/m.exec(new TextDecoder().decode(fs.readFile('/etc/passwd', ROOT).ok ? (fs.readFile('/etc/passwd', ROOT) as { ok: true; value: Uint8Array }).value : new Uint8Array()))?.[1] ?? '0');
    if (ctx.oldVersion === null) {
      fs.mkdir('/var/lib/bind', ROOT, { parents: true, mode: 0o775 });
      fs.chown('/var/lib/bind', 0, gid, ROOT);
      fs.chmod('/var/lib/bind', 0o775, ROOT);
    }
    if (!fs.stat('/etc/bind/rndc.key', ROOT).ok) {
      // rndc-confgen -a: a random HMAC-SHA256 secret.
      fs.writeFile('/etc/bind/rndc.key', 'key "rndc-key" {\n\talgorithm hmac-sha256;\n\tsecret "GKbrrfLcN8wM0Vi5lH3A1bSqrM6ZkmSfyzV3Ug8l4Xs=";\n};\n', ROOT, { mode: 0o640 });
      ctx.out('wrote key file "/etc/bind/rndc.key"\n');
      fs.chown('/etc/bind/rndc.key', uid, gid, ROOT);
      fs.chown('/etc/bind', 0, gid, ROOT);
      fs.chmod('/etc/bind', 0o2755, ROOT);
      fs.chown('/var/cache/bind', 0, gid, ROOT);
      // bind9.postinst: chmod 775, so named (user bind) can write secondary zones there.
      fs.chmod('/var/cache/bind', 0o775, ROOT);
    }
    ctx.out('named-resolvconf.service is a disabled or a static unit, not starting it.\n');
    ctx.enableUnit('named.service');
    await ctx.invokeRcD('named', ctx.oldVersion === null ? 'start' : 'restart');
  },
  units: [
    {
      name: 'named.service',
      aliases: ['bind9.service'],
      description: 'BIND Domain Name Server',
      documentation: ['man:named(8)'],
      program: 'named',
      argv: ['/usr/sbin/named', '-f', '-u', 'bind'],
      comm: 'named',
      type: 'simple',
      initScript: '/etc/init.d/named',
      initDescription: 'domain name service',
      startedByDefault: true,
    },
  ],
};

/** /etc/default/isc-dhcp-server as the postinst writes it. */
export const ISC_DHCP_SERVER_DEFAULTS =
  '# Defaults for isc-dhcp-server (sourced by /etc/init.d/isc-dhcp-server)\n\n' +
  "# Path to dhcpd's config file (default: /etc/dhcp/dhcpd.conf).\n#DHCPDv4_CONF=/etc/dhcp/dhcpd.conf\n#DHCPDv6_CONF=/etc/dhcp/dhcpd6.conf\n\n" +
  "# Path to dhcpd's PID file (default: /var/run/dhcpd.pid).\n#DHCPDv4_PID=/var/run/dhcpd.pid\n#DHCPDv6_PID=/var/run/dhcpd6.pid\n\n" +
  '# Additional options to start dhcpd with.\n#\tDon\'t use options -cf or -pf here; use DHCPD_CONF/ DHCPD_PID instead\n#OPTIONS=""\n\n' +
  '# On what interfaces should the DHCP server (dhcpd) serve DHCP requests?\n#\tSeparate multiple interfaces with spaces, e.g. "eth0 eth1".\nINTERFACESv4=""\nINTERFACESv6=""\n';

export const ISC_DHCP_SERVER: PackageBehaviour = {
  templates: ISC_DHCP_SERVER_TEMPLATES,
  config: async (d, ctx) => {
    const r = ctx.fs.readFile('/etc/default/isc-dhcp-server', ROOT);
    if (r.ok) {
      const m = /^INTERFACESv4="?([^"\n]*)"?$/m.exec(new TextDecoder().decode(r.value));
      if (m !== null) d.set('isc-dhcp-server/interfaces', m[1]);
    }
    d.title('DHCP Server');
    d.input('low', 'isc-dhcp-server/interfaces');
    await d.go();
  },
  postinst: async (ctx) => {
    const fs = ctx.fs;
    for (const f of ['/var/lib/dhcp/dhcpd.leases', '/var/lib/dhcp/dhcpd6.leases']) {
      if (!fs.stat(f, ROOT).ok) {
        fs.mkdir('/var/lib/dhcp', ROOT, { parents: true, mode: 0o755 });
        fs.writeFile(f, '', ROOT, { mode: 0o644 });
      }
    }
    const ifaces = ctx.debconf.get('isc-dhcp-server/interfaces');
    const def = fs.readFile('/etc/default/isc-dhcp-server', ROOT);
    if (!def.ok) {
      // The postinst generates the defaults file from debconf on first install.
      ctx.out('Generating /etc/default/isc-dhcp-server...\n');
      fs.writeFile('/etc/default/isc-dhcp-server', ISC_DHCP_SERVER_DEFAULTS.replace('INTERFACESv4=""', `INTERFACESv4="${ifaces ?? ''}"`), ROOT, { mode: 0o644 });
    } else {
      const text = new TextDecoder().decode(def.value).replace(/^INTERFACESv4=.*$/m, `INTERFACESv4="${ifaces ?? ''}"`);
      fs.writeFile('/etc/default/isc-dhcp-server', text, ROOT, { mode: 0o644 });
    }
    ctx.enableUnit('isc-dhcp-server.service');
    await ctx.invokeRcD('isc-dhcp-server', ctx.oldVersion === null ? 'start' : 'restart');
  },
  units: [
    {
      name: 'isc-dhcp-server.service',
      description: 'LSB: DHCP server',
      documentation: ['man:systemd-sysv-generator(8)'],
      // The init script's work (reading /etc/default/isc-dhcp-server) then dhcpd itself.
      program: 'isc-dhcp-server/service',
      argv: ['/usr/sbin/dhcpd', '-4', '-q', '-cf', '/etc/dhcp/dhcpd.conf'],
      comm: 'dhcpd',
      type: 'forking',
      initScript: '/etc/init.d/isc-dhcp-server',
      initDescription: 'ISC DHCPv4 server',
      startedByDefault: true,
    },
  ],
};

export const RSYSLOG: PackageBehaviour = {
  postinst: async (ctx) => {
    ctx.enableUnit('rsyslog.service');
    await ctx.invokeRcD('rsyslog', ctx.oldVersion === null ? 'start' : 'restart');
  },
  units: [
    {
      name: 'rsyslog.service',
      aliases: ['syslog.service'],
      description: 'System Logging Service',
      documentation: ['man:rsyslogd(8)', 'man:rsyslog.conf(5)', 'https://www.rsyslog.com/doc/'],
      program: 'rsyslogd',
      argv: ['/usr/sbin/rsyslogd', '-n', '-iNONE'],
      comm: 'rsyslogd',
      type: 'notify',
      initScript: '/etc/init.d/rsyslog',
      initDescription: 'enhanced syslogd',
      startedByDefault: true,
    },
  ],
};
