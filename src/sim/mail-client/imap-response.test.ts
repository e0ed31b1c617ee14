import { describe, expect, it } from 'vitest';
import { fetchAttributes, ImapValueReader, valueText, type ImapResponse } from './imap-response.ts';

const enc = new TextEncoder();

describe('IMAP responses', () => {
  it('reads a FETCH with a literal that holds parentheses and quotes', () => {
    const body = 'Subject: (x) "y"\r\n\r\n)\r\n';
    const r: ImapResponse = { text: '* 1 FETCH (UID 7 RFC822.SIZE 25 FLAGS (\\Seen \\Recent) BODY[HEADER.FIELDS (From Subject)] \u00000\u0000)', literals: [enc.encode(body)] };
    const a = fetchAttributes(r)!;
    expect(valueText(a.get('UID'))).toBe('7');
    expect(a.get('FLAGS')).toEqual({ t: 'list', v: [{ t: 'atom', v: '\\Seen' }, { t: 'atom', v: '\\Recent' }] });
    expect(valueText(a.get('BODY[HEADER.FIELDS (FROM SUBJECT)]'))).toBe(body);
  });

  it('reads quoted strings with escapes, NIL, and stops on garbage without looping', () => {
    const reader = new ImapValueReader({ text: '"a \\"b\\" c" NIL ((x)) ]]', literals: [] });
    expect(reader.value()).toMatchObject({ t: 'string', v: 'a "b" c' });
    expect(reader.value()).toEqual({ t: 'nil' });
    expect(reader.value()).toEqual({ t: 'list', v: [{ t: 'list', v: [{ t: 'atom', v: 'x' }] }] });
    expect(reader.value()).toEqual({ t: 'atom', v: ']]' });
    expect(reader.done).toBe(true);
    expect(fetchAttributes({ text: '* 1 FETCH (UID', literals: [] })).toEqual(new Map());
    expect(fetchAttributes({ text: '* 3 EXISTS', literals: [] })).toBeNull();
  });
});
