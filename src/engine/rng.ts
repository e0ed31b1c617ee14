// The simulation's only source of chance (TCP initial sequence numbers, DHCP xids, ephemeral
// ports, Postfix queue ids). Seeded, so a scenario + seed replays the same bytes on every platform.
// sfc32 (Chris Doty-Humphrey's Small Fast Counter, PractRand-clean) fed by the cyrb128 string hash;
// both use only 32-bit integer arithmetic (Math.imul, >>>), which is exact in every JS engine.

const TWO_32 = 0x1_0000_0000;
const TWO_53 = 2 ** 53;

/** cyrb128: a 128-bit non-cryptographic hash of a string, used to spread a seed over sfc32's state. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Rng {
  /** The seed as a string (a number seed `42` is the same as `'42'`); forks derive from it. */
  readonly seed: string;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    this.seed = String(seed);
    [this.a, this.b, this.c, this.d] = cyrb128(this.seed);
    // The first outputs of sfc32 still show the seed's structure; the reference code skips them.
    for (let i = 0; i < 15; i++) this.nextU32();
  }

  /** Uniform unsigned 32-bit integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (((this.c << 21) | (this.c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform integer in [min, max], both inclusive; rejection sampling, so no modulo bias. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`Rng.int: need safe integers min <= max, got ${min}, ${max}`);
    }
    const range = max - min + 1;
    if (range <= TWO_32) {
      // Accept only draws below the largest multiple of `range`, so every residue is equally likely.
      const limit = TWO_32 - (TWO_32 % range);
      for (;;) {
        const x = this.nextU32();
        if (x < limit) return min + (x % range);
      }
    }
    if (range > TWO_53) throw new RangeError(`Rng.int: range ${range} exceeds 2^53`);
    const limit = TWO_53 - (TWO_53 % range);
    for (;;) {
      const x = this.draw53();
      if (x < limit) return min + (x % range);
    }
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  float(): number {
    return this.draw53() / TWO_53;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let x = this.nextU32();
      for (let j = i; j < i + 4 && j < n; j++) {
        out[j] = x & 0xff;
        x >>>= 8;
      }
    }
    return out;
  }

  /**
   * An independent stream named `label`, derived from this generator's seed (not its state): a
   * host's stream is the same however many numbers other hosts, or this parent, drew before.
   */
  fork(label: string): Rng {
    return new Rng(`${this.seed}\u001f${label}`);
  }

  private draw53(): number {
    const hi = this.nextU32() >>> 11; // 21 bits
    const lo = this.nextU32();
    return hi * TWO_32 + lo;
  }
}
