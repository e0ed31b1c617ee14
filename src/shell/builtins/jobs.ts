// jobs, wait, kill, fg, bg, disown (bash(1) "JOB CONTROL"). kill sends through the process
// table with kill(2)'s permission rule; `%N` names a job, whose whole group gets the signal.
import { parseSignal, signalName } from '../../os/process/signals.ts';
import { SIGTERM } from '../../os/program.ts';
import type { Builtin, ShellApi } from '../interp/api.ts';
import type { FdTable } from '../interp/fds.ts';
import type { Job } from '../interp/jobs.ts';

const KILL_USAGE = 'kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]';

/** Linux's real-time signals 34-64 as bash names them in `kill -l`. */
function fullName(n: number): string | undefined {
  const base = signalName(n);
  if (base) return base;
  if (n < 34 || n > 64) return undefined;
  if (n === 34) return 'RTMIN';
  if (n === 64) return 'RTMAX';
  return n <= 49 ? `RTMIN+${n - 34}` : `RTMAX-${64 - n}`;
}

function findJob(sh: ShellApi, io: FdTable, name: string, spec: string): Job | null {
  const job = sh.jobs.find(spec);
  if (job === 'ambiguous') {
    sh.builtinError(io, name, sh.msg.t('%s: ambiguous job spec', spec));
    return null;
  }
  if (!job) {
    if (sh.dash) sh.error(io, `${name}: No such job: ${spec}`);
    else sh.builtinError(io, name, sh.msg.t('%s: no such job', spec));
    return null;
  }
  return job;
}

export const jobsBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  let long = false;
  let pids = false;
  while (args.length && /^-[lprs]+$/.test(args[0])) {
    if (args[0].includes('l')) long = true;
    if (args[0].includes('p')) pids = true;
    args = args.slice(1);
  }
  const jobs = args.length ? args.map((a) => findJob(sh, io, 'jobs', a)) : [...sh.jobs.list()];
  let status = 0;
  for (const job of jobs) {
    if (!job) {
      status = 1;
      continue;
    }
    if (pids) io.stdout.write(`${job.pgid}\n`);
    else io.stdout.write(sh.jobs.format(job, long));
    // A finished job is reported once, then forgotten.
    if (!job.running) sh.jobs.remove(job);
  }
  return status;
};

export const waitBuiltin: Builtin = async (sh, argv, io) => {
  const args = argv.slice(1).filter((a) => a !== '-n' && a !== '-f');
  if (args.length === 0) {
    for (const job of [...sh.jobs.list()]) {
      const r = await sh.waitJob(job);
      if (r === null) return 130;
      if (!sh.interactive) sh.jobs.remove(job);
    }
    return 0;
  }
  let status = 0;
  for (const a of args) {
    let job: Job | null | undefined;
    if (a.startsWith('%')) job = findJob(sh, io, 'wait', a);
    else if (/^\d+$/.test(a)) {
      job = sh.jobs.byPid(Number(a));
      if (!job) {
        sh.error(io, sh.msg.t('wait: pid %d is not a child of this shell', a));
        status = 127;
        continue;
      }
    } else {
      sh.builtinError(io, 'wait', sh.msg.t("`%s': not a pid or valid job spec", a));
      status = 2;
      continue;
    }
    if (!job) {
      status = 127;
      continue;
    }
    const r = await sh.waitJob(job);
    if (r === null) return 130;
    status = r;
    if (!sh.interactive) sh.jobs.remove(job);
  }
  return status;
};

function listSignals(sh: ShellApi, io: FdTable, args: string[]): number {
  if (args.length === 0) {
    let out = '';
    let col = 0;
    for (let n = 1; n <= 64; n++) {
      const name = fullName(n);
      if (!name) continue;
      out += `${String(n).padStart(2)}) SIG${name}`;
      col++;
      out += col % 5 === 0 ? '\n' : '\t';
    }
    if (!out.endsWith('\n')) out += '\n';
    io.stdout.write(out);
    return 0;
  }
  let status = 0;
  for (const a of args) {
    if (/^\d+$/.test(a)) {
      const n = Number(a) > 128 ? Number(a) - 128 : Number(a);
      const name = fullName(n);
      if (name) io.stdout.write(`${name}\n`);
      else {
        sh.builtinError(io, 'kill', sh.msg.t('%s: invalid signal specification', a));
        status = 1;
      }
    } else {
      const n = parseSignal(a);
      if (n === undefined) {
        sh.builtinError(io, 'kill', sh.msg.t('%s: invalid signal specification', a));
        status = 1;
      } else io.stdout.write(`${n}\n`);
    }
  }
  return status;
}

export const killBuiltin: Builtin = (sh, argv, io) => {
  let args = argv.slice(1);
  let signal = SIGTERM;
  if (args.length === 0) {
    sh.usage(io, 'kill', KILL_USAGE);
    return 2;
  }
  if (args[0] === '-l' || args[0] === '-L') return listSignals(sh, io, args.slice(1));
  if (args[0] === '-s' || args[0] === '-n') {
    const spec = args[1];
    const n = spec === undefined ? undefined : parseSignal(spec);
    if (n === undefined) {
      sh.builtinError(io, 'kill', sh.msg.t('%s: invalid signal specification', spec ?? ''));
      return 1;
    }
    signal = n;
    args = args.slice(2);
  } else if (/^-./.test(args[0]) && args[0] !== '--') {
    const n = parseSignal(args[0].slice(1));
    if (n === undefined) {
      sh.builtinError(io, 'kill', sh.msg.t('%s: invalid signal specification', args[0].slice(1)));
      return 1;
    }
    signal = n;
    args = args.slice(1);
  }
  if (args[0] === '--') args = args.slice(1);
  if (args.length === 0) {
    sh.usage(io, 'kill', KILL_USAGE);
    return 2;
  }
  let status = 0;
  for (const a of args) {
    let target: number;
    if (a.startsWith('%')) {
      const job = findJob(sh, io, 'kill', a);
      if (!job) {
        status = sh.dash ? 2 : 1;
        continue;
      }
      // A job of a job-control shell is a process group; otherwise signal its processes.
      target = sh.flags.monitor ? -job.pgid : job.lastPid;
    } else if (/^-?\d+$/.test(a)) {
      target = Number(a);
    } else {
      sh.builtinError(io, 'kill', sh.msg.t('%s: arguments must be process or job IDs', a));
      status = 1;
      continue;
    }
    const r = sh.proc.kill(target, signal);
    if (r === 'ESRCH' || r === 'EPERM') {
      const shown = a.startsWith('%') ? String(Math.abs(target)) : a;
      // dash prints strerror with a newline of its own: the message ends with an empty line.
      if (sh.dash) sh.error(io, `kill: ${sh.msg.strerror(r)}\n`);
      else sh.builtinError(io, 'kill', `(${shown}) - ${sh.msg.strerror(r)}`);
      status = 1;
    }
  }
  return status;
};

export const fgBuiltin: Builtin = async (sh, argv, io) => {
  if (!sh.flags.monitor) {
    sh.builtinError(io, argv[0], sh.msg.t('no job control'));
    return 1;
  }
  const spec = argv[1] ?? '%+';
  const job = sh.jobs.find(spec);
  if (!job || job === 'ambiguous') {
    sh.builtinError(io, argv[0], sh.msg.t('%s: no such job', argv[1] ?? sh.msg.t('current')));
    return 1;
  }
  if (argv[0] === 'bg') {
    sh.error(io, sh.msg.t('%s: job %d already in background', 'bg', job.id));
    return 0;
  }
  return sh.foreground(job, io);
};

export const disownBuiltin: Builtin = (sh, argv, io) => {
  const args = argv.slice(1).filter((a) => !/^-[ahr]+$/.test(a));
  const jobs = args.length ? args.map((a) => findJob(sh, io, 'disown', a)) : [sh.jobs.find('%+')];
  let status = 0;
  for (const job of jobs) {
    if (!job || job === 'ambiguous') {
      status = 1;
      continue;
    }
    sh.jobs.remove(job);
  }
  return status;
};
