import { describe, expect, it } from 'vitest';
import { POSTFIX_TEMPLATES } from '../data/templates/postfix.ts';
import { debconfLanguages, localizedField, parseTemplates, splitChoices } from './template.ts';

describe('debconf templates as Debconf::Template->load reads them', () => {
  const tpls = parseTemplates(POSTFIX_TEMPLATES);
  const byName = new Map(tpls.map((t) => [t.name, t.fields]));

  it('finds every postfix question with its type and default', () => {
    expect(byName.get('postfix/main_mailer_type')?.get('type')).toBe('select');
    expect(byName.get('postfix/main_mailer_type')?.get('default')).toBe('Internet Site');
    expect(byName.get('postfix/chattr')?.get('type')).toBe('boolean');
  });

  it('joins paragraph lines with a space, keeps indented lines verbatim', () => {
    const ext = byName.get('postfix/protocols')!.get('extended_description')!;
    expect(ext).toBe('By default, whichever Internet protocols are enabled on the system at installation time will be used. You may override this default with any of the following:\n\n all : use both IPv4 and IPv6 addresses;\n ipv6: listen only on IPv6 addresses;\n ipv4: listen only on IPv4 addresses.');
  });

  it('picks the French translation under fr_FR.UTF-8 when there is one', () => {
    const langs = debconfLanguages(new Map([['LANG', 'fr_FR.UTF-8']]));
    expect(langs).toEqual(['fr_fr', 'fr']);
    const f = byName.get('postfix/main_mailer_type')!;
    expect(splitChoices(localizedField(f, 'choices', langs))).toEqual(['Pas de configuration', 'Site Internet', 'Internet avec un «\u00a0smarthost\u00a0»', 'Système satellite', 'Local uniquement']);
    expect(localizedField(byName.get('postfix/mailname')!, 'description', langs)).toBe('System mail name:');
  });
});
