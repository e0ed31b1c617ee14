import { describe, expect, it } from 'vitest';
import { initialWindow } from './window.ts';

describe('initial receive windows (Linux tcp_select_initial_window)', () => {
  it('rounds the 64 KiB initial space down to a multiple of the segment size', () => {
    expect(initialWindow(1460)).toBe(64240); // SYN on Ethernet
    expect(initialWindow(1448)).toBe(65160); // SYN-ACK on Ethernet with timestamps
    expect(initialWindow(65495)).toBe(65495); // SYN on lo
    expect(initialWindow(65483)).toBe(65483); // SYN-ACK on lo
    expect(initialWindow(8192)).toBe(65535); // a divisor of 65536: the field's maximum
  });
});
