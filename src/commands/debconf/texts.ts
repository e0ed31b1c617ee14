// debconf's own strings and newt's button labels in the user's language (debconf.mo and
// newt.mo of Debian 12: French is the only translation the labs need).
import type { DialogTexts } from './dialog-frontend.ts';
import type { ReadlineTexts } from './readline-frontend.ts';

export function isFrench(env: ReadonlyMap<string, string>): boolean {
  const loc = env.get('LC_ALL') || env.get('LC_MESSAGES') || env.get('LANG') || '';
  return /^fr([_.@]|$)/.test(loc);
}

export function dialogTexts(env: ReadonlyMap<string, string>): DialogTexts {
  return isFrench(env)
    ? { backtitle: 'Outil de configuration des paquets', buttons: { ok: 'Ok', cancel: 'Annuler', yes: 'Oui', no: 'Non' } }
    : { backtitle: 'Package configuration', buttons: { ok: 'Ok', cancel: 'Cancel', yes: 'Yes', no: 'No' } };
}

export function readlineTexts(env: ReadonlyMap<string, string>): ReadlineTexts {
  return isFrench(env) ? { more: 'Suite', yes: 'oui', no: 'non' } : { more: 'More', yes: 'yes', no: 'no' };
}

/** FrontEnd->default_title: "Configuring %s". */
export function defaultTitle(env: ReadonlyMap<string, string>, pkg: string): string {
  return isFrench(env) ? `Configuration de ${pkg}` : `Configuring ${pkg}`;
}
