// The Markdown lab report a student exports: its parts in French and English, the frames exactly
// as `netsim dissect` prints them for the same capture, code fences that survive any content.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../capture/pcap-reader.ts';
import { buildLabReport, fenced, renderFrames, type LabReportInput } from './lab-report.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PCAP = '/work/shared/fidelity/pcap';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function capture(name: string) {
  return readCapture(new Uint8Array(readFileSync(`${PCAP}/${name}.pcap`))).frames;
}

function netsimDissect(...args: string[]): string {
  const r = spawnSync(process.execPath, ['src/cli/netsim.mjs', 'dissect', ...args], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** The code block right after the heading `heading`, without its fences. */
function blockAfter(report: string, heading: string): string {
  const lines = report.split('\n');
  const at = lines.indexOf(heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const open = lines.findIndex((l, i) => i > at && l.startsWith('```'));
  const fence = /^`+/.exec(lines[open])![0];
  const close = lines.findIndex((l, i) => i > open && l === fence);
  return lines.slice(open + 1, close).join('\n');
}

const base: LabReportInput = {
  scenario: {
    name: 'TP SMTP - client, DHCP, routeur, SMTP',
    description: 'Envoyer un mail du CLIENT au serveur SMTP.',
    params: [{ name: 'X', value: 128, description: 'Numéro de poste' }, { name: 'G', value: 4 }],
  },
  locale: 'fr',
  topologyPng: PNG,
  steps: [
    { title: 'Installer postfix', done: true },
    { title: 'Envoyer un mail avec nc', done: false },
  ],
  transcripts: [{ host: 'CLIENT', title: 'nc vers SMTP', text: 'root@client:~# nc 192.168.0.28 smtp\n220 mail128.com ESMTP Postfix (Debian/GNU)\n' }],
  capture: capture('smtp_local_lo'),
  frames: [4],
  notes: 'Le serveur répond **220**.',
};

describe('buildLabReport', () => {
  it('writes the French report in numbered parts, as the students hand it in', () => {
    const report = buildLabReport({ ...base, date: '22/11/2026' });
    const head = report.split('\n## ')[0];
    expect(head).toBe(
      [
        '# Compte rendu : TP SMTP - client, DHCP, routeur, SMTP',
        '',
        '* Noms : ',
        '* Groupe de TP : ',
        '* Date : 22/11/2026',
        '* X : 128 (Numéro de poste)',
        '* G : 4',
        '',
      ].join('\n'),
    );
    const headings = report.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Compte rendu : TP SMTP - client, DHCP, routeur, SMTP',
      '## 1. Contexte',
      '## 2. Topologie',
      '## 3. Étapes',
      '## 4. Opérations réalisées',
      '### 4.1 CLIENT : nc vers SMTP',
      '## 5. Analyse des trames',
      '### 5.1 Trame 4 (SMTP)',
      '## 6. Notes',
    ]);
    expect(report).toContain('\n\nEnvoyer un mail du CLIENT au serveur SMTP.\n\n');
    expect(report).toContain(`\n![Topologie du réseau](${PNG})\n`);
    expect(report).toContain('\n- [x] Installer postfix\n- [ ] Envoyer un mail avec nc\n');
    expect(blockAfter(report, '### 4.1 CLIENT : nc vers SMTP')).toBe(
      'root@client:~# nc 192.168.0.28 smtp\n220 mail128.com ESMTP Postfix (Debian/GNU)',
    );
    expect(report.endsWith('## 6. Notes\n\nLe serveur répond **220**.\n')).toBe(true);
  });

  it('writes the English report with English titles and labels', () => {
    const report = buildLabReport({ ...base, locale: 'en', hosts: [{ name: 'CLIENT', addresses: ['172.20.128.1/24'] }, { name: 'SMTP', addresses: [] }] });
    const headings = report.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Lab report: TP SMTP - client, DHCP, routeur, SMTP',
      '## 1. Context',
      '## 2. Topology',
      '## 3. Steps',
      '## 4. Operations performed',
      '### 4.1 CLIENT: nc vers SMTP',
      '## 5. Frame analysis',
      '### 5.1 Frame 4 (SMTP)',
      '## 6. Notes',
    ]);
    expect(report).toContain('\n* Names: \n* Lab group: \n* X: 128 (Numéro de poste)\n* G: 4\n');
    expect(report).toContain('\nMachines:\n\n* CLIENT: `172.20.128.1/24`\n* SMTP: no address\n');
    expect(report).toContain(`\n![Network topology](${PNG})\n`);
  });

  it('prints a frame as `netsim dissect -Y frame.number==N` (summary) and with -V (tree)', () => {
    for (const [name, n] of [['smtp_local_lo', 4], ['dns_local_lo', 2], ['imap_local_lo', 9], ['ping_arp_eth0', 1]] as const) {
      const file = `${PCAP}/${name}.pcap`;
      const report = buildLabReport({ ...base, capture: capture(name), frames: [n] });
      const summary = netsimDissect(file, '-Y', `frame.number==${n}`);
      const tree = netsimDissect(file, '-V', '-Y', `frame.number==${n}`);
      const protocol = /^\s*\d+\s+\S+\s+\S+ → \S+\s+(\S+)/.exec(summary)![1];
      // The CLI ends the summary line with a newline and the tree with tshark's blank line.
      expect(blockAfter(report, `### 5.1 Trame ${n} (${protocol})`), name).toBe(`${summary.replace(/\n$/, '')}\n\n${tree.replace(/\n\n$/, '')}`);
    }
  });

  it('counts the displayed-frame delta from the frame chosen before, as -Y selecting those frames does', () => {
    const file = `${PCAP}/smtp_local_lo.pcap`;
    const frames = renderFrames(capture('smtp_local_lo'), [6, 4, 4]);
    expect(frames.map((f) => f.number)).toEqual([4, 6]);
    const trees = netsimDissect(file, '-V', '-Y', 'frame.number==4 or frame.number==6');
    expect(frames.map((f) => f.tree + '\n\n').join('')).toBe(trees);
  });

  it('takes frames rendered beforehand as they are', () => {
    const rendered = renderFrames(capture('smtp_local_lo'), [4]);
    expect(buildLabReport({ ...base, capture: undefined, frames: undefined, renderedFrames: rendered })).toBe(buildLabReport(base));
  });

  it('leaves out frames the capture does not have, and the part when none is left', () => {
    const frames = capture('smtp_local_lo');
    expect(renderFrames(frames, [0, -1, 1.5, frames.length + 1, Number.NaN])).toEqual([]);
    const report = buildLabReport({ ...base, frames: [frames.length + 1] });
    expect(report).not.toContain('Analyse des trames');
    expect(buildLabReport({ ...base, capture: undefined })).not.toContain('Analyse des trames');
  });

  it('shows a truncated frame as a malformed packet instead of throwing', () => {
    const [first] = capture('smtp_local_lo');
    const cut = { ...first, bytes: first.bytes.slice(0, 20) };
    const [frame] = renderFrames([cut], [1]);
    expect(frame.summary).toMatch(/^\s+1 /);
    expect(frame.tree).toContain('Frame 1: 74 bytes on wire (592 bits), 20 bytes captured (160 bits)');
    expect(frame.tree).toContain('[Malformed Packet: IPv4]');
  });

  it('puts any content in a fence longer than its longest backtick run', () => {
    const text = 'cat README.md\n```sh\nnpm test\n```\nand ```` four';
    expect(fenced(text)).toEqual(['`````', ...text.split('\n'), '`````']);
    expect(fenced('no ticks')).toEqual(['```', 'no ticks', '```']);
    const report = buildLabReport({ ...base, transcripts: [{ host: 'SMTP', text }] });
    expect(blockAfter(report, '### 4.1 SMTP')).toBe(text);
  });

  it('takes a transcript of any length', () => {
    const text = 'ligne\n'.repeat(300_000);
    const report = buildLabReport({ ...base, transcripts: [{ host: 'CLIENT', text }] });
    expect(blockAfter(report, '### 4.1 CLIENT')).toBe(text.replace(/\n$/, ''));
  });

  it('keeps the notes exactly as typed', () => {
    const notes = '### Analyse\n\n| a | b |\n|---|---|\n| `x` | <b>y</b> |\n\n```\ncode\n```\n   indented  \n\ttab';
    const report = buildLabReport({ ...base, notes });
    expect(report.endsWith(`## 6. Notes\n\n${notes}\n`)).toBe(true);
    expect(buildLabReport({ ...base, notes: '  \n' })).not.toContain('Notes');
  });

  it('has no topology part without an image, or with something that is not a PNG data URL', () => {
    for (const topologyPng of [null, '', 'javascript:alert(1)', 'data:image/png;base64,abc) [x](http://evil']) {
      const report = buildLabReport({ ...base, topologyPng });
      expect(report).not.toContain('Topologie');
      expect(report).not.toContain('![');
      expect(report).toContain('## 2. Étapes');
    }
  });

  it('strips escape sequences and applies CR/BS editing left in a transcript', () => {
    const text = '\x1b[01;32mroot@client\x1b[00m:~# ls\x08\x08ping -c1 x\r\nPING\r\n\n\n';
    const report = buildLabReport({ ...base, transcripts: [{ host: 'CLIENT', text }] });
    expect(blockAfter(report, '### 4.1 CLIENT')).toBe('root@client:~# ping -c1 x\nPING');
  });

  it('keeps headings and list items on one line whatever the names contain', () => {
    const report = buildLabReport({
      ...base,
      scenario: { name: 'TP\n# injecté', description: '', params: [{ name: 'X', value: 1, description: 'a\nb' }] },
      transcripts: [{ host: 'CLIENT', title: 'un\ndeux', text: 'x' }],
    });
    expect(report).toContain('# Compte rendu : TP # injecté\n');
    expect(report).toContain('* X : 1 (a b)\n');
    expect(report).toContain('### 3.1 CLIENT : un deux\n');
    expect(report).not.toContain('Contexte');
  });

  it('leaves out empty transcripts and parts with nothing to say', () => {
    const report = buildLabReport({ ...base, topologyPng: null, steps: [], transcripts: [{ host: 'A', text: '\n \n' }], frames: [], notes: '' });
    expect(report.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## 1. Contexte']);
    expect(report.endsWith('\n')).toBe(true);
    expect(report.endsWith('\n\n')).toBe(false);
  });
});
