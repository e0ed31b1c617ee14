// master.cf parsing against Debian's default (fidelity smtp/install/master.cf.default) and
// postconf's fatal messages for broken entries.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { masterFlag, parseMasterCf, readMasterCf } from './master-cf.ts';
import { ConfigTestFs } from './testing.ts';

const fidelity = (name: string): string => readFileSync(new URL(`../../../../../shared/fidelity/${name}`, import.meta.url), 'utf8');
const MASTER_CF = fidelity('smtp/install/master.cf.default');

describe('master.cf', () => {
  it("reads Debian's default: services, flags, commands, -o overrides and pipe arguments", () => {
    const r = parseMasterCf(MASTER_CF);
    expect(r.ok).toBe(true);
    const names = r.services.map((s) => `${s.service}/${s.type}`);
    expect(names.slice(0, 4)).toEqual(['smtp/inet', 'pickup/unix', 'cleanup/unix', 'qmgr/unix']);
    expect(names).toContain('postlog/unix-dgram');
    expect(names).toHaveLength(r.services.length);
    const smtpd = r.services[0];
    expect([smtpd.private, smtpd.unpriv, smtpd.chroot, smtpd.wakeup, smtpd.maxproc, smtpd.command]).toEqual(['n', '-', 'y', '-', '-', 'smtpd']);
    expect(masterFlag(smtpd.private, true)).toBe(false);
    expect(masterFlag(smtpd.unpriv, true)).toBe(true);
    const relay = r.services.find((s) => s.service === 'relay');
    expect(relay?.overrides).toEqual([['syslog_name', 'postfix/$service_name']]);
    const tlsmgr = r.services.find((s) => s.service === 'tlsmgr');
    expect(tlsmgr?.wakeup).toBe('1000?');
    const maildrop = r.services.find((s) => s.service === 'maildrop');
    expect(maildrop?.args).toEqual(['flags=DRXhu', 'user=vmail', 'argv=/usr/bin/maildrop', '-d', '${recipient}']);
    expect(maildrop?.overrides).toEqual([]);
  });

  it('normalizes -oname=value and -vo name=value as postconf does', () => {
    const r = parseMasterCf('submission inet n - y - - smtpd\n  -vosmtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n');
    expect(r.services[0].args).toEqual(['-v', '-o', 'smtpd_tls_security_level=encrypt', '-o', 'smtpd_sasl_auth_enable=yes']);
    expect(r.services[0].overrides).toEqual([
      ['smtpd_tls_security_level', 'encrypt'],
      ['smtpd_sasl_auth_enable', 'yes'],
    ]);
  });

  it("dies with postconf's messages on broken entries", () => {
    expect(parseMasterCf('# c\nsmtp inet n - y -\n')).toMatchObject({ ok: false, error: 'file /etc/postfix/master.cf: line 2: bad field count' });
    expect(parseMasterCf('smtp tcp n - y - - smtpd\n')).toMatchObject({ ok: false, error: 'invalid type field "tcp" in "smtp tcp n - y - - smtpd"' });
    expect(parseMasterCf('smtp inet yes - y - - smtpd\n')).toMatchObject({ ok: false, error: 'invalid private field yes" in "smtp inet yes - y - - smtpd"' });
    expect(parseMasterCf('smtp inet n - y 5x - smtpd\n')).toMatchObject({ ok: false, error: 'invalid wakeup field 5x" in "smtp inet n - y 5x - smtpd"' });
    expect(parseMasterCf('smtp inet n - y - many smtpd\n')).toMatchObject({ ok: false, error: 'invalid process_limit field many" in "smtp inet n - y - many smtpd"' });
    expect(readMasterCf(new ConfigTestFs())).toEqual({ ok: false, services: [], error: 'open /etc/postfix/master.cf: No such file or directory' });
    expect(parseMasterCf('\0\xff garbage\n'.repeat(3) + 'x'.repeat(100_000)).ok).toBe(false);
  });
});
