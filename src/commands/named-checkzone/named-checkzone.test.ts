import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { namedCheckzone } from './named-checkzone.ts';
import { run } from '../testing/fake-process.ts';
import { TestFs } from '../testing/test-fs.ts';

const DNS = '/work/shared/fidelity/dns';

interface Step { command: string; output: string; status: number }

/** `$ command` blocks of a recording: their screen output and exit status. */
function steps(name: string): Step[] {
  const text = readFileSync(`${DNS}/check/${name}`, 'utf8');
  const out: Step[] = [];
  for (const m of text.matchAll(/^\$ (.*)\n([\s\S]*?)# exit status: (\d+)\n/gm)) out.push({ command: m[1], output: m[2], status: Number(m[3]) });
  return out;
}

/** /etc/bind as recorded, with any file the recording shows by `cat` replaced by that content. */
function bindFs(recorded: Step[]): TestFs {
  const fs = new TestFs();
  for (const f of readdirSync(`${DNS}/config`)) fs.put(`/etc/bind/${f}`, readFileSync(`${DNS}/config/${f}`));
  for (const s of recorded) if (s.command.startsWith('cat ')) fs.put(s.command.slice(4), s.output);
  return fs;
}

async function replay(name: string): Promise<void> {
  const recorded = steps(name);
  const fs = bindFs(recorded);
  const checks = recorded.filter((s) => s.command.startsWith('named-checkzone'));
  expect(checks.length).toBeGreaterThan(0);
  for (const s of checks) {
    const r = await run(namedCheckzone, { argv: s.command.split(' '), fs });
    expect({ command: s.command, output: r.stdout + r.stderr, status: r.code }).toEqual(s);
  }
}

describe('named-checkzone against BIND 9.18 recordings', () => {
  const files = readdirSync(`${DNS}/check`).filter((f) => f.startsWith('named-checkzone'));
  for (const f of files) it(`prints what BIND printed: ${f}`, () => replay(f));
});

describe('named-checkzone', () => {
  const soa = '$TTL 1h\n@ IN SOA ns.lab. root.lab. ( 1 2h 1h 1w 1d )\n@ IN NS ns.lab.\nns A 10.0.0.1\n';

  async function check(zone: string, extra: Record<string, string> = {}) {
    const fs = new TestFs().put('/etc/bind/db.lab', zone);
    for (const [p, c] of Object.entries(extra)) fs.put(p, c);
    return run(namedCheckzone, { argv: ['named-checkzone', 'lab', '/etc/bind/db.lab'], fs });
  }

  it('rejects an MX target that is a CNAME only with a warning', async () => {
    const r = await check(`${soa}@ MX 10 mail\nmail CNAME www\nwww A 10.0.0.1\n`);
    expect(r.stdout).toBe("zone lab/IN: lab/MX 'mail.lab' is a CNAME (illegal)\nzone lab/IN: loaded serial 1\nOK\n");
    expect(r.code).toBe(0);
  });

  it('ignores out-of-zone data with a warning naming the line', async () => {
    const r = await check(`${soa}www.other. A 10.0.0.1\n`);
    expect(r.stdout).toBe('/etc/bind/db.lab:5: ignoring out-of-zone data (www.other)\nzone lab/IN: loaded serial 1\nOK\n');
  });

  it('fails on an unclosed parenthesis', async () => {
    const r = await check('$TTL 1h\n@ IN SOA ns.lab. root.lab. ( 1 2h 1h 1w 1d\n@ IN NS ns.lab.\n');
    expect(r.stdout).toBe(
      'dns_master_load: /etc/bind/db.lab:4: isc_lex_gettoken() failed: unbalanced parentheses\n' +
        'zone lab/IN: loading from master file /etc/bind/db.lab failed: unbalanced parentheses\nzone lab/IN: not loaded due to errors.\n',
    );
    expect(r.code).toBe(1);
  });

  it('rejects records without any TTL', async () => {
    const r = await check('@ IN NS ns.lab.\n');
    expect(r.stdout).toBe(
      'dns_master_load: /etc/bind/db.lab:1: no TTL specified; zone rejected\n' +
        'zone lab/IN: loading from master file /etc/bind/db.lab failed: no ttl\nzone lab/IN: not loaded due to errors.\n',
    );
  });

  it('reads $INCLUDE, $ORIGIN, TTL units, quoted TXT and omitted owners', async () => {
    const r = await run(namedCheckzone, {
      argv: ['named-checkzone', '-D', 'lab', '/etc/bind/db.lab'],
      fs: new TestFs()
        .put('/etc/bind/db.lab', `${soa}$INCLUDE /etc/bind/hosts.inc\nhost 2d A 10.0.0.2\n\tAAAA 2001:db8::1\n`)
        .put('/etc/bind/hosts.inc', '$ORIGIN sub.lab.\nh1 IN TXT "hello world" two\n A 10.0.0.3\n_sip._tcp SRV 0 5 5060 h1\n'),
    });
    expect(r.stdout).toBe(
      'zone lab/IN: loaded serial 1\n' +
        'lab.\t\t\t\t\t        3600 IN\tSOA\tns.lab. root.lab. 1 7200 3600 604800 86400\n' +
        'lab.\t\t\t\t\t        3600 IN\tNS\tns.lab.\n' +
        'host.lab.\t\t\t\t      172800 IN\tA\t10.0.0.2\n' +
        'host.lab.\t\t\t\t        3600 IN\tAAAA\t2001:db8::1\n' +
        'ns.lab.\t\t\t\t\t        3600 IN\tA\t10.0.0.1\n' +
        '_sip._tcp.sub.lab.\t\t\t        3600 IN\tSRV\t0 5 5060 h1.sub.lab.\n' +
        'h1.sub.lab.\t\t\t\t        3600 IN\tA\t10.0.0.3\n' +
        'h1.sub.lab.\t\t\t\t        3600 IN\tTXT\t"hello world" "two"\n' +
        'OK\n',
    );
  });

  it('prints its usage for a missing operand', async () => {
    const r = await run(namedCheckzone, { argv: ['named-checkzone', 'lab'] });
    expect(r.stderr).toMatch(/^usage: named-checkzone /);
    expect(r.code).toBe(1);
  });
});
