// postcat(1) -q ID: a queue file shown as Postfix prints its records (../fidelity/smtp/admin/
// mailq_deferred.txt). Our queue files keep fewer attributes than Postfix's (no client port or
// server address), so those named_attribute lines are absent; message_size's second field is the
// content offset in our file.
import type { Process } from '../../../os/program.ts';
import { ctimeDate } from '../../mail/mbox.ts';
import { emitQueueFile, type QueuedMessage } from '../queue/queue-file.ts';
import { QueueStore } from '../queue/queue-store.ts';
import { localMs } from './showq.ts';

function envelope(m: QueuedMessage, local: (ms: number) => number): string[] {
  const head = emitQueueFile({ ...m, content: new Uint8Array(0) }).length;
  const size = [m.size, head, m.recipients.length, 0, m.size, 0].map((n) => String(n).padStart(16)).join('');
  const when = ctimeDate(local(m.arrivalMs));
  const lines = [`message_size:${size}`, `message_arrival_time: ${when}`, `create_time: ${when}`, `named_attribute: log_ident=${m.id}`, 'named_attribute: rewrite_context=local', `sender: ${m.sender}`];
  const o = m.origin;
  if (o.kind === 'smtp') {
    lines.push(
      `named_attribute: log_client_name=${o.clientName}`,
      `named_attribute: log_client_address=${o.clientAddress}`,
      `named_attribute: log_message_origin=${o.clientName}[${o.clientAddress}]`,
      ...(o.helo !== null ? [`named_attribute: log_helo_name=${o.helo}`] : []),
      `named_attribute: log_protocol_name=${o.protocol}`,
      `named_attribute: client_name=${o.clientName}`,
      `named_attribute: reverse_client_name=${o.clientName}`,
      `named_attribute: client_address=${o.clientAddress}`,
      ...(o.helo !== null ? [`named_attribute: helo_name=${o.helo}`] : []),
      `named_attribute: protocol_name=${o.protocol}`,
      'named_attribute: client_address_type=2',
    );
  }
  for (const r of m.recipients) {
    if (r.done) continue;
    lines.push(`named_attribute: dsn_orig_rcpt=rfc822;${r.address}`, `original_recipient: ${r.original}`, `recipient: ${r.address}`);
  }
  return lines;
}

export async function postcat(proc: Process): Promise<number> {
  const args = proc.argv.slice(1);
  const ids: string[] = [];
  let byId = false;
  for (const a of args) {
    if (/^-[bdehoqrsv]+$/.test(a)) byId = byId || a.includes('q');
    else if (a.startsWith('-') && a !== '-') {
      proc.stderr.write('postcat: fatal: usage: postcat [-bdehoqv] [-c config_dir] [files...]\n');
      return 1;
    } else ids.push(a);
  }
  if (!byId || ids.length === 0) {
    proc.stderr.write('postcat: fatal: usage: postcat [-bdehoqv] [-c config_dir] [files...]\n');
    return 1;
  }
  if (proc.cred.uid !== 0) {
    proc.stderr.write(`postcat: fatal: open queue file ${ids[0] ?? ''}: Permission denied\n`);
    return 1;
  }
  const store = new QueueStore(proc.host.fs);
  const latin1 = new TextDecoder('latin1');
  for (const id of ids) {
    const q = store.find(id);
    const m = q === null ? null : store.read(q, id);
    if (q === null || m === null) {
      proc.stderr.write(`postcat: fatal: open queue file ${id}: No such file or directory\n`);
      return 1;
    }
    const where = q === 'deferred' ? `deferred/${id.charAt(0)}/${id}` : `${q}/${id}`;
    const out = [`*** ENVELOPE RECORDS ${where} ***`, ...envelope(m, (ms) => localMs(proc.host.fs, ms)), `*** MESSAGE CONTENTS ${where} ***`];
    const content = latin1.decode(m.content);
    proc.stdout.write(`${out.join('\n')}\n${content}${content.endsWith('\n') || content === '' ? '' : '\n'}*** HEADER EXTRACTED ${where} ***\n*** MESSAGE FILE END ${where} ***\n`);
  }
  return 0;
}
