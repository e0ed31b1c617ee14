// main.cf reading and editing against the recordings: postconf-d_all_defaults.txt (the
// defaults), postconf.txt (postconf -n and single parameters on the recording machine "vm",
// main.cf = smtp/install/main.cf.default) and postfix_misc.txt (the broken main.cf messages).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigTestFs as TestFs } from './testing.ts';
import { expandValue } from './expand.ts';
import { editMainCfText, parseMainCf, readMainCf, type PostfixHostFacts } from './main-cf.ts';

const fidelity = (name: string): string => readFileSync(new URL(`../../../../../shared/fidelity/${name}`, import.meta.url), 'utf8');
const MAIN_CF = fidelity('smtp/install/main.cf.default');
/** The recording machine: host "vm", lo and eth0 192.168.0.1/24 (IPv6 link-local on eth0). */
const VM: PostfixHostFacts = {
  hostname: 'vm',
  interfaces: [
    { address: '127.0.0.1', prefix: 8 },
    { address: '192.168.0.1', prefix: 24, mac: '02:00:00:00:00:01' },
  ],
  processId: 17129,
};

function vmFs(mainCf = MAIN_CF): TestFs {
  return new TestFs().put('/etc/postfix/main.cf', mainCf).put('/etc/mailname', 'mail128.com\n');
}

/** `$ cmd` blocks of a transcript: command -> output (exit status line dropped). */
function blocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of text.split(/^\$ /m).slice(1)) {
    const nl = b.indexOf('\n');
    out.set(b.slice(0, nl), b.slice(nl + 1).replace(/# exit status: \d+\n[\s\S]*$/, ''));
  }
  return out;
}

describe('main.cf', () => {
  it('gives every default of postconf -d on the recording machine', () => {
    const c = readMainCf(vmFs(), VM).defaults();
    const want = fidelity('smtp/admin/postconf-d_all_defaults.txt');
    const got = c.knownNames().map((n) => `${n} = ${c.value(n) ?? ''}`.replace(/ $/, '')).join('\n') + '\n';
    expect(got).toBe(want.replace(/ +$/gm, ''));
  });

  it('lists main.cf settings sorted as postconf -n does', () => {
    const c = readMainCf(vmFs(), VM);
    const got = [...c.explicit()].map(([n, v]) => `${n} = ${v}`.replace(/ $/, '')).join('\n') + '\n';
    expect(got).toBe(blocks(fidelity('smtp/admin/postconf.txt')).get('postconf -n'));
  });

  it('answers single parameters like postconf NAME', () => {
    const c = readMainCf(vmFs(), VM);
    const names = 'myhostname mydomain myorigin mydestination mynetworks inet_interfaces relayhost'.split(' ');
    const got = names.map((n) => `${n} = ${c.value(n)}`.replace(/ $/, '')).join('\n') + '\n';
    expect(got).toBe(blocks(fidelity('smtp/admin/postconf.txt')).get(`postconf ${names.join(' ')}`));
    expect(c.value('local_recipient_maps')).toBe('proxy:unix:passwd.byname $alias_maps');
  });

  it('expands $parameters, ${name?..}, ${name:..} and the compatibility-level expressions', () => {
    const c = readMainCf(vmFs(), VM);
    expect(c.get('smtpd_banner')).toBe('vm ESMTP Postfix (Debian/GNU)');
    expect(c.get('mydestination')).toBe('vm, mail128.com, vm, localhost.localdomain, localhost');
    expect(c.get('myorigin')).toBe('mail128.com');
    expect(c.get('smtp_tls_session_cache_database')).toBe('btree:/var/lib/postfix/smtp_scache');
    expect(c.get('local_recipient_maps')).toBe('proxy:unix:passwd.byname hash:/etc/aliases');
    // compatibility_level = 3.6 in main.cf: the "new" defaults apply.
    expect(c.get('mynetworks_style')).toBe('host');
    expect(c.get('smtputf8_enable')).toBe('yes');
    expect(c.defaults().get('append_dot_mydomain')).toBe('yes');
    expect(c.get('address_verify_poll_count')).toBe('3');
    expect(c.getList('mydestination')).toEqual(['vm', 'mail128.com', 'vm', 'localhost.localdomain', 'localhost']);
    expect(c.getNumber('message_size_limit')).toBe(10240000);
    expect(c.getNumber('mailbox_size_limit')).toBe(0);
    expect(c.getBool('biff')).toBe(false);
    expect(c.getBool('smtpd_use_tls') || c.getBool('disable_vrfy_command')).toBe(false);
    expect(c.getTime('smtpd_timeout')).toBe(300);
    expect(c.getTime('maximal_queue_lifetime', 'd')).toBe(5 * 86400);
    expect(c.getTime('queue_run_delay')).toBe(300);
    expect(c.raw('myhostname')).toBe('vm');
    expect(c.raw('mail_name')).toBeUndefined();
    expect(c.get('no_such_parameter')).toBe('');
    expect(expandValue('${a?{x}:{y}} ${b?{x}:{y}} $$ ${c:fb} $(a)', (n) => ({ a: '1', b: '' })[n])).toBe('x y $ fb 1');
  });

  it('derives myhostname and mydomain from the host name as Postfix does', () => {
    const fqdn = readMainCf(new TestFs().put('/etc/postfix/main.cf', ''), { hostname: 's54.etudiant541.iut' });
    expect(fqdn.get('myhostname')).toBe('s54.etudiant541.iut');
    expect(fqdn.get('mydomain')).toBe('etudiant541.iut');
    const withDomain = readMainCf(new TestFs().put('/etc/postfix/main.cf', 'mydomain = example.org\n'), { hostname: 'vm' });
    expect(withDomain.get('myhostname')).toBe('vm.example.org');
    // Without facts, the host name comes from the file system.
    expect(readMainCf(new TestFs().put('/etc/postfix/main.cf', '')).get('myhostname')).toBe('debian.localdomain');
  });

  it('joins continuation lines, skips comments and keeps the last assignment', () => {
    const text = 'a = 1\n# comment\nb = x\n  y\n\n\tz\nmyhostname = one\nmyhostname = two\r\n';
    const { entries, error } = parseMainCf(text);
    expect(error).toBeNull();
    expect(entries.map((e) => [e.name, e.value, e.line])).toEqual([
      ['a', '1', 1],
      ['b', 'x y z', 3],
      ['myhostname', 'one', 7],
      ['myhostname', 'two', 8],
    ]);
    const c = readMainCf(new TestFs().put('/etc/postfix/main.cf', text), VM);
    expect(c.get('myhostname')).toBe('two');
  });

  it("reports the line Postfix dies on: missing '=' (postfix_misc.txt)", () => {
    const broken = MAIN_CF + 'myhostnam = oops\nsmtpd_banner\n';
    const c = readMainCf(vmFs(broken), VM);
    expect(`postconf: fatal: ${c.fatal}\n`).toBe(blocks(fidelity('smtp/admin/postfix_misc.txt')).get('postconf -n'));
    expect(parseMainCf('= x\n').error).toEqual({ line: 1, message: 'missing attribute name: "= x"' });
  });

  it('finds unused parameters as postconf warns about them', () => {
    const c = readMainCf(vmFs(MAIN_CF + 'myhostnam = oops\nmy_custom = x\nother = $my_custom\nbsmtp_time_limit = 10\n'), VM);
    expect(c.unusedParameters(['bsmtp']).map((e) => `${e.name}=${e.value}`)).toEqual(['myhostnam=oops', 'other=$my_custom']);
  });

  it('survives garbage and huge input', () => {
    const huge = 'x = ' + 'a'.repeat(1_000_000) + '\n\0\u00ff = \u00e9\n' + '$'.repeat(1000) + '\n';
    const c = readMainCf(new TestFs().put('/etc/postfix/main.cf', huge), VM);
    expect(c.raw('x')?.length).toBe(1_000_000);
    expect(c.fatal).toContain("missing '=' after attribute name");
    const loop = readMainCf(new TestFs().put('/etc/postfix/main.cf', 'a = $b\nb = ${a}x\n'), VM);
    expect(loop.get('a').length).toBeGreaterThan(0);
    expect(expandValue('${unclosed', () => undefined)).toBe('${unclosed');
  });
});

describe('postconf -e editing', () => {
  it('replaces every entry in place (warning about duplicates), appends new names sorted, keeps the rest', () => {
    const text = '# head\nmyhostname = a\n  cont\nrelayhost =\nmyhostname = b\n# tail\n';
    expect(
      editMainCfText(text, [
        { op: 'set', name: 'myhostname', value: 'vm' },
        { op: 'set', name: 'mynetworks', value: '10.0.0.0/8' },
        { op: 'set', name: 'inet_protocols', value: 'ipv4' },
      ]),
    ).toEqual({
      text: '# head\nmyhostname = vm\nrelayhost =\nmyhostname = vm\n# tail\ninet_protocols = ipv4\nmynetworks = 10.0.0.0/8\n',
      warnings: ['/etc/postfix/main.cf: multiple entries for "myhostname"'],
    });
    expect(editMainCfText(text, [{ op: 'comment', name: 'myhostname' }]).text).toBe('# head\n#myhostname = a\n#  cont\nrelayhost =\n#myhostname = b\n# tail\n');
    expect(editMainCfText(text, [{ op: 'remove', name: 'myhostname' }]).text).toBe('# head\nrelayhost =\n# tail\n');
  });

  it('changes only the edited line of the fidelity install', () => {
    const edited = editMainCfText(MAIN_CF, [{ op: 'set', name: 'mydestination', value: 'x' }]).text;
    expect(edited).toBe(MAIN_CF.replace('mydestination = $myhostname, mail128.com, vm, localhost.localdomain, localhost\n', 'mydestination = x\n'));
    const compact = editMainCfText(MAIN_CF, [{ op: 'set', name: 'smtpd_tls_security_level', value: 'encrypt' }]).text;
    expect(compact).toContain('\nsmtpd_tls_security_level = encrypt\n');
    expect(compact).not.toContain('smtpd_tls_security_level=may');
  });
});
