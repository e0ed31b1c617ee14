// mail(1)'s messages in English and in the French of mailutils' fr.po, as Debian 12 prints them
// under LANG=fr_FR.UTF-8 (the recordings show the summary line, "Commande inconnue", the number
// error, Saved/Held, the interrupt and null-body notices; seed 002 "Pas de message applicable").
// ngettext's French plural is n > 1. Strings marked "unrecorded" come from an older fr.po of
// mailutils (the 3.15 catalog puts a no-break space before ':' as the recordings show).
import type { Locale } from '../lib/locale.ts';

export class MailText {
  constructor(readonly loc: Locale) {}

  private plural(n: number): boolean {
    return this.loc.fr ? n > 1 : n !== 1;
  }

  summary(path: string, total: number, fresh: number, unread: number, deleted: number): string {
    let s: string;
    if (this.loc.fr) {
      s = `"${path}": ${total} message${this.plural(total) ? 's' : ''}`;
      if (fresh > 0) s += ` ${fresh} nouveau${this.plural(fresh) ? 'x' : ''}`;
      if (unread > 0) s += ` ${unread} non lu${this.plural(unread) ? 's' : ''}`;
      if (deleted > 0) s += ` ${deleted} effacé${this.plural(deleted) ? 's' : ''}`; // unrecorded
    } else {
      s = `"${path}": ${total} message${this.plural(total) ? 's' : ''}`;
      if (fresh > 0) s += ` ${fresh} new`;
      if (unread > 0) s += ` ${unread} unread`;
      if (deleted > 0) s += ` ${deleted} deleted`;
    }
    return s + '\n';
  }

  saved(n: number, path: string): string {
    return this.loc.fr
      ? `${n} message${this.plural(n) ? 's' : ''} sauvegardé${this.plural(n) ? 's' : ''} dans ${path}\n`
      : `Saved ${n} message${this.plural(n) ? 's' : ''} in ${path}\n`;
  }

  held(n: number, path: string): string {
    return this.loc.fr
      ? `${n} message${this.plural(n) ? 's' : ''} conservé${this.plural(n) ? 's' : ''} dans ${path}\n`
      : `Held ${n} message${this.plural(n) ? 's' : ''} in ${path}\n`;
  }

  unknownCommand(cmd: string): string {
    return this.loc.fr ? `Commande inconnue\u00a0: ${cmd}\n` : `Unknown command: ${cmd}\n`;
  }

  invalidNumber(n: string): string {
    return this.loc.fr ? `${n}: numéro de message non valide\n` : `${n}: invalid message number\n`;
  }

  /** unrecorded */
  deletedMessage(n: number): string {
    return this.loc.fr ? `${n}: Message inapproprié (a été détruit)\n` : `${n}: Inappropriate message (has been deleted)\n`;
  }

  /** seed 002 */
  noApplicable(): string {
    return this.loc.fr ? 'Pas de message applicable\n' : 'No applicable message\n';
  }

  /** unrecorded */
  noApplicableMessages(): string {
    return this.loc.fr ? 'Pas de messages applicables\n' : 'No applicable messages\n';
  }

  noMailFor(user: string): string {
    return this.loc.fr ? `Pas de courrier pour ${user}\n` : `No mail for ${user}\n`;
  }

  /** -f on an empty mailbox (unrecorded). */
  zeroMessages(path: string): string {
    return this.loc.fr ? `${path}: 0 message\n` : `${path}: 0 messages\n`;
  }

  cannotOpen(path: string, error: string): string {
    return this.loc.fr ? `Impossible d'ouvrir la boîte aux lettres ${path}\u00a0: ${error}\n` : `Cannot open mailbox ${path}: ${error}\n`; // French unrecorded
  }

  /** A mailbox that does not start with a From_ line (unrecorded). */
  cannotRead(path: string): string {
    return this.loc.fr
      ? `Impossible de lire la boîte aux lettres ${path}\u00a0: Erreur d'analyse syntaxique\n`
      : `Cannot read mailbox ${path}: Parse error\n`;
  }

  /** Printed at the prompt when the mailbox grew (unrecorded). */
  newMail(): string {
    return this.loc.fr ? 'Du courrier est arrivé.\n' : 'New mail has arrived.\n';
  }

  /** ^C at the `? ` prompt (unrecorded). */
  interruptPrompt(): string {
    return this.loc.fr ? 'Interruption\n' : 'Interrupt\n';
  }

  /** unrecorded */
  unknownEscape(name: string): string {
    return this.loc.fr ? `Échappement inconnu ${name}\n` : `Unknown escape ${name}\n`;
  }

  /** unrecorded */
  processFailed(): string {
    return this.loc.fr ? 'Processus terminé avec un état de sortie non nul' : 'Process exited with a non-zero status';
  }

  interrupt(): string {
    return this.loc.fr ? '\n(Interruption \u2014 une de plus pour avorter le courriel)\n' : '\n(Interrupt -- one more to kill letter)\n';
  }

  nullBody(): string {
    return this.loc.fr ? 'Corps du message vide; en espérant que cela soit correct\n' : "Null message body; hope that's ok\n";
  }

  /** unrecorded */
  noRecipients(): string {
    return this.loc.fr ? 'Aucun destinataire spécifié\n' : 'No recipients specified\n';
  }

  /** unrecorded */
  cannotSend(error: string): string {
    return this.loc.fr ? `Impossible d'ouvrir l'agent de courrier sortant\u00a0: ${error}\n` : `Cannot open mailer: ${error}\n`;
  }
}
