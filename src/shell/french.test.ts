// bash in French (LANG=fr_FR.UTF-8, as the lab's hosts with `locale: fr`): each script was run
// by real bash 5.2.15 with Debian 12's French catalogues, `bash -c SCRIPT` on a pseudo-terminal.
import { describe, it, expect } from 'vitest';
import { ShellMachine } from './testing/harness.ts';

const nodeYield = () => new Promise<void>((resolve) => setImmediate(resolve));

const CASES: { script: string; stdout: string; stderr: string; status: number }[] = [
  {"script": "foo", "stdout": "", "stderr": "bash: ligne 1: foo : commande introuvable\n", "status": 127},
  {"script": "cd /nonexistent", "stdout": "", "stderr": "bash: ligne 1 : cd: /nonexistent: Aucun fichier ou dossier de ce type\n", "status": 1},
  {"script": "cat < /tmp/shc/nofile", "stdout": "", "stderr": "bash: ligne 1: /tmp/shc/nofile: Aucun fichier ou dossier de ce type\n", "status": 1},
  {"script": "echo ${x!}", "stdout": "", "stderr": "bash: ligne 1: ${x!} : mauvaise substitution\n", "status": 1},
  {"script": "echo $((1/0))", "stdout": "", "stderr": "bash: ligne 1: 1/0 : division par 0 (le symbole erroné est « 0 »)\n", "status": 1},
  {"script": "echo a; fi", "stdout": "", "stderr": "bash: -c: ligne 1: erreur de syntaxe près du symbole inattendu « fi »\nbash: -c: ligne 1: `echo a; fi'\n", "status": 2},
  {"script": "echo 'abc", "stdout": "", "stderr": "bash: -c: ligne 1: fin de fichier (EOF) prématurée lors de la recherche du « ' » correspondant\n", "status": 2},
  {"script": "kill 999999; kill %3", "stdout": "", "stderr": "bash: ligne 1 : kill: (999999) - Aucun processus de ce type\nbash: ligne 1 : kill: %3 : tâche inexistante\n", "status": 1},
  {"script": "exit abc", "stdout": "", "stderr": "bash: ligne 1 : exit: abc : argument numérique nécessaire\n", "status": 2},
  {"script": "type nope; type cd", "stdout": "cd est une primitive du shell\n", "stderr": "bash: ligne 1 : type: nope : non trouvé\n", "status": 0},
  {"script": "set -u; echo $zz", "stdout": "", "stderr": "bash: ligne 1: zz : variable sans liaison\n", "status": 127},
  {"script": "x=1; readonly x; x=2", "stdout": "", "stderr": "bash: ligne 1: x : variable en lecture seule\n", "status": 1},
  {"script": "[ 1 -eq a ]; [ a b ]", "stdout": "", "stderr": "bash: ligne 1 : [: a : nombre entier attendu comme expression\nbash: ligne 1 : [: a : opérateur unaire attendu\n", "status": 2},
  {"script": "sleep 1 & kill %1; wait; jobs", "stdout": "", "stderr": "", "status": 0},
];

describe('bash messages in French (recorded from bash 5.2.15, fr_FR.UTF-8)', () => {
  const machine = new ShellMachine(nodeYield);
  machine.fs.mkdir('/tmp/shc', { uid: 0, gid: 0, groups: [0] });
  for (const c of CASES) {
    it(c.script, async () => {
      const got = await machine.bash(c.script, { env: { LANG: 'fr_FR.UTF-8' } });
      expect(got).toEqual({ stdout: c.stdout, stderr: c.stderr, status: c.status });
    });
  }
});
