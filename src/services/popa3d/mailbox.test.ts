// popa3d's mailbox model against ../fidelity/pop3/popa3d: sizes and UIDLs of the recorded mailbox,
// MD5 test vectors (RFC 1321 appendix A.5), RETR/TOP output, the rewrite after DELE.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Md5 } from './md5.ts';
import { parsePopaMailbox, popaMultiline, popaUidl, removeMessages } from './mailbox.ts';

const FIDELITY = new URL('../../../../shared/fidelity/', import.meta.url);
const inbox = new Uint8Array(readFileSync(new URL('mailutils/var_mail_etudiant_before_reading.mbox', FIDELITY)));
const enc = new TextEncoder();
const dec = new TextDecoder('latin1');
const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('popa3d mailbox', () => {
  it('MD5 test vectors', () => {
    expect(hex(new Md5().digest())).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hex(new Md5().update(enc.encode('abc')).digest())).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hex(new Md5().update(enc.encode('1234567890'.repeat(8))).digest())).toBe('57edf4a22be3c955ac49da2e2107b67a');
    const split = new Md5().update(enc.encode('message ')).update(enc.encode('digest'));
    expect(hex(split.digest())).toBe('f96b697d7cb7938d525a2f31aaf161d0');
  });

  it('sizes and UIDLs of the recorded LIST and UIDL', () => {
    const msgs = parsePopaMailbox(inbox);
    expect(msgs?.map((m) => m.size)).toEqual([501, 345, 461, 422, 402, 400, 367]);
    expect(msgs?.map((m) => popaUidl(m.hash))).toEqual([
      'aea30876505ee661', '99c20c9c2dedc97d', '857958562a77d014', 'e878a007f2a15cea', '73e20caec19f769e', 'e2902b1a26460719', '6533f10b7068c3a0',
    ]);
  });

  it('TOP counts body lines after the blank line; lines starting with "." are stuffed', () => {
    const data = enc.encode('Subject: x\n\n.one\ntwo\nthree');
    expect(dec.decode(popaMultiline(data, 1))).toBe('Subject: x\r\n\r\n..one\r\n');
    expect(dec.decode(popaMultiline(data, null))).toBe('Subject: x\r\n\r\n..one\r\ntwo\r\nthree\r\n');
  });

  it('refuses a file that does not start with a From_ line; an empty file is an empty mailbox', () => {
    expect(parsePopaMailbox(enc.encode('garbage\nFrom a  Sun Nov 22 03:33:55 2026\n\n'))).toBeNull();
    expect(parsePopaMailbox(new Uint8Array(0))).toEqual([]);
  });

  it('DELE 2 removes exactly message 2 and keeps what was appended after loading', () => {
    const msgs = parsePopaMailbox(inbox) ?? [];
    const expected = readFileSync(new URL('pop3/popa3d/var_mail_etudiant_after_popa3d_dele_quit.mbox', FIDELITY), 'latin1');
    expect(dec.decode(removeMessages(inbox, msgs, new Set([1]), inbox.length))).toBe(expected);
    const grown = new Uint8Array([...inbox, ...enc.encode('From x  Sun Nov 22 04:00:00 2026\n\nnew\n\n')]);
    expect(dec.decode(removeMessages(grown, msgs, new Set([1]), inbox.length))).toBe(`${expected}From x  Sun Nov 22 04:00:00 2026\n\nnew\n\n`);
  });
});
