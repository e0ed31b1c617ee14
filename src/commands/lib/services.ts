// getservbyname/getservbyport over the host's /etc/services (netbase): what lets `nc host smtp`
// connect to port 25 and `netstat -lt` print `0.0.0.0:smtp`.
import type { Process } from '../../os/program.ts';

export type ServiceProto = 'tcp' | 'udp';

interface ServiceEntry {
  name: string;
  aliases: string[];
  port: number;
  proto: string;
}

function readServices(proc: Process): ServiceEntry[] {
  const r = proc.host.fs.readFile('/etc/services', proc.cred);
  if (!r.ok) return [];
  const out: ServiceEntry[] = [];
  for (const raw of new TextDecoder().decode(r.value).split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const m = /^(\d+)\/(\w+)$/.exec(fields[1] ?? '');
    if (m === null) continue;
    out.push({ name: fields[0], aliases: fields.slice(2), port: Number(m[1]), proto: m[2] });
  }
  return out;
}

/** A cached view of /etc/services for one program run. */
export class Services {
  private entries: ServiceEntry[] | null = null;

  constructor(private readonly proc: Process) {}

  private all(): ServiceEntry[] {
    this.entries ??= readServices(this.proc);
    return this.entries;
  }

  /** getservbyname: the port of a service name or alias, null if unknown. */
  portOf(name: string, proto: ServiceProto): number | null {
    const e = this.all().find((s) => s.proto === proto && (s.name === name || s.aliases.includes(name)));
    return e === undefined ? null : e.port;
  }

  /** getservbyport: the official name, null if none. */
  nameOf(port: number, proto: ServiceProto): string | null {
    const e = this.all().find((s) => s.proto === proto && s.port === port);
    return e === undefined ? null : e.name;
  }
}
