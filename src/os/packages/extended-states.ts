// /var/lib/apt/extended_states: which packages apt installed only as dependencies
// ("Auto-Installed: 1"), what `apt autoremove` and `apt list --installed` ([automatic]) read.
import type { Credentials, FileSystem } from '../fs/types.ts';
import { field, formatStanzas, parseStanzas } from './deb822.ts';

export const EXTENDED_STATES = '/var/lib/apt/extended_states';
const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };

export function readAutoInstalled(fs: FileSystem): Set<string> {
  const r = fs.readFile(EXTENDED_STATES, ROOT);
  const out = new Set<string>();
  if (!r.ok) return out;
  for (const st of parseStanzas(new TextDecoder().decode(r.value))) {
    const name = field(st, 'Package');
    if (name !== undefined && field(st, 'Auto-Installed') === '1') out.add(name);
  }
  return out;
}

export function writeAutoInstalled(fs: FileSystem, auto: ReadonlySet<string>, arch: (name: string) => string): void {
  const names = [...auto].sort();
  const text = formatStanzas(names.map((n) => [['Package', n], ['Architecture', arch(n)], ['Auto-Installed', '1']] as [string, string][]));
  fs.mkdir('/var/lib/apt', ROOT, { parents: true, mode: 0o755 });
  fs.writeFile(EXTENDED_STATES, text, ROOT, { mode: 0o644 });
}
