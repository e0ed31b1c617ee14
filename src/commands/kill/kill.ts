// /usr/bin/kill of procps-ng 4.0.2 (bash has its own builtin): kill [-s SIGNAL | -SIGNAL] PID...,
// -l [SIGNAL] lists or converts names, -L prints the table. `kill: (1234): No such process`.
import type { Process, Program } from '../../os/program.ts';
import { SIGTERM } from '../../os/program.ts';
import { NSIG, parseSignal, signalName } from '../../os/process/signals.ts';
import { Ctx } from '../lib/context.ts';

const USAGE = `
Usage:
 kill [options] <pid> [...]

Options:
 <pid> [...]            send signal to every <pid> listed
 -<signal>, -s, --signal <signal>
                        specify the <signal> to be sent
 -q, --queue <value>    integer value to be sent with the signal
 -l, --list=[<signal>]  list all signal names, or convert one to a name
 -L, --table            list all signal names in a nice table

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see kill(1).
`;

function names(): string[] {
  const out: string[] = [];
  // procps calls signal 29 POLL (the kernel's IO).
  for (let i = 1; i <= NSIG; i++) out.push(i === 29 ? 'POLL' : (signalName(i) ?? String(i)));
  return out;
}

export const kill: Program = async (proc: Process) => {
  const ctx = new Ctx(proc, 'kill', 'procps-ng');
  const args = [...ctx.args];
  let signal = SIGTERM;
  let badSignal = false;
  const pids: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      pids.push(...args.slice(i + 1));
      break;
    }
    if (a === '-l' || a === '--list' || a.startsWith('--list=')) {
      const which = a.startsWith('--list=') ? a.slice(7) : args[i + 1];
      if (which === undefined) {
        const list = names();
        ctx.out(list.slice(0, 16).join(' ') + '\n' + list.slice(16).join(' ') + '\n');
        return 0;
      }
      const n = parseSignal(which.replace(/^SIG/i, '').toUpperCase());
      if (n === undefined || n === 0) {
        ctx.error(ctx._('unknown signal name %s', which));
        return 1;
      }
      ctx.out((/^\d+$/.test(which) ? signalName(n) : String(n)) + '\n');
      return 0;
    }
    if (a === '-L' || a === '--table') {
      const list = names();
      let out = '';
      list.forEach((name, k) => {
        const rowEnd = (k + 1) % 7 === 0;
        out += `${String(k + 1).padStart(2)} ${rowEnd ? name + '\n' : name.padEnd(7) + ' '}`;
      });
      ctx.out(out.endsWith('\n') ? out : out + '\n');
      return 0;
    }
    if (a === '-h' || a === '--help') {
      ctx.out(USAGE);
      return 0;
    }
    if (a === '-V' || a === '--version') {
      ctx.out('kill from procps-ng 4.0.2\n');
      return 0;
    }
    if (a === '-s' || a === '--signal' || a === '-n') {
      const v = args[++i];
      if (v === undefined) {
        ctx.err(`${ctx.name}: invalid argument ${a.replace(/^-+/, '').slice(0, 1)}\n${USAGE}`);
        return 1;
      }
      const n = parseSignal(v.replace(/^SIG/i, '').toUpperCase());
      if (n === undefined) badSignal = true;
      else signal = n;
      continue;
    }
    if (a === '-q' || a === '--queue') {
      i++;
      continue;
    }
    if (/^-[A-Za-z0-9+]/.test(a) && pids.length === 0) {
      const n = parseSignal(a.slice(1).replace(/^SIG/i, '').toUpperCase());
      if (n === undefined) {
        if (/^-\d+$/.test(a)) pids.push(a);
        else badSignal = true;
      } else signal = n;
      continue;
    }
    pids.push(a);
  }
  if (pids.length === 0) {
    ctx.err(USAGE);
    return 1;
  }
  let status = 0;
  for (const p of pids) {
    if (!/^-?\d+$/.test(p)) {
      ctx.error(ctx._("failed to parse argument: '%s'", p));
      status = 1;
      continue;
    }
    const r = badSignal ? 'EINVAL' : proc.kill(Number(p), signal);
    if (r !== null) {
      const text = r === 'ESRCH' ? 'No such process' : r === 'EPERM' ? 'Operation not permitted' : 'Invalid argument';
      ctx.err(`${ctx.name}: (${p}): ${ctx._(text)}\n`);
      status = 1;
    }
  }
  return status;
};
