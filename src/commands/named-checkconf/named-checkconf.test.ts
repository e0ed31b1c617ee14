import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { namedCheckconf } from './named-checkconf.ts';
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

/** Debian 12's db.0 and db.255 (not in the recordings' folder; same text in bind9 9.18). */
const DB_BROADCAST = `;
; BIND reverse data file for broadcast zone
;
$TTL	604800
@	IN	SOA	localhost. root.localhost. (
			      1		; Serial
			 604800		; Refresh
			  86400		; Retry
			2419200		; Expire
			 604800 )	; Negative Cache TTL
;
@	IN	NS	localhost.
`;

/** The recording machine's /etc/bind: Debian's defaults plus the lab's zones. */
function bindFs(recorded: Step[] = []): TestFs {
  const fs = new TestFs();
  for (const dir of ['default_config', 'config']) {
    for (const f of readdirSync(`${DNS}/${dir}`)) fs.put(`/etc/bind/${f}`, readFileSync(`${DNS}/${dir}/${f}`));
  }
  fs.put('/etc/bind/db.0', DB_BROADCAST).put('/etc/bind/db.255', DB_BROADCAST).put('/usr/share/dns/root.hints', '');
  fs.dir('/var/cache/bind');
  for (const s of recorded) if (s.command.startsWith('cat ')) fs.put(s.command.slice(4), s.output);
  return fs;
}

describe('named-checkconf against BIND 9.18 recordings', () => {
  const files = readdirSync(`${DNS}/check`).filter((f) => f.startsWith('named-checkconf'));
  for (const f of files) {
    it(`prints what BIND printed: ${f}`, async () => {
      const recorded = steps(f);
      const fs = bindFs(recorded);
      const checks = recorded.filter((s) => s.command.startsWith('named-checkconf'));
      expect(checks.length).toBeGreaterThan(0);
      for (const s of checks) {
        const r = await run(namedCheckconf, { argv: s.command.split(' '), fs });
        expect({ command: s.command, output: r.stdout + r.stderr, status: r.code }).toEqual(s);
      }
    });
  }
});

describe('named-checkconf', () => {
  async function check(local: string, argv = ['named-checkconf']) {
    const fs = bindFs().put('/etc/bind/named.conf.local', local);
    return run(namedCheckconf, { argv, fs });
  }

  it('reports a zone declared twice with both places', async () => {
    const r = await check('zone "a.lab" { type master; file "/etc/bind/db.local"; };\n\nzone "a.lab" {\n type master; file "x"; };\n');
    expect(r.stdout).toBe("/etc/bind/named.conf.local:3: zone 'a.lab': already exists previous definition: /etc/bind/named.conf.local:1\n");
    expect(r.code).toBe(1);
  });

  it('requires a file for a primary zone and primaries for a secondary', async () => {
    const r = await check('zone "a.lab" { type primary; };\nzone "b.lab" { type slave; file "db.b"; };\n');
    expect(r.stdout).toBe("/etc/bind/named.conf.local:1: zone 'a.lab': missing 'file' entry\n/etc/bind/named.conf.local:2: zone 'b.lab': missing 'primaries' entry\n");
  });

  it('accepts every comment style, acl, options and a secondary with masters', async () => {
    const r = await check(
      '/* block\n comment */ acl lan { 192.168.0.0/24; !10.0.0.1; localhost; };\n# shell\n' +
        'zone "b.lab" { type slave; masters { 192.168.0.1; }; file "db.b"; allow-query { lan; }; allow-transfer { none; }; };\n' +
        'zone "f.lab" { type forward; forward only; forwarders { 10.0.0.53 port 5353; }; };\n',
    );
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('says which brace is missing at the end of the file', async () => {
    const fs = bindFs().put('/tmp/n.conf', 'zone "a.lab" {\n\ttype master;\n\tfile "/etc/bind/db.local";\n');
    const r = await run(namedCheckconf, { argv: ['named-checkconf', '/tmp/n.conf'], fs });
    expect(r.stdout).toBe("/tmp/n.conf:4: '}' expected near end of file\n");
    expect(r.code).toBe(1);
  });

  it('reads an unclosed block on into the including file, as BIND lexes includes', async () => {
    const r = await check('zone "a.lab" {\n\ttype master;\n\tfile "/etc/bind/db.local";\n');
    expect(r.stdout).toBe("/etc/bind/named.conf.default-zones:2: unknown option 'zone'\n");
  });

  it('checks the file named on the command line', async () => {
    const fs = bindFs().put('/tmp/n.conf', 'options { recursion maybe; };\n');
    const r = await run(namedCheckconf, { argv: ['named-checkconf', '/tmp/n.conf'], fs });
    expect(r.stdout).toBe("/tmp/n.conf:1: boolean expected near 'maybe'\n");
  });
});
