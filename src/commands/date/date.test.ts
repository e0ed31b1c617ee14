import { describe, it, expect } from 'vitest';
import { date } from './date.ts';
import { run, LANG_C, LANG_FR, LANG_UTF8 } from '../testing/fake-process.ts';

const at = Date.UTC(2026, 10, 22, 3, 33, 59);
const d = (args: string[], env = LANG_C) => run(date, { argv: ['date', ...args], env, wallMs: at });

describe('date', () => {
  it('prints the default format of each locale', async () => {
    expect((await d([])).stdout).toBe('Sun Nov 22 03:33:59 UTC 2026\n');
    expect((await d([], LANG_FR)).stdout).toBe('dim. 22 nov. 2026 03:33:59 UTC\n');
  });

  it('formats with +FORMAT, -R, -I and -d', async () => {
    expect((await d(['+%Y-%m-%d %H:%M:%S %s %j %A %B %e'])).stdout).toBe('2026-11-22 03:33:59 1795318439 326 Sunday November 22\n');
    expect((await d(['-R'], LANG_FR)).stdout).toBe('Sun, 22 Nov 2026 03:33:59 +0000\n');
    expect((await d(['-Iseconds'])).stdout).toBe('2026-11-22T03:33:59+00:00\n');
    expect((await d(['-d', '2020-01-01'])).stdout).toBe('Wed Jan  1 00:00:00 UTC 2020\n');
    expect((await d(['-u', '-d', '@0', '+%F %T'])).stdout).toBe('1970-01-01 00:00:00\n');
    expect((await d(['-d', 'yesterday', '+%F'])).stdout).toBe('2026-11-21\n');
  });

  it('reports an invalid date', async () => {
    expect((await d(['-d', 'garbage'], LANG_UTF8)).stderr).toBe('date: invalid date \u2018garbage\u2019\n');
    expect((await d(['-d', 'garbage'], LANG_FR)).stderr).toBe('date: date «\u00a0garbage\u00a0» incorrecte\n');
    expect((await d(['a', 'b'], LANG_UTF8)).stderr).toBe('date: invalid date \u2018a\u2019\n');
  });
});

describe('date option arguments', () => {
  it('lists the valid -I arguments', async () => {
    const r = await run(date, { argv: ['date', '-Ix'], env: LANG_UTF8 });
    expect(r.stderr).toBe("date: invalid argument \u2018x\u2019 for \u2018--iso-8601\u2019\nValid arguments are:\n  - \u2018hours\u2019\n  - \u2018minutes\u2019\n  - \u2018date\u2019\n  - \u2018seconds\u2019\n  - \u2018ns\u2019\nTry 'date --help' for more information.\n");
  });
});
