// The few /proc files the labs touch, computed from the live machine: sysctl knobs that
// students write (`echo 1 > /proc/sys/net/ipv4/ip_forward`, seed 002), and the read-only
// files that uptime, uname-like tools and curious students cat. The file system keeps them as
// special files; a restored file system gets them mounted again (their content is never saved).
import type { NetworkStack } from '../stack/host-stack.ts';
import type { Errno, FileSystem, SpecialFile } from './fs/types.ts';

/** The kernel of Debian 12.11 (bookworm): what uname -r / -v and /proc/version say. */
export const KERNEL_RELEASE = '6.1.0-35-amd64';
export const KERNEL_VERSION = '#1 SMP PREEMPT_DYNAMIC Debian 6.1.137-1 (2025-05-07)';
const PROC_VERSION =
  `Linux version ${KERNEL_RELEASE} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, ` +
  `GNU ld (GNU Binutils for Debian) 2.40) ${KERNEL_VERSION}\n`;

/** What procfs reads from the machine. */
export interface ProcfsSource {
  readonly net: NetworkStack;
  hostname: string;
  /** Seconds since boot. */
  uptimeSeconds(): number;
  /** Processes in the table and the last pid handed out (/proc/loadavg). */
  processCount(): number;
  lastPid(): number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function readOnly(content: () => string): SpecialFile {
  return {
    read: () => encoder.encode(content()),
    write: () => 'EACCES', // mode 0444 stops users first; root gets EIO on Linux, close enough
  };
}

/**
 * A sysctl integer (proc_dointvec): "1", "1\n", " 0 " are accepted; an empty write (the
 * truncation `>` does before the data comes) changes nothing; anything else is EINVAL, which
 * bash reports as "echo: write error: Invalid argument".
 */
function intKnob(get: () => number, set: (v: number) => void): SpecialFile {
  return {
    read: () => encoder.encode(`${get()}\n`),
    write(data): Errno | null {
      const text = decoder.decode(data);
      if (text.trim() === '') return null;
      const m = /^\s*(-?\d+)\s*$/.exec(text);
      if (m === null) return 'EINVAL';
      set(Number(m[1]));
      return null;
    },
  };
}

/** Mounts the /proc files (again, after a restore). */
export function mountProcfs(fs: FileSystem, src: ProcfsSource): void {
  const forwarding = intKnob(
    () => (src.net.ipForward ? 1 : 0),
    (v) => {
      src.net.ipForward = v !== 0;
    },
  );
  fs.mountSpecial('/proc/sys/net/ipv4/ip_forward', forwarding, 0o644);
  fs.mountSpecial('/proc/sys/net/ipv4/conf/all/forwarding', forwarding, 0o644);
  fs.mountSpecial(
    '/proc/sys/kernel/hostname',
    {
      read: () => encoder.encode(`${src.hostname}\n`),
      write(data): Errno | null {
        const name = decoder.decode(data).replace(/\n$/, '');
        if (name === '') return null;
        if (name.length > 64) return 'EINVAL';
        src.hostname = name;
        return null;
      },
    },
    0o644,
  );
  fs.mountSpecial('/proc/version', readOnly(() => PROC_VERSION), 0o444);
  fs.mountSpecial(
    '/proc/uptime',
    readOnly(() => {
      const up = src.uptimeSeconds();
      return `${up.toFixed(2)} ${(up * 0.97).toFixed(2)}\n`; // idle: a lab machine mostly waits
    }),
    0o444,
  );
  fs.mountSpecial(
    '/proc/loadavg',
    readOnly(() => `0.00 0.00 0.00 1/${src.processCount()} ${src.lastPid()}\n`),
    0o444,
  );
}
