// pickup(8): takes what postdrop (sendmail) left in maildrop/, logs "ID: uid=1000 from=<sender>"
// and hands it to cleanup with the Received: header "by HOST (Postfix, from userid UID)". It wakes
// up when postdrop triggers it, and every 60 seconds in any case (Postfix's pickup poll).
import type { Timer } from '../../../engine/scheduler.ts';
import type { Credentials } from '../../../os/fs/types.ts';
import { localReceived } from '../cleanup/cleanup.ts';
import type { MailSystem } from '../master/mail-system.ts';
import { QUEUE_DIRECTORY } from '../queue/queue-store.ts';
import { mailDate } from '../smtpd/received.ts';
import { headerRecipients, parseMaildrop } from './maildrop-file.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const SECOND = 1_000_000_000;
const POLL_SECONDS = 60;
const MAILDROP = `${QUEUE_DIRECTORY}/maildrop`;

export class Pickup {
  private timer: Timer | null = null;
  private stopped = false;
  private scheduled = false;

  constructor(private readonly sys: MailSystem) {}

  start(): void {
    this.sys.children.pidOf('pickup');
    this.scan();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** postdrop's trigger on public/pickup. */
  trigger(): void {
    if (this.stopped || this.scheduled) return;
    this.scheduled = true;
    this.sys.host.scheduler.after(1_000_000, () => {
      this.scheduled = false;
      this.scan();
    });
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.sys.host.scheduler.after(POLL_SECONDS * SECOND, () => {
      this.scan();
      this.arm();
    });
  }

  private scan(): void {
    if (this.stopped) return;
    const fs = this.sys.host.fs;
    const dir = fs.readdir(MAILDROP, ROOT);
    if (!dir.ok) return;
    const names = dir.value.filter((e) => e.type === 'file' && !e.name.startsWith('.')).map((e) => e.name).sort();
    for (const name of names) {
      const path = `${MAILDROP}/${name}`;
      const bytes = fs.readFile(path, ROOT);
      if (!bytes.ok) continue;
      const record = parseMaildrop(bytes.value);
      if (record === null) {
        // A file that is not a maildrop record: Postfix moves it to corrupt/.
        fs.mkdir(`${QUEUE_DIRECTORY}/corrupt`, ROOT, { mode: 0o700 });
        fs.rename(path, `${QUEUE_DIRECTORY}/corrupt/${name}`, ROOT);
        this.sys.logAs('pickup', `warning: ${name}: uid=0: unexpected or malformed record`, 'warning');
        continue;
      }
      const now = this.sys.nowMs();
      const id = this.sys.store.allocateId(now);
      if (id === null) return;
      fs.unlink(path, ROOT);
      this.sys.logAs('pickup', `${id}: uid=${record.uid} from=<${record.sender}>`);
      let data = record.content;
      const recipients = [...record.recipients];
      if (record.extract) {
        const found = headerRecipients(data);
        recipients.push(...found.recipients);
        data = found.withoutBcc;
      }
      const arrival = record.arrivalMs || now;
      const received = localReceived(this.sys.myhostname(), id, mailDate(arrival, this.sys.zone(arrival)), record.uid);
      if (recipients.length === 0) {
        this.sys.store.discard(id);
        continue;
      }
      this.sys.submit({
        queueId: id,
        sender: record.sender,
        recipients: recipients.map((r) => ({ address: r, original: r })),
        data,
        received,
        origin: { kind: 'local', uid: record.uid },
        arrivalMs: arrival,
        local: true,
        fullName: record.fullName,
      });
    }
  }
}
