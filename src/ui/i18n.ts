// The page's own texts in French (default, the audience of the TPs) and English. The simulated
// Debian tools follow each host's LANG instead; this is only the interface around them.
export const UI_LOCALES = ['fr', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

const fr = {
  'app.title': 'Laboratoire réseau',
  'picker.title': 'Scénarios',
  'picker.bundled': 'Scénarios fournis',
  'picker.open': 'Ouvrir un fichier YAML…',
  'picker.load': 'Charger',
  'picker.reset': 'Réinitialiser',
  'picker.params': 'Paramètres',
  'picker.errors': 'Le scénario contient des erreurs :',
  'picker.invalidBundled': 'Scénario invalide',
  'param.notInteger': 'doit être un nombre entier',
  'param.belowMin': 'doit être au moins {min}',
  'param.aboveMax': 'doit être au plus {max}',
  'controls.run': 'Lancer',
  'controls.pause': 'Pause',
  'controls.step': 'Pas suivant',
  'controls.speed': 'Vitesse',
  'controls.clock': 'Horloge',
  'controls.running': 'en marche',
  'controls.paused': 'en pause',
  'boot.progress': 'Démarrage des machines… {time}',
  'boot.failed': 'Le démarrage a échoué : {message}',
  'topology.title': 'Topologie',
  'topology.noAddress': 'sans adresse',
  'terminals.none': 'Cliquez sur une machine de la topologie pour ouvrir son terminal.',
  'terminals.new': 'Nouveau terminal sur {host}',
  'terminals.close': 'Fermer',
  'terminals.search': 'Rechercher',
  'terminals.searchNext': 'Suivant',
  'terminals.searchPrev': 'Précédent',
  'terminals.ended': '[session terminée]',
  'sheet.interfaces': 'Interfaces',
  'sheet.routes': 'Routes',
  'sheet.services': 'Services',
  'sheet.listening': 'Ports en écoute',
  'sheet.forwarding': 'Routage IP (ip_forward)',
  'sheet.on': 'activé',
  'sheet.off': 'désactivé',
  'sheet.none': 'aucun',
  'sheet.down': 'désactivée',
  'sheet.openTerminal': 'Ouvrir le terminal',
  'sheet.close': 'Fermer',
  'capture.title': 'Capture',
  'capture.missing': 'Le panneau de capture n’est pas encore disponible.',
  'capture.failed': 'Le panneau de capture a rencontré une erreur : {message}',
  'lang.switch': 'English',
  'role.client': 'poste client',
  'role.router': 'routeur',
  'role.server': 'serveur',
  'role.dns': 'serveur DNS',
  'role.dhcp': 'serveur DHCP',
  'role.mail': 'serveur de messagerie',
  'welcome': 'Choisissez un scénario et chargez-le pour démarrer le laboratoire.',
} as const;

export type MessageKey = keyof typeof fr;

const en: Record<MessageKey, string> = {
  'app.title': 'Network lab',
  'picker.title': 'Scenarios',
  'picker.bundled': 'Bundled scenarios',
  'picker.open': 'Open a YAML file…',
  'picker.load': 'Load',
  'picker.reset': 'Reset',
  'picker.params': 'Parameters',
  'picker.errors': 'The scenario has errors:',
  'picker.invalidBundled': 'Invalid scenario',
  'param.notInteger': 'must be a whole number',
  'param.belowMin': 'must be at least {min}',
  'param.aboveMax': 'must be at most {max}',
  'controls.run': 'Run',
  'controls.pause': 'Pause',
  'controls.step': 'Next step',
  'controls.speed': 'Speed',
  'controls.clock': 'Clock',
  'controls.running': 'running',
  'controls.paused': 'paused',
  'boot.progress': 'Booting the machines… {time}',
  'boot.failed': 'Boot failed: {message}',
  'topology.title': 'Topology',
  'topology.noAddress': 'no address',
  'terminals.none': 'Click a machine in the topology to open its terminal.',
  'terminals.new': 'New terminal on {host}',
  'terminals.close': 'Close',
  'terminals.search': 'Search',
  'terminals.searchNext': 'Next',
  'terminals.searchPrev': 'Previous',
  'terminals.ended': '[session ended]',
  'sheet.interfaces': 'Interfaces',
  'sheet.routes': 'Routes',
  'sheet.services': 'Services',
  'sheet.listening': 'Listening ports',
  'sheet.forwarding': 'IP forwarding (ip_forward)',
  'sheet.on': 'on',
  'sheet.off': 'off',
  'sheet.none': 'none',
  'sheet.down': 'down',
  'sheet.openTerminal': 'Open the terminal',
  'sheet.close': 'Close',
  'capture.title': 'Capture',
  'capture.missing': 'The capture pane is not available yet.',
  'capture.failed': 'The capture pane failed: {message}',
  'lang.switch': 'Français',
  'role.client': 'client',
  'role.router': 'router',
  'role.server': 'server',
  'role.dns': 'DNS server',
  'role.dhcp': 'DHCP server',
  'role.mail': 'mail server',
  'welcome': 'Choose a scenario and load it to start the lab.',
};

const dictionaries: Record<UiLocale, Record<MessageKey, string>> = { fr, en };

/** The text of `key` in `locale`, with `{name}` placeholders replaced by `vars` (as text). */
export function translate(locale: UiLocale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export const LOCALE_STORAGE_KEY = 'netsim.locale';

/** The remembered choice; French when none (or garbage) is stored, or storage is unavailable. */
export function storedLocale(storage: Pick<Storage, 'getItem'> | null): UiLocale {
  try {
    const v = storage?.getItem(LOCALE_STORAGE_KEY);
    return v === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr'; // storage blocked (privacy settings): keep the default
  }
}

export function rememberLocale(storage: Pick<Storage, 'setItem'> | null, locale: UiLocale): void {
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // storage full or blocked: the choice lasts for this page only
  }
}
