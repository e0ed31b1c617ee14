// Follow TCP Stream for the page: followTcp's text (tshark's `-z follow,tcp,ascii,N`) read back
// into its two nodes and the chunks each side sent, so the pane colours client and server apart.

export interface FollowChunk {
  /** Sent by Node 1 (the side that did not open the connection). */
  readonly server: boolean;
  readonly text: string;
}

export interface FollowedStream {
  readonly client: string;
  readonly server: string;
  readonly chunks: readonly FollowChunk[];
  readonly clientBytes: number;
  readonly serverBytes: number;
}

/**
 * Parses the ascii output: after "Node 1:", each chunk is its byte count (tab-indented for the
 * server) on a line, then exactly that many characters, then a newline.
 */
export function parseFollowAscii(text: string): FollowedStream {
  const node = (name: string): string => {
    const m = new RegExp(`^${name}: (.*)$`, 'm').exec(text);
    return m === null ? '' : m[1];
  };
  const chunks: FollowChunk[] = [];
  let clientBytes = 0;
  let serverBytes = 0;
  const start = text.indexOf('\n', text.indexOf('Node 1: '));
  let at = start < 0 ? text.length : start + 1;
  while (at < text.length) {
    const eol = text.indexOf('\n', at);
    if (eol < 0) break;
    const header = text.slice(at, eol);
    const m = /^(\t?)(\d+)$/.exec(header);
    if (m === null) break; // the closing rule
    const n = Number(m[2]);
    const server = m[1] === '\t';
    chunks.push({ server, text: text.slice(eol + 1, eol + 1 + n) });
    if (server) serverBytes += n;
    else clientBytes += n;
    at = eol + 1 + n + 1;
  }
  return { client: node('Node 0'), server: node('Node 1'), chunks, clientBytes, serverBytes };
}
