// Linux x86-64 signal numbers, names (kill -l, kill -TERM) and descriptions (glibc strsignal,
// which bash prints for a job a signal ended: "Killed", "Terminated"), and default actions
// (signal(7)). The numbers programs use most are re-exported from program.ts.

/** Index = signal number; kill -l prints them in this order. */
const NAMES = [
  '', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE',
  'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ',
  'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS',
];

const DESCRIPTIONS = [
  '', 'Hangup', 'Interrupt', 'Quit', 'Illegal instruction', 'Trace/breakpoint trap', 'Aborted', 'Bus error',
  'Floating point exception', 'Killed', 'User defined signal 1', 'Segmentation fault', 'User defined signal 2',
  'Broken pipe', 'Alarm clock', 'Terminated', 'Stack fault', 'Child exited', 'Continued', 'Stopped (signal)',
  'Stopped', 'Stopped (tty input)', 'Stopped (tty output)', 'Urgent I/O condition', 'CPU time limit exceeded',
  'File size limit exceeded', 'Virtual timer expired', 'Profiling timer expired', 'Window changed',
  'I/O possible', 'Power failure', 'Bad system call',
];

/** Highest signal number we know (Linux has real-time signals 34-64, which nothing here uses). */
export const NSIG = NAMES.length - 1;

/** "TERM" for 15; undefined for unknown numbers. */
export function signalName(signal: number): string | undefined {
  return signal >= 1 && signal <= NSIG ? NAMES[signal] : undefined;
}

/** strsignal(3): "Terminated" for 15, "Unknown signal N" otherwise (glibc's wording). */
export function signalDescription(signal: number): string {
  return signal >= 1 && signal <= NSIG ? DESCRIPTIONS[signal] : `Unknown signal ${signal}`;
}

/** Accepts "TERM", "SIGTERM", "term", "15"; undefined when it names no signal. */
export function parseSignal(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 0 && n <= NSIG ? n : undefined;
  }
  let name = text.toUpperCase();
  if (name.startsWith('SIG')) name = name.slice(3);
  if (name === 'CLD') return 17;
  if (name === 'POLL') return 29;
  const n = NAMES.indexOf(name);
  return n >= 1 ? n : undefined;
}

export type DefaultAction = 'terminate' | 'ignore' | 'stop';

/**
 * signal(7)'s default action. Stopping is reported as 'stop', but the process layer has no
 * stopped state: those signals are ignored (a ^Z does nothing, as with job control off).
 */
export function defaultAction(signal: number): DefaultAction {
  switch (signal) {
    case 17: // SIGCHLD
    case 18: // SIGCONT
    case 23: // SIGURG
    case 28: // SIGWINCH
      return 'ignore';
    case 19: // SIGSTOP
    case 20: // SIGTSTP
    case 21: // SIGTTIN
    case 22: // SIGTTOU
      return 'stop';
    default:
      return 'terminate';
  }
}

/** SIGKILL and SIGSTOP can be neither caught nor ignored (sigaction(2) fails with EINVAL). */
export function isCatchable(signal: number): boolean {
  return signal !== 9 && signal !== 19;
}
