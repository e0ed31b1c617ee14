// Small tool packages whose postinst matters to a student: the update-alternatives links that
// make `nc`, `telnet`, `vi` and `editor` exist, tcpdump's account, ssl-cert's snakeoil pair
// (postfix then adds its TLS lines to main.cf).
import type { Credentials } from '../../fs/types.ts';
import type { PackageBehaviour } from '../types.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export const NETCAT_OPENBSD: PackageBehaviour = {
  alternatives: [{ link: '/bin/nc', name: 'nc', path: '/bin/nc.openbsd', priority: 50, slaves: [{ link: '/bin/netcat', name: 'netcat', path: '/bin/nc.openbsd' }] }],
};

export const NETCAT_TRADITIONAL: PackageBehaviour = {
  alternatives: [{ link: '/bin/nc', name: 'nc', path: '/bin/nc.traditional', priority: 10, slaves: [{ link: '/bin/netcat', name: 'netcat', path: '/bin/nc.traditional' }] }],
};

export const INETUTILS_TELNET: PackageBehaviour = {
  alternatives: [{ link: '/usr/bin/telnet', name: 'telnet', path: '/usr/bin/inetutils-telnet', priority: 150 }],
};

export const VIM_TINY: PackageBehaviour = {
  alternatives: ['editor', 'ex', 'rview', 'rvim', 'vi', 'view', 'vim'].map((name) => ({ link: `/usr/bin/${name}`, name, path: '/usr/bin/vim.tiny', priority: 15 })),
};

export const NANO: PackageBehaviour = {
  alternatives: [
    { link: '/usr/bin/editor', name: 'editor', path: '/bin/nano', priority: 40 },
    { link: '/usr/bin/pico', name: 'pico', path: '/bin/nano', priority: 10 },
  ],
};

export const TCPDUMP: PackageBehaviour = {
  accounts: [
    { kind: 'group', name: 'tcpdump', quiet: true },
    { kind: 'user', name: 'tcpdump', home: '/nonexistent', group: 'tcpdump', createHome: false, quiet: true },
  ],
};

export const SSL_CERT: PackageBehaviour = {
  postinst: async (ctx) => {
    ctx.addAccount({ kind: 'group', name: 'ssl-cert', quiet: true });
    const fs = ctx.fs;
    // make-ssl-cert generate-default-snakeoil (the key's bytes are not a real key).
    if (!fs.stat('/etc/ssl/private/ssl-cert-snakeoil.key', ROOT).ok) {
      fs.mkdir('/etc/ssl/private', ROOT, { parents: true, mode: 0o710 });
      fs.mkdir('/etc/ssl/certs', ROOT, { parents: true, mode: 0o755 });
      const gid = Number(/^ssl-cert:[^:]*:(\d+):/m.exec(new TextDecoder().decode((fs.readFile('/etc/group', ROOT) as { ok: true; value: Uint8Array }).value ?? new Uint8Array()))?.[1] ?? '0');
      fs.chown('/etc/ssl/private', 0, gid, ROOT);
      fs.chmod('/etc/ssl/private', 0o710, ROOT);
      fs.writeFile('/etc/ssl/certs/ssl-cert-snakeoil.pem', `-----BEGIN CERTIFICATE-----\nMIIC${ctx.hostname}\n-----END CERTIFICATE-----\n`, ROOT, { mode: 0o644 });
      fs.writeFile('/etc/ssl/private/ssl-cert-snakeoil.key', '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n', ROOT, { mode: 0o640 });
      fs.chown('/etc/ssl/private/ssl-cert-snakeoil.key', 0, gid, ROOT);
    }
  },
};
