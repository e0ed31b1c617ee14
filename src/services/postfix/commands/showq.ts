// The queue listing of postqueue -p / mailq (showq's format): one block per message with its ID
// (* when active, ! when on hold), size, arrival time (asctime truncated to 20 columns), sender,
// the deferral reason right-aligned on column 78, and the recipients not delivered yet.
import type { FileSystem } from '../../../os/fs/types.ts';
import { ctimeDate } from '../../mail/mbox.ts';
import { parseMaildrop } from '../pickup/maildrop-file.ts';
import { QUEUE_DIRECTORY, QueueStore, type QueueName } from '../queue/queue-store.ts';
import { zoneTime } from '../../../os/syslog/time-zone.ts';

const HEADER = '-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------';
const RCPT_INDENT = ' '.repeat(41);
const ROOT = { uid: 0, gid: 0, groups: [0] };

/** Epoch ms shifted to the host's zone (/etc/timezone), for asctime-style dates. */
export function localMs(fs: FileSystem, ms: number): number {
  const r = fs.readFile('/etc/timezone', ROOT);
  const zone = r.ok ? new TextDecoder().decode(r.value).trim() : 'Etc/UTC';
  return ms + zoneTime(zone, ms).offsetMinutes * 60_000;
}

export function showQueue(fs: FileSystem): string {
  const store = new QueueStore(fs);
  const blocks: string[] = [];
  let total = 0;
  // maildrop/ first, as showq scans it: what sendmail left while pickup was not running.
  const drop = fs.readdir(`${QUEUE_DIRECTORY}/maildrop`, ROOT);
  for (const e of drop.ok ? [...drop.value].sort((a, b) => (a.name < b.name ? -1 : 1)) : []) {
    if (e.type !== 'file' || e.name.startsWith('.')) continue;
    const bytes = fs.readFile(`${QUEUE_DIRECTORY}/maildrop/${e.name}`, ROOT);
    const r = bytes.ok ? parseMaildrop(bytes.value) : null;
    if (!bytes.ok || r === null) continue;
    total += bytes.value.length;
    const arrival = ctimeDate(localMs(fs, r.arrivalMs)).slice(0, 20);
    blocks.push([`${e.name.padEnd(11)} ${String(bytes.value.length).padStart(7)} ${arrival} ${r.sender}`, ...r.recipients.map((x) => `${RCPT_INDENT}${x}`)].join('\n'));
  }
  const order: readonly QueueName[] = ['incoming', 'active', 'deferred', 'hold'];
  for (const q of order) {
    for (const id of store.list(q)) {
      const m = store.read(q, id);
      if (m === null) continue;
      total += m.size;
      const status = q === 'active' ? '*' : q === 'hold' ? '!' : ' ';
      const arrival = ctimeDate(localMs(fs, m.arrivalMs)).slice(0, 20);
      const lines = [`${id.padEnd(11)}${status}${String(m.size).padStart(7)} ${arrival} ${m.sender === '' ? 'MAILER-DAEMON' : m.sender}`];
      const pending = m.recipients.filter((r) => !r.done);
      if (m.reason !== '' && q === 'deferred') lines.push(`${' '.repeat(Math.max(0, 76 - m.reason.length))}(${m.reason})`);
      for (const r of pending) lines.push(`${RCPT_INDENT}${r.address}`);
      blocks.push(lines.join('\n'));
    }
  }
  if (blocks.length === 0) return 'Mail queue is empty\n';
  const n = blocks.length;
  return `${HEADER}\n${blocks.join('\n\n')}\n\n-- ${Math.floor(total / 1024)} Kbytes in ${n} Request${n === 1 ? '' : 's'}.\n`;
}
