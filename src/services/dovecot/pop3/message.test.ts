import { describe, expect, it } from 'vitest';
import { pop3MessageBytes, pop3Size } from './message.ts';

const enc = new TextEncoder();
const dec = new TextDecoder('latin1');
const send = (s: string, lines: number | null = null): string => dec.decode(pop3MessageBytes(enc.encode(s), lines));

describe('POP3 message transfer', () => {
  it('counts every line end as CRLF in the size', () => {
    expect(pop3Size(enc.encode('a\nb\n'))).toBe(6);
    expect(pop3Size(enc.encode('a\r\nb\n'))).toBe(6);
    expect(pop3Size(enc.encode(''))).toBe(0);
  });

  it('byte-stuffs lines starting with a dot and sends CRLF line ends', () => {
    expect(send('S: x\n\n.hidden\n..two\n.\nend')).toBe('S: x\r\n\r\n..hidden\r\n...two\r\n..\r\nend\r\n');
  });

  it('TOP sends the header, the blank line and N body lines', () => {
    const msg = 'A: 1\nB: 2\n\nl1\nl2\nl3\n';
    expect(send(msg, 0)).toBe('A: 1\r\nB: 2\r\n\r\n');
    expect(send(msg, 2)).toBe('A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\n');
    expect(send(msg, 99)).toBe(send(msg));
  });

  it('TOP of a message with no body sends the whole header', () => {
    expect(send('A: 1\nB: 2\n', 0)).toBe('A: 1\r\nB: 2\r\n');
  });

  it('ends an empty or unterminated message with CRLF', () => {
    expect(send('')).toBe('\r\n');
    expect(send('A: 1\n\nno newline')).toBe('A: 1\r\n\r\nno newline\r\n');
  });
});
