// The French catalogue of net-tools 2.10 (/usr/share/locale/fr/LC_MESSAGES/net-tools.mo on
// Debian 12), for the messages route, netstat, arp and ifconfig print here: a host whose LANG is
// fr_FR.UTF-8 shows `Table de routage IP du noyau`. Messages the catalogue lacks stay English,
// as they do on Debian (the ifconfig details, "Unknown host", the ioctl errors).
import type { Process } from '../../os/program.ts';
import { localeOf } from './locale.ts';

const FR: Record<string, string> = {
  'Kernel IP routing table\n': 'Table de routage IP du noyau\n',
  'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n': 'Destination     Passerelle      Genmask         Indic Metric Ref    Use Iface\n',
  'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n': 'Destination     Passerelle      Genmask         Indic   MSS Fenêtre irtt Iface\n',
  'Kernel Interface table\n': "Table d'interfaces noyau\n",
  'Active Internet connections ': 'Connexions Internet actives ',
  'Active UNIX domain sockets ': 'Sockets du domaine UNIX actives',
  '(only servers)': '(seulement serveurs)',
  '(servers and established)': '(serveurs et établies)',
  '(w/o servers)': '(sans serveurs)',
  '\nProto Recv-Q Send-Q Local Address           Foreign Address         State      ': '\nProto Recv-Q Send-Q Adresse locale          Adresse distante        Etat       ',
  '\nProto RefCnt Flags       Type       State         I-Node': '\nProto RefCpt Indicatrs   Type       Etat          I-Node',
  '(No info could be read for "-p": geteuid()=%d but you should be root.)\n': '(Pas d\'infos lues pour "-p": geteuid()=%d mais vous devez être root.)\n',
  '(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n':
    '(Tous les processus ne peuvent être identifiés, les infos sur les processus\nnon possédés ne seront pas affichées, vous devez être root pour les voir toutes.)\n',
  'Address                  HWtype  HWaddress           Flags Mask            Iface\n': 'Adresse                  TypeMap AdresseMat          Indicateurs           Iface\n',
  'No ARP entry for %s\n': "Pas d'entrée ARP pour %s\n",
  'arp: need host name\n': "arp: nécessite un nom d'hôte\n",
  '%s: error fetching interface information: %s\n': "%s: erreur lors de la recherche d'infos sur l'interface: %s\n",
  'route: bogus netmask %s\n': 'route: netmask bogué %s\n',
  "route: netmask doesn't match route address\n": "route: netmask ne correspond pas à l'adresse de route\n",
};

/** gettext for net-tools: the French text when the process's LC_MESSAGES is French; %s/%d filled in order. */
export function netToolsText(proc: Process, msgid: string, ...args: readonly (string | number)[]): string {
  const fmt = localeOf(proc.env, 'LC_MESSAGES').fr ? (FR[msgid] ?? msgid) : msgid;
  let i = 0;
  return fmt.replace(/%[sd]/g, () => String(args[i++] ?? ''));
}
