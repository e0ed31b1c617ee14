// The delivery status line that local(8), smtp(8) and bounce write for each recipient
// (log_adhoc.c): "ID: to=<..>, orig_to=<..>, relay=.., delay=.., delays=a/b/c/d, dsn=X.Y.Z,
// status=sent (text)".

/**
 * log_adhoc.c's pretty delay: below 10 ms "0", below 1 s two decimals, below 10 s one, then whole
 * seconds; trailing zeros dropped ("0.06", "0.1", "4.3", "12").
 */
export function formatDelay(seconds: number): string {
  if (seconds < 0.01) return '0';
  let text: string;
  if (seconds < 1) text = seconds.toFixed(2);
  else if (seconds < 10) text = seconds.toFixed(1);
  else return String(Math.round(seconds));
  return text.replace(/\.?0+$/, '');
}

/** The four delays: before qmgr, in qmgr, connection set-up, transmission (seconds). */
export interface Delays {
  readonly beforeQmgr: number;
  readonly inQmgr: number;
  readonly connSetup: number;
  readonly transmission: number;
}

export type DeliveryStatus = 'sent' | 'deferred' | 'bounced';

export interface StatusLine {
  readonly queueId: string;
  readonly recipient: string;
  /** The address the client gave, logged as orig_to= when it differs. */
  readonly original: string;
  readonly relay: string;
  readonly delays: Delays;
  readonly dsn: string;
  readonly status: DeliveryStatus;
  readonly text: string;
}

export function statusLine(s: StatusLine): string {
  const d = s.delays;
  const total = d.beforeQmgr + d.inQmgr + d.connSetup + d.transmission;
  const orig = s.original !== '' && s.original !== s.recipient ? `, orig_to=<${s.original}>` : '';
  return (
    `${s.queueId}: to=<${s.recipient}>${orig}, relay=${s.relay}, delay=${formatDelay(total)}, ` +
    `delays=${[d.beforeQmgr, d.inQmgr, d.connSetup, d.transmission].map(formatDelay).join('/')}, dsn=${s.dsn}, status=${s.status} (${s.text})`
  );
}
