import { describe, expect, it } from 'vitest';
import { parseFollowAscii } from './follow-stream.ts';

describe('Follow TCP Stream text', () => {
  it('reads the nodes and chunks of tshark\'s layout (fidelity smtp_local_lo follow_tcp_ascii_0.txt)', () => {
    const rule = '='.repeat(67);
    const text = `\n${rule}\nFollow: tcp,ascii\nFilter: tcp.stream eq 0\nNode 0: 127.0.0.1:58420\nNode 1: 127.0.0.1:25\n\t35\n220 vm ESMTP Postfix (Debian/GNU)\r\n\n19\nehlo 192.168.0.28\r\n\n${rule}\n`;
    const s = parseFollowAscii(text);
    expect([s.client, s.server]).toEqual(['127.0.0.1:58420', '127.0.0.1:25']);
    expect(s.chunks).toEqual([
      { server: true, text: '220 vm ESMTP Postfix (Debian/GNU)\r\n' },
      { server: false, text: 'ehlo 192.168.0.28\r\n' },
    ]);
  });

  it('keeps chunk text that itself looks like a length line, and stops at the closing rule', () => {
    const text = '\n=====\nFollow: tcp,ascii\nFilter: tcp.stream eq 0\nNode 0: 10.0.0.1:40000\nNode 1: 10.0.0.2:25\n4\n12\n\n\n\t3\nok\n\n=====\n';
    const s = parseFollowAscii(text);
    expect(s.chunks).toEqual([{ server: false, text: '12\n\n' }, { server: true, text: 'ok\n' }]);
    expect([s.clientBytes, s.serverBytes]).toEqual([4, 3]);
  });

  it('gives empty results for an empty stream or garbage', () => {
    expect(parseFollowAscii('Node 0: :0\nNode 1: :0\n=====\n').chunks).toEqual([]);
    expect(parseFollowAscii('garbage').chunks).toEqual([]);
  });
});
