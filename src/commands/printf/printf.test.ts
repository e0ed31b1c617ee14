import { describe, it, expect } from 'vitest';
import { printf } from './printf.ts';
import { run, LANG_C, LANG_UTF8, LANG_FR } from '../testing/fake-process.ts';

const p = (args: string[], env: Record<string, string> = LANG_C) => run(printf, { argv: ['printf', ...args], env });

describe('printf', () => {
  it('formats numbers, strings and escapes as coreutils', async () => {
    const r = await p(['%d|%5.2f|%x|%o|%e|%g|%c|%s|%b|%q\\n', '7', '3.14159', '255', '8', '12345.678', '0.0001', 'hello', 'world', 'a\\tb', 'a b']);
    expect(r.stdout).toBe("7| 3.14|ff|10|1.234568e+04|0.0001|h|world|a\tb|'a b'\n");
    expect(r.code).toBe(0);
  });

  it('reuses the format while arguments remain', async () => {
    expect((await p(['%s %s\\n', 'a', 'b', 'c'])).stdout).toBe('a b\nc \n');
  });

  it('reports bad numbers and still prints what was converted', async () => {
    const r = await p(['%d\\n', 'abc', '12abc', "'A", '0x1f']);
    expect(r.stdout).toBe('0\n12\n65\n31\n');
    expect(r.stderr).toBe("printf: 'abc': expected a numeric value\nprintf: '12abc': value not completely converted\n");
    expect(r.code).toBe(1);
  });

  it('quotes in the locale style', async () => {
    expect((await p(['%d', 'x'], LANG_UTF8)).stderr).toBe('printf: \u2018x\u2019: expected a numeric value\n');
    expect((await p(['%d', 'x'], LANG_FR)).stderr).toBe('printf: \u00ab\u00a0x\u00a0\u00bb\u00a0: valeur numérique attendue\n');
  });

  it('needs a format', async () => {
    const r = await p([]);
    expect(r.stderr).toBe("printf: missing operand\nTry 'printf --help' for more information.\n");
    expect(r.code).toBe(1);
  });

  it('pads with flags and stops at \\c', async () => {
    expect((await p(['%5d|%-5d|%05d|%+d|% d\\n', '42', '42', '42', '42', '42'])).stdout).toBe('   42|42   |00042|+42| 42\n');
    expect((await p(['x\\cy'])).stdout).toBe('x');
    expect((await p(['%i %u\\n', '-1', '-1'])).stdout).toBe('-1 18446744073709551615\n');
  });

  it('rejects an unknown conversion', async () => {
    const r = await p(['%z']);
    expect(r.stderr).toBe('printf: %z: invalid conversion specification\n');
    expect(r.code).toBe(1);
  });
});

describe('printf rounding', () => {
  it('rounds from the exact binary value, half to even, as glibc', async () => {
    const r = await run(printf, { argv: ['printf', '%.1f %.2f %.0f %.0f %e %.3e %g %g %f\\n', '2.25', '1.005', '0.5', '1.5', '0', '12345.6789', '100000', '1e-5', '1e22'] });
    expect(r.stdout).toBe('2.2 1.00 0 2 0.000000e+00 1.235e+04 100000 1e-05 10000000000000000000000.000000\n');
  });
});
