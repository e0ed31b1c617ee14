// DOM-free parts of the report dialog: the frame list a student types, the file name, the hosts'
// addresses, the preview's shortened image.
import { describe, expect, it } from 'vitest';
import type { HostInfo } from '../../sim/index.ts';
import { MAX_REPORT_FRAMES, parseFrameSelection } from './frame-selection.ts';
import { elideDataUrls, reportFileName, reportHosts } from './report-sources.ts';
import { bufferText, type BufferLike } from './xterm-transcript.ts';

describe('parseFrameSelection', () => {
  it('reads numbers and ranges, in order, each once', () => {
    expect(parseFrameSelection('1,4,7-9', 10)).toEqual({ ok: true, numbers: [1, 4, 7, 8, 9] });
    expect(parseFrameSelection(' 9 , 3-4;4 1 ', 10)).toEqual({ ok: true, numbers: [1, 3, 4, 9] });
    expect(parseFrameSelection('', 0)).toEqual({ ok: true, numbers: [] });
    expect(parseFrameSelection(' , ', 5)).toEqual({ ok: true, numbers: [] });
  });

  it('names the frame outside the capture', () => {
    expect(parseFrameSelection('1,11', 10)).toEqual({ ok: false, error: { kind: 'range', number: 11, count: 10 } });
    expect(parseFrameSelection('0', 10)).toEqual({ ok: false, error: { kind: 'range', number: 0, count: 10 } });
    expect(parseFrameSelection('5-12', 10)).toEqual({ ok: false, error: { kind: 'range', number: 12, count: 10 } });
    expect(parseFrameSelection('1', 0)).toEqual({ ok: false, error: { kind: 'range', number: 1, count: 0 } });
  });

  it('refuses garbage, reversed ranges and huge lists without building them', () => {
    expect(parseFrameSelection('1,a', 10)).toEqual({ ok: false, error: { kind: 'syntax', item: 'a' } });
    expect(parseFrameSelection('1--3', 10)).toEqual({ ok: false, error: { kind: 'syntax', item: '1--3' } });
    expect(parseFrameSelection('-3', 10)).toEqual({ ok: false, error: { kind: 'syntax', item: '-3' } });
    expect(parseFrameSelection('1.5', 10)).toEqual({ ok: false, error: { kind: 'syntax', item: '1.5' } });
    expect(parseFrameSelection('x'.repeat(100_000), 10)).toEqual({ ok: false, error: { kind: 'syntax', item: 'x'.repeat(40) } });
    expect(parseFrameSelection('9-7', 10)).toEqual({ ok: false, error: { kind: 'reversed', item: '9-7' } });
    expect(parseFrameSelection('1-999999999', 999_999_999)).toEqual({ ok: false, error: { kind: 'tooMany', max: MAX_REPORT_FRAMES } });
    const many = Array.from({ length: MAX_REPORT_FRAMES + 1 }, (_, i) => i + 1).join(',');
    expect(parseFrameSelection(many, 1000)).toEqual({ ok: false, error: { kind: 'tooMany', max: MAX_REPORT_FRAMES } });
    expect(parseFrameSelection(`1-${MAX_REPORT_FRAMES}`, 1000).ok).toBe(true);
  });
});

describe('report file and sources', () => {
  it('names the file after the scenario, without accents or punctuation', () => {
    expect(reportFileName('TP SMTP - client, DHCP, routeur, SMTP')).toBe('compte-rendu-tp-smtp-client-dhcp-routeur-smtp.md');
    expect(reportFileName('Réseaux : élève n°1')).toBe('compte-rendu-reseaux-eleve-n-1.md');
    expect(reportFileName('***')).toBe('compte-rendu-lab.md');
    expect(reportFileName('a'.repeat(200))).toBe(`compte-rendu-${'a'.repeat(60)}.md`);
  });

  it('lists each host with its addresses, loopback left out', () => {
    const host = {
      name: 'CLIENT',
      interfaces: [
        { name: 'lo', mac: '00:00:00:00:00:00', up: true, loopback: true, addresses: ['127.0.0.1/8'] },
        { name: 'eth0', mac: '02:00:00:00:00:01', up: true, loopback: false, addresses: ['172.20.128.1/24'] },
      ],
    } as unknown as HostInfo;
    expect(reportHosts([host])).toEqual([{ name: 'CLIENT', addresses: ['172.20.128.1/24'] }]);
  });

  it('shortens image data URLs in the preview only', () => {
    const md = `![Topologie du réseau](data:image/png;base64,${'A'.repeat(5000)}==)\n`;
    expect(elideDataUrls(md)).toBe(`![Topologie du réseau](data:image/png;base64,${'A'.repeat(32)}…)\n`);
    expect(elideDataUrls('no image')).toBe('no image');
  });
});

describe('bufferText', () => {
  /** A fake xterm buffer of 10-column rows: [text, isWrapped]. */
  function buffer(rows: [string, boolean][]): BufferLike {
    return {
      length: rows.length,
      getLine: (y) => {
        const row = rows[y];
        if (row === undefined) return undefined;
        const [text, isWrapped] = row;
        return { isWrapped, translateToString: (trim = false) => (trim ? text.replace(/ +$/, '') : text.padEnd(10)) };
      },
    };
  }

  it('joins wrapped rows, keeping the blanks at the wrap, and drops the empty rows below', () => {
    const text = bufferText(buffer([['root@pc1:~', false], ['# echo a  ', true], ['  b', true], ['a   b', false], ['', false], ['', false]]));
    expect(text).toBe('root@pc1:~# echo a    b\na   b\n');
  });

  it('gives an empty text for an empty terminal', () => {
    expect(bufferText(buffer([['', false], ['', false]]))).toBe('');
  });
});
