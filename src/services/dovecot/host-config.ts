// /etc/dovecot/dovecot.conf read from the host's file system with the reader's credentials (the
// master reads it as root; a user's doveconf cannot open ssl_key's file and fails as the real one).
import type { Credentials, FileSystem } from '../../os/fs/types.ts';
import { DOVECOT_CONF, fileValueError, parseDovecotConfig, type ParseResult } from './config.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [0] };
const dec = new TextDecoder();

export function loadHostConfig(fs: FileSystem, path = DOVECOT_CONF, cred: Credentials = ROOT): ParseResult {
  const parsed = parseDovecotConfig(
    {
      read: (p) => {
        const r = fs.readFile(p, ROOT);
        return r.ok ? dec.decode(r.value) : null;
      },
      list: (dir) => {
        const r = fs.readdir(dir, ROOT);
        return r.ok ? r.value.map((e) => e.name) : null;
      },
    },
    path,
  );
  if (!parsed.ok) return parsed;
  const err = fileValueError(parsed.root, (p) => {
    const r = fs.readFile(p, cred);
    if (r.ok) return null;
    return r.errno === 'ENOENT' || r.errno === 'ENOTDIR' ? 'ENOENT' : 'EACCES';
  });
  return err === null ? parsed : { ok: false, error: err };
}
