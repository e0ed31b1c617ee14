// Wiring the service manager into a Host: one manager per host, reachable by programs through
// `proc.host` (systemctl, service, the init scripts, sd_notify from daemons), started with the
// host's boot (enabled units, and what was running when the host was saved).
import type { Host } from '../host.ts';
import type { HostContext } from '../program.ts';
import { daemonTable } from './daemon-table.ts';
import { ServiceManager, type SyslogSink } from './service-manager.ts';

/** Creates the host's manager, sets `host.services`, and hooks it on the host's boot. */
export function installServiceManager(host: Host, syslog: SyslogSink | null = syslogOf(host)): ServiceManager {
  const manager = new ServiceManager({
    fs: host.fs,
    scheduler: host.scheduler,
    programs: host.registry,
    processes: daemonTable(host.processes),
    hostname: () => host.hostname,
    wallTimeMs: () => host.wallTimeMs(),
    syslog,
  });
  host.services = manager;
  host.onBoot.on(() => {
    void manager.boot(ServiceManager.runningIn(host.restoredServices));
  });
  return manager;
}

/** The manager of the host a program runs on, or null (a host without one: a test harness). */
export function servicesOf(host: HostContext): ServiceManager | null {
  const s = (host as { services?: unknown }).services;
  return s instanceof ServiceManager ? s : null;
}

/** The host's syslog, if it has one (the Host gets a `syslog` field from its composition). */
export function syslogOf(host: HostContext): SyslogSink | null {
  const s = (host as { syslog?: { log?: unknown } }).syslog;
  return s !== undefined && s !== null && typeof s.log === 'function' ? (s as SyslogSink) : null;
}

/** sd_notify(3): a daemon of a Type=notify unit says it is ready ("READY=1"). */
export function sdNotify(host: HostContext, pid: number, state: string): void {
  servicesOf(host)?.notify(pid, state);
}
