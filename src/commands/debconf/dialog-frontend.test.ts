// The Dialog frontend running postfix's config script must draw every screen exactly as the
// real debconf + whiptail do: against the fidelity recordings (80x24, C and French) and against
// screens of the real programs captured at other sizes (testdata/README.md). Only trailing
// spaces are normalized (tmux drops them).
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Confmodule } from '../../os/packages/debconf/confmodule.ts';
import { DebconfDb } from '../../os/packages/debconf/database.ts';
import { debconfLanguages } from '../../os/packages/debconf/template.ts';
import { POSTFIX_TEMPLATES } from '../../os/packages/data/templates/postfix.ts';
import { postfixConfig } from '../../os/packages/definitions/postfix-config.ts';
import type { Process, Terminal } from '../../os/program.ts';
import { testFs } from '../testing/test-fs.ts';
import { VtScreen } from '../testing/vt.ts';
import { runDialog } from '../whiptail/run-dialog.ts';
import type { DialogSpec } from '../whiptail/dialogs.ts';
import { DialogFrontend } from './dialog-frontend.ts';
import { dialogTexts } from './texts.ts';
import { wrapperFor } from './wrap.ts';

const fidelity = (name: string): string =>
  readFileSync(new URL(`../../../../shared/fidelity/smtp/debconf/${name}`, import.meta.url), 'utf8');
const testdata = new URL('./testdata/', import.meta.url);

function normalize(screen: string): string {
  const lines = screen.split('\n').map((l) => l.replace(/ +$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** Runs the config script through the Dialog frontend on a cols x rows terminal; one snapshot per box. */
async function screens(lang: string, cols: number, rows: number): Promise<string[]> {
  const env = new Map([['LANG', lang]]);
  const db = new DebconfDb();
  db.loadTemplates('postfix', POSTFIX_TEMPLATES);
  const values: Record<string, string> = {
    'postfix/main_mailer_type': 'Internet Site',
    'postfix/mailname': 'mail128.com',
    'postfix/destinations': 'vm, mail128.com, vm, localhost.localdomain, localhost',
    'postfix/root_address': '',
    'postfix/chattr': 'false',
    'postfix/mynetworks': '127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
    'postfix/mailbox_limit': '0',
    'postfix/recipient_delim': '+',
    'postfix/protocols': 'all',
  };
  for (const [k, v] of Object.entries(values)) {
    db.set(k, v);
    db.fset(k, 'seen', 'true');
  }
  db.fset('postfix/destinations', 'set', 'true');

  const vt = new VtScreen(cols, rows);
  const shots: string[] = [];
  const term: Terminal = {
    columns: cols,
    rows,
    canonical: true,
    echo: true,
    isig: true,
    name: 'pts/0',
    foregroundPgid: 1,
    setRaw(raw: boolean) {
      this.canonical = !raw;
    },
    onResize: { on: () => ({ dispose() {} }) },
  };
  let pending: string[] = [];
  const enc = new TextEncoder();
  const proc = {
    stdin: {
      tty: term,
      async read() {
        if (pending.length === 0) return null;
        return enc.encode(pending.shift()!);
      },
    },
    stdout: { tty: term, write: (d: string | Uint8Array) => vt.write(d), close() {} },
    stderr: { tty: term, write: (d: string | Uint8Array) => vt.write(d), close() {} },
  } as unknown as Process;
  const runner = {
    columns: cols,
    rows,
    run: async (spec: DialogSpec) => {
      pending = spec.kind === 'yesno' ? ['\r'] : ['\t', '\r'];
      const first = proc.stdin.read.bind(proc.stdin);
      let shot = false;
      (proc.stdin as { read: () => Promise<Uint8Array | null> }).read = async () => {
        if (!shot) {
          shots.push(vt.text());
          shot = true;
        }
        return first();
      };
      const r = await runDialog(proc, term, spec);
      (proc.stdin as { read: () => Promise<Uint8Array | null> }).read = first;
      return r;
    },
  };
  const fe = new DialogFrontend(runner, wrapperFor(env), dialogTexts(env));
  const d = new Confmodule({ db, frontend: fe, owner: 'postfix', priority: 'low', reshow: true, langs: debconfLanguages(env) });
  fe.title = 'Configuring postfix';
  await postfixConfig(d, { action: 'reconfigure', oldVersion: '3.7.11-0+deb12u1', fs: testFs(), hostname: 'vm', fqdn: () => 'vm' });
  return shots;
}

describe('debconf Dialog frontend over whiptail: dpkg-reconfigure postfix', () => {
  for (const [lang, tag] of [['C.UTF-8', 'C'], ['fr_FR.UTF-8', 'fr']] as const) {
    it(`draws the ten ${tag} screens of the fidelity recording at 80x24`, async () => {
      const got = await screens(lang, 80, 24);
      expect(got.length).toBe(10);
      for (let i = 0; i < 10; i++) {
        const want = normalize(fidelity(`dialog_${tag}_screen${String(i + 1).padStart(2, '0')}.txt`));
        expect(normalize(got[i])).toBe(want);
      }
    });
  }

  const sizes = readdirSync(testdata).filter((d) => /^(c|fr)\d+x\d+$/.test(d));
  for (const dir of sizes) {
    const m = /^(c|fr)(\d+)x(\d+)$/.exec(dir)!;
    const lang = m[1] === 'c' ? 'C.UTF-8' : 'fr_FR.UTF-8';
    it(`draws every screen as the real whiptail does at ${m[2]}x${m[3]} (${lang})`, async () => {
      const got = await screens(lang, Number(m[2]), Number(m[3]));
      const files = readdirSync(new URL(`${dir}/`, testdata)).filter((f) => /^screen\d+\.txt$/.test(f)).sort();
      expect(got.length).toBe(files.length);
      files.forEach((f, i) => {
        expect(normalize(got[i]), `${dir}/${f}`).toBe(normalize(readFileSync(new URL(`${dir}/${f}`, testdata), 'utf8')));
      });
    });
  }
});
