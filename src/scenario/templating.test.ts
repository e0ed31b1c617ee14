import { describe, it, expect } from 'vitest';
import { evaluateTemplate, expandTemplates } from './templating.ts';

const X = new Map([['X', 128]]);

function expand(text: string, values: ReadonlyMap<string, number> = X): string {
  const r = expandTemplates(text, values);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.text;
}

function errorsOf(text: string, values: ReadonlyMap<string, number> = X, unresolved?: ReadonlySet<string>): readonly string[] {
  const r = expandTemplates(text, values, unresolved);
  return r.ok ? [] : r.errors;
}

describe('templating', () => {
  it('inserts a param in the middle of a string', () => {
    expect(expand('172.20.{{X}}.3/24')).toBe('172.20.128.3/24');
  });

  it('replaces every template of a string', () => {
    expect(expand('mail{{X}}.com and db.mail{{ X }}.com')).toBe('mail128.com and db.mail128.com');
  });

  it('leaves strings without templates unchanged', () => {
    expect(expand('just text { not } a {template}')).toBe('just text { not } a {template}');
  });

  it('gives a string that is only a template the param as text', () => {
    expect(expand('{{X}}')).toBe('128');
  });

  it('subtracts, adds and multiplies', () => {
    expect(expand('{{X-100}}')).toBe('28');
    expect(expand('{{X+1}}')).toBe('129');
    expect(expand('{{X*2}}')).toBe('256');
  });

  it('multiplies before adding, and honours parentheses', () => {
    expect(expand('{{1+X*2}}')).toBe('257');
    expect(expand('{{(X-100)*2}}')).toBe('56');
    expect(expand('{{10-3-2}}')).toBe('5');
  });

  it('accepts unary minus and spaces', () => {
    expect(expand('{{ -X + 200 }}')).toBe('72');
  });

  it('uses several params', () => {
    expect(expand('{{A*256+B}}', new Map([['A', 1], ['B', 2]]))).toBe('258');
  });

  it('reports an unknown param with its template', () => {
    expect(errorsOf('192.168.{{Y}}.1')).toEqual(["unknown param 'Y' in {{Y}}"]);
  });

  it('reports every bad template of a string', () => {
    expect(errorsOf('{{Y}} {{Z+1}}')).toEqual(["unknown param 'Y' in {{Y}}", "unknown param 'Z' in {{Z+1}}"]);
  });

  it('reports an unterminated template', () => {
    expect(errorsOf('10.0.{{X.1')).toEqual(['unterminated "{{" (no "}}" after it)']);
  });

  it('reports a dangling operator', () => {
    expect(errorsOf('{{X-}}')).toEqual(['expected a number or a param name at the end in {{X-}}']);
  });

  it('reports a missing parenthesis', () => {
    expect(errorsOf('{{(X+1}}')).toEqual(['missing ")" in {{(X+1}}']);
  });

  it('refuses division, which integer templates do not offer', () => {
    expect(errorsOf('{{X/2}}')).toEqual(['unexpected "/" (only params, integers, + - * and parentheses) in {{X/2}}']);
  });

  it('reports an empty template', () => {
    expect(errorsOf('a{{ }}b')).toEqual(['empty template in {{ }}']);
  });

  it('fails silently on a param whose own problem was already reported', () => {
    const r = expandTemplates('{{X+1}}', new Map(), new Set(['X']));
    expect(r).toEqual({ ok: false, errors: [] });
  });

  it('still reports a syntax error next to a param without a value', () => {
    expect(errorsOf('{{X-}}', new Map(), new Set(['X']))).toEqual(['expected a number or a param name at the end in {{X-}}']);
  });

  it('evaluates to integers only', () => {
    expect(evaluateTemplate('7*6', new Map())).toEqual({ ok: true, value: 42 });
    expect(evaluateTemplate('99999999999*99999999999', new Map())).toMatchObject({ ok: false, error: 'result is too large' });
  });
});
