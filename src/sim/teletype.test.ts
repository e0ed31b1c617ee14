import { describe, expect, it } from 'vitest';
import { plainText, Teletype } from './teletype.ts';

describe('teletype transcript', () => {
  it('drops colours and applies CR/LF line ends', () => {
    expect(plainText('\x1b[01;32mroot@S54\x1b[00m:~# ls\r\nfile\r\n')).toBe('root@S54:~# ls\nfile\n');
  });

  it('applies backspace erasing and readline redraws', () => {
    expect(plainText('$ lss\b \b -l\r\n')).toBe('$ ls -l\n');
    // Cursor left twice, insert: readline redraws the tail after the cursor.
    expect(plainText('$ ca\x1b[D\x1b[Dx\x1b[Kca\r\n')).toBe('$ xca\n');
    expect(plainText('$ ping\r$ nc 1\x1b[K\r\n')).toBe('$ nc 1\n');
  });

  it('leaves out what is drawn between save and restore cursor (apt progress bar)', () => {
    expect(plainText('Unpacking x ...\r\n\x1b7\x1b[24;0f\x1b[42mProgress: [ 20%]\x1b[49m\x1b8Setting up x ...\r\n')).toBe('Unpacking x ...\nSetting up x ...\n');
  });

  it('wraps a line longer than the terminal as the screen does', () => {
    expect(plainText('$ ' + 'x'.repeat(80) + 'yz\r\n')).toBe('$ ' + 'x'.repeat(78) + '\nxxyz\n');
  });

  it('keeps the partial line (a prompt) until more output comes', () => {
    const t = new Teletype();
    t.write('hello\r\nroot@S54:~# ');
    expect(t.take()).toBe('hello\nroot@S54:~# ');
    expect(t.current).toBe('root@S54:~# ');
    t.write('ls\r\nfile\r\n');
    expect(t.take()).toBe('ls\nfile\n');
  });
});
