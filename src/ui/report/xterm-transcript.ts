// A terminal's text for the report, read from xterm.js's buffer: rows that wrap are joined back
// into the line the program printed, the empty rows below the last one are dropped.

/** The part of xterm's IBuffer a transcript reads (`terminal.buffer.normal`: the scrollback, not a full-screen program's screen). */
export interface BufferLike {
  readonly length: number;
  getLine(y: number): LineLike | undefined;
}

export interface LineLike {
  /** This row continues the row above (the line was longer than the terminal). */
  readonly isWrapped: boolean;
  translateToString(trimRight?: boolean): string;
}

export function bufferText(buffer: BufferLike): string {
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y);
    if (line === undefined) continue;
    // A row the next one continues keeps its trailing blanks: they are part of the line.
    const continued = buffer.getLine(y + 1)?.isWrapped === true;
    const text = line.translateToString(!continued);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l + '\n').join('');
}
