// An interactive login shell on a terminal, as a student uses it: what the screen shows.
import { describe, it, expect } from 'vitest';
import { ETUDIANT, ShellMachine } from './testing/harness.ts';
import { ETC_BASH_BASHRC, ETC_PROFILE, ROOT_BASHRC, ROOT_PROFILE, SKEL_BASHRC, SKEL_PROFILE } from '../os/debian-base/shell-files.ts';

const nodeYield = () => new Promise<void>((resolve) => setImmediate(resolve));
/** The screen without escape sequences and CRs, as a transcript shows it. */
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\x1b\][^\x07]*\x07/g, '').replace(/\r/g, '');

describe('interactive bash on a terminal', () => {
  it('shows the Debian prompt for root and for a user, with ~ for the home', async () => {
    const m = new ShellMachine(nodeYield);
    const root = await m.login();
    expect(plain(root.raw)).toBe('root@test:~# ');
    expect(plain(await root.type('cd /var\r'))).toBe('cd /var\nroot@test:/var# ');
    const user = await m.login({ cred: ETUDIANT });
    expect(plain(user.raw)).toBe('etudiant@test:~$ ');
  });

  it('prints command not found without a line number, status 127', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    expect(plain(await s.type('foo\r'))).toBe('foo\nbash: foo: command not found\nroot@test:~# ');
    expect(plain(await s.type('echo $?\r'))).toBe('echo $?\n127\nroot@test:~# ');
  });

  it('prints a syntax error as interactive bash does', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    expect(plain(await s.type('echo a; fi\r'))).toBe("echo a; fi\nbash: syntax error near unexpected token `fi'\nroot@test:~# ");
  });

  it('asks for the rest of an incomplete command with PS2', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    expect(plain(await s.type('for i in 1 2\r'))).toBe('for i in 1 2\n> ');
    expect(plain(await s.type('do echo $i\r'))).toBe('do echo $i\n> ');
    expect(plain(await s.type('done\r'))).toBe('done\n1\n2\nroot@test:~# ');
    expect(plain(await s.type('history\r'))).toBe('history\n    1  for i in 1 2; do echo $i; done\n    2  history\nroot@test:~# ');
  });

  it('reads a here-document typed at the prompt (seed 002)', async () => {
    const m = new ShellMachine(nodeYield);
    m.fs.mkdir('/etc/bind', { uid: 0, gid: 0, groups: [0] }, { parents: true });
    const s = await m.login();
    await s.type('cat > /etc/bind/db.x <<EOF\r');
    expect(plain(await s.type('$TTL 86400\r'))).toBe('$TTL 86400\n> ');
    await s.type('@ IN SOA ns.x. root.x. ( 1 )\r');
    expect(plain(await s.type('EOF\r'))).toBe('EOF\nroot@test:~# ');
    // Unquoted delimiter: $TTL is expanded (empty), as real bash does.
    expect(m.read('/etc/bind/db.x')).toBe(' 86400\n@ IN SOA ns.x. root.x. ( 1 )\n');
    await s.type("cat > /etc/bind/db.y <<'EOF'\r$TTL 86400\rEOF\r");
    expect(m.read('/etc/bind/db.y')).toBe('$TTL 86400\n');
  });

  it('announces a background job and its end before the next prompt', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    const started = plain(await s.type('sleep 1 &\r', 0.1));
    expect(started).toMatch(/^sleep 1 &\n\[1\] \d+\nroot@test:~# $/);
    expect(plain(await s.type('jobs\r', 0.1))).toBe('jobs\n[1]+  Running                 sleep 1 &\nroot@test:~# ');
    await s.type('', 2);
    expect(plain(await s.type('\r'))).toBe('\n[1]+  Done                    sleep 1\nroot@test:~# ');
  });

  it('says a job was killed', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    await s.type('sleep 100 &\r', 0.1);
    expect(plain(await s.type('kill %1\r', 0.1))).toBe('kill %1\nroot@test:~# ');
    expect(plain(await s.type('\r'))).toBe('\n[1]+  Terminated              sleep 100\nroot@test:~# ');
  });

  it('gives the terminal to a foreground job: ^C stops it and the shell prompts again', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    await s.type('sleep 100\r', 1);
    expect(s.dev.foregroundPgid).not.toBe(s.pid);
    expect(plain(await s.type('\x03'))).toBe('^C\nroot@test:~# ');
    expect(s.dev.foregroundPgid).toBe(s.pid);
    expect(plain(await s.type('echo $?\r'))).toBe('echo $?\n130\nroot@test:~# ');
  });

  it('lets a program that catches ^C handle it', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    await s.type('trapint; echo after\r', 1);
    expect(plain(await s.type('\x03'))).toBe('^Cgot INT\nafter\nroot@test:~# ');
  });

  it('abandons the line on ^C at the prompt, status 130', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    expect(plain(await s.type('echo half\x03'))).toBe('echo half^C\nroot@test:~# ');
    expect(plain(await s.type('echo $?\r'))).toBe('echo $?\n130\nroot@test:~# ');
  });

  it('ends on ^D with "logout" (login shell) and on exit with its status', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    expect(plain(await s.type('\x04'))).toBe('logout\n');
    expect(s.status).toBe(0);
    const t = await m.login({ argv0: 'bash' });
    expect(plain(await t.type('exit 3\r'))).toBe('exit 3\nexit\n');
    expect(t.status).toBe(3);
  });

  it('keeps the history in ~/.bash_history across sessions', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    await s.type('echo one\r');
    await s.type('echo two\r');
    await s.type('exit\r');
    expect(m.read('/root/.bash_history')).toBe('echo one\necho two\nexit\n');
    const t = await m.login();
    expect(plain(await t.type('history\r'))).toBe('history\n    1  echo one\n    2  echo two\n    3  exit\n    4  history\nroot@test:~# ');
    expect(plain(await t.type('\x1b[A'))).toBe('history');
  });

  it('runs a script without #! as bash does, and refuses one without the x bit', async () => {
    const m = new ShellMachine(nodeYield);
    m.write('/root/init_machine.sh', 'echo configuring $1\nfoo\necho done\n', 0o755);
    m.write('/root/noexec.sh', 'echo never\n', 0o644);
    const s = await m.login();
    expect(plain(await s.type('./init_machine.sh S54\r'))).toBe('./init_machine.sh S54\nconfiguring S54\n./init_machine.sh: line 2: foo: command not found\ndone\nroot@test:~# ');
    expect(plain(await s.type('./noexec.sh\r'))).toBe('./noexec.sh\nbash: ./noexec.sh: Permission denied\nroot@test:~# ');
    expect(plain(await s.type('sh init_machine.sh X\r'))).toBe('sh init_machine.sh X\nconfiguring X\ninit_machine.sh: 2: foo: not found\ndone\nroot@test:~# ');
  });

  it('reads Debian\'s startup files: plain PS1 for root; title and colours for a user on xterm-256color', async () => {
    const m = new ShellMachine(nodeYield);
    m.write('/etc/profile', ETC_PROFILE);
    m.write('/etc/bash.bashrc', ETC_BASH_BASHRC);
    m.write('/root/.profile', ROOT_PROFILE);
    m.write('/root/.bashrc', ROOT_BASHRC);
    m.write('/home/etudiant/.profile', SKEL_PROFILE, 0o644, ETUDIANT);
    m.write('/home/etudiant/.bashrc', SKEL_BASHRC, 0o644, ETUDIANT);
    const root = await m.login();
    expect(root.raw).toBe('root@test:~# ');
    const user = await m.login({ cred: ETUDIANT });
    // /etc/skel/.bashrc turns the colour prompt on for *-256color terminals and sets the xterm
    // title (an OSC sequence), as on a real Debian 12 in a graphical terminal.
    expect(user.raw).toBe('\x1b]0;etudiant@test: ~\x07\x1b[01;32metudiant@test\x1b[00m:\x1b[01;34m~\x1b[00m$ ');
    expect(plain(await user.type('echo $HISTSIZE $HISTCONTROL\r'))).toBe('echo $HISTSIZE $HISTCONTROL\n1000 ignoreboth\netudiant@test:~$ ');
  });

  it('expands history references (!! !$ !string) and shows the result, as bash does', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    await s.type('echo a b c\r');
    expect(plain(await s.type('echo !$\r'))).toBe('echo !$\necho c\nc\nroot@test:~# ');
    expect(plain(await s.type('!!\r'))).toBe('!!\necho c\nc\nroot@test:~# ');
    expect(plain(await s.type('echo hi!there\r'))).toBe('echo hi!there\nbash: !there: event not found\nroot@test:~# ');
    expect(plain(await s.type('echo "hi!" \'a!b\'\r'))).toBe('echo "hi!" \'a!b\'\nhi! a!b\nroot@test:~# ');
    expect(plain(await s.type('!ech\r'))).toBe('!ech\necho "hi!" \'a!b\'\nhi! a!b\nroot@test:~# ');
  });

  it('announces new mail before a prompt once $MAILCHECK seconds have passed', async () => {
    const m = new ShellMachine(nodeYield);
    m.fs.mkdir('/var/mail', { uid: 0, gid: 0, groups: [0] }, { parents: true });
    m.write('/var/mail/root', 'From a\n\nold\n', 0o600);
    const s = await m.login({ env: { MAIL: '/var/mail/root' } });
    await m.wait(61);
    expect(plain(await s.type('\r'))).toBe('\nroot@test:~# ');
    m.fs.writeFile('/var/mail/root', 'From b\n\nnew\n', { uid: 0, gid: 0, groups: [0] }, { append: true });
    await m.wait(61);
    expect(plain(await s.type('\r'))).toBe('\nYou have new mail in /var/mail/root\nroot@test:~# ');
  });

  it('speaks French when LANG is fr_FR.UTF-8, with the non-breaking spaces of the catalogue', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login({ env: { LANG: 'fr_FR.UTF-8' } });
    expect(plain(await s.type('foo\r'))).toBe('foo\nbash: foo\u00a0: commande introuvable\nroot@test:~# ');
    expect(plain(await s.type('cd /nulle/part\r'))).toBe('cd /nulle/part\nbash: cd: /nulle/part: Aucun fichier ou dossier de ce type\nroot@test:~# ');
    await s.type('sleep 100 &\r', 0.1);
    await s.type('kill %1\r', 0.1);
    expect(plain(await s.type('\r'))).toBe('\n[1]+  Complété              sleep 100\nroot@test:~# ');
  });

  it('is /bin/sh (dash) for a user whose shell it is: "$ " prompt, no line editing, dash messages', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login({ cred: ETUDIANT, argv0: '-sh', path: '/bin/sh' });
    expect(s.raw).toBe('$ ');
    // The terminal's line discipline echoes what is typed (canonical mode).
    expect(plain(await s.type('foo\r'))).toBe('foo\nsh: 1: foo: not found\n$ ');
    expect(plain(await s.type('bar\r'))).toBe('bar\nsh: 2: bar: not found\n$ ');
    expect(plain(await s.type('par\x03'))).toBe('par^C\n$ ');
    expect(plain(await s.type('exit 4\r'))).toBe('exit 4\n');
    expect(s.status).toBe(4);
  });

  it('brings a background job to the foreground with fg, ^C then reaches it', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    await s.type('sleep 100 &\r', 0.1);
    expect(plain(await s.type('fg\r', 1))).toBe('fg\nsleep 100\n');
    expect(plain(await s.type('\x03'))).toBe('^C\nroot@test:~# ');
    expect(plain(await s.type('jobs\r'))).toBe('jobs\nroot@test:~# ');
  });

  it('passes SIGHUP to its jobs and saves the history when the terminal closes', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    await s.type('sleep 100 &\r', 0.1);
    const job = m.m.table.list().find((p) => p.comm === 'sleep')!;
    s.dev.hangup();
    await m.settle(1);
    expect(s.status).toBe(129);
    expect(m.m.table.get(job.pid)).toBeUndefined();
    expect(m.read('/root/.bash_history')).toBe('sleep 100 &\n');
  });

  it('stops a loop of builtins and a read on ^C, as bash does', async () => {
    const m = new ShellMachine(nodeYield);
    const s = await m.login();
    await s.type('while true; do :; done\r', 1);
    expect(plain(await s.type('\x03'))).toBe('^C\nroot@test:~# ');
    expect(plain(await s.type('echo $?\r'))).toBe('echo $?\n130\nroot@test:~# ');
    await s.type('read x\r', 1);
    expect(plain(await s.type('\x03'))).toBe('^C\nroot@test:~# ');
    expect(plain(await s.type('echo $? "[$x]"\r'))).toBe('echo $? "[$x]"\n130 []\nroot@test:~# ');
  });
});
