// Debconf templates (debconf-devel(7)): the question texts a package ships in its `templates`
// control file, parsed exactly as Debconf::Template->load does (debconf 1.5.82): field names
// lower-cased, the first line of a field is its value, the indented lines below it its
// "extended" part (lines joined with a space, ` .` a paragraph break, lines indented by two
// spaces or more kept verbatim), translations as extra fields (`description-fr.utf-8`).

/** A template's fields: `type`, `default`, `choices`, `description`, `extended_description`, and the translated `field-lang.enc`. */
export type TemplateFields = Map<string, string>;

export interface Template {
  readonly name: string;
  readonly fields: TemplateFields;
}

/** Parses a templates file; malformed lines are skipped (debconf would die), never thrown. */
export function parseTemplates(text: string): Template[] {
  const out: Template[] = [];
  for (const block of text.replace(/\r/g, '').split(/\n\n+/)) {
    const fields: TemplateFields = new Map();
    let field = '';
    let value = '';
    let extended = '';
    const save = (): void => {
      if (field === '') return;
      fields.set(field, value);
      const ext = extended.replace(/\n+$/, '');
      if (ext.length > 0) fields.set(`extended_${field}`, ext);
    };
    for (const line of block.replace(/^\n+/, '').split('\n')) {
      if (line === '') continue;
      const m = /^([-_@.A-Za-z0-9]*):\s?(.*)$/.exec(line);
      if (m !== null) {
        save();
        field = m[1].toLowerCase();
        value = m[2].replace(/\s*$/, '');
        extended = '';
      } else if (/^\s\.$/.test(line)) {
        extended += '\n\n';
      } else if (/^\s\s/.test(line)) {
        const bit = line.slice(1).replace(/\s*$/, '');
        if (extended.length > 0 && !/[\n ]$/.test(extended)) extended += '\n';
        extended += bit + '\n';
      } else if (/^\s/.test(line)) {
        const bit = line.slice(1).replace(/\s*$/, '');
        if (extended.length > 0 && !/[\n ]$/.test(extended)) extended += ' ';
        extended += bit;
      }
    }
    save();
    const name = fields.get('template');
    if (name === undefined) continue;
    fields.delete('template');
    out.push({ name, fields });
  }
  return out;
}

/**
 * The languages debconf looks translations up in, from LANGUAGE, LC_ALL, LC_MESSAGES and LANG
 * (Debconf::Template's @langs): `fr_FR.UTF-8` gives ["fr_fr", "fr"]; C and POSIX give none.
 */
export function debconfLanguages(env: ReadonlyMap<string, string>): string[] {
  const langs: string[] = [];
  const add = (raw: string): void => {
    const base = raw.replace(/[.@].*$/, '').toLowerCase();
    if (base === '' || base === 'c' || base === 'posix') return;
    if (!langs.includes(base)) langs.push(base);
    const short = base.replace(/_.*$/, '');
    if (!langs.includes(short)) langs.push(short);
  };
  const language = env.get('LANGUAGE');
  const locale = env.get('LC_ALL') || env.get('LC_MESSAGES') || env.get('LANG') || '';
  // LANGUAGE only counts when the locale itself is not C, as gettext does.
  if (language && locale !== '' && locale !== 'C' && locale !== 'POSIX') for (const l of language.split(':')) add(l);
  add(locale);
  return langs;
}

/**
 * A field in the user's language: `field-lang`, then any `field-lang.encoding` (the templates
 * are UTF-8, as is the terminal), for each language in turn; the untranslated field otherwise.
 */
export function localizedField(fields: ReadonlyMap<string, string>, field: string, langs: readonly string[]): string {
  for (const lang of langs) {
    if (lang === 'en') break;
    const exact = fields.get(`${field}-${lang}`);
    if (exact !== undefined) return exact;
    const prefix = `${field}-${lang}.`;
    for (const [k, v] of fields) if (k.startsWith(prefix)) return v;
  }
  return fields.get(field) ?? '';
}

/** Debconf::Question->choices_split: ", " separates, "\," and "\ " escape. */
export function splitChoices(choices: string): string[] {
  const items: string[] = [];
  let item = '';
  for (const chunk of choices.split(/(\\[, ]|,\s+)/)) {
    if (/^\\[, ]$/.test(chunk)) item += chunk[1];
    else if (/^,\s+$/.test(chunk)) {
      items.push(item);
      item = '';
    } else item += chunk;
  }
  if (item !== '') items.push(item);
  return items;
}
