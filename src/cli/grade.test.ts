// `netsim grade` on labs exported as the page exports them (JSON of snapshotLab): two students
// with their own X, one who did the work and one who did not, plus a corrupted file, a missing
// one and a lab of another scenario. The table, the CSV and the exit status.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, Simulation } from '../sim/index.ts';
import { snapshotLab } from '../sim/lab-snapshot.ts';
import { nodeYield } from './node-yield.ts';
import { SECOND } from '../engine/time.ts';
import { grade } from './grade.ts';
import type { Io } from './io.ts';

const SCENARIO = `name: TP notes
locale: fr
params:
  X: { default: 10, min: 1, max: 50 }
networks: [ { name: lan } ]
hosts:
  - name: PC
    interfaces: [ { name: eth0, network: lan, address: "10.0.0.{{X}}/24" } ]
steps:
  - id: compte
    title: { fr: "Créer le compte eleve{{X}}", en: "Create the account eleve{{X}}" }
    check: { host: PC, user: "eleve{{X}}" }
  - id: fichier
    title: { fr: "Écrire /tmp/tp", en: "Write /tmp/tp" }
    check: { host: PC, file: /tmp/tp, contains: "poste {{X}}" }
  - id: adresse
    title: Adresse
    check: { host: PC, address: "10.0.0.{{X}}" }
`;

const dir = mkdtempSync(join(tmpdir(), 'netsim-grade-'));

/** Boots the scenario with X, runs `commands` as root, exports the lab as the page does. */
async function exportLab(name: string, x: number, commands: string | null, scenarioText = SCENARIO): Promise<string> {
  const loaded = loadScenario(scenarioText, 'tp.yaml', { X: x });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const sim = new Simulation(loaded.scenario, { seed: x });
  await sim.boot(nodeYield);
  if (commands !== null) {
    const child = sim.host('PC').machine.spawn(['sh', '-c', commands], { cwd: '/root' });
    if ('error' in child) throw new Error('spawn');
    let done = false;
    void child.wait().then(() => (done = true));
    for (let i = 0; i < 100 && !done; i++) {
      sim.runFor(SECOND / 10);
      await nodeYield();
    }
  }
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(snapshotLab(sim, { text: scenarioText, file: 'tp.yaml', params: { X: x } })));
  return file;
}

function capture(): Io & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (t) => void out_.push(t), err: (t) => void err_.push(t) };
}

describe('netsim grade', () => {
  it('prints one row per lab, with its params and steps, as a table and as CSV', async () => {
    const scenario = join(dir, 'tp.yaml');
    writeFileSync(scenario, SCENARIO);
    const alice = await exportLab('eleve-12.json', 12, 'useradd eleve12 && echo "poste 12" > /tmp/tp');
    const bob = await exportLab('eleve-7.json', 7, null);
    const corrupt = join(dir, 'casse.json');
    writeFileSync(corrupt, '{"format":"netsim-lab","version":1,"source":');
    const other = await exportLab('autre.json', 5, null, SCENARIO.replace('name: TP notes', 'name: Autre TP'));
    const missing = join(dir, 'absent.json');

    const io = capture();
    const status = await grade([scenario, alice, bob, corrupt, other, missing], io);
    expect(status).toBe(1);
    expect(io.err_).toEqual([]);
    // File names are printed as given (here under a temporary directory): columns stay aligned.
    const table = io.out_.join('\n');
    const [head, first] = table.split('\n');
    expect(first.indexOf('✓')).toBe(head.indexOf('compte'));
    expect(first.indexOf('3/3')).toBe(head.indexOf('faites'));
    const short = (t: string) => t.replaceAll(dir + '/', '').replace(/(\S) +/g, '$1 ');
    expect(short(table)).toBe(
      [
        'fichier X compte fichier adresse faites',
        'eleve-12.json 12 ✓ ✓ ✓ 3/3',
        'eleve-7.json 7 ✗ ✗ ✓ 1/3',
        'casse.json erreur: not a netsim lab file (not JSON)',
        'autre.json 5 erreur: a lab of another scenario ("Autre TP")',
        'absent.json erreur: cannot read: no such file',
        '',
        'étapes:',
        '  compte Créer le compte eleve10',
        '  fichier Écrire /tmp/tp',
        '  adresse Adresse',
      ].join('\n'),
    );

    const csv = capture();
    expect(await grade([scenario, alice, bob, corrupt, '--csv'], csv)).toBe(1);
    expect(csv.out_.join('\n').replaceAll(dir + '/', '')).toBe(
      [
        'file,X,compte,fichier,adresse,done,total,error',
        'eleve-12.json,12,1,1,1,3,3,',
        'eleve-7.json,7,0,0,1,1,3,',
        'casse.json,,,,,,3,not a netsim lab file (not JSON)',
      ].join('\n'),
    );

    const en = capture();
    expect(await grade([scenario, alice, '--lang', 'en'], en)).toBe(0);
    expect(short(en.out_.join('\n'))).toBe(
      ['file X compte fichier adresse done', 'eleve-12.json 12 ✓ ✓ ✓ 3/3', '', 'steps:', '  compte Create the account eleve10', '  fichier Write /tmp/tp', '  adresse Adresse'].join('\n'),
    );
  }, 120_000);

  it('gives damaged, foreign and newer lab files a row with the reason, and grades the rest', async () => {
    const scenario = join(dir, 'tp2.yaml');
    writeFileSync(scenario, SCENARIO);
    const files: [string, string][] = [
      ['vide.json', ''],
      ['liste.json', '[]'],
      ['autre-format.json', '{"format":"pcap"}'],
      ['futur.json', '{"format":"netsim-lab","version":99}'],
      ['tronque.json', '{"format":"netsim-lab","version":1,"source":{"text":"x","file":"x","params":{}}}'],
      ['binaire.json', '\u0000\u00ff'.repeat(10_000)],
    ];
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
    const io = capture();
    expect(await grade(['--csv', scenario, ...files.map(([name]) => join(dir, name))], io)).toBe(1);
    expect(io.out_.join('\n').replaceAll(dir + '/', '').split('\n').slice(1)).toEqual([
      'vide.json,,,,,,3,not a netsim lab file (not JSON)',
      'liste.json,,,,,,3,not a netsim lab file',
      'autre-format.json,,,,,,3,not a netsim lab file',
      'futur.json,,,,,,3,"lab saved by an incompatible version of netsim (format 99, this one reads 1)"',
      'tronque.json,,,,,,3,damaged netsim lab file',
      'binaire.json,,,,,,3,not a netsim lab file (not JSON)',
    ]);
  });

  it('refuses a bad command line with the usage, and reports an unreadable scenario', async () => {
    const io = capture();
    expect(await grade([], io)).toBe(2);
    expect(io.err_[0]).toMatch(/^netsim grade: no scenario file given\nUsage: netsim grade /);
    expect(await grade(['tp.yaml'], io)).toBe(2);
    expect(io.err_[1]).toMatch(/^netsim grade: no lab export given/);
    expect(await grade(['tp.yaml', 'a.json', '--lang', 'de'], io)).toBe(2);
    expect(io.err_[2]).toBe("netsim grade: --lang expects fr or en, not 'de'");
    expect(await grade(['tp.yaml', 'a.json', '--tsv'], io)).toBe(2);
    expect(io.err_[3]).toMatch(/^netsim grade: unknown option '--tsv'/);
    expect(await grade([join(dir, 'nope.yaml'), 'a.json'], io)).toBe(1);
    expect(io.err_[4]).toMatch(/^netsim grade: cannot read '.*nope\.yaml': no such file$/);
  });
});
