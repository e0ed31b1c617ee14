import { describe, it, expect } from 'vitest';
import { loadZone } from './zone-load.ts';

const SOA = '$TTL 1h\n@ SOA ns root ( 42 1 1 1 1 )\n';
const load = (text: string | null) => loadZone('lab.', 'db.lab', (p) => (p === 'db.lab' ? text : null));

describe('zone loading and its integrity checks', () => {
  it('loads a zone and reports its serial', () => {
    const r = load(`${SOA}@ NS ns\nns A 10.0.0.1\n`);
    expect(r.zone?.serial).toBe(42);
    expect(r.log).toEqual(['zone lab/IN: loaded serial 42']);
  });

  it('refuses a zone without NS records or whose NS is an alias', () => {
    expect(load(SOA).log).toEqual(['zone lab/IN: has no NS records', 'zone lab/IN: not loaded due to errors.']);
    const r = load(`${SOA}@ NS ns\nns CNAME h\nh A 10.0.0.1\n`);
    expect(r.zone).toBeNull();
    expect(r.log[0]).toBe("zone lab/IN: NS 'ns.lab' is a CNAME (illegal)");
  });

  it('does not look up out-of-zone targets', () => {
    expect(load(`${SOA}@ NS ns.other.\n@ MX 5 mx.other.\n`).log).toEqual(['zone lab/IN: loaded serial 42']);
  });

  it('warns about an SRV target without address', () => {
    expect(load(`${SOA}@ NS ns.other.\n_x._tcp SRV 1 1 80 web\n`).log[0]).toBe("zone lab/IN: _x._tcp.lab/SRV 'web.lab' has no address records (A or AAAA)");
  });
});
