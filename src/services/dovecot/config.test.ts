// The configuration Debian 12's dovecot-core/-pop3d/-imapd install, parsed as Dovecot does, and
// doveconf's view of it compared with ../fidelity/pop3/dovecot_config (byte for byte except the
// "# OS:" line, which names the recording machine's kernel).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PACKAGE_CONTENTS } from '../../os/packages/data/contents/index.ts';
import { parseDovecotConfig, type ConfFiles, type ConfSection } from './config.ts';
import { doveconfN, dovecotSettings, effectiveValue } from './settings.ts';

const FIDELITY = new URL('../../../../shared/fidelity/pop3/dovecot_config/', import.meta.url);

/** /etc/dovecot as ucf leaves it after installing the three packages (and their protocols.d files). */
export function debianConfFiles(edit: (files: Map<string, string>) => void = () => {}): ConfFiles {
  const files = new Map<string, string>();
  for (const pkg of ['dovecot-core', 'dovecot-pop3d', 'dovecot-imapd']) {
    for (const [path, text] of Object.entries(PACKAGE_CONTENTS[pkg])) {
      if (!path.startsWith('/usr/share/dovecot/')) continue;
      const rel = path.slice('/usr/share/dovecot/'.length);
      if (/^(dovecot\.conf|dovecot-.*\.ext|conf\.d\/.*)$/.test(rel)) files.set(`/etc/dovecot/${rel}`, text);
    }
  }
  files.set('/usr/share/dovecot/protocols.d/imapd.protocol', 'protocols = $protocols imap\n');
  files.set('/usr/share/dovecot/protocols.d/pop3d.protocol', 'protocols = $protocols pop3\n');
  edit(files);
  return {
    read: (p) => files.get(p) ?? null,
    list: (dir) => {
      const names = [...files.keys()].filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/')).map((p) => p.slice(dir.length + 1));
      return names.length > 0 ? names : null;
    },
  };
}

function parsed(files: ConfFiles): ConfSection {
  const r = parseDovecotConfig(files);
  if (!r.ok) throw new Error(r.error);
  return r.root;
}

const HOST = { hostname: 'vm', os: 'Linux 6.18.44-fc-v769 x86_64 Debian 12.11' };

describe('Dovecot configuration', () => {
  it('doveconf -n of the Debian defaults is the recorded one', () => {
    const recorded = readFileSync(new URL('doveconf-n_default.txt', FIDELITY), 'utf8');
    expect(doveconfN(parsed(debianConfFiles()), HOST)).toBe(recorded);
  });

  it('after disable_plaintext_auth = no: doveconf -n and doveconf NAME... as recorded', () => {
    const root = parsed(
      debianConfFiles((f) => {
        const p = '/etc/dovecot/conf.d/10-auth.conf';
        f.set(p, (f.get(p) ?? '').replace(/^#disable_plaintext_auth = yes/m, 'disable_plaintext_auth = no'));
      }),
    );
    const text = readFileSync(new URL('enable_plaintext_auth.txt', FIDELITY), 'utf8');
    const block = (cmd: string): string => {
      const start = text.indexOf(`$ ${cmd}\n`) + cmd.length + 3;
      return text.slice(start, text.indexOf('# exit status', start));
    };
    expect(doveconfN(root, HOST)).toBe(block('doveconf -n'));
    const names = ['disable_plaintext_auth', 'mail_location', 'protocols', 'listen', 'ssl'];
    expect(names.map((n) => `${n} = ${effectiveValue(root, n)}\n`).join('')).toBe(block('doveconf disable_plaintext_auth mail_location protocols listen ssl'));
  });

  it('effective settings: Debian defaults', () => {
    const s = dovecotSettings(parsed(debianConfFiles()));
    expect(s.protocols).toEqual(['imap', 'pop3']);
    expect(s.disablePlaintextAuth).toBe(true);
    expect(s.ssl).toBe('yes');
    expect(s.inboxPath).toBe('/var/mail/%u');
    expect(s.ports.get('pop3')).toBe(110);
    expect(s.ports.get('imap')).toBe(143);
    expect(s.authFailureDelay).toBe(2);
  });

  it('login_trusted_networks and a listener port in local.conf', () => {
    const s = dovecotSettings(
      parsed(
        debianConfFiles((f) => f.set('/etc/dovecot/local.conf', 'login_trusted_networks = 192.168.0.0/24 10.0.0.1\nservice pop3-login {\n  inet_listener pop3 {\n    port = 1110\n  }\n}\n')),
      ),
    );
    expect(s.trustedNetworks).toEqual(['192.168.0.0/24', '10.0.0.1']);
    expect(s.ports.get('pop3')).toBe(1110);
  });

  it('syntax errors name the file and line as Dovecot does', () => {
    const bad = (text: string): string => {
      const r = parseDovecotConfig(debianConfFiles((f) => f.set('/etc/dovecot/local.conf', text)));
      return r.ok ? 'ok' : r.error;
    };
    expect(bad('disable_plaintext_auth no\n')).toBe("Error in configuration file /etc/dovecot/local.conf line 1: Expecting '='");
    expect(bad('}\n')).toBe("Error in configuration file /etc/dovecot/local.conf line 1: Unexpected '}'");
    expect(bad('protocol pop3 {\n')).toBe("Error in configuration file /etc/dovecot/local.conf: Missing '}'");
    expect(bad('# only a comment\n')).toBe('ok');
  });
});
