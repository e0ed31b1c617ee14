// Decoding UTF-8 that arrives in chunks (a key's bytes may be split between two reads): the
// bytes of an unfinished character wait for the next chunk.

export class Utf8Stream {
  private rest = new Uint8Array(0);
  private readonly dec = new TextDecoder();

  decode(chunk: Uint8Array): string {
    const buf = new Uint8Array(this.rest.length + chunk.length);
    buf.set(this.rest);
    buf.set(chunk, this.rest.length);
    // Find where the last character starts and whether it is complete.
    let cut = buf.length;
    for (let i = buf.length - 1; i >= Math.max(0, buf.length - 4); i--) {
      const b = buf[i];
      if ((b & 0xc0) === 0x80) continue;
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (buf.length - i < need) cut = i;
      break;
    }
    this.rest = buf.slice(cut);
    return this.dec.decode(buf.subarray(0, cut));
  }
}
