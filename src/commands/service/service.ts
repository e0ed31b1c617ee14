// service(8) of Debian 12 (init-system-helpers 1.65): with systemd running, the standard actions
// become `systemctl ACTION NAME.service` (so `service postfix start` prints nothing and `status`
// prints systemctl's status); any other action runs /etc/init.d/NAME with a clean environment;
// --status-all lists the init scripts as [ + ] running, [ - ] stopped, [ ? ] unknown.
import type { Credentials } from '../../os/fs/types.ts';
import type { Process, Program } from '../../os/program.ts';
import { servicesOf } from '../../os/services/host-services.ts';
import { runSystemctl } from '../systemctl/systemctl.ts';

const VERSION = 'service ver. 1.65.2\n';
const USAGE = 'Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n';
const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const INIT_DIR = '/etc/init.d';

export const service: Program = async (proc) => {
  const args = proc.argv.slice(1);
  if (args.length === 0) {
    proc.stderr.write(USAGE);
    return 1;
  }
  const first = args[0];
  if (first === '-h' || first === '--help') {
    proc.stdout.write(USAGE);
    return 0;
  }
  if (first === '--version') {
    proc.stdout.write(VERSION);
    return 0;
  }
  if (first === '--status-all') return statusAll(proc);
  const name = first.replace(/\.service$/, '');
  let action = args[1] ?? '';
  const options = args.slice(2);
  if (action === '--full-restart') action = 'restart';
  const unit = `${name.replace(/\.sh$/, '')}.service`;
  const sm = servicesOf(proc.host);
  if (sm !== null) {
    switch (action) {
      case 'start':
      case 'stop':
      case 'restart':
      case 'status':
      case 'try-restart':
        return runSystemctl(proc, [action, unit]);
      case 'reload': {
        const def = sm.definition(unit);
        if (def !== undefined && def.reloadSignal === null) return runSystemctl(proc, ['restart', unit]);
        return runSystemctl(proc, ['reload', unit]);
      }
      case 'force-reload': {
        const def = sm.definition(unit);
        return runSystemctl(proc, [def !== undefined && def.reloadSignal === null ? 'restart' : 'reload-or-restart', unit]);
      }
      default:
        break;
    }
  }
  const script = `${INIT_DIR}/${name}`;
  const st = proc.host.fs.stat(script, ROOT);
  if (!st.ok || st.value.type !== 'file' || (st.value.mode & 0o111) === 0) {
    proc.stderr.write(`${name}: unrecognized service\n`);
    return 1;
  }
  // exec env -i LANG=... PATH=... TERM=... /etc/init.d/NAME ACTION OPTIONS
  const env = new Map<string, string>();
  for (const k of ['LANG', 'LANGUAGE', 'LC_CTYPE', 'LC_NUMERIC', 'LC_TIME', 'LC_COLLATE', 'LC_MONETARY', 'LC_MESSAGES', 'LC_ALL', 'PATH', 'TERM']) {
    env.set(k, proc.env.get(k) ?? '');
  }
  const child = proc.spawn([script, ...(action !== '' ? [action] : []), ...options], { env, path: script });
  if ('error' in child) {
    proc.stderr.write(`${name}: unrecognized service\n`);
    return 1;
  }
  return child.wait();
};

async function statusAll(proc: Process): Promise<number> {
  const sm = servicesOf(proc.host);
  const dir = proc.host.fs.readdir(INIT_DIR, ROOT);
  if (!dir.ok) return 0;
  const names = dir.value.map((e) => e.name).filter((n) => !n.startsWith('.') && n !== 'README' && n !== 'skeleton' && !n.endsWith('.sh')).sort();
  for (const n of names) {
    const unit = sm?.byInitScript(`${INIT_DIR}/${n}`);
    const mark = unit === undefined ? '?' : sm!.isActive(unit.name) ? '+' : '-';
    proc.stdout.write(` [ ${mark} ]  ${n}\n`);
  }
  return 0;
}
