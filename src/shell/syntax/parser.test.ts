// The parser: the trees it builds for the constructs students type, and the syntax errors it
// reports (as values: it never throws on bad input).
import { describe, it, expect } from 'vitest';
import { parse, ScriptReader } from './parser.ts';
import type { Command, SimpleCommand } from './ast.ts';

function firstCommand(src: string): Command {
  const r = parse(src);
  if (!r.ok) throw new Error(JSON.stringify(r.problem));
  return r.script.statements[0].andOr.first.commands[0];
}

describe('parser', () => {
  it('splits a simple command into assignments, words and redirections', () => {
    const c = firstCommand('X=1 Y=2 cat -n file >out 2>&1 <in') as SimpleCommand;
    expect(c.assigns.map((a) => a.name)).toEqual(['X', 'Y']);
    expect(c.words.map((w) => w.raw)).toEqual(['cat', '-n', 'file']);
    expect(c.redirs.map((r) => [r.fd, r.op, r.raw])).toEqual([[null, '>', 'out'], [2, '>&', '1'], [null, '<', 'in']]);
  });

  it('keeps quoting in word parts', () => {
    const c = firstCommand(`echo "a $b" 'c' d\\ e $(ls) \${x:-y}`) as SimpleCommand;
    expect(c.words[1].parts).toEqual([{ type: 'dq', parts: [{ type: 'lit', value: 'a ', quoted: true }, { type: 'param', name: 'b' }] }]);
    expect(c.words[2].parts).toEqual([{ type: 'sq', value: 'c' }]);
    expect(c.words[3].parts).toEqual([{ type: 'lit', value: 'd', quoted: false }, { type: 'lit', value: ' ', quoted: true }, { type: 'lit', value: 'e', quoted: false }]);
    expect(c.words[4].parts[0].type).toBe('cmdsub');
    expect(c.words[5].parts[0]).toMatchObject({ type: 'param', name: 'x', op: ':-' });
  });

  it('builds lists, pipelines and background statements', () => {
    const r = parse('a | b && c || d; e &');
    if (!r.ok) throw new Error('parse');
    const [first, second] = r.script.statements;
    expect(first.andOr.first.commands).toHaveLength(2);
    expect(first.andOr.rest.map((x) => x.op)).toEqual(['&&', '||']);
    expect(second).toMatchObject({ background: true, text: 'e' });
  });

  it('reads here-document bodies after the line, quoted ones literally', () => {
    const c = firstCommand("cat <<'EOF' >/etc/bind/db.x\n$TTL 1\nEOF\n") as SimpleCommand;
    expect(c.redirs[0].heredoc).toMatchObject({ quoted: true, delimiter: 'EOF', body: [{ type: 'lit', value: '$TTL 1\n' }] });
    const d = firstCommand('cat <<-END\n\tx $y\n\tEND\n') as SimpleCommand;
    expect(d.redirs[0].heredoc!.body).toEqual([{ type: 'lit', value: 'x ', quoted: true }, { type: 'param', name: 'y' }, { type: 'lit', value: '\n', quoted: true }]);
  });

  it('parses compound commands and functions', () => {
    expect(firstCommand('if a; then b; elif c; then d; else e; fi')).toMatchObject({ type: 'if', clauses: [{}, {}], elseBody: {} });
    expect(firstCommand('for i in 1 2; do echo $i; done')).toMatchObject({ type: 'for', name: 'i' });
    expect(firstCommand('while read l; do :; done < f')).toMatchObject({ type: 'while', until: false, redirs: [{ op: '<' }] });
    expect(firstCommand('case $x in a|b) x;; *) y;; esac')).toMatchObject({ type: 'case', items: [{ patterns: [{}, {}] }, {}] });
    expect(firstCommand('f() { echo; }')).toMatchObject({ type: 'function', name: 'f', body: { type: 'group', subshell: false } });
    expect(firstCommand('(cd /; ls)')).toMatchObject({ type: 'group', subshell: true });
  });

  it('reports unexpected tokens and incomplete input', () => {
    expect(parse('echo a; fi')).toEqual({ ok: false, problem: { kind: 'unexpected', line: 1, token: 'fi' } });
    expect(parse('case x in x) a;; ;; esac')).toMatchObject({ ok: false, problem: { token: ';;' } });
    expect(parse('if true; then')).toMatchObject({ ok: false, problem: { kind: 'incomplete', expecting: 'fi' } });
    expect(parse("echo 'abc")).toMatchObject({ ok: false, problem: { kind: 'incomplete', quote: "'" } });
    expect(parse('cat <<EOF\nno end')).toMatchObject({ ok: false, problem: { kind: 'incomplete', heredoc: 'EOF' } });
    expect(parse('echo a \\\n')).toMatchObject({ ok: false, problem: { kind: 'incomplete' } });
  });

  it('never throws on junk', () => {
    for (const junk of ['((((', '$((', '${', '`', ')))', ';;;;', '<<<<', '\x00\x01', 'a=(', '${x!y}', '[[', '}{', 'esac esac']) {
      expect(() => parse(junk)).not.toThrow();
    }
  });

  it('reads a script one command line at a time', () => {
    const reader = new ScriptReader('echo one\nif then\necho never\n');
    expect(reader.next()).toMatchObject({ ok: true, script: { statements: [{ text: 'echo one' }] } });
    expect(reader.next()).toMatchObject({ ok: false, problem: { kind: 'unexpected', line: 2, token: 'then' } });
  });

  it('expands aliases in command position only', () => {
    const aliases = new Map([['ll', 'ls -l'], ['ls', 'ls --color=auto']]);
    const c = parse('ll /tmp; echo ll', { aliases });
    if (!c.ok) throw new Error('parse');
    const words = c.script.statements.map((s) => (s.andOr.first.commands[0] as SimpleCommand).words.map((w) => w.raw));
    expect(words).toEqual([['ls', '--color=auto', '-l', '/tmp'], ['echo', 'll']]);
  });
});
