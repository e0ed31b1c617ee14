// A machine booting from a saved disk: its service manager learns the units of the packages the
// disk says are installed, as systemd reads /lib/systemd/system at boot (dpkg registered them
// when the packages were configured, in the machine's first life).
import type { FileSystem } from '../fs/types.ts';
import type { ServiceManager } from '../services/service-manager.ts';
import { UNIT_DIR, normalizeUnitName } from '../services/unit.ts';
import { bookworm } from './catalogue.ts';
import { DpkgDb } from './dpkg-db.ts';

const ROOT = { uid: 0, gid: 0, groups: [0] };

export function registerInstalledUnits(fs: FileSystem, services: ServiceManager): void {
  const catalogue = bookworm();
  for (const entry of DpkgDb.load(fs).list()) {
    if (entry.state !== 'installed') continue;
    for (const unit of catalogue.get(entry.name)?.units ?? []) {
      // Only units whose file is on the disk: what systemd would find in /lib/systemd/system.
      if (fs.stat(`${UNIT_DIR}/${normalizeUnitName(unit.name)}`, ROOT).ok) services.register(unit);
    }
  }
}
