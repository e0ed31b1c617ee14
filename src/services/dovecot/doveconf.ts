// /usr/bin/doveconf: `doveconf -n` (non-default settings), `doveconf NAME...` ("name = value"
// lines), `-h` (values only), `-P` (show hidden ssl_key/ssl_dh), `-c FILE`.
import { KERNEL_RELEASE } from '../../os/procfs.ts';
import type { Process, Program } from '../../os/program.ts';
import { EXIT_FATAL } from './master.ts';
import { loadHostConfig } from './host-config.ts';
import { DEFAULTS, doveconfN, effectiveValue, type DoveconfHost } from './settings.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };

export function doveconfHost(proc: Process): DoveconfHost {
  const r = proc.host.fs.readFile('/etc/debian_version', ROOT);
  const debian = r.ok ? new TextDecoder().decode(r.value).trim() : '12';
  return { hostname: proc.host.hostname.split('.')[0], os: `Linux ${KERNEL_RELEASE} x86_64 Debian ${debian}` };
}

export const doveconf: Program = async (proc) => {
  const args = proc.argv.slice(1);
  let nonDefault = false;
  let valuesOnly = false;
  let showHidden = false;
  let configPath: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n') nonDefault = true;
    else if (a === '-a') continue;
    else if (a === '-h') valuesOnly = true;
    else if (a === '-P') showHidden = true;
    else if (a === '-N') nonDefault = true;
    else if (a === '-c') configPath = args[++i];
    else if (/^-[nahPN]+$/.test(a)) {
      nonDefault ||= a.includes('n') || a.includes('N');
      valuesOnly ||= a.includes('h');
      showHidden ||= a.includes('P');
    } else if (a.startsWith('-')) {
      proc.stderr.write(`doveconf: invalid option -- '${a.slice(1, 2)}'\n`);
      proc.stderr.write('doveconf: Fatal: Usage: doveconf [-a|-n|-N] [-d] [-h] [-m <module>] [-p] [-P] [-s] [-x] [-c <config file>] [-f <filter>] [setting...]\n');
      return EXIT_FATAL;
    } else names.push(a);
  }
  const cfg = loadHostConfig(proc.host.fs, configPath, proc.cred);
  if (!cfg.ok) {
    proc.stderr.write(`doveconf: Fatal: ${cfg.error}\n`);
    return EXIT_FATAL;
  }
  if (names.length > 0) {
    const out: string[] = [];
    for (const n of names) {
      const v = effectiveValue(cfg.root, n);
      if (v === undefined) {
        proc.stdout.write(out.join(''));
        proc.stderr.write(`doveconf: Fatal: Unknown setting: ${n}\n`);
        return EXIT_FATAL;
      }
      out.push(valuesOnly ? `${v}\n` : `${n} = ${v}\n`);
    }
    proc.stdout.write(out.join(''));
    return 0;
  }
  const text = doveconfN(cfg.root, doveconfHost(proc), showHidden, configPath);
  if (nonDefault) {
    proc.stdout.write(text);
    return 0;
  }
  // Without -n (or with -a): every setting this simulator knows, with its effective value (the
  // real doveconf prints all of Dovecot's several hundred settings).
  const head = text.split('\n').slice(0, 4).join('\n');
  const body = Object.keys(DEFAULTS).map((k) => `${k} = ${effectiveValue(cfg.root, k) ?? ''}`);
  proc.stdout.write(`${head}\n${body.join('\n')}\n`);
  return 0;
};
