// nslookup over the simulated network against fidelity/dns/nslookup (run on the server "vm",
// fake named with the lab's zones; see ../dig/dns-lab.ts). The interactive session is compared
// with the tmux screen capture (tmux shows TABs as spaces and drops trailing spaces).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recorded } from '../testing-net/recording.ts';
import { dnsLab as makeLab, runTool } from '../dig/dns-lab.ts';
import { nslookup } from './nslookup.ts';

const nodeYield = (): Promise<void> => new Promise((r) => setImmediate(r));
const dnsLab = (opts?: Parameters<typeof makeLab>[1]): ReturnType<typeof makeLab> => makeLab(nodeYield, opts);
const fidelityDns = (path: string): string => readFileSync(new URL(`../../../../shared/fidelity/dns/${path}`, import.meta.url), 'utf8');

const text = fidelityDns('nslookup/nslookup.txt');
const commands = text
  .split('\n')
  .filter((l) => l.startsWith('$ nslookup'))
  .map((l) => l.slice(2));

describe('nslookup reproduces the recording', () => {
  for (const command of commands) {
    it(command, async () => {
      const rec = recorded(text, command);
      const { server } = dnsLab();
      const r = await runTool(server, command);
      expect(r.output).toBe(rec.output);
      expect(r.status).toBe(rec.status);
    });
  }
});

/** What tmux shows: TABs expanded to 8 columns, no trailing spaces. */
function screenText(s: string): string {
  return s
    .split('\n')
    .map((line) => {
      let out = '';
      for (const ch of line) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
      return out.replace(/ +$/, '');
    })
    .join('\n');
}

describe('nslookup interactive', () => {
  it('reproduces nslookup_interactive.txt', async () => {
    const screen = fidelityDns('nslookup/nslookup_interactive.txt');
    const expected = screen.slice(screen.indexOf('\n') + 1, screen.lastIndexOf('root@vm:~#'));
    const typed = [...screen.matchAll(/^> (.*)$/gm)].map((m) => m[1]);
    const { lab, server } = dnsLab();
    const p = server.start(nslookup, ['nslookup'], { tty: true });
    await lab.run(0.1);
    for (const line of typed) {
      p.type(line + '\r');
      await lab.run(0.1);
    }
    await p.until(() => p.code !== null, 5);
    expect(p.code).toBe(0);
    expect(screenText(p.screen)).toBe(expected);
  });
});

describe('nslookup failures', () => {
  it('reports each timed-out try and that no server could be reached, exit 1', async () => {
    const { server } = dnsLab({ fake: { silent: true } });
    const r = await runTool(server, 'nslookup -timeout=1 -retry=2 smtp128.mail128.com 127.0.0.1');
    expect(r.stderr).toBe(';; communications error to 127.0.0.1#53: timed out\n'.repeat(2) + ';; no servers could be reached\n');
    expect(r.stdout).toBe('\n');
    expect(r.status).toBe(1);
  });

  it('says "No answer" for a type the name does not have', async () => {
    const { server } = dnsLab();
    const r = await runTool(server, 'nslookup -type=mx smtp128.mail128.com 127.0.0.1');
    expect(r.output).toBe("Server:\t\t127.0.0.1\nAddress:\t127.0.0.1#53\n\n*** Can't find smtp128.mail128.com: No answer\n\n");
  });
});
