// dpkg-reconfigure (debconf 1.5.82): asks an installed package's questions again, all of them
// (priority low) with the current answers as defaults, through the chosen frontend, then runs
// its postinst as dpkg would (`configure VERSION`): postfix rewrites main.cf from the answers.
import { bookworm } from '../../os/packages/catalogue.ts';
import { Confmodule } from '../../os/packages/debconf/confmodule.ts';
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import { field } from '../../os/packages/deb822.ts';
import { Dpkg } from '../../os/packages/dpkg.ts';
import { DpkgDb } from '../../os/packages/dpkg-db.ts';
import type { Program } from '../../os/program.ts';
import { debconfSession } from '../debconf/session.ts';
import { defaultTitle, isFrench } from '../debconf/texts.ts';
import { dpkgHost } from '../dpkg/dpkg-host.ts';

const SELF = '/usr/sbin/dpkg-reconfigure';

const USAGE = `Usage: dpkg-reconfigure [options] packages
  -u,  --unseen-only\t\tShow only not yet seen questions.
       --default-priority\tUse default priority instead of low.
       --force\t\t\tForce reconfiguration of broken packages.
       --no-reload\t\tDo not reload templates. (Use with caution.)
`;

export const dpkgReconfigure: Program = async (proc) => {
  const fr = isFrench(proc.env);
  let frontend: string | undefined;
  let priority: string | undefined;
  let unseenOnly = false;
  let defaultPriority = false;
  const pkgs: string[] = [];
  const args = proc.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string | undefined => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i]);
    if (a === '-f' || a.startsWith('--frontend')) frontend = value();
    else if (a.startsWith('-f') && a.length > 2) frontend = a.slice(2);
    else if (a === '-p' || a.startsWith('--priority')) priority = value();
    else if (a === '-u' || a === '--unseen-only') unseenOnly = true;
    else if (a === '--default-priority') defaultPriority = true;
    else if (a === '--force' || a === '--no-reload' || a === '-a' || a === '--all') continue;
    else if (a === '-h' || a === '--help') {
      proc.stderr.write(fr ? "Utilisation\u00a0: dpkg-reconfigure [options] paquets\n" : USAGE);
      return 0;
    } else if (a.startsWith('-')) {
      proc.stderr.write(`Unknown option: ${a.replace(/^-+/, '')}\n${USAGE}`);
      return 1;
    } else pkgs.push(a);
  }
  if (proc.cred.uid !== 0) {
    proc.stderr.write(fr ? `${SELF} doit être lancé par le superutilisateur\n` : `${SELF} must be run as root\n`);
    return 1;
  }
  if (pkgs.length === 0) {
    proc.stderr.write(fr ? `${SELF}: Veuillez indiquer un paquet à reconfigurer.\n` : `${SELF}: please specify a package to reconfigure\n`);
    return 1;
  }
  const cat = bookworm();
  const status = DpkgDb.load(proc.host.fs);
  for (const name of pkgs) {
    const e = status.get(name);
    if (e === undefined || e.state === 'not-installed' || e.state === 'config-files') {
      proc.stderr.write(fr ? `${SELF}: ${name} n'est pas installé\n` : `${SELF}: ${name} is not installed\n`);
      return 1;
    }
    if (e.state !== 'installed') {
      proc.stderr.write(fr ? `${SELF}: ${name} est cassé ou partiellement installé\n` : `${SELF}: ${name} is broken or not fully installed\n`);
      return 1;
    }
  }
  const db = DebconfDb.load(proc.host.fs);
  const sess = debconfSession(proc, {
    db,
    frontend,
    reconfigure: !unseenOnly,
    priority: defaultPriority ? undefined : priority === 'low' || priority === 'medium' || priority === 'high' || priority === 'critical' ? priority : 'low',
  });
  const engine = new Dpkg(dpkgHost(proc), cat);
  for (const name of pkgs) {
    const def = cat.get(name);
    if (def === undefined) continue;
    const version = field(status.get(name)!.fields, 'Version') ?? def.version;
    if (def.templates !== undefined) db.loadTemplates(name, def.templates);
    sess.frontend.title = defaultTitle(proc.env, name);
    const confmodule = new Confmodule({ db, frontend: sess.frontend, owner: name, priority: sess.priority, reshow: sess.reshow, langs: sess.langs });
    const ctx = engine.context(def, confmodule, version);
    if (def.preinst !== undefined) await def.preinst(ctx, 'upgrade');
    if (def.config !== undefined) {
      await def.config(confmodule, { action: 'reconfigure', oldVersion: version, fs: proc.host.fs, hostname: proc.host.hostname, fqdn: () => ctx.fqdn() });
    }
    db.save(proc.host.fs);
    // The postinst's own questions (none for the lab packages) must not show again.
    const post = new Confmodule({ db, frontend: sess.frontend, owner: name, priority: sess.priority, reshow: false, langs: sess.langs });
    if (def.postinst !== undefined) await def.postinst(engine.context(def, post, version));
    db.save(proc.host.fs);
  }
  return 0;
};
