import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { readCapture } from '../pcap-reader.ts';
import { dissectCapture } from '../dissect-capture.ts';
import { RESEND_AND_DUP_ACKS, scenarioInput } from '../testing/tcp-scenarios.ts';
import { conversationsTcp, expertInfo, followTcp } from './index.ts';

const DIR = '/work/shared/fidelity/pcap';
const CAPTURES = ['smtp_local_lo', 'pop3_local_lo', 'popa3d_local_lo', 'imap_local_lo', 'dns_local_lo', 'ping_arp_eth0'];

function load(name: string) {
  const read = readCapture(new Uint8Array(readFileSync(`${DIR}/${name}.pcap`)));
  expect(read.error).toBeUndefined();
  return { rows: dissectCapture(read.frames), frames: read.frames };
}

/**
 * The block a recording holds: what follows the command line and tshark's "Running as user"
 * warning, up to the `# exit status` line. The recordings lost the CRs of CRLF payloads.
 */
function recorded(name: string, file: string): string {
  const lines = readFileSync(`${DIR}/${name}/${file}`, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('Running as user')) + 1;
  const end = lines.findIndex((l) => l.startsWith('# exit status'));
  return lines.slice(start, end).map((l) => l + '\n').join('');
}

const withoutCr = (s: string) => s.replaceAll('\r', '');

describe('statistics views print what tshark -z printed for the golden captures', () => {
  for (const name of CAPTURES) {
    it(`follows TCP stream 0 of ${name} in ASCII`, () => {
      const { rows, frames } = load(name);
      expect(withoutCr(followTcp(rows, frames, 0, 'ascii'))).toBe(recorded(name, 'follow_tcp_ascii_0.txt'));
    });
    it(`lists the TCP conversations of ${name}`, () => {
      const { rows, frames } = load(name);
      expect(conversationsTcp(rows, frames)).toBe(recorded(name, 'conv_tcp.txt'));
    });
    it(`summarises the expert infos of ${name}`, () => {
      const { rows, frames } = load(name);
      expect(expertInfo(rows, frames)).toBe(recorded(name, 'expert.txt'));
    });
    if (existsSync(`${DIR}/${name}/follow_tcp_hex_0.txt`)) {
      it(`follows TCP stream 0 of ${name} in hex`, () => {
        const { rows, frames } = load(name);
        expect(followTcp(rows, frames, 0, 'hex')).toBe(recorded(name, 'follow_tcp_hex_0.txt'));
      });
    }
  }

  it('keeps the CR of CRLF lines in ASCII, as tshark writes them', () => {
    const { rows, frames } = load('smtp_local_lo');
    expect(followTcp(rows, frames, 0, 'ascii')).toContain('\t35\n220 vm ESMTP Postfix (Debian/GNU)\r\n\n');
  });
});

describe('views of a conversation with a hole', () => {
  const frames = scenarioInput(RESEND_AND_DUP_ACKS);
  const rows = dissectCapture(frames);

  it('follows each byte once and marks the bytes the capture missed, as tshark does', () => {
    const text = followTcp(rows, frames, 0, 'ascii');
    // The resent 10 bytes appear once; the hole is reported when the peer ACKs past it.
    expect(text.split('\n').slice(6, -2)).toEqual(['10', 'AAAAAAAAAA', '35', '[10 bytes missing in capture file].', '10', 'AAAAAAAAAA']);
  });

  it('counts warnings, notes and chats by summary', () => {
    expect(expertInfo(rows, frames)).toBe(
      [
        '',
        'Warns (2)',
        '=============',
        '   Frequency      Group           Protocol  Summary',
        "           1   Sequence                TCP  Previous segment(s) not captured (common at capture start)",
        "           1   Sequence                TCP  ACKed segment that wasn't captured (common at capture start)",
        '',
        'Notes (5)',
        '=============',
        '   Frequency      Group           Protocol  Summary',
        '           1   Sequence                TCP  This frame is a (suspected) retransmission',
        '           1   Sequence                TCP  Duplicate ACK (#1)',
        '           1   Sequence                TCP  Duplicate ACK (#2)',
        '           1   Sequence                TCP  TCP keep-alive segment',
        '           1   Sequence                TCP  This frame initiates the connection closing',
        '',
        'Chats (4)',
        '=============',
        '   Frequency      Group           Protocol  Summary',
        '           1   Sequence                TCP  Connection establish request (SYN): server port 33000',
        '           1   Sequence                TCP  Connection establish acknowledge (SYN+ACK): server port 33000',
        '           1   Sequence                TCP  TCP window update',
        '           1   Sequence                TCP  Connection finish (FIN)',
        '',
      ].join('\n'),
    );
  });
});
