// The mail client panel's texts in French (default) and English, Thunderbird's French wording
// where it has one. Pure tables: components pass the page's locale (lab.locale).
import type { MailErrorKind, SettingsProblem } from '../../sim/index.ts';
import { fillPlaceholders } from '../i18n.ts';

const fr = {
  title: 'Messagerie (Thunderbird) — {host}',
  colon: ' : ',
  close: 'Fermer',
  setupTitle: 'Configuration manuelle du compte',
  name: 'Votre nom complet',
  address: 'Adresse électronique',
  password: 'Mot de passe',
  incoming: 'Serveur entrant',
  outgoing: 'Serveur sortant',
  protocol: 'Protocole',
  hostname: 'Nom d’hôte',
  port: 'Port',
  username: 'Identifiant',
  usernameHint: 'Sans @domaine : le nom du compte sur le serveur.',
  save: 'Terminé',
  editAccount: 'Paramètres du compte',
  check: 'Relever',
  write: 'Écrire',
  delete: 'Supprimer',
  inbox: 'Courrier entrant',
  empty: 'Aucun message.',
  notChecked: 'Cliquez sur « Relever » pour télécharger les messages.',
  from: 'De',
  to: 'Pour',
  subject: 'Sujet',
  date: 'Date',
  send: 'Envoyer',
  cancel: 'Annuler',
  sent: 'Message envoyé.',
  deleted: 'Message supprimé.',
  busy: 'Connexion en cours…',
  paused: 'La simulation est en pause : lancez-la pour que le client communique.',
  allHeaders: 'Tous les en-têtes',
  noHost: 'Aucune machine de ce nom dans le laboratoire.',
  'problem.address': 'adresse électronique invalide',
  'problem.incomingHost': 'nom du serveur entrant invalide',
  'problem.incomingPort': 'port du serveur entrant invalide',
  'problem.outgoingHost': 'nom du serveur sortant invalide',
  'problem.outgoingPort': 'port du serveur sortant invalide',
  'problem.username': 'identifiant vide',
  'error.resolve': 'Serveur introuvable',
  'error.connect': 'Connexion impossible',
  'error.timeout': 'Le serveur ne répond pas',
  'error.closed': 'Connexion fermée par le serveur',
  'error.auth': 'Échec de l’authentification',
  'error.rejected': 'Refusé par le serveur',
  'error.protocol': 'Réponse incompréhensible du serveur',
  'error.settings': 'Paramètres incorrects',
};

export type MailTextKey = keyof typeof fr;

const en: Record<MailTextKey, string> = {
  title: 'Mail (Thunderbird) — {host}',
  colon: ': ',
  close: 'Close',
  setupTitle: 'Manual account configuration',
  name: 'Your full name',
  address: 'Email address',
  password: 'Password',
  incoming: 'Incoming server',
  outgoing: 'Outgoing server',
  protocol: 'Protocol',
  hostname: 'Hostname',
  port: 'Port',
  username: 'Username',
  usernameHint: 'Without @domain: the account name on the server.',
  save: 'Done',
  editAccount: 'Account settings',
  check: 'Get messages',
  write: 'Write',
  delete: 'Delete',
  inbox: 'Inbox',
  empty: 'No messages.',
  notChecked: 'Click “Get messages” to download the messages.',
  from: 'From',
  to: 'To',
  subject: 'Subject',
  date: 'Date',
  send: 'Send',
  cancel: 'Cancel',
  sent: 'Message sent.',
  deleted: 'Message deleted.',
  busy: 'Connecting…',
  paused: 'The simulation is paused: run it so the client can talk.',
  allHeaders: 'All headers',
  noHost: 'No machine of that name in the lab.',
  'problem.address': 'invalid email address',
  'problem.incomingHost': 'invalid incoming server name',
  'problem.incomingPort': 'invalid incoming server port',
  'problem.outgoingHost': 'invalid outgoing server name',
  'problem.outgoingPort': 'invalid outgoing server port',
  'problem.username': 'empty username',
  'error.resolve': 'Server not found',
  'error.connect': 'Could not connect',
  'error.timeout': 'The server does not answer',
  'error.closed': 'Connection closed by the server',
  'error.auth': 'Authentication failed',
  'error.rejected': 'Refused by the server',
  'error.protocol': 'The server’s answer makes no sense',
  'error.settings': 'Wrong settings',
};

export type MailText = (key: MailTextKey, vars?: Record<string, string | number>) => string;

/** A translator for `locale` ('fr' or 'en'); `{name}` replaced from vars, as text. */
export function mailTexts(locale: string): MailText {
  const table = locale === 'en' ? en : fr;
  return (key, vars = {}) => fillPlaceholders(table[key], vars);
}

export function errorKey(kind: MailErrorKind): MailTextKey {
  return `error.${kind}`;
}

export function problemKey(p: SettingsProblem): MailTextKey {
  return `problem.${p}`;
}
