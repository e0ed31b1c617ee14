// Arithmetic as bash 5.2 computes it; errors with bash's message and "error token".
import { describe, it, expect } from 'vitest';
import { evaluate } from './arithmetic.ts';

function run(expr: string, init: Record<string, string> = {}) {
  const vars = new Map(Object.entries(init));
  const r = evaluate(expr, { get: (n) => vars.get(n), set: (n, v) => void vars.set(n, v) });
  return { r, vars };
}

describe('arithmetic', () => {
  it('follows C precedence and 64-bit wrap-around', () => {
    const cases: [string, bigint][] = [
      ['1+2*3', 7n], ['(1+2)*3', 9n], ['2**10', 1024n], ['-7/2', -3n], ['-7%3', -1n], ['1<<3', 8n], ['~5', -6n], ['!0', 1n],
      ['3>2?10:20', 10n], ['1 < 2 && 3 > 4', 0n], ['0x1F+010+2#101', 44n], ['9223372036854775807+1', -9223372036854775808n],
    ];
    for (const [e, v] of cases) expect(run(e).r).toEqual({ ok: true, value: v });
  });

  it('reads variables as expressions and assigns', () => {
    const { r, vars } = run('x++ + ++x, y=x*2', { x: '4' });
    expect(r).toEqual({ ok: true, value: 12n });
    expect(vars.get('x')).toBe('6');
    expect(run('a+1', { a: 'b', b: '41' }).r).toEqual({ ok: true, value: 42n });
    expect(run('nothere+1').r).toEqual({ ok: true, value: 1n });
  });

  it('reports errors with the text bash quotes', () => {
    expect(run('1/0').r).toEqual({ ok: false, expr: '1/0', error: 'division by 0', token: '0' });
    expect(run('  1 / 0  ').r).toEqual({ ok: false, expr: '1 / 0  ', error: 'division by 0', token: '0  ' });
    expect(run('1+').r).toEqual({ ok: false, expr: '1+', error: 'syntax error: operand expected', token: '+' });
    expect(run('1 2').r).toEqual({ ok: false, expr: '1 2', error: 'syntax error in expression', token: '2' });
    expect(run('08').r).toEqual({ ok: false, expr: '08', error: 'value too great for base', token: '08' });
  });
});
