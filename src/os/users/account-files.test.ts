import { describe, it, expect } from 'vitest';
import { entries } from './colon-file.ts';
import { formatPasswd, gecosFullName, parsePasswd } from './passwd.ts';
import { formatGroup, parseGroup } from './group.ts';
import { formatShadow, parseShadow, daysSinceEpoch } from './shadow.ts';
import { formatGshadow, parseGshadow } from './gshadow.ts';

// Lines as a student's editor may leave them: comments, blank lines, a missing field, a
// non-numeric uid, a NIS '+' entry. They survive a rewrite verbatim and are skipped by lookups.
const PASSWD = `root:x:0:0:root:/root:/bin/bash
# a comment
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin

broken:x:1002:1002:/home/broken:/bin/sh
weird:x:01003:1003::/home/weird:/bin/sh
+nisuser::::::
etudiant:x:1001:1001:Toto,,,:/home/etudiant:/bin/sh
`;

describe('/etc/passwd', () => {
  it('round-trips byte for byte, junk lines included', () => {
    expect(formatPasswd(parsePasswd(PASSWD))).toBe(PASSWD);
    expect(formatPasswd(parsePasswd('root:x:0:0:root:/root:/bin/bash'))).toBe('root:x:0:0:root:/root:/bin/bash');
    expect(formatPasswd(parsePasswd(''))).toBe('');
  });

  it('parses only well-formed lines into entries', () => {
    const users = entries(parsePasswd(PASSWD));
    expect(users.map((u) => u.name)).toEqual(['root', 'daemon', 'etudiant']);
    expect(users[2]).toEqual({ name: 'etudiant', password: 'x', uid: 1001, gid: 1001, gecos: 'Toto,,,', home: '/home/etudiant', shell: '/bin/sh' });
  });

  it('writes back a changed entry (usermod -c) and keeps the rest', () => {
    const file = parsePasswd(PASSWD);
    entries(file).find((u) => u.name === 'etudiant')!.gecos = 'Etudiant';
    expect(formatPasswd(file)).toBe(PASSWD.replace('Toto,,,', 'Etudiant'));
  });

  it('takes the full name from a GECOS field', () => {
    expect(gecosFullName('Toto,,,')).toBe('Toto');
    expect(gecosFullName('Jean Dupont,B12,0102,0304,x')).toBe('Jean Dupont');
    expect(gecosFullName('')).toBe('');
  });
});

describe('/etc/group', () => {
  const GROUP = 'root:x:0:\nmail:x:8:\nusers:x:100:etudiant,toto\nbad:x:abc:\nodd:x:5:a,,b\n';

  it('round-trips and parses members', () => {
    expect(formatGroup(parseGroup(GROUP))).toBe(GROUP);
    const groups = entries(parseGroup(GROUP));
    expect(groups.map((g) => g.name)).toEqual(['root', 'mail', 'users']);
    expect(groups[2].members).toEqual(['etudiant', 'toto']);
    expect(groups[0].members).toEqual([]);
  });

  it('adds a member as gpasswd -a does', () => {
    const file = parseGroup('users:x:100:\n');
    entries(file)[0].members.push('etudiant');
    expect(formatGroup(file)).toBe('users:x:100:etudiant\n');
  });
});

describe('/etc/shadow', () => {
  const SHADOW = 'root:$6$abc$def:19769:0:99999:7:::\nsystemd-network:!*:19769::::::\n#junk\nshort:x:1\n';

  it('round-trips and reads the day fields, empty ones as null', () => {
    expect(formatShadow(parseShadow(SHADOW))).toBe(SHADOW);
    const [root, sysd] = entries(parseShadow(SHADOW));
    expect(root).toMatchObject({ hash: '$6$abc$def', lastChange: 19769, minDays: 0, maxDays: 99999, warnDays: 7, inactiveDays: null, expireDay: null });
    expect(sysd).toMatchObject({ hash: '!*', lastChange: 19769, minDays: null });
  });

  it('counts days since the epoch as shadow does', () => {
    expect(daysSinceEpoch(Date.UTC(2023, 5, 10, 23, 59))).toBe(19518);
  });
});

describe('/etc/gshadow', () => {
  it('round-trips and splits administrators and members', () => {
    const text = 'root:*::\nusers:*::debian,etudiant\nadm:*:root:syslog\n';
    expect(formatGshadow(parseGshadow(text))).toBe(text);
    expect(entries(parseGshadow(text))[2]).toEqual({ name: 'adm', password: '*', admins: ['root'], members: ['syslog'] });
  });
});
