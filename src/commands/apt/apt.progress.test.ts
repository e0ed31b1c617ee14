// `apt` on a terminal: the same lines as apt-get, plus Dpkg::Progress-Fancy's status line kept
// on the last row by a scroll region (the escape sequences of a real apt 2.6 run).
import { describe, expect, it } from 'vitest';
import { denyServiceStarts, packageHost } from '../testing/package-host.ts';
import { apt } from './apt.ts';

describe('apt install on a terminal', () => {
  it('draws "Progress: [ 20%]" on row 24 and gives the row back at the end', async () => {
    const t = packageHost();
    denyServiceStarts(t);
    const r = await t.run(apt, ['apt', 'install', 'whois'], { tty: { columns: 80, rows: 24 }, env: { LANG: 'C.UTF-8', TERM: 'xterm' } });
    expect(r.code).toBe(0);
    const s = r.screen;
    expect(s).toContain('Reading package lists... Done\r\nBuilding dependency tree... Done\r\nReading state information... Done\r\n');
    expect(s).toContain('\x1b7\x1b[0;23r\x1b8\x1b[1A');
    expect(s).toContain('\x1b7\x1b[24;0f\x1b[42m\x1b[30mProgress: [ 20%]\x1b[49m\x1b[39m [###########...............................................] \x1b8');
    expect(s).toContain('\x1b7\x1b[0;24r\x1b8\x1b[1A\x1b[J');
    expect(s).toContain('Setting up whois (5.5.17) ...');
  });
});
