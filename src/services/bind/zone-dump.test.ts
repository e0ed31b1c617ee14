import { describe, it, expect } from 'vitest';
import { dumpZone } from './zone-dump.ts';
import { DNS_CLASS_IN, DNS_TYPE_A, DNS_TYPE_MX, DNS_TYPE_NS } from '../../wire/dns.ts';

describe('zone dump (named-checkzone -D)', () => {
  it('puts NS before other types at a name and pads owners to column 40', () => {
    const out = dumpZone([
      { name: 'lab.', type: DNS_TYPE_MX, class: DNS_CLASS_IN, ttl: 60, data: { kind: 'MX', preference: 1, exchange: 'm.lab.' } },
      { name: 'lab.', type: DNS_TYPE_NS, class: DNS_CLASS_IN, ttl: 60, data: { kind: 'NS', target: 'ns.lab.' } },
      { name: `${'x'.repeat(40)}.lab.`, type: DNS_TYPE_A, class: DNS_CLASS_IN, ttl: 60, data: { kind: 'A', address: 0x0a000001 } },
    ]);
    expect(out).toBe(
      'lab.\t\t\t\t\t          60 IN\tNS\tns.lab.\n' +
        'lab.\t\t\t\t\t          60 IN\tMX\t1 m.lab.\n' +
        `${'x'.repeat(40)}.lab.           60 IN\tA\t10.0.0.1\n`,
    );
  });
});
