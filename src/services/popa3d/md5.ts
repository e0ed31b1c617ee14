// MD5 (RFC 1321), for popa3d's UIDL hashes. Incremental, like the MD5Update() calls it makes.

const S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

export class Md5 {
  private h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  private readonly block = new Uint8Array(64);
  private used = 0;
  private total = 0;

  update(data: Uint8Array): this {
    for (let i = 0; i < data.length; i++) {
      this.block[this.used++] = data[i];
      if (this.used === 64) {
        this.compress();
        this.used = 0;
      }
    }
    this.total += data.length;
    return this;
  }

  digest(): Uint8Array {
    const bits = this.total * 8;
    const pad = new Uint8Array(((this.used < 56 ? 56 : 120) - this.used) + 8);
    pad[0] = 0x80;
    for (let i = 0; i < 8; i++) pad[pad.length - 8 + i] = Math.floor(bits / 2 ** (8 * i)) & 0xff;
    const total = this.total;
    this.update(pad);
    this.total = total;
    const out = new Uint8Array(16);
    this.h.forEach((v, i) => {
      for (let j = 0; j < 4; j++) out[i * 4 + j] = (v >>> (8 * j)) & 0xff;
    });
    return out;
  }

  private compress(): void {
    const m = new Array<number>(16);
    for (let i = 0; i < 16; i++) m[i] = this.block[i * 4] | (this.block[i * 4 + 1] << 8) | (this.block[i * 4 + 2] << 16) | (this.block[i * 4 + 3] << 24);
    let [a, b, c, d] = this.h;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const t = d;
      d = c;
      c = b;
      const x = (a + f + K[i] + m[g]) | 0;
      b = (b + ((x << S[i]) | (x >>> (32 - S[i])))) | 0;
      a = t;
    }
    this.h = [(this.h[0] + a) | 0, (this.h[1] + b) | 0, (this.h[2] + c) | 0, (this.h[3] + d) | 0];
  }
}
