// MAC addresses for interfaces a scenario leaves unspecified. Real vendor OUIs (the ones the seed
// captures show: Hewlett Packard, D-Link, Dell) so Wireshark names them as in the lab room; the
// rest of the address comes from the simulation's seeded RNG, so it is stable for a given seed.
import type { Rng } from '../engine/rng.ts';
import type { Mac } from '../wire/addr.ts';

const LAB_OUIS = [0x18a905 /* HewlettP */, 0x5cd998 /* D-Link */, 0x0015c5 /* Dell */, 0x80c16e /* HewlettP */];

export function generateMac(rng: Rng): Mac {
  const oui = LAB_OUIS[rng.int(0, LAB_OUIS.length - 1)];
  return oui * 0x1000000 + (rng.nextU32() & 0xffffff);
}
