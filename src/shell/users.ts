// The few /etc/passwd lookups the shell makes (\u in the prompt, ~user, completion of ~names),
// read as NSS "files" does, on each call: a user added a moment ago is seen at once.
import type { FileSystem } from '../os/fs/types.ts';

export interface PasswdUser {
  readonly name: string;
  readonly uid: number;
  readonly home: string;
}

export function passwdUsers(fs: FileSystem): PasswdUser[] {
  const r = fs.readFile('/etc/passwd', { uid: 0, gid: 0, groups: [] });
  if (!r.ok) return [];
  const out: PasswdUser[] = [];
  for (const line of new TextDecoder().decode(r.value).split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || f[0] === '' || !/^\d+$/.test(f[2])) continue;
    out.push({ name: f[0], uid: Number(f[2]), home: f[5] });
  }
  return out;
}
