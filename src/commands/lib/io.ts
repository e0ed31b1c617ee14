// Byte helpers shared by the programs: read a whole stream, read lines as they arrive (so
// `tail -f log | grep x` and `cat` on a terminal stream), read an operand where `-` is stdin.
import { concatBytes } from '../../os/process/streams.ts';
import type { InputStream } from '../../os/program.ts';
import type { FsResult } from '../../os/fs/types.ts';
import type { Ctx } from './context.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/** UTF-8 decoding that never throws: invalid bytes become U+FFFD. */
export function decode(b: Uint8Array): string {
  return decoder.decode(b);
}

// One join for the whole OS: the process streams' (no copy for a single chunk).
export { concatBytes };

export async function readAll(stream: InputStream): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const chunk = await stream.read();
    if (chunk === null) break;
    parts.push(chunk);
  }
  return concatBytes(parts);
}

/**
 * Yields lines (without their '\n') as they arrive; `last` tells whether the final line had no
 * newline. Works on bytes so binary input passes through unchanged.
 */
export async function* readLines(stream: InputStream): AsyncGenerator<{ line: Uint8Array; newline: boolean }> {
  let pending: Uint8Array = new Uint8Array(0);
  for (;;) {
    const chunk = await stream.read();
    if (chunk === null) break;
    let buf = pending.length ? concatBytes([pending, chunk]) : chunk;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      if (buf[i] === 10) {
        yield { line: buf.subarray(start, i), newline: true };
        start = i + 1;
      }
    }
    buf = buf.subarray(start);
    pending = buf.slice();
  }
  if (pending.length > 0) yield { line: pending, newline: false };
}

/** Splits bytes into lines the same way. */
export function splitLines(data: Uint8Array): { line: Uint8Array; newline: boolean }[] {
  const out: { line: Uint8Array; newline: boolean }[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 10) {
      out.push({ line: data.subarray(start, i), newline: true });
      start = i + 1;
    }
  }
  if (start < data.length) out.push({ line: data.subarray(start), newline: false });
  return out;
}

/** A byte source for an operand: a file, or stdin for `-`. */
export async function readOperand(ctx: Ctx, name: string): Promise<FsResult<Uint8Array>> {
  if (name === '-') return { ok: true, value: await readAll(ctx.proc.stdin) };
  return ctx.fs.readFile(name, ctx.cred, ctx.cwd);
}

/** Async line source for an operand: streams stdin, splits a file at once. */
export async function* operandLines(ctx: Ctx, name: string, data?: Uint8Array): AsyncGenerator<{ line: Uint8Array; newline: boolean }> {
  if (name === '-' && data === undefined) {
    yield* readLines(ctx.proc.stdin);
    return;
  }
  if (data !== undefined) for (const l of splitLines(data)) yield l;
}

/** True if the bytes look binary the way grep decides it: a NUL byte. */
export function looksBinary(data: Uint8Array): boolean {
  return data.includes(0);
}
