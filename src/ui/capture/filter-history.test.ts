import { describe, expect, it } from 'vitest';
import { FilterHistory } from './filter-history.ts';

describe('display filter history', () => {
  it('walks back and forth like a shell and restores the draft', () => {
    const h = new FilterHistory();
    h.push('arp');
    h.push('tcp.port == 25');
    h.push('  ');
    expect(h.list).toEqual(['arp', 'tcp.port == 25']);
    expect(h.older('dn')).toBe('tcp.port == 25');
    expect(h.older('')).toBe('arp');
    expect(h.older('')).toBeNull();
    expect(h.newer()).toBe('tcp.port == 25');
    expect(h.newer()).toBe('dn');
    expect(h.newer()).toBeNull();
  });

  it('moves a re-applied filter to the end and keeps at most its maximum', () => {
    const h = new FilterHistory(3);
    for (const f of ['a', 'b', 'c', 'a', 'd']) h.push(f);
    expect(h.list).toEqual(['c', 'a', 'd']);
  });
});
