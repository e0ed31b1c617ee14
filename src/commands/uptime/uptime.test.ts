import { describe, it, expect } from 'vitest';
import { uptime } from './uptime.ts';
import { run } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

describe('uptime', () => {
  it('prints the procps line from /proc', async () => {
    const fs = new TestFs().put('/proc/uptime', '3720.50 3600.00\n').put('/proc/loadavg', '0.00 0.01 0.05 1/80 401\n');
    const r = await run(uptime, { argv: ['uptime'], fs, wallMs: Date.UTC(2026, 10, 22, 5, 10, 38) });
    expect(r.stdout).toBe(' 05:10:38 up  1:02,  0 users,  load average: 0.00, 0.01, 0.05\n');
    expect((await run(uptime, { argv: ['uptime', '-p'], fs })).stdout).toBe('up 1 hour, 2 minutes\n');
  });
});
