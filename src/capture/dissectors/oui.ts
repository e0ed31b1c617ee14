// Manufacturer names for MAC addresses, as Wireshark prints them (`HewlettP_c0:4f:68`): the short
// name from its `manuf` file (built from the IEEE OUI registry) and the last three octets.
// A small table of the NICs students meet; unknown OUIs print raw, as Wireshark does.
import { formatMac, isBroadcastMac, type Mac } from '../../wire/addr.ts';

const TWO_24 = 0x1000000;

/** OUI (first three octets) -> Wireshark short name, from /usr/share/wireshark/manuf (4.0). */
export const OUI_NAMES: ReadonlyMap<number, string> = new Map([
  [0x000000, '00:00:00'], // "Officially Xerox, but 0:0:0:0:0:0 is more common"
  [0x000c29, 'VMware'],
  [0x005056, 'VMware'],
  [0x080027, 'PcsCompu'], // VirtualBox
  [0x525400, 'RealtekU'], // QEMU/KVM
  [0x00163e, 'Xensourc'],
  [0x001c42, 'Parallel'],
  [0x00e04c, 'RealtekS'],
  [0x001b21, 'IntelCor'],
  [0x18a905, 'HewlettP'],
  [0x3c5282, 'HewlettP'],
  [0x80c16e, 'HewlettP'],
  [0x5cd998, 'D-Link'],
  [0x000d56, 'Dell'],
  [0x001422, 'Dell'],
  [0x0015c5, 'Dell'],
  [0x001aa0, 'Dell'],
  [0xf48e38, 'Dell'],
  [0x002590, 'SuperMic'],
  [0xb827eb, 'Raspberr'],
  [0xdca632, 'Raspberr'],
]);

/** The address as Wireshark's "resolved" column shows it: `Broadcast`, `Dell_e0:fc:04`, or raw. */
export function resolveMac(mac: Mac): string {
  let known = resolved.get(mac);
  if (known === undefined) {
    // A capture has few distinct cards and names every one on every frame: remember them.
    if (resolved.size > 4096) resolved.clear();
    known = resolveUncached(mac);
    resolved.set(mac, known);
  }
  return known;
}

const resolved = new Map<Mac, string>();
const withRaw = new Map<Mac, string>();

function resolveUncached(mac: Mac): string {
  if (isBroadcastMac(mac)) return 'Broadcast';
  const raw = formatMac(mac);
  const name = OUI_NAMES.get(Math.floor(mac / TWO_24));
  return name === undefined ? raw : `${name}_${raw.slice(9)}`;
}

/** `Name (aa:bb:cc:dd:ee:ff)`, the form of every MAC line in the detail tree. */
export function macWithRaw(mac: Mac): string {
  let known = withRaw.get(mac);
  if (known === undefined) {
    if (withRaw.size > 4096) withRaw.clear();
    known = `${resolveMac(mac)} (${formatMac(mac)})`;
    withRaw.set(mac, known);
  }
  return known;
}
