// The other mail packages of the practicals: mailutils (its update-alternatives), Dovecot
// (system accounts, the configuration ucf copies from /usr/share/dovecot, dovecot.service) and
// popa3d (debconf question "standalone?", /etc/default/popa3d, its init script). The daemons'
// Programs belong to the mail issue: "dovecot" and "popa3d".
import type { Credentials } from '../../fs/types.ts';
import { POPA3D_TEMPLATES } from '../data/templates/popa3d.ts';
import type { PackageBehaviour } from '../types.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

const mailutilsAlternative = (bin: string): { link: string; name: string; path: string; priority: number } => ({
  link: `/usr/bin/${bin}`,
  name: bin,
  path: `/usr/bin/${bin}.mailutils`,
  priority: 20,
});

export const MAILUTILS: PackageBehaviour = {
  alternatives: [
    ...['frm', 'from', 'messages', 'movemail', 'readmsg'].map(mailutilsAlternative),
    { link: '/usr/bin/dotlock', name: 'dotlock', path: '/usr/bin/dotlock.mailutils', priority: 4 },
    { link: '/usr/bin/mailx', name: 'mailx', path: '/usr/bin/mail.mailutils', priority: 30, slaves: [{ link: '/usr/bin/mail', name: 'mail', path: '/usr/bin/mail.mailutils' }] },
  ],
};

export const DOVECOT_CORE: PackageBehaviour = {
  accounts: [
    { kind: 'user', name: 'dovecot', home: '/usr/lib/dovecot', group: 'dovecot', createHome: false, gecos: 'Dovecot mail server', quiet: true },
    { kind: 'user', name: 'dovenull', home: '/nonexistent', group: 'dovenull', createHome: false, gecos: 'Dovecot login user', quiet: true },
  ],
  postinst: async (ctx) => {
    // ucf installs the shipped configuration into /etc/dovecot (keeping a student's edits).
    for (const f of ctx.pkg.files) {
      if (f.kind !== 'file' || !f.path.startsWith('/usr/share/dovecot/') || f.content === null) continue;
      const rel = f.path.slice('/usr/share/dovecot/'.length);
      if (!/^(dovecot\.conf|dovecot-.*\.ext|conf\.d\/.*)$/.test(rel)) continue;
      const target = `/etc/dovecot/${rel}`;
      if (ctx.fs.stat(target, ROOT).ok) continue;
      ctx.fs.mkdir(target.slice(0, target.lastIndexOf('/')), ROOT, { parents: true, mode: 0o755 });
      ctx.fs.writeFile(target, f.content, ROOT, { mode: 0o644 });
    }
    // ssl_cert/ssl_key of 10-ssl.conf: Debian links them to the ssl-cert snakeoil pair.
    ctx.fs.mkdir('/etc/dovecot/private', ROOT, { parents: true, mode: 0o755 });
    for (const [link, target] of [
      ['/etc/dovecot/private/dovecot.pem', '/etc/ssl/certs/ssl-cert-snakeoil.pem'],
      ['/etc/dovecot/private/dovecot.key', '/etc/ssl/private/ssl-cert-snakeoil.key'],
    ]) {
      if (!ctx.fs.lstat(link, ROOT).ok) ctx.fs.symlink(target, link, ROOT);
    }
    await ctx.invokeRcD('dovecot', ctx.oldVersion === null ? 'start' : 'restart');
    ctx.enableUnit('dovecot.service');
  },
  units: [
    {
      name: 'dovecot.service',
      description: 'Dovecot IMAP/POP3 email server',
      documentation: ['man:dovecot(1)', 'https://doc.dovecot.org/'],
      program: 'dovecot',
      argv: ['/usr/sbin/dovecot', '-F'],
      comm: 'dovecot',
      type: 'notify',
      initScript: '/etc/init.d/dovecot',
      initDescription: 'IMAP/POP3 mail server',
      startedByDefault: true,
    },
  ],
};

/**
 * dovecot-imapd / dovecot-pop3d: their conf.d file and their protocols.d file (which adds the
 * protocol to `protocols`, hence doveconf's " imap pop3"), then dovecot restarts (its trigger).
 */
function dovecotProtocol(file: string, protocol: string): PackageBehaviour {
  return {
    postinst: async (ctx) => {
      const proto = `/usr/share/dovecot/protocols.d/${protocol}d.protocol`;
      ctx.fs.mkdir('/usr/share/dovecot/protocols.d', ROOT, { parents: true, mode: 0o755 });
      ctx.fs.writeFile(proto, `protocols = $protocols ${protocol}\n`, ROOT, { mode: 0o644 });
      for (const f of ctx.pkg.files) {
        if (f.kind !== 'file' || f.content === null || !f.path.endsWith(`/${file}`)) continue;
        const target = `/etc/dovecot/conf.d/${file}`;
        if (!ctx.fs.stat(target, ROOT).ok) ctx.fs.writeFile(target, f.content, ROOT, { mode: 0o644 });
      }
      await ctx.invokeRcD('dovecot', 'restart');
    },
    postrm: async (ctx) => {
      ctx.fs.unlink(`/usr/share/dovecot/protocols.d/${protocol}d.protocol`, ROOT);
    },
  };
}

export const DOVECOT_IMAPD = dovecotProtocol('20-imap.conf', 'imap');
export const DOVECOT_POP3D = dovecotProtocol('20-pop3.conf', 'pop3');

export const POPA3D: PackageBehaviour = {
  templates: POPA3D_TEMPLATES,
  config: async (d, ctx) => {
    const r = ctx.fs.readFile('/etc/default/popa3d', ROOT);
    if (r.ok) {
      const m = /^RUN_STANDALONE=(.*)$/m.exec(new TextDecoder().decode(r.value));
      d.set('popa3d/standalone', m !== null && /^(yes|1|true)$/.test(m[1]) ? 'true' : 'false');
    }
    d.input('medium', 'popa3d/standalone');
    await d.go();
  },
  postinst: async (ctx) => {
    ctx.addAccount({ kind: 'group', name: 'popa3d' });
    ctx.addAccount({ kind: 'user', name: 'popa3d', home: '/var/lib/popa3d', group: 'popa3d', createHome: true });
    ctx.fs.chown('/var/lib/popa3d', 0, 0, ROOT);
    ctx.fs.chmod('/var/lib/popa3d', 0o755, ROOT);
    const standalone = ctx.debconf.get('popa3d/standalone') === 'true' ? 'yes' : 'no';
    const def = ctx.fs.readFile('/etc/default/popa3d', ROOT);
    const text = def.ok
      ? new TextDecoder().decode(def.value).replace(/^RUN_STANDALONE=.*$/m, `RUN_STANDALONE=${standalone}`)
      : `# Automatically generated, edit by dpkg-reconfigure popa3d\nRUN_STANDALONE=${standalone}\n`;
    ctx.fs.writeFile('/etc/default/popa3d', text, ROOT, { mode: 0o644 });
    if (standalone === 'yes') await ctx.invokeRcD('popa3d', ctx.oldVersion === null ? 'start' : 'restart');
  },
  units: [
    {
      name: 'popa3d.service',
      description: 'LSB: Start and stop popa3d',
      documentation: ['man:systemd-sysv-generator(8)'],
      program: 'popa3d',
      argv: ['/usr/sbin/popa3d', '-D'],
      comm: 'popa3d',
      type: 'forking',
      initScript: '/etc/init.d/popa3d',
      initDescription: 'popa3d',
      startedByDefault: true,
    },
  ],
};
