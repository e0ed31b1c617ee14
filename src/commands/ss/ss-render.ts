// ss's column layout (iproute2 6.1 misc/ss.c render_calc_width/render): every column is as wide
// as its longest field plus its left delimiter; on a terminal the space left on each line of the
// screen is then spread over the columns of that line (all of it on the last line, which can
// make a lone Process column as wide as the screen); when stdout is not a terminal the output is
// compact. Fields are stored per line and replayed with their padding.

export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly ldelim: string;
  readonly align: Align;
  disabled: boolean;
}

/** The columns of ss in order: Netid, State, Recv-Q, Send-Q, local addr:, port, peer addr:, port, Process, extension. */
export function ssColumns(): Column[] {
  return [
    { header: 'Netid', ldelim: '', align: 'left', disabled: false },
    { header: 'State', ldelim: ' ', align: 'left', disabled: false },
    { header: 'Recv-Q', ldelim: ' ', align: 'left', disabled: false },
    { header: 'Send-Q', ldelim: ' ', align: 'left', disabled: false },
    { header: 'Local Address:', ldelim: ' ', align: 'right', disabled: false },
    { header: 'Port', ldelim: '', align: 'left', disabled: false },
    { header: 'Peer Address:', ldelim: ' ', align: 'right', disabled: false },
    { header: 'Port', ldelim: '', align: 'left', disabled: false },
    { header: 'Process', ldelim: '', align: 'left', disabled: false },
    { header: '', ldelim: '', align: 'left', disabled: false },
  ];
}

/** Lays out `lines` (one string per column, disabled ones ignored); screenWidth null = not a tty. */
export function render(columns: readonly Column[], lines: readonly (readonly string[])[], screenWidth: number | null): string {
  const n = columns.length;
  const maxLen = new Array<number>(n).fill(0);
  for (const line of lines) {
    for (let i = 0; i < n; i++) if (!columns[i].disabled && line[i].length > maxLen[i]) maxLen[i] = line[i].length;
  }
  const screen = screenWidth ?? Number.MAX_SAFE_INTEGER;
  const width = new Array<number>(n).fill(0);
  let first = true;
  for (let i = 0; i < n; i++) {
    if (columns[i].disabled) continue;
    width[i] = !first && maxLen[i] > 0 ? maxLen[i] + columns[i].ldelim.length : maxLen[i];
    width[i] = Math.min(width[i], screen);
    if (width[i] > 0) first = false;
  }
  if (screenWidth !== null) {
    // Second pass: find the line breaks and spread the free space over each line's columns.
    let len = 0;
    let linecols = 0;
    let eol = -1;
    for (let c = 0; c < n; c++) {
      if (width[c] === 0) continue;
      linecols++;
      len += width[c];
      let last = true;
      for (let t = c + 1; t < n; t++) {
        if (width[t] > 0) {
          last = false;
          break;
        }
      }
      if (!last && len < screen) continue;
      if (len !== screen) {
        if (len > screen) {
          len -= width[c];
          c--;
          linecols--;
        }
        const pad = screen - len;
        const spacing = linecols > 0 ? Math.floor(pad / linecols) : 0;
        let rem = linecols > 0 ? pad % linecols : 0;
        for (let t = c; t > eol; t--) {
          if (width[t] === 0) continue;
          width[t] += spacing;
          if (rem > 0) {
            width[t]++;
            rem--;
          }
        }
      }
      eol = c;
      len = 0;
      linecols = 0;
    }
  }
  let out = '';
  for (const line of lines) {
    let started = false;
    for (let i = 0; i < n; i++) {
      const col = columns[i];
      if (col.disabled) continue;
      let printed = 0;
      if (started) {
        out += col.ldelim;
        printed = col.ldelim.length;
      }
      started = true;
      const text = line[i];
      if (width[i] > 0 && col.align === 'right') {
        const s = width[i] - text.length - printed;
        if (s > 0) {
          out += ' '.repeat(s);
          printed += s;
        }
      }
      out += text;
      printed += text.length;
      if (width[i] > 0 && col.align === 'left') {
        const s = width[i] - printed;
        if (s > 0) out += ' '.repeat(s);
      }
    }
    out += '\n';
  }
  return out;
}
