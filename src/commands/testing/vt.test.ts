import { describe, expect, it } from 'vitest';
import { VtScreen } from './vt.ts';

describe('the test terminal', () => {
  it('prints, wraps at the margin, moves the cursor and erases', () => {
    const vt = new VtScreen(10, 4);
    vt.write('hello\r\nabcdefghijKL\x1b[1;3HXY\x1b[4;1Hz\x1b[K');
    expect(vt.lines()).toEqual(['heXYo', 'abcdefghij', 'KL', 'z']);
  });

  it('keeps the main screen under the alternate one, and scrolls inside a region', () => {
    const vt = new VtScreen(10, 3);
    vt.write('one\r\ntwo');
    vt.write('\x1b[?1049h\x1b[2Jbox\x1b[?1049l');
    expect(vt.lines()).toEqual(['one', 'two', '']);
    vt.write('\x1b7\x1b[0;2r\x1b8\r\nthree\r\nfour');
    expect(vt.lines()[0]).toBe('three');
  });
});
