// Students type anything: 5,000 seeded random lines (commands, options, quotes, control keys,
// binary junk) into a host's terminal. After each one the shell's prompt must come back (with
// ^C/^D/q/^X to leave whatever program is in the foreground, as a student would), nothing may
// escape as an exception, and the host must still work at the end.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng.ts';
import { loadScenario, Simulation } from '../../src/sim/index.ts';
import type { TerminalDevice } from '../../src/os/tty/terminal-device.ts';
import { runUntilAsync } from '../../src/engine/async-drain.ts';
import { SECOND, MS } from '../../src/engine/time.ts';

const LINES = Number(process.env.FUZZ_LINES ?? 5000);
const yieldFn = (): Promise<void> => new Promise((r) => setImmediate(r));

const COMMANDS = [
  'ls', 'cat', 'echo', 'printf', 'grep', 'sed', 'head', 'tail', 'wc', 'cp', 'mv', 'rm', 'mkdir', 'touch', 'chmod', 'chown',
  'ln', 'find', 'date', 'hostname', 'uname', 'id', 'whoami', 'env', 'sleep', 'which', 'ps', 'kill', 'ip', 'ping', 'nc',
  'telnet', 'netstat', 'ss', 'arp', 'route', 'ifconfig', 'traceroute', 'apt', 'apt-get', 'dpkg', 'systemctl', 'service',
  'adduser', 'useradd', 'userdel', 'passwd', 'su', 'nano', 'less', 'more', 'man', 'cd', 'pwd', 'export', 'history',
  'true', 'false', 'test', '[', 'sort', 'uniq', 'cut', 'tr', 'tee', 'xargs', 'seq', 'yes', 'source', 'sh', 'bash', 'foo',
];
const WORDS = [
  '-l', '-a', '-n', '-c', '1', '-c 1', '-i', '-r', '-f', '-v', '--help', '--bogus', '-z', '/etc/passwd', '/etc', '/tmp/x',
  '/var/mail', '/root', '~', '.', '..', '*', '10.0.2.10', '127.0.0.1', 'localhost', '25', 'smtp', 'addr', 'route',
  'neigh', 'link', 'add', 'del', 'dev', 'eth0', 'lo', 'up', 'down', 'status', 'start', 'stop', 'install', 'postfix', 'x',
  '"quoted string"', "'single'", '$HOME', '$?', '${X:-y}', '$(echo hi)', '`date`', '|', '||', '&&', ';', '&', '>', '>>',
  '<', '2>&1', '<<EOF', '(', ')', '{', '}', '\\', '"unterminated', "'open", '#comment', '!', '=', 'X=1', '-1', '99999999999',
];
const CONTROL = ['\x03', '\x04', '\x1a', '\x1c', '\x15', '\x17', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\t', '\t\t', '\x7f'];

function randomLine(rng: Rng): string {
  const kind = rng.int(0, 9);
  if (kind === 0) {
    // binary junk
    return String.fromCharCode(...Array.from({ length: rng.int(1, 40) }, () => rng.int(0, 255))).replace(/[\r\n]/g, '');
  }
  if (kind === 1) return CONTROL[rng.int(0, CONTROL.length - 1)];
  const words = [COMMANDS[rng.int(0, COMMANDS.length - 1)]];
  const n = rng.int(0, 4);
  for (let i = 0; i < n; i++) words.push(WORDS[rng.int(0, WORDS.length - 1)]);
  return words.join(' ');
}

/** The login shell is the foreground group and waits for a line: the prompt is back. */
function atPrompt(dev: TerminalDevice): boolean {
  return dev.readerWaiting && dev.foregroundPgid === dev.sessionLeader;
}

async function settle(sim: Simulation, dev: TerminalDevice, budget = 5 * SECOND): Promise<void> {
  const limit = sim.scheduler.now + budget;
  while (sim.scheduler.now < limit) {
    await yieldFn();
    if (atPrompt(dev) || dev.closed) return;
    const next = sim.scheduler.nextTime();
    await runUntilAsync(sim.scheduler, Math.min(next ?? limit, limit, sim.scheduler.now + 100 * MS), yieldFn);
  }
}

describe('typing random lines into a terminal', () => {
  it(`always gets the prompt back over ${LINES} lines and leaves a working host`, async () => {
    const file = 'scenarios/two-lans.yaml';
    const loaded = loadScenario(readFileSync(file, 'utf8'), file);
    if (!loaded.ok) throw new Error('scenario');
    const sim = new Simulation(loaded.scenario, { seed: 'fuzz' });
    await sim.boot(yieldFn);
    const rng = new Rng('terminal-fuzz');
    const internal: string[] = [];
    let dev = sim.host('PC1').machine.openTerminal();
    let sessions = 1;
    let output = '';
    const watch = (d: TerminalDevice): void => {
      d.onOutput.on((b) => {
        const text = new TextDecoder().decode(b);
        output = (output + text).slice(-4000);
        if (/internal error/.test(text)) internal.push(text);
      });
    };
    watch(dev);
    await settle(sim, dev);
    // ^C clears a line (so ^D then ends a nested shell), q leaves pagers, ^X and n leave nano
    // without saving, ^] and quit leave telnet.
    const escapes = ['\x03', '\x04', 'q', '\x18', 'n', '\x03', '\x04', '\x1d', 'quit\r', '\x03', '\x04', '\x03', 'exit\r'];
    for (let i = 0; i < LINES; i++) {
      const line = randomLine(rng);
      dev.input(line.startsWith('\x1b') || line.length <= 2 && line < ' ' ? line : `${line}\r`);
      await settle(sim, dev);
      for (let e = 0; !atPrompt(dev) && !dev.closed && e < escapes.length; e++) {
        dev.input(escapes[e]);
        await settle(sim, dev);
      }
      if (dev.closed) {
        // `exit` or ^D at an empty prompt ends the login shell, as on a real terminal.
        dev = sim.host('PC1').machine.openTerminal();
        sessions++;
        watch(dev);
        await settle(sim, dev);
      }
      if (!atPrompt(dev)) throw new Error(`no prompt after line ${i}: ${JSON.stringify(line)}\n${output.slice(-500)}`);
    }
    expect(internal).toEqual([]);
    // The host still works: a command runs and the network answers.
    // ^C abandons a pending continuation line (an open quote or here-document leaves "> ").
    dev.input('\x03');
    await settle(sim, dev);
    output = '';
    dev.input('echo still-alive; ping -c 1 10.0.2.10\r');
    await settle(sim, dev, 10 * SECOND);
    expect(output).toContain('still-alive');
    expect(output).toContain('1 packets transmitted, 1 received');
    expect(sessions).toBeGreaterThanOrEqual(1);
  }, 600_000);
});
