// The two things postfix's maintainer scripts ask of postconf(1): `postconf -e name=value`
// (replace the parameter's line, continuation lines included, or append it at the end) and
// `postconf -hx name` (its value from main.cf with $parameters expanded). The real postconf
// comes with the mail issue; the package scripts only need this much of main.cf(5)'s syntax.

/** The logical lines of main.cf: a line and the indented lines that continue it. */
function logicalLines(text: string): { start: number; end: number; name: string | null; value: string }[] {
  const lines = text.split('\n');
  const out: { start: number; end: number; name: string | null; value: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^\s/.test(l) || l.startsWith('#') || l.trim() === '') continue;
    let end = i;
    let value = l;
    while (end + 1 < lines.length && /^\s+\S/.test(lines[end + 1]) && !/^\s*#/.test(lines[end + 1])) {
      end++;
      value += ' ' + lines[end].trim();
    }
    const m = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(value);
    out.push({ start: i, end, name: m === null ? null : m[1], value: m === null ? '' : m[2].trim() });
  }
  return out;
}

/** postconf -e "name=value": the edited main.cf text. */
export function postconfEdit(text: string, name: string, value: string): string {
  const lines = text.split('\n');
  const hadNewline = text.endsWith('\n');
  if (hadNewline) lines.pop();
  const found = logicalLines(text).find((l) => l.name === name);
  const line = `${name} = ${value}`;
  if (found !== undefined) {
    lines.splice(found.start, found.end - found.start + 1, line);
  } else lines.push(line);
  return lines.join('\n') + '\n';
}

/** The raw value of a parameter in main.cf, or null when it is not set there. */
export function mainCfValue(text: string, name: string): string | null {
  let v: string | null = null;
  for (const l of logicalLines(text)) if (l.name === name) v = l.value;
  return v;
}

/**
 * postconf -h[x] NAME: the main.cf value (or the few defaults the scripts ask for), with
 * $name and ${name} expanded when `expand` is set.
 */
export function readMainCfParameter(text: string, name: string, expand: boolean, fqdn: string): string | null {
  const dot = fqdn.indexOf('.');
  const defaults: Record<string, string> = {
    myhostname: fqdn,
    mydomain: dot < 0 ? 'localdomain' : fqdn.slice(dot + 1),
    mydestination: '$myhostname, localhost.$mydomain, localhost',
    inet_protocols: 'all',
    inet_interfaces: 'all',
    default_transport: 'smtp',
    relay_transport: 'relay',
    mail_name: 'Postfix',
    alias_database: 'hash:/etc/aliases',
    mynetworks: '127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
  };
  const get = (n: string): string | null => mainCfValue(text, n) ?? defaults[n] ?? null;
  const v = get(name);
  if (v === null || !expand) return v;
  let out = v;
  for (let depth = 0; depth < 10 && /\$(\{[A-Za-z0-9_]+\}|[A-Za-z0-9_]+)/.test(out); depth++) {
    out = out.replace(/\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_m, a: string | undefined, b: string | undefined) => get(a ?? b ?? '') ?? '');
  }
  return out;
}
