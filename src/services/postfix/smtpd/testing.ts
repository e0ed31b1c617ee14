// Test doubles shared by the smtpd tests: a policy configured like the recording machine of
// ../fidelity (Debian 12 "Internet Site", myhostname vm, /etc/mailname mail128.com) and a recording sink.

import { debianEhloKeywords } from './policy.ts';
import type { SmtpdDomainClass, SmtpdMessage, SmtpdPolicy, SmtpdSink } from './policy.ts';

/** main.cf.default: mydestination = $myhostname, mail128.com, vm, localhost.localdomain, localhost. */
const MYDESTINATION = ['vm', 'mail128.com', 'localhost.localdomain', 'localhost'];
/** passwd of the recording machine (base system accounts + adduser'd etudiant, toto) and /etc/aliases. */
const PASSWD = ['root', 'daemon', 'bin', 'sys', 'sync', 'games', 'man', 'lp', 'mail', 'news', 'uucp', 'proxy', 'www-data', 'backup', 'list', 'irc', 'nobody', 'postfix', 'etudiant', 'toto'];

export interface RecordingMachineOptions {
  /** Extra aliases known to local_recipient_maps (after newaliases: "admin"). */
  readonly aliases?: readonly string[];
  readonly messageSizeLimit?: number;
  readonly heloRequired?: boolean;
}

export function recordingMachinePolicy(options: RecordingMachineOptions = {}): SmtpdPolicy {
  const limit = options.messageSizeLimit ?? 10240000;
  const recipients = new Set([...PASSWD, 'postmaster', ...(options.aliases ?? [])]);
  return {
    myhostname: () => 'vm',
    // mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128
    inMynetworks: (a) => a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.'),
    domainClass: (d): SmtpdDomainClass => (MYDESTINATION.includes(d.toLowerCase()) ? 'local' : 'remote'),
    localRecipientExists: (l) => recipients.has(l.toLowerCase()),
    messageSizeLimit: () => limit,
    ehloKeywords: () => debianEhloKeywords(limit, true),
    heloRequired: () => options.heloRequired === true,
  };
}

/** Hands out Postfix-looking hex queue IDs and keeps what was enqueued or discarded. */
export class RecordingSink implements SmtpdSink {
  readonly queued: SmtpdMessage[] = [];
  readonly discarded: string[] = [];
  private next = 0x452f9160045;

  newQueueId(): string {
    const id = this.next.toString(16).toUpperCase();
    this.next += 0x1000001;
    return id;
  }

  enqueue(message: SmtpdMessage): string {
    this.queued.push(message);
    return message.queueId;
  }

  discard(queueId: string): void {
    this.discarded.push(queueId);
  }
}
