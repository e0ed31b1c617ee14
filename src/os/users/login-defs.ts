// /etc/login.defs (login.defs(5)): "NAME value" lines read by useradd, passwd, su and login.

export interface LoginDefs {
  readonly uidMin: number;
  readonly uidMax: number;
  readonly gidMin: number;
  readonly gidMax: number;
  readonly sysUidMin: number;
  readonly sysUidMax: number;
  readonly sysGidMin: number;
  readonly sysGidMax: number;
  readonly passMaxDays: number;
  readonly passMinDays: number;
  readonly passWarnAge: number;
  readonly umask: number;
  readonly usergroupsEnab: boolean;
  readonly mailDir: string;
  readonly envPath: string;
  readonly envSupath: string;
  /** Every NAME value pair as written. */
  readonly raw: ReadonlyMap<string, string>;
}

/** The defaults of shadow 4.13 when a key is absent (SYS_* derived from UID_MIN as useradd does). */
export function parseLoginDefs(text: string): LoginDefs {
  const raw = new Map<string, string>();
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const m = /^(\S+)\s+(.*)$/.exec(t);
    if (m) raw.set(m[1], m[2].trim().replace(/^"(.*)"$/, '$1'));
  }
  const num = (k: string, def: number) => {
    const v = raw.get(k);
    if (v === undefined) return def;
    const n = /^0[0-7]*$/.test(v) ? parseInt(v, 8) : /^\d+$/.test(v) ? Number(v) : NaN;
    return Number.isNaN(n) ? def : n;
  };
  const uidMin = num('UID_MIN', 1000);
  const gidMin = num('GID_MIN', 1000);
  return {
    uidMin,
    uidMax: num('UID_MAX', 60000),
    gidMin,
    gidMax: num('GID_MAX', 60000),
    sysUidMin: num('SYS_UID_MIN', 101),
    sysUidMax: num('SYS_UID_MAX', uidMin - 1),
    sysGidMin: num('SYS_GID_MIN', 101),
    sysGidMax: num('SYS_GID_MAX', gidMin - 1),
    passMaxDays: num('PASS_MAX_DAYS', 99999),
    passMinDays: num('PASS_MIN_DAYS', 0),
    passWarnAge: num('PASS_WARN_AGE', 7),
    umask: num('UMASK', 0o22),
    usergroupsEnab: (raw.get('USERGROUPS_ENAB') ?? 'yes') === 'yes',
    mailDir: raw.get('MAIL_DIR') ?? '/var/mail',
    envPath: (raw.get('ENV_PATH') ?? 'PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games').replace(/^PATH=/, ''),
    envSupath: (raw.get('ENV_SUPATH') ?? 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin').replace(/^PATH=/, ''),
    raw,
  };
}
