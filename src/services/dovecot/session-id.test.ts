// Session ids of ../fidelity/pop3/mail.log_dovecot.txt decoded back: the low 48 bits of the
// connection time in microseconds, the client port, the client address.
import { describe, expect, it } from 'vitest';
import { dovecotSessionId } from './session-id.ts';

describe('dovecot session ids', () => {
  it('rebuilds recorded ids from their time, port and address', () => {
    // Connected 66 ms before its Login line at 03:50:25.294291, from 127.0.0.1 port 53516.
    expect(dovecotSessionId(1795319425228.178, 53516, 0x7f000001)).toBe('kl2ZYNVgDNF/AAAB');
    // From 192.168.0.28 port 57118 (the first line of the log).
    expect(dovecotSessionId(1795319423251.491, 57118, 0xc0a8001c)).toBe('IzR7YNVgHt/AqAAc');
  });
});
