// Secondary zones (RFC 1034 §4.3.5, RFC 5936): the refresh timer, the SOA serial check against
// each primary, and the AXFR over TCP, logged as BIND 9.18's zone.c and xfrin.c do.
import type { Process } from '../../os/program.ts';
import { formatIpv4, type Ipv4 } from '../../wire/addr.ts';
import { DNS_CLASS_IN, DNS_OPCODE_QUERY, DNS_RCODE_NOERROR, DNS_TYPE_AXFR, DNS_TYPE_SOA, emitDns, type DnsMessage } from '../../wire/dns.ts';
import { nameForLog } from './dns-text.ts';
import { serialGt, type NamedServer, type ZoneState } from './named-server.ts';
import type { Rng } from '../../engine/rng.ts';
import type { QueryResult } from './resolver.ts';
import { AxfrCollector, frameTcp, RCODE_TEXT, TcpDnsFramer } from './zone-transfer.ts';

const SECOND = 1_000_000_000;
/** A secondary that has never loaded retries this often. */
const FIRST_RETRY = 30 * SECOND;

/** What the refresher needs from the daemon's network side. */
export interface SecondaryNet {
  readonly stopped: boolean;
  readonly rng: Rng;
  owner(): { pid: number; name: string };
  udpQuery(server: Ipv4, name: string, type: number, rd: boolean): Promise<QueryResult>;
  sendNotifies(st: ZoneState): void;
}

export class SecondaryRefresher {
  /** Transfers in progress ("xfers running" in rndc status). */
  running = 0;

  constructor(
    private readonly server: NamedServer,
    private readonly proc: Process,
    private readonly net: SecondaryNet,
  ) {}

  schedule(st: ZoneState, delay: number): void {
    st.cancelRefresh?.();
    const t = this.proc.host.scheduler.after(delay, () => {
      st.cancelRefresh = null;
      void this.refresh(st);
    });
    st.cancelRefresh = () => t.cancel();
  }

  private refreshInterval(st: ZoneState, ok: boolean): number {
    const soa = st.served.db?.soa;
    if (soa === undefined || soa.data.kind !== 'SOA') return FIRST_RETRY;
    return (ok ? soa.data.refresh : soa.data.retry) * SECOND;
  }

  /** RFC 1034 §4.3.5: compare the primary's SOA serial, transfer when it grew. */
  private async refresh(st: ZoneState): Promise<void> {
    if (this.net.stopped) return;
    const z = `zone ${nameForLog(st.served.name)}/IN`;
    for (const primary of st.served.primaries) {
      const reply = await this.net.udpQuery(primary, st.served.name, DNS_TYPE_SOA, false);
      if (this.net.stopped) return;
      if (typeof reply === 'string') {
        this.server.log(`${z}: refresh: retry limit for primary ${formatIpv4(primary)}#53 exceeded (source 0.0.0.0#0)`);
        continue;
      }
      if (reply.rcode !== DNS_RCODE_NOERROR) {
        this.server.log(`${z}: refresh: unexpected rcode (${RCODE_TEXT[reply.rcode] ?? reply.rcode}) from primary ${formatIpv4(primary)}#53 (source 0.0.0.0#0)`);
        continue;
      }
      const soa = reply.answers.find((r) => r.type === DNS_TYPE_SOA);
      if (soa === undefined || soa.data.kind !== 'SOA' || !reply.aa) {
        this.server.log(`${z}: refresh: non-authoritative answer from primary ${formatIpv4(primary)}#53 (source 0.0.0.0#0)`);
        continue;
      }
      const cur = st.served.db;
      if (cur !== null && !serialGt(soa.data.serial, cur.serial)) {
        this.schedule(st, this.refreshInterval(st, true));
        return;
      }
      if (await this.transfer(st, primary)) {
        this.schedule(st, this.refreshInterval(st, true));
        return;
      }
    }
    this.schedule(st, st.served.db === null ? FIRST_RETRY : this.refreshInterval(st, false));
  }

  /** AXFR over TCP from `primary`, logged as BIND's xfrin does. */
  private transfer(st: ZoneState, primary: Ipv4): Promise<boolean> {
    const name = nameForLog(st.served.name);
    const from = `transfer of '${name}/IN' from ${formatIpv4(primary)}#53`;
    this.server.log(`zone ${name}/IN: Transfer started.`);
    this.running++;
    const sched = this.proc.host.scheduler;
    const started = sched.now;
    const id = this.net.rng.int(0, 0xffff);
    const conn = this.proc.host.net.tcp.connect({ address: primary, port: 53, owner: this.net.owner() });
    const collector = new AxfrCollector(id);
    const framer = new TcpDnsFramer();
    return new Promise<boolean>((resolve) => {
      let done = false;
      let msgs = 0;
      let bytes = 0;
      const finish = (ok: boolean, status: string, records: number, serial: number | null) => {
        if (done) return;
        done = true;
        this.running--;
        const secs = Math.max(0.001, (sched.now - started) / SECOND);
        this.server.log(`${from}: Transfer status: ${status}`);
        this.server.log(`${from}: Transfer completed: ${msgs} messages, ${records} records, ${bytes} bytes, ${secs.toFixed(3)} secs (${Math.floor(bytes / secs)} bytes/sec)${serial === null ? '' : ` (serial ${serial})`}`);
        conn.close();
        resolve(ok);
        sched.noteAsyncWake();
      };
      conn.onConnect.on(() => {
        this.server.log(`${from}: connected using ${formatIpv4(conn.localAddress)}#${conn.localPort}`);
        const q: DnsMessage = {
          id, qr: false, opcode: DNS_OPCODE_QUERY, aa: false, tc: false, rd: false, ra: false, z: false, ad: false, cd: false, rcode: 0,
          questions: [{ name: st.served.name, type: DNS_TYPE_AXFR, class: DNS_CLASS_IN }], answers: [], authority: [], additional: [],
        };
        conn.send(frameTcp(emitDns(q)));
      });
      conn.onData.on((d) => {
        for (const m of framer.push(d)) {
          const p = collector.feed(m);
          msgs++;
          bytes += m.length;
          if (p.kind === 'error') {
            this.server.log(`${from}: failed while receiving responses: ${p.reason}`, 'err');
            finish(false, p.reason, 0, null);
            return;
          }
          if (p.kind === 'done') {
            this.server.installTransfer(st, p.records);
            this.server.log(`zone ${name}/IN: transferred serial ${p.serial}`);
            finish(true, 'success', p.records.length + 1, p.serial);
            this.net.sendNotifies(st);
            return;
          }
        }
      });
      conn.onClose.on((err) => {
        if (done) return;
        const why = err === 'ECONNREFUSED' ? 'connection refused' : err === null ? 'unexpected end of input' : err === 'ETIMEDOUT' ? 'timed out' : 'network unreachable';
        if (msgs === 0 && err !== null) this.server.log(`${from}: failed to connect: ${why}`, 'err');
        else this.server.log(`${from}: failed while receiving responses: ${why}`, 'err');
        finish(false, why, 0, null);
      });
    });
  }
}
