// systemd's names for exit statuses (src/shared/exit-status.c): "status=1/FAILURE" in the
// journal (every class), "status=1/FAILURE" in `systemctl status` (libc and systemd classes only).

const LIBC: Readonly<Record<number, string>> = { 0: 'SUCCESS', 1: 'FAILURE' };
const LSB: Readonly<Record<number, string>> = {
  2: 'INVALIDARGUMENT', 3: 'NOTIMPLEMENTED', 4: 'NOPERMISSION', 5: 'NOTINSTALLED', 6: 'NOTCONFIGURED', 7: 'NOTRUNNING',
};
const BSD: Readonly<Record<number, string>> = {
  64: 'USAGE', 65: 'DATAERR', 66: 'NOINPUT', 67: 'NOUSER', 68: 'NOHOST', 69: 'UNAVAILABLE', 70: 'SOFTWARE', 71: 'OSERR',
  72: 'OSFILE', 73: 'CANTCREAT', 74: 'IOERR', 75: 'TEMPFAIL', 76: 'PROTOCOL', 77: 'NOPERM', 78: 'CONFIG',
};
const SYSTEMD: Readonly<Record<number, string>> = {
  200: 'CHDIR', 201: 'NICE', 202: 'FDS', 203: 'EXEC', 204: 'MEMORY', 205: 'LIMITS', 206: 'OOM_ADJUST',
  207: 'SIGNAL_MASK', 208: 'STDIN', 209: 'STDOUT', 210: 'CHROOT', 211: 'IOPRIO', 212: 'TIMERSLACK',
  213: 'SECUREBITS', 214: 'SETSCHEDULER', 215: 'CPUAFFINITY', 216: 'GROUP', 217: 'USER', 218: 'CAPABILITIES',
  219: 'CGROUP', 220: 'SETSID', 221: 'CONFIRM', 222: 'STDERR', 224: 'PAM', 225: 'NETWORK', 226: 'NAMESPACE',
};

/** The name of an exit status; `full` adds the LSB and BSD classes (the journal's wording). */
export function exitStatusName(status: number, full: boolean): string | undefined {
  return LIBC[status] ?? SYSTEMD[status] ?? (full ? (LSB[status] ?? BSD[status]) : undefined);
}
