// History expansion as bash 5.2 does it on an interactive line.
import { describe, it, expect } from 'vitest';
import { expandHistory, historyWords } from './history-expansion.ts';

const H = ['ls -l /etc', 'echo a b c', 'cd /tmp'];

describe('history expansion', () => {
  it('replaces events and words', () => {
    expect(expandHistory('!!', H)).toEqual({ ok: true, line: 'cd /tmp', changed: true });
    expect(expandHistory('echo !$', H)).toEqual({ ok: true, line: 'echo /tmp', changed: true });
    expect(expandHistory('!ec', H)).toEqual({ ok: true, line: 'echo a b c', changed: true });
    expect(expandHistory('!1', H)).toEqual({ ok: true, line: 'ls -l /etc', changed: true });
    expect(expandHistory('!-2:2', H)).toEqual({ ok: true, line: 'b', changed: true });
    expect(expandHistory('vi !ls:$', H)).toEqual({ ok: true, line: 'vi /etc', changed: true });
    expect(expandHistory('^tmp^var', H)).toEqual({ ok: true, line: 'cd /var', changed: true });
  });

  it('leaves ! alone where bash does', () => {
    for (const line of ['echo "hi!"', "echo 'a!b'", 'echo hi!', 'echo \\!x', '[ ! -f x ]', 'x=!']) {
      expect(expandHistory(line, H)).toEqual({ ok: true, line, changed: false });
    }
  });

  it('fails on unknown events', () => {
    expect(expandHistory('echo hi!there', H)).toEqual({ ok: false, error: '!there: event not found' });
    expect(expandHistory('!!', [])).toEqual({ ok: false, error: '!!: event not found' });
  });

  it('splits words keeping quotes and operators', () => {
    expect(historyWords(`echo "a b" 'c'|wc -l`)).toEqual(['echo', '"a b"', "'c'", '|', 'wc', '-l']);
  });
});
