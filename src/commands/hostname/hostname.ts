// hostname(1) of Debian's hostname 3.23: prints the kernel's host name; -s/-f/-d/-i look it up
// in /etc/hosts; -I lists the IPv4 addresses of every up, non-loopback interface, each followed by
// a space (so the line ends with " "); root sets a new name through /proc/sys/kernel/hostname
// (sethostname(2)), which does not touch /etc/hostname.
import type { Process, Program } from '../../os/program.ts';
import { formatIpv4 } from '../../wire/addr.ts';
import { Ctx } from '../lib/context.ts';
import { long } from '../lib/getopt.ts';
import { decode } from '../lib/io.ts';

const USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

/** Entries of /etc/hosts: address and names. */
function hosts(ctx: Ctx): { address: string; names: string[] }[] {
  const r = ctx.fs.readFile('/etc/hosts', { uid: 0, gid: 0, groups: [] });
  if (!r.ok) return [];
  return decode(r.value)
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim().split(/\s+/))
    .filter((f) => f.length >= 2 && f[0] !== '')
    .map((f) => ({ address: f[0], names: f.slice(1) }));
}

export const hostname: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'hostname');
  ctx.badOptionHelp = () => ctx.err(USAGE);
  const p = ctx.getopt({
    short: 'aAbdfF:hiIsVy',
    long: [
      long('alias', 'none', 'a'), long('all-fqdns', 'none', 'A'), long('boot', 'none', 'b'), long('domain', 'none', 'd'),
      long('fqdn', 'none', 'f'), long('long', 'none', 'f'), long('file', 'required', 'F'), long('help', 'none', 'h'),
      long('ip-address', 'none', 'i'), long('all-ip-addresses', 'none', 'I'), long('short', 'none', 's'), long('version', 'none', 'V'),
      long('yp', 'none', 'y'), long('nis', 'none', 'y'),
    ],
  });
  if (!p) return 255;
  let what: string | null = null;
  let file: string | null = null;
  for (const o of p.options) {
    if (o.key === 'h') {
      ctx.err(USAGE);
      return 255;
    }
    if (o.key === 'V') {
      ctx.err('hostname 3.23\n');
      return 0;
    }
    if (o.key === 'F') file = o.arg!;
    else if (o.key !== 'b') what = o.key;
  }
  let newName: string | null = p.operands.length > 0 ? p.operands[0] : null;
  if (p.operands.length > 1) {
    ctx.err(USAGE);
    return 255;
  }
  if (file !== null) {
    const r = ctx.fs.readFile(file, proc.cred, proc.cwd);
    if (!r.ok) {
      ctx.error(`${file}: ${ctx.strerror(r.errno)}`);
      return 1;
    }
    newName = decode(r.value).split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
  }
  if (newName !== null) {
    if (proc.cred.uid !== 0) {
      ctx.error(ctx._('you must be root to change the host name'));
      return 1;
    }
    const w = ctx.fs.writeFile('/proc/sys/kernel/hostname', newName + '\n', proc.cred);
    if (!w.ok) {
      ctx.error(ctx._('you must be root to change the host name'));
      return 1;
    }
    return 0;
  }
  const name = proc.host.hostname;
  const entry = hosts(ctx).find((h) => h.names.includes(name));
  const fqdn = entry ? entry.names[0] : name;
  switch (what) {
    case null: ctx.out(name + '\n'); break;
    case 's': ctx.out(name.split('.')[0] + '\n'); break;
    case 'f': case 'A': ctx.out(fqdn + (what === 'A' ? ' ' : '') + '\n'); break;
    case 'd': ctx.out((fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '') + '\n'); break;
    case 'a': ctx.out((entry ? entry.names.slice(1).join(' ') : '') + '\n'); break;
    case 'y':
      ctx.error(ctx._('Local domain name not set'));
      return 1;
    case 'i': {
      if (!entry) {
        ctx.error(ctx._('Name or service not known'));
        return 1;
      }
      ctx.out(hosts(ctx).filter((h) => h.names.includes(name)).map((h) => h.address).join(' ') + '\n');
      break;
    }
    case 'I': {
      let out = '';
      for (const dev of proc.host.net.interfaces.values()) {
        if (dev.loopback || !dev.up) continue;
        for (const a of dev.addresses) out += formatIpv4(a.address) + ' ';
      }
      ctx.out(out + '\n');
      break;
    }
  }
  return 0;
};
