// postfix's postinst `configure` (postfix 3.7.11-0+deb12u1), translated from sh: the spool
// directories and their owners, the postfix and postdrop accounts, main.cf from
// main.cf.debian (+ main.cf.tls when the snakeoil key exists) edited with the debconf answers
// whose "changed" flag is set, /etc/mailname, /etc/aliases, newaliases, and the service start.
// Every line it prints is the real script's.
import type { Credentials, FileSystem } from '../../fs/types.ts';
import type { MaintainerScript } from '../types.ts';
import { postconfEdit, readMainCfParameter } from './postconf-edit.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const CHROOT = '/var/spool/postfix';
const dec = new TextDecoder();

/** GNU `fold -s` (80 columns): long lines broken after their last blank that fits. */
export function foldS(text: string, width = 80): string {
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      let rest = line;
      while (rest.length > width) {
        const head = rest.slice(0, width);
        const sp = head.lastIndexOf(' ');
        const cut = sp >= 0 ? sp + 1 : width;
        out += rest.slice(0, cut) + '\n';
        rest = rest.slice(cut);
      }
      return out + rest;
    })
    .join('\n');
}

function read(fs: FileSystem, p: string): string | null {
  const r = fs.readFile(p, ROOT);
  return r.ok ? dec.decode(r.value) : null;
}

function ids(fs: FileSystem, user: string, group: string): { uid: number; gid: number } {
  const pw = read(fs, '/etc/passwd') ?? '';
  const gr = read(fs, '/etc/group') ?? '';
  const uid = Number(/^[^:]*/.test(user) ? (pw.split('\n').find((l) => l.startsWith(`${user}:`))?.split(':')[2] ?? '0') : '0');
  const gid = Number(gr.split('\n').find((l) => l.startsWith(`${group}:`))?.split(':')[2] ?? '0');
  return { uid, gid };
}

function makedir(fs: FileSystem, path: string, owner: string, mode: number): void {
  if (!fs.stat(path, ROOT).ok) fs.mkdir(path, ROOT, { parents: true, mode });
  const [u, g] = owner.split(':');
  const { uid, gid } = ids(fs, u, g);
  fs.chown(path, uid, gid, ROOT);
  fs.chmod(path, mode, ROOT);
}

export const postfixPostinst: MaintainerScript = async (ctx) => {
  const fs = ctx.fs;
  const d = ctx.debconf;
  const out = (s: string): void => ctx.out(s);
  const exists = (p: string): boolean => fs.stat(p, ROOT).ok;
  const mainCf = '/etc/postfix/main.cf';
  let changes = false;
  const setPostconf = (name: string, value: string): void => {
    changes = true;
    fs.writeFile(mainCf, postconfEdit(read(fs, mainCf) ?? '', name, value), ROOT, { mode: 0o644 });
  };
  const postconfHx = (name: string): string => readMainCfParameter(read(fs, mainCf) ?? '', name, true, ctx.fqdn()) ?? '';

  // makedir private root:root 700; the accounts come from failing chgrp/chown.
  makedir(fs, `${CHROOT}/private`, 'root:root', 0o700);
  ctx.addAccount({ kind: 'group', name: 'postfix' });
  ctx.addAccount({ kind: 'user', name: 'postfix', home: CHROOT, group: 'postfix', createHome: false });
  makedir(fs, `${CHROOT}/private`, 'postfix:root', 0o700);

  let chat = '';
  if (d.fget('postfix/chattr', 'changed') === 'true') {
    const v = d.get('postfix/chattr');
    out(`setting synchronous mail queue updates: ${v}\n`);
    chat = v === 'true' ? '+S' : '-S';
  }
  void chat;
  makedir(fs, `${CHROOT}/pid`, 'root:root', 0o755);
  makedir(fs, `${CHROOT}/public`, 'postfix:root', 0o755);
  for (const dir of ['incoming', 'active', 'bounce', 'defer', 'deferred', 'flush', 'saved', 'corrupt']) makedir(fs, `${CHROOT}/${dir}`, 'postfix:root', 0o700);

  if (!exists('/etc/postfix/dynamicmaps.cf')) {
    out('Creating /etc/postfix/dynamicmaps.cf\n');
    const src = read(fs, '/usr/share/postfix/dynamicmaps.cf') ?? '';
    // Comment lines are kept; a map row only if its postfix-DICT.so is installed.
    const rows = src.split('\n').filter((l) => l !== '');
    const kept = rows.filter((l) => l.startsWith('#') || exists(`/usr/lib/postfix/postfix-${l.split(/\s/)[0]}.so`));
    fs.writeFile('/etc/postfix/dynamicmaps.cf', kept.map((l) => l + '\n').join(''), ROOT, { mode: 0o644 });
  }

  const mailer = d.get('postfix/main_mailer_type');
  if (!exists('/etc/postfix/master.cf')) fs.writeFile('/etc/postfix/master.cf', read(fs, '/usr/share/postfix/master.cf.dist') ?? '', ROOT, { mode: 0o644 });
  let newconf = false;
  if (mailer !== 'No configuration' && !exists(mainCf)) {
    let text = read(fs, '/usr/share/postfix/main.cf.debian') ?? '';
    if (exists('/etc/ssl/private/ssl-cert-snakeoil.key')) text += read(fs, '/usr/share/postfix/main.cf.tls') ?? '';
    fs.writeFile(mainCf, text, ROOT, { mode: 0o644 });
    setPostconf('smtpd_relay_restrictions', 'permit_mynetworks permit_sasl_authenticated defer_unauth_destination');
    newconf = true;
  }

  // set_maildrop_perms
  makedir(fs, `${CHROOT}/maildrop`, 'root:root', 0o755);
  ctx.addAccount({ kind: 'group', name: 'postdrop' });
  makedir(fs, `${CHROOT}/maildrop`, 'postfix:postdrop', 0o1730);
  const pd = ids(fs, 'root', 'postdrop');
  for (const [path, user, mode] of [['/usr/sbin/postdrop', 'root', 0o2555], [`${CHROOT}/public`, 'postfix', 0o2710], ['/usr/sbin/postqueue', 'root', 0o2555]] as const) {
    if (!exists(path)) continue;
    fs.chown(path, ids(fs, user, 'postdrop').uid, pd.gid, ROOT);
    fs.chmod(path, mode, ROOT);
  }

  const fsetAllChanged = (v: string): void => {
    for (const q of ['main_mailer_type', 'root_address', 'destinations', 'mailname', 'relayhost', 'chattr', 'mynetworks', 'procmail', 'mailbox_limit', 'recipient_delim', 'protocols']) {
      d.fset(`postfix/${q}`, 'changed', v);
    }
  };

  let msg: string;
  if (mailer !== 'No configuration') {
    const myhostname = ctx.fqdn();
    if (newconf) {
      fsetAllChanged('true');
      if (myhostname !== '') {
        out(`setting myhostname: ${myhostname}\n`);
        setPostconf('myhostname', myhostname);
      }
      out('setting alias maps\n');
      setPostconf('alias_maps', 'hash:/etc/aliases');
      out('setting alias database\n');
      setPostconf('alias_database', 'hash:/etc/aliases');
    }
    if (d.fget('postfix/mailname', 'changed') === 'true') {
      let mailname = d.get('postfix/mailname');
      if (mailname.toLowerCase() === '==default==') mailname = ctx.fqdn() || 'localdomain';
      const lc = mailname.toLowerCase();
      const current = read(fs, '/etc/mailname');
      const sameName = current !== null && current.toLowerCase().replace(/\n$/, '') === lc;
      if (lc === 'ubuntu.com' || lc === 'debian.org') out(`refusing to set mailname to ${mailname}.\n`);
      else if (mailname.includes('.')) {
        if (!sameName) {
          out(`changing /etc/mailname to ${mailname}\n`);
          fs.writeFile('/etc/mailname', `${mailname}\n`, ROOT, { mode: 0o644 });
        }
        out('setting myorigin\n');
        setPostconf('myorigin', '/etc/mailname');
      } else out('mailname is not a fully qualified domain name.  Not changing /etc/mailname.\n');
    }
    if (d.fget('postfix/destinations', 'changed') === 'true') {
      const v = d.get('postfix/destinations');
      out(`setting destinations: ${v}\n`);
      setPostconf('mydestination', v);
    }
    if (d.fget('postfix/relayhost', 'changed') === 'true') {
      const v = d.get('postfix/relayhost');
      out(`setting relayhost: ${v}\n`);
      setPostconf('relayhost', v);
    }
    if (d.fget('postfix/mynetworks', 'changed') === 'true') {
      const v = d.get('postfix/mynetworks');
      if (v === '') {
        out('deleting mynetworks\n');
        const t = read(fs, mainCf) ?? '';
        if (/^mynetworks[ \t]*=/m.test(t)) fs.writeFile(mainCf, t.replace(/^mynetworks\s*=.*\n/gm, ''), ROOT);
      } else {
        out(`setting mynetworks: ${v}\n`);
        setPostconf('mynetworks', v);
      }
    }
    if (d.fget('postfix/procmail', 'changed') === 'true') {
      if (d.get('postfix/procmail') === 'true') {
        out('setting mailbox_command\n');
        setPostconf('mailbox_command', 'procmail -a "$EXTENSION"');
      } else if (/^mailbox_command/m.test(read(fs, mainCf) ?? '')) {
        out('clearing mailbox_command\n');
        setPostconf('mailbox_command', '');
      }
    }
    if (d.fget('postfix/mailbox_limit', 'changed') === 'true') {
      const v = d.get('postfix/mailbox_limit');
      out(`setting mailbox_size_limit: ${v}\n`);
      setPostconf('mailbox_size_limit', v);
    }
    if (d.fget('postfix/recipient_delim', 'changed') === 'true') {
      const v = d.get('postfix/recipient_delim');
      out(`setting recipient_delimiter: ${v}\n`);
      setPostconf('recipient_delimiter', v);
    }
    if (d.fget('postfix/main_mailer_type', 'changed') === 'true') {
      let dtrans = postconfHx('default_transport');
      if (dtrans === 'error') dtrans = 'smtp';
      let val = 'all';
      if (mailer === 'Local only') {
        val = 'loopback-only';
        dtrans = 'error';
      } else if (mailer === 'Satellite system') val = 'loopback-only';
      out(`setting inet_interfaces: ${val}\n`);
      setPostconf('inet_interfaces', val);
      if (postconfHx('default_transport') !== dtrans) {
        out(`setting default_transport: ${dtrans}\n`);
        setPostconf('default_transport', dtrans);
        out(`setting relay_transport: ${dtrans}\n`);
        setPostconf('relay_transport', dtrans);
      }
    }
    if (d.fget('postfix/protocols', 'changed') === 'true') {
      const v = d.get('postfix/protocols');
      out(`setting inet_protocols: ${v}\n`);
      setPostconf('inet_protocols', v);
    }
    msg = !changes ? 'configuration was not changed' : newconf ? 'is now set up with a default configuration' : 'is now set up with the changes above';
  } else if (exists(mainCf)) msg = 'configuration was untouched';
  else {
    msg = 'was not set up.  Start with\n  cp /usr/share/postfix/main.cf.debian /etc/postfix/main.cf\n';
    d.fset('postfix/newaliases', 'run', 'false');
    fs.unlink(`${CHROOT}/restart`, ROOT);
    fs.unlink(`${CHROOT}/reload`, ROOT);
  }

  const addRootAlias = (): void => {
    const rcpt = d.get('postfix/root_address');
    const lc = rcpt.replace(/\s+/g, ' ').trim().toLowerCase();
    if (lc !== 'none' && lc !== '') {
      out(`adding root: ${rcpt} alias\n`);
      fs.writeFile('/etc/aliases', `root:\t${rcpt}\n`, ROOT, { append: true });
    }
  };
  if (!exists('/etc/aliases')) {
    out('/etc/aliases does not exist, creating it.\n');
    fs.writeFile('/etc/aliases', '# See man 5 aliases for format\npostmaster:    root\n', ROOT, { mode: 0o644 });
    if (mailer !== 'No configuration') {
      d.fset('postfix/newaliases', 'run', 'true');
      if (d.fget('postfix/root_address', 'changed') === 'true') addRootAlias();
    }
  }
  const hasRoot = (): boolean => /^root:/m.test(read(fs, '/etc/aliases') ?? '');
  if (ctx.oldVersion === null) {
    if (!hasRoot() && !exists('/root/.forward')) {
      addRootAlias();
      d.fset('postfix/newaliases', 'run', 'true');
    }
  }
  if (d.fget('postfix/root_address', 'changed') === 'true' && !hasRoot()) out('WARNING: /etc/aliases exists, but does not have a root alias.\n');
  fsetAllChanged('false');

  out(foldS(`\nPostfix (main.cf) ${msg}.  If you need to make changes, edit /etc/postfix/main.cf (and others) as needed.  To view Postfix configuration values, see postconf(1).\n\nAfter modifying main.cf, be sure to run 'systemctl reload postfix'.\n\n`));

  makedir(fs, '/var/lib/postfix', 'postfix:postfix', 0o755);
  if (ctx.oldVersion === null && !exists('/etc/aliases.db')) d.fset('postfix/newaliases', 'run', 'true');
  if (!exists('/etc/postfix/main.cf.proto')) fs.writeFile('/etc/postfix/main.cf.proto', read(fs, '/usr/share/postfix/main.cf.dist') ?? '', ROOT, { mode: 0o644 });
  if (!exists('/etc/postfix/master.cf.proto')) fs.writeFile('/etc/postfix/master.cf.proto', read(fs, '/usr/share/postfix/master.cf.dist') ?? '', ROOT, { mode: 0o644 });

  // runnewaliases (postinst.functions)
  if ((mailer !== 'No configuration' || exists(mainCf)) && d.fget('postfix/newaliases', 'run') === 'true') {
    out('Running newaliases\n');
    fs.unlink('/etc/aliases.db', ROOT);
    await ctx.run(['newaliases']);
    d.fset('postfix/newaliases', 'run', 'false');
  }

  // dh_installinit then dh_installsystemd.
  await ctx.invokeRcD('postfix', ctx.oldVersion === null ? 'start' : 'restart');
  ctx.enableUnit('postfix.service');
  if (!exists('/etc/postfix/makedefs.out') && exists('/usr/share/postfix/makedefs.out')) fs.symlink('/usr/share/postfix/makedefs.out', '/etc/postfix/makedefs.out', ROOT);
};

/** Queue directories of postfix-files (3.7.11): name, owner (mail_owner or root), group, mode. */
const QUEUE_DIRS: readonly (readonly [string, 'postfix' | 'root', 'postdrop' | null, number])[] = [
  ['active', 'postfix', null, 0o700],
  ['bounce', 'postfix', null, 0o700],
  ['corrupt', 'postfix', null, 0o700],
  ['defer', 'postfix', null, 0o700],
  ['deferred', 'postfix', null, 0o700],
  ['flush', 'postfix', null, 0o700],
  ['hold', 'postfix', null, 0o700],
  ['incoming', 'postfix', null, 0o700],
  ['private', 'postfix', null, 0o700],
  ['maildrop', 'postfix', 'postdrop', 0o730],
  ['public', 'postfix', 'postdrop', 0o710],
  ['pid', 'root', null, 0o755],
  ['saved', 'postfix', null, 0o700],
  ['trace', 'postfix', null, 0o700],
];

/**
 * `post-install create-missing` (run by `postfix check`, `postfix start` and the init script):
 * creates the queue directories that do not exist, as postfix-files says (group "-" = the
 * owner's primary group is not used: root's group 0). Existing ones are left alone.
 * With `setPermissions`, existing directories also get postfix-files' owner and mode, and the
 * setgid commands postdrop/postqueue/postlog root:postdrop 2755 (`postfix set-permissions`).
 */
export function postfixCreateMissing(fs: FileSystem, setPermissions = false, queueDirectory = CHROOT): void {
  if (!fs.stat(queueDirectory, ROOT).ok) fs.mkdir(queueDirectory, ROOT, { parents: true, mode: 0o755 });
  for (const [name, owner, group, mode] of QUEUE_DIRS) {
    const path = `${queueDirectory}/${name}`;
    const existed = fs.stat(path, ROOT).ok;
    if (existed && !setPermissions) continue;
    if (!existed) fs.mkdir(path, ROOT, { mode });
    const { uid, gid } = ids(fs, owner, group ?? 'root');
    fs.chown(path, owner === 'root' ? 0 : uid, group === null ? 0 : gid, ROOT);
    fs.chmod(path, mode, ROOT);
  }
  if (!setPermissions) return;
  const pd = ids(fs, 'root', 'postdrop');
  for (const cmd of ['/usr/sbin/postdrop', '/usr/sbin/postqueue', '/usr/sbin/postlog']) {
    if (!fs.stat(cmd, ROOT).ok) continue;
    fs.chown(cmd, 0, pd.gid, ROOT);
    fs.chmod(cmd, 0o2755, ROOT);
  }
  const data = '/var/lib/postfix';
  if (fs.stat(data, ROOT).ok) {
    const pf = ids(fs, 'postfix', 'postfix');
    fs.chown(data, pf.uid, pf.gid, ROOT);
    fs.chmod(data, 0o700, ROOT);
  }
}
