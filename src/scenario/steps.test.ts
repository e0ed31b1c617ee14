// The `steps` key: what a teacher writes, what the model keeps, and every mistake reported
// with its path, as the other keys' errors are.
import { describe, expect, it } from 'vitest';
import { loadScenario } from './loader.ts';

const HEAD = 'name: t\nparams: { X: { default: 128 } }\nnetworks: [ { name: lan } ]\nhosts:\n  - { name: SMTP, interfaces: [ { name: eth0, network: lan, address: "10.0.0.1/24" } ] }\n';

function load(steps: string) {
  return loadScenario(`${HEAD}steps:\n${steps}`, 't.yaml');
}

function problems(steps: string): string[] {
  const r = load(steps);
  return r.ok ? [] : r.errors.map((e) => `${e.line}: ${e.path}: ${e.message}`);
}

describe('scenario steps', () => {
  it('reads bilingual texts, a plain string for both languages, and templated checks', () => {
    const r = load(
      [
        '  - id: postfix-installe',
        '    title: { fr: "Installer Postfix", en: "Install Postfix" }',
        '    do: "apt install postfix"',
        '    hint: { fr: "Utilisez apt" }',
        '    check: { host: SMTP, package: postfix }',
        '  - id: ecoute',
        '    title: Postfix écoute',
        '    check:',
        '      all:',
        '        - { host: SMTP, listening: 25 }',
        '        - { host: SMTP, postconf: myhostname, value: "mail{{X}}.com" }',
        '        - not: { host: SMTP, file: /etc/nologin }',
        '        - { capture: "smtp and ip.addr == 10.0.0.1", count: "{{X-126}}" }',
        '        - { host: SMTP, dns: { name: "mail{{X}}.com", type: mx, value: "10 mail" } }',
        '',
      ].join('\n'),
    );
    expect(r.ok, JSON.stringify(!r.ok && r.errors)).toBe(true);
    if (!r.ok) return;
    const [a, b] = r.scenario.steps;
    expect(a).toEqual({
      id: 'postfix-installe',
      title: { fr: 'Installer Postfix', en: 'Install Postfix' },
      do: { fr: 'apt install postfix', en: 'apt install postfix' },
      hint: { fr: 'Utilisez apt', en: 'Utilisez apt' },
      check: { kind: 'package', host: 'SMTP', package: 'postfix' },
    });
    expect(b.do).toEqual({ fr: '', en: '' });
    expect(b.check).toEqual({
      kind: 'all',
      checks: [
        { kind: 'listening', host: 'SMTP', port: 25, address: null, proto: 'tcp' },
        { kind: 'postconf', host: 'SMTP', parameter: 'myhostname', value: 'mail128.com', contains: null },
        { kind: 'not', check: { kind: 'file', host: 'SMTP', path: '/etc/nologin', exists: true, contains: null, matches: null } },
        { kind: 'capture', filter: 'smtp and ip.addr == 10.0.0.1', count: 2, host: null, iface: null },
        { kind: 'dns', host: 'SMTP', name: 'mail128.com', type: 'MX', value: '10 mail' },
      ],
    });
    // Plain JSON: the page persists scenarios.
    expect(JSON.parse(JSON.stringify(r.scenario))).toEqual(r.scenario);
  });

  it('has no steps when the key is absent; steps is no longer a reserved key', () => {
    const r = loadScenario(HEAD, 't.yaml');
    expect(r.ok && r.scenario.steps).toEqual([]);
    expect(r.ok && 'steps' in r.scenario.reserved).toBe(false);
  });

  it('takes a bilingual description, or one text for both', () => {
    const both = loadScenario(`${HEAD}description: { fr: "Bonjour", en: "Hello" }\n`, 't.yaml');
    expect(both.ok && [both.scenario.description, both.scenario.descriptionEn]).toEqual(['Bonjour', 'Hello']);
    const one = loadScenario(`${HEAD}description: Bonjour\n`, 't.yaml');
    expect(one.ok && [one.scenario.description, one.scenario.descriptionEn]).toEqual(['Bonjour', 'Bonjour']);
    expect(problemsOf(`${HEAD}description: { de: "Hallo" }\n`)).toEqual([
      "6: description: expected a text, or { fr: ..., en: ... } with at least one of 'fr' and 'en'",
      "6: description.de: unknown key 'de' (did you mean 'fr'?)",
    ]);
  });

  it('reports unknown step and check keys with a did-you-mean, at their line', () => {
    expect(problems('  - { id: a, titel: A, check: { host: SMTP, package: postfix } }\n')).toEqual([
      "7: steps[0]: missing key 'title'",
      "7: steps[0].titel: unknown key 'titel' (did you mean 'title'?)",
    ]);
    expect(problems('  - id: a\n    title: A\n    check: { host: SMTP, packge: postfix }\n')).toEqual([
      "9: steps[0].check.packge: unknown key 'packge' (did you mean 'package'?)",
    ]);
    expect(problems('  - id: a\n    title: A\n    check: { host: SMTP }\n')).toEqual([
      '9: steps[0].check: a check needs exactly one of package, service, listening, user, file, mailbox, postconf, address, forwarding, route, dns, capture, all, any, not (found none)',
    ]);
  });

  it('reports a check with two kinds, an option of another kind, a missing host and an unknown host', () => {
    const check = (c: string) => problems(`  - id: a\n    title: A\n    check: ${c}\n`).map((p) => p.slice(p.indexOf(' ') + 1));
    expect(check('{ host: SMTP, package: postfix, service: postfix }')).toEqual([
      "steps[0].check: a check needs exactly one of package, service, listening, user, file, mailbox, postconf, address, forwarding, route, dns, capture, all, any, not (found 'package' and 'service')",
    ]);
    expect(check('{ host: SMTP, package: postfix, contains: x }')).toEqual(["steps[0].check.contains: 'contains' does not apply to a 'package' check (it takes 'host')"]);
    expect(check('{ all: [ { host: SMTP, user: a } ], host: SMTP }')).toEqual(["steps[0].check.host: 'host' does not apply to an 'all' check"]);
    expect(check('{ user: smtp }')).toEqual(["steps[0].check: missing key 'host' (the host this 'user' check looks at)"]);
    expect(check('{ host: DNS, user: smtp }')).toEqual(["steps[0].check.host: unknown host 'DNS' (hosts: SMTP)"]);
  });

  it('reports bad values of each type, with their paths deep in combinators', () => {
    const check = (c: string) => problems(`  - id: a\n    title: A\n    check:\n      all:\n        - ${c}\n`).map((p) => p.slice(p.indexOf(' ') + 1));
    expect(check('{ host: SMTP, listening: 70000 }')).toEqual(['steps[0].check.all[0].listening: bad port 70000 (expected 1 to 65535)']);
    expect(check('{ host: SMTP, listening: smtp }')).toEqual(['steps[0].check.all[0].listening: expected an integer, found "smtp"']);
    expect(load(`  - id: a\n    title: A\n    check: { host: SMTP, listening: 25, address: 10.0.0.1 }\n`).ok).toBe(true);
    expect(check('{ host: SMTP, listening: 53, proto: icmp }')).toEqual(['steps[0].check.all[0].proto: unknown protocol "icmp" (expected tcp, udp)']);
    expect(check('{ host: SMTP, forwarding: yes }')).toEqual(['steps[0].check.all[0].forwarding: expected true or false, found "yes"']);
    expect(check('{ host: SMTP, address: 10.0.0.300/24 }')).toEqual(['steps[0].check.all[0].address: bad CIDR "10.0.0.300/24": 300 is above 255']);
    expect(check('{ host: SMTP, route: 10.0.0.0/33 }')[0]).toMatch(/^steps\[0\]\.check\.all\[0\]\.route: bad route destination "10\.0\.0\.0\/33": /);
    expect(check('{ host: SMTP, file: /etc/x, matches: "a(" }')[0]).toMatch(/^steps\[0\]\.check\.all\[0\]\.matches: bad regular expression "a\(": /);
    expect(check('{ host: SMTP, file: etc/x }')).toEqual(['steps[0].check.all[0].file: bad file path "etc/x" (expected an absolute path like /etc/postfix/main.cf)']);
    expect(check('{ host: SMTP, file: /x, exists: false, contains: a }')).toEqual(["steps[0].check.all[0]: 'exists: false' excludes 'contains' and 'matches'"]);
    expect(check('{ host: SMTP, postconf: myhostname }')).toEqual(["steps[0].check.all[0]: a 'postconf' check needs 'value' or 'contains'"]);
    expect(check('{ host: SMTP, dns: { name: a.com, type: WKS } }')).toEqual(['steps[0].check.all[0].dns.type: unknown record type "WKS" (expected A, AAAA, NS, CNAME, SOA, PTR, MX, TXT, SRV)']);
    expect(check('{ host: SMTP, dns: a.com }')).toEqual(['steps[0].check.all[0].dns: expected a mapping (key: value), found the string "a.com"']);
    expect(check('{ capture: smtp, count: 0 }')).toEqual(['steps[0].check.all[0].count: count must be at least 1, found 0']);
    expect(check('{ capture: smtp, iface: eth0 }')).toEqual(["steps[0].check.all[0].iface: 'iface' needs 'host' (the host of that interface)"]);
    expect(check('{ any: [] }')).toEqual(["steps[0].check.all[0].any: 'any' needs at least one check"]);
    expect(check('{ not: [ { host: SMTP, user: a } ] }')).toEqual(['steps[0].check.all[0].not: expected a mapping (key: value), found a list']);
  });

  it('reports duplicate and malformed ids, a non-list and a non-mapping step', () => {
    const two = '  - { id: a, title: A, check: { host: SMTP, user: a } }\n  - { id: a, title: B, check: { host: SMTP, user: b } }\n';
    expect(problems(two)).toEqual(["8: steps[1].id: duplicate step id 'a'"]);
    expect(problems('  - { id: "a b", title: A, check: { host: SMTP, user: a } }\n')).toEqual(['7: steps[0].id: bad step id "a b" (letters, digits, _ . and -, no spaces)']);
    expect(problemsOf(`${HEAD}steps: { a: 1 }\n`)).toEqual(['6: steps: expected a list, found a mapping']);
    expect(problems('  - just text\n')).toEqual(['7: steps[0]: expected a mapping (key: value), found the string "just text"']);
  });

  it('refuses checks nested past the limit instead of recursing without end', () => {
    const deep = '{ not: '.repeat(20) + '{ host: SMTP, user: a }' + ' }'.repeat(20);
    const p = problems(`  - id: a\n    title: A\n    check: ${deep}\n`);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/checks nest too deep \(at most 16 levels\)$/);
  });
});

function problemsOf(text: string): string[] {
  const r = loadScenario(text, 't.yaml');
  return r.ok ? [] : r.errors.map((e) => `${e.line}: ${e.path}: ${e.message}`);
}
