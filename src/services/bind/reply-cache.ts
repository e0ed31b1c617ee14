// Rendered UDP replies kept for the rest of the current second, keyed by the client address and
// the request's bytes after its id. A repeated identical query (same name, flags, EDNS, client
// cookie) within that second would get the very same bytes from the engine (the server cookie
// only changes with the second), so only the id is patched. Any zone or configuration change
// bumps the server's generation and empties it. Purely a speed-up: nothing observable changes.
import type { Ipv4 } from '../../wire/addr.ts';

const MAX_ENTRIES = 4096;

interface Entry {
  readonly bytes: Uint8Array;
}

export class ReplyCache {
  private entries = new Map<string, Entry>();
  private second = -1;
  private generation = -1;

  private static key(address: Ipv4, request: Uint8Array): string {
    // One char per byte (requests are at most 512 bytes here, well within an argument list).
    return `${address}:${String.fromCharCode.apply(null, request.subarray(2) as unknown as number[])}`;
  }

  /** The cached reply for this request with its id patched in, or null. */
  get(address: Ipv4, request: Uint8Array, second: number, generation: number): Uint8Array | null {
    if (second !== this.second || generation !== this.generation || request.length < 12 || request.length > 512) return null;
    const e = this.entries.get(ReplyCache.key(address, request));
    if (e === undefined) return null;
    const out = e.bytes.slice();
    out[0] = request[0];
    out[1] = request[1];
    return out;
  }

  put(address: Ipv4, request: Uint8Array, reply: Uint8Array, second: number, generation: number): void {
    if (request.length < 12 || request.length > 512) return;
    if (second !== this.second || generation !== this.generation || this.entries.size >= MAX_ENTRIES) {
      this.entries = new Map();
      this.second = second;
      this.generation = generation;
    }
    this.entries.set(ReplyCache.key(address, request), { bytes: reply });
  }
}
