// Small stand-ins for coreutils used by the shell's tests, so they check the shell and not the
// commands (which have their own tests): cat, grep (fixed strings), wc -l, sleep, printenv,
// and `trapint`, which prints "got INT" on SIGINT and exits 0.
import type { Process, Program } from '../../os/program.ts';
import { SIGINT } from '../../os/program.ts';

const dec = new TextDecoder();

async function readAll(proc: Process): Promise<string> {
  let s = '';
  for (;;) {
    const c = await proc.stdin.read();
    if (c === null) return s;
    s += dec.decode(c);
  }
}

export const cat: Program = async (proc) => {
  const files = proc.argv.slice(1);
  if (files.length === 0) {
    for (;;) {
      const c = await proc.stdin.read();
      if (c === null) return 0;
      proc.stdout.write(c);
    }
  }
  let status = 0;
  for (const f of files) {
    const r = proc.host.fs.readFile(f, proc.cred, proc.cwd);
    if (!r.ok) {
      proc.stderr.write(`cat: ${f}: ${r.errno === 'ENOENT' ? 'No such file or directory' : r.errno}\n`);
      status = 1;
    } else proc.stdout.write(r.value);
  }
  return status;
};

export const grep: Program = async (proc) => {
  const args = proc.argv.slice(1);
  const invert = args[0] === '-v';
  const pattern = invert ? args[1] : args[0];
  const lines = (await readAll(proc)).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let found = false;
  for (const l of lines) {
    if (l.includes(pattern) !== invert) {
      proc.stdout.write(l + '\n');
      found = true;
    }
  }
  return found ? 0 : 1;
};

export const wc: Program = async (proc) => {
  const text = await readAll(proc);
  proc.stdout.write(`${(text.match(/\n/g) ?? []).length}\n`);
  return 0;
};

export const sleep: Program = async (proc) => {
  await proc.sleep(Number(proc.argv[1] ?? '1') * 1e9);
  return 0;
};

export const printenv: Program = async (proc) => {
  const names = proc.argv.slice(1);
  if (names.length === 0) {
    for (const [k, v] of proc.env) proc.stdout.write(`${k}=${v}\n`);
    return 0;
  }
  let status = 0;
  for (const n of names) {
    const v = proc.env.get(n);
    if (v === undefined) status = 1;
    else proc.stdout.write(v + '\n');
  }
  return status;
};

export const trapint: Program = (proc) =>
  new Promise<number>((resolve) => {
    proc.onSignal(SIGINT, () => {
      proc.stdout.write('got INT\n');
      resolve(0);
    });
  });

/** mkdir [-p] DIR... */
export const mkdir: Program = async (proc) => {
  const args = proc.argv.slice(1);
  const parents = args.includes('-p');
  for (const d of args.filter((a) => a !== '-p')) {
    const r = proc.host.fs.mkdir(d, proc.cred, { parents, cwd: proc.cwd });
    if (!r.ok && !(parents && r.errno === 'EEXIST')) {
      proc.stderr.write(`mkdir: cannot create directory '${d}': ${r.errno}\n`);
      return 1;
    }
  }
  return 0;
};

/** rm [-rf] PATH... (recursive removal of test trees). */
export const rm: Program = async (proc) => {
  const fs = proc.host.fs;
  const remove = (p: string): void => {
    const st = fs.lstat(p, proc.cred, proc.cwd);
    if (!st.ok) return;
    if (st.value.type === 'dir') {
      const entries = fs.readdir(p, proc.cred, proc.cwd);
      if (entries.ok) for (const e of entries.value) remove(`${p}/${e.name}`);
      fs.rmdir(p, proc.cred, proc.cwd);
    } else fs.unlink(p, proc.cred, proc.cwd);
  };
  for (const a of proc.argv.slice(1)) if (!a.startsWith('-')) remove(a);
  return 0;
};

/** chmod MODE FILE: octal or +x. */
export const chmod: Program = async (proc) => {
  const [mode, ...files] = proc.argv.slice(1);
  for (const f of files) {
    const st = proc.host.fs.stat(f, proc.cred, proc.cwd);
    if (!st.ok) return 1;
    const m = mode === '+x' ? st.value.mode | 0o111 : parseInt(mode, 8);
    proc.host.fs.chmod(f, m, proc.cred, proc.cwd);
  }
  return 0;
};

/** head -N / head -n N (of stdin). */
export const head: Program = async (proc) => {
  const a = proc.argv.slice(1);
  const n = a[0] === '-n' ? Number(a[1]) : a[0]?.startsWith('-') ? Number(a[0].slice(1)) : 10;
  const lines = (await readAll(proc)).split('\n');
  proc.stdout.write(lines.slice(0, n).map((l) => l + '\n').join(''));
  return 0;
};

/** id -u / id -un (what Debian's /etc/profile asks). */
export const id: Program = async (proc) => {
  proc.stdout.write(proc.argv.includes('-un') ? (proc.cred.uid === 0 ? 'root\n' : 'etudiant\n') : `${proc.cred.uid}\n`);
  return 0;
};

export const TEST_PROGRAMS: Record<string, Program> = { id, cat, grep, wc, sleep, printenv, trapint, mkdir, rm, chmod, head };
