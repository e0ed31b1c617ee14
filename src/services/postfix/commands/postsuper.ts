// postsuper(1), root only: -d ID|ALL [queue] deletes, -h puts on hold, -H releases, -r requeues.
// It reports "postsuper: Deleted: 2 messages" on stderr and in the mail log, as recorded.
import type { Process } from '../../../os/program.ts';
import { syslogOf } from '../../../os/services/host-services.ts';
import { MESSAGE_QUEUES, QueueStore, type QueueName } from '../queue/queue-store.ts';

type Action = 'd' | 'h' | 'H' | 'r';

const DONE: Record<Action, { one: string; summary: string }> = {
  d: { one: 'removed', summary: 'Deleted' },
  h: { one: 'placed on hold', summary: 'Placed on hold' },
  H: { one: 'released from hold', summary: 'Released from hold' },
  r: { one: 'requeued', summary: 'Requeued' },
};

export async function postsuper(proc: Process): Promise<number> {
  if (proc.cred.uid !== 0) {
    proc.stderr.write('postsuper: fatal: use of this command is reserved for the superuser\n');
    return 1;
  }
  const args = proc.argv.slice(1);
  const requests: { action: Action; id: string }[] = [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    const m = /^-([dhHr])(.*)$/.exec(a);
    if (m !== null) {
      const id = m[2] !== '' ? (m[2] ?? '') : (args[++i] ?? '');
      if (id === '') {
        proc.stderr.write(`postsuper: option requires an argument -- '${m[1] ?? ''}'\npostsuper: fatal: usage: postsuper [-c config_dir] [-d queue_id (delete)] [-h queue_id (hold)] [-H queue_id (un-hold)] [-p (purge temporary files)] [-r queue_id (requeue)] [-s (structure fix)] [-S (stress mode)] [-v (verbose)] [queue...]\n`);
        return 1;
      }
      requests.push({ action: m[1] as Action, id });
    } else if (a === '-s' || a === '-p' || a === '-v' || a === '-S') continue;
    else if (a === '-c') i += 1;
    else positional.push(a);
  }
  const valid = [...MESSAGE_QUEUES] as string[];
  for (const q of positional) {
    if (!valid.includes(q)) {
      proc.stderr.write(`postsuper: fatal: invalid directory name: ${q}\n`);
      return 1;
    }
  }
  const store = new QueueStore(proc.host.fs);
  const queues = (positional.length > 0 ? positional : MESSAGE_QUEUES) as QueueName[];
  const counts = new Map<Action, number>();
  const log = (message: string): void => syslogOf(proc.host)?.log({ facility: 'mail', severity: 'info', tag: 'postfix/postsuper', pid: proc.pid, message });
  for (const req of requests) {
    for (const q of queues) {
      const ids = req.id === 'ALL' ? store.list(q) : store.list(q).filter((id) => id === req.id);
      for (const id of ids) {
        const m = store.read(q, id);
        let ok = false;
        if (req.action === 'd') ok = store.remove(q, id);
        else if (m !== null && req.action === 'h' && q !== 'hold') ok = store.move(q, 'hold', m);
        else if (m !== null && req.action === 'H' && q === 'hold') ok = store.move('hold', 'deferred', { ...m, nextAttemptMs: 0 });
        else if (m !== null && req.action === 'r') ok = store.move(q, 'deferred', { ...m, nextAttemptMs: 0 });
        if (!ok) continue;
        counts.set(req.action, (counts.get(req.action) ?? 0) + 1);
        if (req.id !== 'ALL') {
          log(`${id}: ${DONE[req.action].one}`);
          proc.stderr.write(`postsuper: ${id}: ${DONE[req.action].one}\n`);
        }
      }
    }
  }
  for (const [action, n] of counts) {
    const text = `${DONE[action].summary}: ${n} message${n === 1 ? '' : 's'}`;
    proc.stderr.write(`postsuper: ${text}\n`);
    log(text);
  }
  return 0;
}
