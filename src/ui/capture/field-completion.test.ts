import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../sim/index.ts';
import { applyCompletion, complete, suggest, wordAt } from './field-completion.ts';
import { KNOWN_FIELD_NAMES } from './field-names.ts';

describe('field name completion', () => {
  it('knows only names the display filter compiler accepts', () => {
    const refused = KNOWN_FIELD_NAMES.filter((name) => !compileFilter(name).ok);
    expect(refused).toEqual([]);
    for (const name of ['ip.addr', 'tcp.port', 'tcp.stream', 'smtp.req.command', 'dns.qry.name', 'arp', 'icmp']) {
      expect(KNOWN_FIELD_NAMES).toContain(name);
    }
  });

  it('offers the next level first, then alphabetical', () => {
    const names = ['tcp', 'tcp.flags', 'tcp.flags.syn', 'tcp.flags.ack', 'tcp.port', 'udp.port'];
    expect(suggest(names, 'tcp.')).toEqual(['tcp.flags', 'tcp.port', 'tcp.flags.ack', 'tcp.flags.syn']);
    expect(suggest(names, 'TCP.FL')).toEqual(['tcp.flags', 'tcp.flags.ack', 'tcp.flags.syn']);
    expect(suggest(names, 'tcp.port')).toEqual([]);
    expect(suggest(KNOWN_FIELD_NAMES, 'sm').length).toBeGreaterThan(3);
  });

  it('completes the word at the caret, not literals or strings', () => {
    expect(wordAt('ip.src == 10.0.0.1 && tc', 24)).toEqual({ start: 22, end: 24, word: 'tc' });
    expect(wordAt('ip.src == 10.0.0.1', 16)).toBeNull();
    expect(wordAt('smtp.req.parameter contains "ip.', 32)).toBeNull();
    expect(wordAt('ip.src == ', 10)).toBeNull();
    const c = complete('ip.ttl < 5 && smtp.req.c', 24, KNOWN_FIELD_NAMES);
    expect(c?.suggestions[0]).toBe('smtp.req.command');
    expect(applyCompletion('ip.ttl < 5 && smtp.req.c', c!, 'smtp.req.command')).toEqual({ text: 'ip.ttl < 5 && smtp.req.command', caret: 30 });
  });

  it('copes with huge and odd input', () => {
    const huge = 'a'.repeat(100_000);
    expect(complete(huge, huge.length, KNOWN_FIELD_NAMES)).toBeNull();
    expect(complete('"unterminated', 5, KNOWN_FIELD_NAMES)).toBeNull();
    expect(complete('', 0, KNOWN_FIELD_NAMES)).toBeNull();
  });
});
