// Conformance of the shell as /bin/sh: each script was run by real dash 0.5.12 (Debian 12's
// /bin/sh) as `sh -c SCRIPT` on a pseudo-terminal, cwd /root, and its output recorded here.
import { describe, it, expect } from 'vitest';
import { ShellMachine } from './testing/harness.ts';

const nodeYield = () => new Promise<void>((resolve) => setImmediate(resolve));

const CASES: { script: string; stdout: string; stderr: string; status: number }[] = [
  {"script": "foo", "stdout": "", "stderr": "sh: 1: foo: not found\n", "status": 127},
  {"script": "foo; echo $?", "stdout": "127\n", "stderr": "sh: 1: foo: not found\n", "status": 0},
  {"script": "/no/such/path; echo $?", "stdout": "127\n", "stderr": "sh: 1: /no/such/path: not found\n", "status": 0},
  {"script": "echo \"a\\nb\\tc\"", "stdout": "a\nb\tc\n", "stderr": "", "status": 0},
  {"script": "echo -n x; echo -e y", "stdout": "x-e y\n", "stderr": "", "status": 0},
  {"script": "echo 'a\\c'; echo after", "stdout": "aafter\n", "stderr": "", "status": 0},
  {"script": "cd /nonexistent; echo $?", "stdout": "2\n", "stderr": "sh: 1: cd: can't cd to /nonexistent\n", "status": 0},
  {"script": "cat < /tmp/shc/nofile; echo $?", "stdout": "2\n", "stderr": "sh: 1: cannot open /tmp/shc/nofile: No such file\n", "status": 0},
  {"script": "echo x > /nonexistentdir/f; echo $?", "stdout": "2\n", "stderr": "sh: 1: cannot create /nonexistentdir/f: Directory nonexistent\n", "status": 0},
  {"script": "echo ${x!}", "stdout": "", "stderr": "sh: 1: Bad substitution\n", "status": 2},
  {"script": "echo $((1/0))", "stdout": "", "stderr": "sh: 1: arithmetic expression: division by zero: \"1/0\"\n", "status": 2},
  {"script": "if", "stdout": "", "stderr": "sh: 1: Syntax error: end of file unexpected (expecting \"then\")\n", "status": 2},
  {"script": "echo a; fi", "stdout": "", "stderr": "sh: 1: Syntax error: \"fi\" unexpected\n", "status": 2},
  {"script": "echo 'abc", "stdout": "", "stderr": "sh: 1: Syntax error: Unterminated quoted string\n", "status": 2},
  {"script": "set -u; echo $zz", "stdout": "", "stderr": "sh: 1: zz: parameter not set\n", "status": 2},
  {"script": "echo ${x:?}", "stdout": "", "stderr": "sh: 1: x: parameter not set or null\n", "status": 2},
  {"script": "x=1; readonly x; x=2; echo after", "stdout": "", "stderr": "sh: 1: x: is read only\n", "status": 2},
  {"script": "shift 5; echo $?", "stdout": "", "stderr": "sh: 1: shift: can't shift that many\n", "status": 2},
  {"script": "type ls_nope; echo $?", "stdout": "ls_nope: not found\n127\n", "stderr": "", "status": 0},
  {"script": "type cd", "stdout": "cd is a shell builtin\n", "stderr": "", "status": 0},
  {"script": "source /tmp/x", "stdout": "", "stderr": "sh: 1: source: not found\n", "status": 127},
  {"script": "exit abc", "stdout": "", "stderr": "sh: 1: exit: Illegal number: abc\n", "status": 2},
  {"script": "kill 999999", "stdout": "", "stderr": "sh: 1: kill: No such process\n\n", "status": 1},
  {"script": "kill %3", "stdout": "", "stderr": "sh: 1: kill: No such job: %3\n", "status": 2},
  {"script": "for i in 1 2; do echo $i; done", "stdout": "1\n2\n", "stderr": "", "status": 0},
  {"script": "f() { echo in f $1; }; f a", "stdout": "in f a\n", "stderr": "", "status": 0},
  {"script": "x=5; echo $((x*2)) ${#x}", "stdout": "10 1\n", "stderr": "", "status": 0},
  {"script": "[ 1 -eq a ]; echo $?", "stdout": "2\n", "stderr": "sh: 1: [: Illegal number: a\n", "status": 0},
  {"script": "local x", "stdout": "", "stderr": "sh: 1: local: not in a function\n", "status": 2},
  {"script": "echo $0", "stdout": "sh\n", "stderr": "", "status": 0},
  {"script": "export A=1; export -p | grep A=", "stdout": "export A='1'\n", "stderr": "", "status": 0},
  {"script": "printf \"%s\\n\" a b", "stdout": "a\nb\n", "stderr": "", "status": 0},
  {"script": "read a b <<EOF\none two three\nEOF\necho \"$a|$b\"", "stdout": "one|two three\n", "stderr": "", "status": 0},
  {"script": "cat <<EOF\n$HOME\nEOF", "stdout": "/root\n", "stderr": "", "status": 0},
];

describe('sh (dash dialect) conformance (recorded from dash 0.5.12)', () => {
  const machine = new ShellMachine(nodeYield);
  machine.fs.mkdir('/tmp/shc', { uid: 0, gid: 0, groups: [0] });
  for (const c of CASES) {
    it(c.script.replace(/\n/g, '⏎'), async () => {
      const got = await machine.sh(c.script);
      expect(got).toEqual({ stdout: c.stdout, stderr: c.stderr, status: c.status });
    });
  }
});
