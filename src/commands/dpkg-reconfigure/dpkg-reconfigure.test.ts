// dpkg-reconfigure postfix after an install, driven from a terminal: the readline frontend's
// transcript against the fidelity recording (C and French), the dialog frontend's first
// screen, the answers written back to main.cf, and the refusals.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import { POSTFIX_TEMPLATES } from '../../os/packages/data/templates/postfix.ts';
import { aptGet } from '../apt/apt-get.ts';
import { denyServiceStarts, packageHost, ROOT } from '../testing/package-host.ts';
import type { TestHost } from '../testing/host-run.ts';
import { VtScreen } from '../testing/vt.ts';
import { dpkgReconfigure } from './dpkg-reconfigure.ts';

const fidelity = (name: string): string => readFileSync(new URL(`../../../../shared/fidelity/smtp/debconf/${name}`, import.meta.url), 'utf8');

/** The host of the recordings: postfix installed with Internet Site / mail128.com, daemons kept stopped. */
async function recordedHost(): Promise<TestHost> {
  const t = packageHost({}, 'vm');
  denyServiceStarts(t);
  const db = DebconfDb.load(t.host.fs);
  db.loadTemplates('postfix', POSTFIX_TEMPLATES);
  db.preseed('postfix', 'postfix/main_mailer_type', 'select', 'Internet Site');
  db.preseed('postfix', 'postfix/mailname', 'string', 'mail128.com');
  db.save(t.host.fs);
  await t.run(aptGet, ['apt-get', 'install', '-y', 'postfix'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  return t;
}

function screenText(bytes: readonly Uint8Array[], cols = 80): string[] {
  const vt = new VtScreen(cols, 400);
  for (const b of bytes) vt.write(b);
  return vt.lines();
}

describe('dpkg-reconfigure postfix, readline frontend', () => {
  let t: TestHost;
  beforeEach(async () => {
    t = await recordedHost();
    // The recording machine's .proto files differed from the shipped ones.
    t.host.fs.writeFile('/etc/postfix/main.cf.proto', '# edited\n', ROOT);
    t.host.fs.writeFile('/etc/postfix/master.cf.proto', '# edited\n', ROOT);
  });

  for (const [lang, file, last] of [
    ['C.UTF-8', 'dpkg-reconfigure_postfix_readline_C.txt', 'Internet protocols to use: 1'],
    ['fr_FR.UTF-8', 'dpkg-reconfigure_postfix_readline_fr.txt', 'Protocoles internet à utiliser : 1'],
  ] as const) {
    it(`asks every question as the recording shows (${lang}), Enter keeping each answer`, async () => {
      const r = await t.run(dpkgReconfigure, ['dpkg-reconfigure', 'postfix'], {
        tty: { columns: 80, rows: 24 },
        env: { LANG: lang, TERM: 'xterm', DEBIAN_FRONTEND: 'readline' },
        keys: Array(12).fill('\r'),
      });
      expect(r.code).toBe(0);
      const got = screenText(r.screenBytes);
      const want = fidelity(file).split('\n');
      const end = want.indexOf(last);
      const start = want.findIndex((l) => l === 'Postfix Configuration');
      const gotStart = got.findIndex((l) => l === 'Postfix Configuration');
      expect(gotStart).toBeGreaterThanOrEqual(0);
      expect(got.slice(gotStart, gotStart + end - start + 1).join('\n')).toBe(want.slice(start, end + 1).join('\n'));
      // The preinst lines come first, as in the recording (C only shows them: same lines).
      if (lang === 'C.UTF-8') expect(got.slice(0, 2)).toEqual(want.slice(0, 2));
    });
  }

  it('writes the answers back: destinations expanded, as the recording diff shows', async () => {
    await t.run(dpkgReconfigure, ['dpkg-reconfigure', 'postfix'], {
      tty: { columns: 80, rows: 24 },
      env: { LANG: 'C.UTF-8', TERM: 'xterm', DEBIAN_FRONTEND: 'readline' },
      keys: Array(12).fill('\r'),
    });
    expect(t.read('/etc/postfix/main.cf')).toContain('\nmydestination = vm, mail128.com, vm, localhost.localdomain, localhost\n');
  });
});

describe('dpkg-reconfigure refusals', () => {
  it('must be run as root', async () => {
    const t = packageHost();
    const user = t.read('/etc/passwd').split('\n').find((l) => /:1000:/.test(l))?.split(':')[0] ?? 'nobody';
    const r = await t.run(dpkgReconfigure, ['dpkg-reconfigure', 'postfix'], { user });
    expect(r.stderr).toBe('/usr/sbin/dpkg-reconfigure must be run as root\n');
    expect(r.code).toBe(1);
  });

  it('a package that is not installed', async () => {
    const t = packageHost();
    const r = await t.run(dpkgReconfigure, ['dpkg-reconfigure', 'postfix']);
    expect(r.stderr).toBe('/usr/sbin/dpkg-reconfigure: postfix is not installed\n');
    expect(r.code).toBe(1);
  });
});

describe('dpkg-reconfigure postfix, dialog frontend on a terminal', () => {
  it('shows the first screen of the recording, then the menu', async () => {
    const t = await recordedHost();
    const r = await t.run(dpkgReconfigure, ['dpkg-reconfigure', 'postfix'], {
      tty: { columns: 80, rows: 24 },
      env: { LANG: 'C.UTF-8', TERM: 'xterm' },
      keys: [],
    });
    const vt = new VtScreen(80, 24);
    for (const b of r.screenBytes) vt.write(b);
    const norm = (s: string): string => s.split('\n').map((l) => l.replace(/ +$/, '')).join('\n').replace(/\n+$/, '');
    expect(norm(vt.text())).toBe(norm(fidelity('dialog_C_screen01.txt')));
  });
});
