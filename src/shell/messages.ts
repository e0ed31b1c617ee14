// What the shell prints, in the host's language. Debian 12 ships bash's French catalogue and
// glibc's: with LANG=fr_FR.UTF-8 `foo` gives "bash: foo : commande introuvable" and a job
// killed by SIGTERM is "Complété". The French strings below are copied from bash.mo and
// libc.mo of bash 5.2.15 / glibc 2.36 (note their non-breaking spaces, U+00A0).
import { ERRNO_TEXT } from '../commands/lib/errno.ts';

/** bash's own messages (msgid -> French). */
const BASH_FR: Record<string, string> = {
  '%s: command not found': '%s\u00a0: commande introuvable',
  "syntax error near unexpected token `%s'": 'erreur de syntaxe près du symbole inattendu «\u00a0%s\u00a0»',
  'syntax error: unexpected end of file': 'erreur de syntaxe : fin de fichier prématurée',
  "unexpected EOF while looking for matching `%s'": 'fin de fichier (EOF) prématurée lors de la recherche du «\u00a0%s\u00a0» correspondant',
  'here-document at line %d delimited by end-of-file (wanted `%s\')':
    '«\u00a0here-document\u00a0» à la ligne %d délimité par la fin du fichier (au lieu de «\u00a0%s\u00a0»)',
  'warning: ': 'avertissement :',
  '%s: bad substitution': '%s : mauvaise substitution',
  '%s: unbound variable': '%s : variable sans liaison',
  '%s: parameter null or not set': '%s : paramètre vide ou non défini',
  '%s: readonly variable': '%s : variable en lecture seule',
  '%s: cannot unset: readonly %s': '%s : «\u00a0unset\u00a0» impossible : %s est en lecture seule',
  '$%s: cannot assign in this way': '$%s : affectation impossible de cette façon',
  '%s%s%s: %s (error token is "%s")': '%s%s%s : %s (le symbole erroné est «\u00a0%s\u00a0»)',
  'division by 0': 'division par 0',
  'syntax error: operand expected': 'erreur de syntaxe : opérande attendu',
  'syntax error in expression': "erreur de syntaxe dans l'expression",
  'value too great for base': 'valeur trop grande pour la base',
  'exponent less than 0': 'exposant négatif',
  "missing `)'": '«\u00a0)\u00a0» manquante',
  "missing `]'": '«\u00a0]\u00a0» manquant',
  'argument expected': 'argument attendu',
  'You have new mail in $_': 'Vous avez du nouveau courrier dans $_',
  '%s: illegal option -- %s\n': '%s : option non permise -- %s\n',
  '%s: option requires an argument -- %s\n': "%s : l'option nécessite un argument -- %s\n",
  '%s: invalid file descriptor specification': '%s : spécification de descripteur de fichier non valable',
  'expression expected': 'une expression est attendue',
  'octal number': 'nombre octal',
  '%s: ambiguous job spec': '%s : spécification de tâche ambiguë',
  '%s: job %d already in background': '%s : la tâche %d est déjà en arrière plan',
  'no job control': 'pas de contrôle de tâche',
  "`%s': not a pid or valid job spec": "«\u00a0%s\u00a0» : ce n'est pas un n° de processus ou une spécification de tâche valable",
  current: 'courant',
  'wait: pid %d is not a child of this shell': "wait : le processus n°%d n'est pas un fils de ce shell",
  '%s: %s out of range': '%s : %s hors plage',
  'loop count': 'nombre de boucles',
  '%s: hash table empty\n': '%s : table de hachage vide\n',
  '%s is a shell function\n': '%s est une fonction du shell\n',
  'can only be used in a function': 'utilisable seulement dans une fonction',
  "`%s': missing format character": '«\u00a0%s\u00a0» : caractère de format manquant',
  '%s: not a shell builtin': "%s : ceci n'est pas une primitive du shell",
  '%s: substring expression < 0': '%s : expression de sous-chaîne négative',
  '%s: parameter not set': '%s\u00a0: paramètre non défini',
  '%s: no such job': '%s : tâche inexistante',
  '%s: no current jobs': '%s\u00a0: pas de tâche actuelle',
  '%s: numeric argument required': '%s : argument numérique nécessaire',
  'HOME not set': '«\u00a0HOME\u00a0» non défini',
  'OLDPWD not set': '«\u00a0OLDPWD\u00a0» non défini',
  '%s: not found': '%s : non trouvé',
  '%s is a shell builtin\n': '%s est une primitive du shell\n',
  '%s is %s\n': '%s est %s\n',
  '%s is a function\n': '%s est une fonction\n',
  "%s is aliased to `%s'\n": '%s est un alias vers «\u00a0%s\u00a0»\n',
  '%s is a shell keyword\n': '%s est un mot-clé du shell\n',
  '%s is hashed (%s)\n': '%s est haché (%s)\n',
  Done: 'Fini',
  'Done(%d)': 'Fini(%d)',
  'Exit %d': 'Termine %d',
  Running: "En cours d'exécution",
  'too many arguments': "trop d'arguments",
  "`%s': not a valid identifier": '«\u00a0%s\u00a0» : identifiant non valable',
  '%s: ambiguous redirect': '%s : redirection ambiguë',
  '%s: cannot execute binary file: %s': "%s\u00a0: impossible d'exécuter le fichier binaire\u00a0: %s",
  '%s: cannot execute: required file not found': "%s\u00a0: ne peut exécuter\u00a0: le fichier requis n'a pas été trouvé",
  '%s: %s: bad interpreter': '%s\u00a0: %s\u00a0: mauvais interpréteur',
  '%s: invalid option': '%s : option non valable',
  '%s: usage: ': '%s : utilisation :',
  '%s: integer expression expected': '%s : nombre entier attendu comme expression',
  '%s: unary operator expected': '%s : opérateur unaire attendu',
  '%s: binary operator expected': '%s : opérateur binaire attendu',
  "`)' expected": '«\u00a0)\u00a0» attendue',
  "`)' expected, found %s": '«\u00a0)\u00a0» attendue au lieu de %s',
  '%s: invalid signal specification': '%s : indication de signal non valable',
  '%s: arguments must be process or job IDs': '%s : les arguments doivent être des identifiants de tâche ou de processus',
  "not login shell: use `exit'": "ce n'est pas un shell de connexion : utilisez «\u00a0exit\u00a0»",
  "only meaningful in a `for', `while', or `until' loop": "ceci n'a un sens que dans une boucle «\u00a0for\u00a0», «\u00a0while\u00a0» ou «\u00a0until\u00a0»",
  "can only `return' from a function or sourced script":
    "«\u00a0return\u00a0» n'est possible que depuis une fonction ou depuis un script exécuté par «\u00a0source\u00a0»",
  'filename argument required': 'nom de fichier nécessaire en argument',
  '%s: file not found': '%s : fichier introuvable',
  '%s: invalid timeout specification': "%s : spécification de délai d'expiration non valable",
  '%s: invalid option name': "%s : nom d'option non valable",
  '%s: invalid shell option name': "%s : nom d'option du shell non valable",
  '%s: option requires an argument': "%s : l'option nécessite un argument",
  'There are running jobs.\n': "Il y a des tâches en cours d'exécution.\n",
  '%s: event not found': '%s : événement introuvable',
  '%s: history position out of range': '%s : position dans l\'historique hors plage',
  'line %d: ': 'ligne %d : ',
  "`%s': invalid alias name": "«\u00a0%s\u00a0» : nom d'alias non valable",
  'no other directory': "pas d'autre répertoire",
  '%s: maximum function nesting level exceeded (%d)': '%s : dépassement de la profondeur maximum d\'imbrication de fonctions (%d)',
  'write error: %s': "erreur d'écriture : %s",
  '%s: Bad file descriptor': '%s : Mauvais descripteur de fichier',
  'logout\n': 'déconnexion\n',
};

/** glibc's strerror/strsignal texts (libc.mo). */
const LIBC_FR: Record<string, string> = {
  'No such file or directory': 'Aucun fichier ou dossier de ce type',
  'Permission denied': 'Permission non accordée',
  'Operation not permitted': "Opération non permise",
  'File exists': 'Le fichier existe',
  'Not a directory': "N'est pas un dossier",
  'Is a directory': 'est un dossier',
  'Directory not empty': 'Le dossier n\'est pas vide',
  'Invalid argument': 'Argument invalide',
  'Too many levels of symbolic links': 'Trop de niveaux de liens symboliques',
  'Invalid cross-device link': 'Lien physique inter-périphérique invalide',
  'Device or resource busy': 'Périphérique ou ressource occupé',
  'File name too long': 'Nom de fichier trop long',
  'Read-only file system': 'Système de fichiers accessible en lecture seulement',
  'No such process': 'Aucun processus de ce type',
  'Exec format error': 'Erreur de format pour exec()',
  'Bad file descriptor': 'Mauvais descripteur de fichier',
  Hangup: 'Fin de la connexion (raccroché)',
  Interrupt: 'Interrompre',
  Quit: 'Quitter',
  Killed: 'Processus arrêté',
  Terminated: 'Complété',
  'Broken pipe': 'Relais brisé (pipe)',
  Aborted: 'Abandon',
  'Segmentation fault': 'Erreur de segmentation',
  'Alarm clock': "Minuterie d'alerte",
  'User defined signal 1': "Signal #1 défini par l'usager",
  'User defined signal 2': "Signal #2 défini par l'usager",
};


export type ErrnoName = keyof typeof ERRNO_TEXT;

/** Locale of messages as glibc picks it: LC_ALL, then LC_MESSAGES, then LANG. */
export function isFrench(env: ReadonlyMap<string, string>): boolean {
  const name = env.get('LC_ALL') || env.get('LC_MESSAGES') || env.get('LANG') || 'C';
  return /^fr(_|\.|$)/.test(name);
}

/** printf-like substitution of %s %d %c in order. */
export function format(template: string, ...args: readonly (string | number)[]): string {
  let i = 0;
  return template.replace(/%[sdc%]/g, (m) => (m === '%%' ? '%' : String(args[i++] ?? '')));
}

export class Messages {
  constructor(readonly french: boolean) {}

  /** A bash message, translated, with its arguments. */
  t(msgid: string, ...args: readonly (string | number)[]): string {
    const template = this.french ? (BASH_FR[msgid] ?? msgid) : msgid;
    return format(template, ...args);
  }

  strerror(errno: ErrnoName): string {
    const text = ERRNO_TEXT[errno] ?? 'Unknown error';
    return this.french ? (LIBC_FR[text] ?? text) : text;
  }

  /** strsignal(3), used in job notices: "Terminated", "Killed". */
  strsignal(description: string): string {
    return this.french ? (LIBC_FR[description] ?? description) : description;
  }
}
