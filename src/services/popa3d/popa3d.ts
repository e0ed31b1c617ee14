// /usr/sbin/popa3d 1.0.3: `-D` standalone daemon on port 110 (Debian's init script when
// /etc/default/popa3d says RUN_STANDALONE=yes), one child process per connection that logs
// "Session from IP" and the session's lines as popa3d[PID] (facility daemon: /var/log/syslog);
// without -D one session on stdin/stdout (inetd); `-V` its version.
import { ConnectionDriver } from '../dovecot/connection-driver.ts';
import { pamAuthenticate } from '../dovecot/system-auth.ts';
import { sdNotify, syslogOf } from '../../os/services/host-services.ts';
import type { Credentials } from '../../os/fs/types.ts';
import { SIGTERM, type Process, type Program } from '../../os/program.ts';
import type { Severity } from '../../os/syslog/syslog.ts';
import { UserDb } from '../../os/users/user-db.ts';
import type { TcpConnection } from '../../stack/tcp/tcp-module.ts';
import { formatIpv4 } from '../../wire/addr.ts';
import { Popa3dSession } from './session.ts';

export const POPA3D_VERSION = 'popa3d version 1.0.3 (2012/08/15)';
/** POP_TIMEOUT (params.h). */
const POP_TIMEOUT_SECONDS = 600;
const MAIL_SPOOL = '/var/mail';
const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

interface PopaProcess {
  readonly engine: Popa3dSession;
  /** True once after a failed PASS: its reply and "Authentication failed" line wait for PAM's delay. */
  takeFailure(): boolean;
  /** Writes the log lines held back during that delay. */
  releaseLogs(): void;
}

/** One session's engine on this process's host: PAM, /var/mail, syslog as popa3d[PID]. */
function session(proc: Process): PopaProcess {
  const fs = proc.host.fs;
  const syslog = syslogOf(proc.host);
  let failedAuth = false;
  let holding = false;
  const held: [Severity, string][] = [];
  const write = (severity: Severity, message: string): void => syslog?.log({ facility: 'daemon', severity, tag: 'popa3d', pid: proc.pid, message });
  const engine = new Popa3dSession({
    verify: (user, password) => {
      const ok = pamAuthenticate(fs, syslog, { service: 'popa3d', tty: '', ruser: false, rhost: '', tag: 'popa3d', pid: proc.pid }, user, password);
      if (!ok) failedAuth = holding = true;
      return ok;
    },
    userExists: (user) => UserDb.load(fs).userByName(user) !== undefined,
    readMailbox: (user) => {
      const r = fs.readFile(`${MAIL_SPOOL}/${user}`, ROOT);
      return r.ok ? r.value : null;
    },
    writeMailbox: (user, bytes) => {
      const path = `${MAIL_SPOOL}/${user}`;
      const st = fs.stat(path, ROOT);
      const r = fs.writeFile(path, bytes, ROOT);
      if (r.ok && st.ok) {
        fs.chown(path, st.value.uid, st.value.gid, ROOT);
        fs.chmod(path, st.value.mode, ROOT);
      }
      return r.ok;
    },
    mailboxPath: (user) => `${MAIL_SPOOL}/${user}`,
    log: (severity, message) => {
      if (holding) held.push([severity, message]);
      else write(severity, message);
    },
  });
  return {
    engine,
    takeFailure: () => {
      const f = failedAuth;
      failedAuth = false;
      return f;
    },
    releaseLogs: () => {
      holding = false;
      for (const [severity, message] of held.splice(0)) write(severity, message);
    },
  };
}

/** pam_unix's failure delay as measured in the recordings (1.3 to 1.9 s). */
function failDelay(proc: Process): number {
  return 1.3 + proc.host.rng.float() * 0.6;
}

/** The child that serves one connection (standalone mode). */
function serveConnection(conn: TcpConnection): Program {
  return async (proc) => {
    conn.owner = { pid: proc.pid, name: proc.comm };
    const syslog = syslogOf(proc.host);
    syslog?.log({ facility: 'daemon', severity: 'info', tag: 'popa3d', pid: proc.pid, message: `Session from ${formatIpv4(conn.remoteAddress)}` });
    const s = session(proc);
    let resolveDone: () => void = () => {};
    const done = new Promise<void>((r) => (resolveDone = r));
    const driver = new ConnectionDriver(conn, s.engine, proc.host.scheduler, {
      loginIdleSeconds: POP_TIMEOUT_SECONDS,
      mailIdleSeconds: POP_TIMEOUT_SECONDS,
      takeReplyDelay: () => {
        if (!s.takeFailure()) return 0;
        const d = failDelay(proc);
        // The "Authentication failed" line is written after PAM's delay, with the reply.
        proc.host.scheduler.after(Math.round(d * 1e9), () => s.releaseLogs());
        return d;
      },
      onLogin: () => {},
      onEnd: () => {
        resolveDone();
        proc.host.scheduler.noteAsyncWake();
      },
    });
    proc.onSignal(SIGTERM, () => {
      conn.abort();
      resolveDone();
    });
    driver.start();
    await done;
    return 0;
  };
}

async function standalone(proc: Process): Promise<number> {
  const syslog = syslogOf(proc.host);
  const listener = proc.host.net.tcp.listen({ address: 0, port: 110, backlog: 128, owner: { pid: proc.pid, name: proc.comm } });
  if (typeof listener === 'string') {
    const text = listener === 'EADDRINUSE' ? 'Address already in use' : listener;
    syslog?.log({ facility: 'daemon', severity: 'crit', tag: 'popa3d', pid: proc.pid, message: `bind: ${text}` });
    return 1;
  }
  listener.onConnection.on((conn) => {
    proc.fork(serveConnection(conn), { argv: proc.argv, comm: 'popa3d' });
  });
  sdNotify(proc.host, proc.pid, 'READY=1');
  await new Promise<void>((resolve) => proc.onSignal(SIGTERM, () => resolve()));
  listener.close();
  return 0;
}

/** inetd mode: one session over stdin/stdout. */
async function inetd(proc: Process): Promise<number> {
  const s = session(proc);
  proc.stdout.write(s.engine.start());
  while (!s.engine.closed) {
    const chunk = await proc.stdin.read();
    if (chunk === null) {
      s.engine.peerClosed();
      break;
    }
    // Line by line, so the replies before a failed PASS are not held back with its own.
    let start = 0;
    while (start < chunk.length && !s.engine.closed) {
      const lf = chunk.indexOf(0x0a, start);
      const end = lf < 0 ? chunk.length : lf + 1;
      const out = s.engine.receive(chunk.subarray(start, end));
      start = end;
      if (s.takeFailure()) {
        await proc.sleep(Math.round(failDelay(proc) * 1e9));
        s.releaseLogs();
      }
      proc.stdout.write(out);
    }
  }
  return 0;
}

export const popa3d: Program = async (proc) => {
  const args = proc.argv.slice(1);
  let daemon = false;
  for (const a of args) {
    if (a === '-V') {
      proc.stdout.write(`${POPA3D_VERSION}\n`);
      return 0;
    }
    if (a === '-D') daemon = true;
    else {
      proc.stderr.write('Usage: popa3d [-D] [-V]\n');
      return 1;
    }
  }
  if (!daemon) return inetd(proc);
  // Run by the service manager (PID 1 is its parent) it stays in front; from a shell it detaches.
  if (proc.ppid === 1) return standalone(proc);
  proc.fork(standalone, { setsid: true, argv: proc.argv, comm: 'popa3d' });
  return 0;
};
