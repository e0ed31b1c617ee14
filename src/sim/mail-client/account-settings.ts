// An account's settings as Thunderbird's manual configuration shows them: from the address
// `foo@mail12.com` it guesses `imap.mail12.com` (or `pop.mail12.com`) on 143 (110) and
// `smtp.mail12.com` on 25, no TLS, and the user name `foo` (seed 004: the name without
// @mailX.com, the system account Dovecot checks). Every field stays editable.

export type IncomingProtocol = 'pop3' | 'imap';

export interface AccountSettings {
  /** The sender address, `etudiant@mail128.com`. */
  readonly address: string;
  /** Display name put in From ("" for none). */
  readonly name: string;
  readonly protocol: IncomingProtocol;
  readonly incomingHost: string;
  readonly incomingPort: number;
  readonly outgoingHost: string;
  readonly outgoingPort: number;
  readonly username: string;
  readonly password: string;
}

export const DEFAULT_PORTS: Record<IncomingProtocol | 'smtp', number> = { pop3: 110, imap: 143, smtp: 25 };

/** The part after the last @, lower case ('' without one). */
export function domainOfAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).trim().toLowerCase();
}

/** The part before the last @ (the whole text without one). */
export function localPartOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at < 0 ? address : address.slice(0, at)).trim();
}

/** Thunderbird's guess for `address`; the password is left to the user. */
export function guessSettings(address: string, protocol: IncomingProtocol = 'imap', name = ''): AccountSettings {
  const domain = domainOfAddress(address);
  const prefix = protocol === 'imap' ? 'imap' : 'pop';
  return {
    address: address.trim(),
    name,
    protocol,
    incomingHost: domain === '' ? '' : `${prefix}.${domain}`,
    incomingPort: DEFAULT_PORTS[protocol],
    outgoingHost: domain === '' ? '' : `smtp.${domain}`,
    outgoingPort: DEFAULT_PORTS.smtp,
    username: localPartOf(address),
    password: '',
  };
}

/**
 * Switching POP3 <-> IMAP as the form does: the guessed host name and the default port follow
 * the protocol unless the user changed them.
 */
export function switchProtocol(s: AccountSettings, protocol: IncomingProtocol): AccountSettings {
  if (s.protocol === protocol) return s;
  const before = guessSettings(s.address, s.protocol);
  const after = guessSettings(s.address, protocol);
  return {
    ...s,
    protocol,
    incomingHost: s.incomingHost === before.incomingHost ? after.incomingHost : s.incomingHost,
    incomingPort: s.incomingPort === before.incomingPort ? after.incomingPort : s.incomingPort,
  };
}

/** What keeps the settings from being used, as message keys for the form; empty when usable. */
export type SettingsProblem = 'address' | 'incomingHost' | 'incomingPort' | 'outgoingHost' | 'outgoingPort' | 'username';

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62})?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62})?)*\.?$/;

function validPort(p: number): boolean {
  return Number.isInteger(p) && p >= 1 && p <= 65535;
}

export function settingsProblems(s: AccountSettings): SettingsProblem[] {
  const out: SettingsProblem[] = [];
  if (!/^[^\s@]+@[^\s@]+$/.test(s.address.trim())) out.push('address');
  if (!HOST_NAME.test(s.incomingHost.trim())) out.push('incomingHost');
  if (!validPort(s.incomingPort)) out.push('incomingPort');
  if (!HOST_NAME.test(s.outgoingHost.trim())) out.push('outgoingHost');
  if (!validPort(s.outgoingPort)) out.push('outgoingPort');
  if (s.username.trim() === '' || /[\s]/.test(s.username.trim())) out.push('username');
  return out;
}
