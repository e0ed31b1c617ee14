// /etc/adduser.conf (adduser.conf(5), adduser 3.134 of Debian 12): shell-style VAR=value lines;
// everything commented out in Debian's file, so the defaults below are what adduser uses.

export interface AdduserConfig {
  readonly dshell: string;
  readonly dhome: string;
  readonly skel: string;
  readonly firstSystemUid: number;
  readonly lastSystemUid: number;
  readonly firstSystemGid: number;
  readonly lastSystemGid: number;
  readonly firstUid: number;
  readonly lastUid: number;
  readonly firstGid: number;
  readonly lastGid: number;
  readonly usergroups: boolean;
  readonly usersGroup: string;
  readonly usersGid: number | null;
  readonly dirMode: number;
  readonly sysDirMode: number;
  readonly nameRegex: string;
  readonly extraGroups: readonly string[];
  readonly addExtraGroups: boolean;
  readonly skelIgnoreRegex: string;
}

export const DEFAULT_ADDUSER_CONFIG: AdduserConfig = {
  dshell: '/bin/bash',
  dhome: '/home',
  skel: '/etc/skel',
  firstSystemUid: 100,
  lastSystemUid: 999,
  firstSystemGid: 100,
  lastSystemGid: 999,
  firstUid: 1000,
  lastUid: 59999,
  firstGid: 1000,
  lastGid: 59999,
  usergroups: true,
  usersGroup: 'users',
  usersGid: null,
  dirMode: 0o700,
  sysDirMode: 0o755,
  nameRegex: '^[a-z][-a-z0-9_]*\\$?$',
  extraGroups: ['users'],
  addExtraGroups: false,
  skelIgnoreRegex: '\\.(dpkg|ucf)-(old|new|dist|save)$',
};

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** Unknown keys and unparsable values are ignored (adduser warns and goes on with the default). */
export function parseAdduserConf(text: string): AdduserConfig {
  const vars = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    vars.set(line.slice(0, eq).trim().toUpperCase(), unquote(line.slice(eq + 1)));
  }
  const d = DEFAULT_ADDUSER_CONFIG;
  const str = (k: string, def: string) => vars.get(k) ?? def;
  const num = (k: string, def: number) => {
    const v = vars.get(k);
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : def;
  };
  const octal = (k: string, def: number) => {
    const v = vars.get(k);
    return v !== undefined && /^[0-7]{3,4}$/.test(v) ? parseInt(v, 8) : def;
  };
  const bool = (k: string, def: boolean) => {
    const v = vars.get(k);
    if (v === undefined) return def;
    return /^(yes|true|1)$/i.test(v) || (/^\d+$/.test(v) && v !== '0');
  };
  const usersGid = vars.get('USERS_GID');
  return {
    dshell: str('DSHELL', d.dshell),
    dhome: str('DHOME', d.dhome),
    skel: str('SKEL', d.skel),
    firstSystemUid: num('FIRST_SYSTEM_UID', d.firstSystemUid),
    lastSystemUid: num('LAST_SYSTEM_UID', d.lastSystemUid),
    firstSystemGid: num('FIRST_SYSTEM_GID', d.firstSystemGid),
    lastSystemGid: num('LAST_SYSTEM_GID', d.lastSystemGid),
    firstUid: num('FIRST_UID', d.firstUid),
    lastUid: num('LAST_UID', d.lastUid),
    firstGid: num('FIRST_GID', d.firstGid),
    lastGid: num('LAST_GID', d.lastGid),
    usergroups: bool('USERGROUPS', d.usergroups),
    usersGroup: str('USERS_GROUP', d.usersGroup),
    usersGid: usersGid !== undefined && /^\d+$/.test(usersGid) ? Number(usersGid) : d.usersGid,
    dirMode: octal('DIR_MODE', d.dirMode),
    sysDirMode: octal('SYS_DIR_MODE', d.sysDirMode),
    nameRegex: str('NAME_REGEX', d.nameRegex),
    extraGroups: vars.has('EXTRA_GROUPS') ? str('EXTRA_GROUPS', '').split(/\s+/).filter((g) => g !== '') : d.extraGroups,
    addExtraGroups: bool('ADD_EXTRA_GROUPS', d.addExtraGroups),
    skelIgnoreRegex: str('SKEL_IGNORE_REGEX', d.skelIgnoreRegex),
  };
}
