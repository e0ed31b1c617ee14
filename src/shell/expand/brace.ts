// Brace expansion (bash(1) "Brace Expansion"), the first expansion of a command word:
// `a{b,c}d` gives abd acd, `{1..5}` and `{a..e}` sequences (with a step, zero padding, counting
// down). Only unquoted braces count; a brace without a comma or a valid sequence stays as is.
import type { Word, WordPart } from '../syntax/ast.ts';

type Item = { ch: string } | { part: WordPart };

function flatten(word: Word): Item[] {
  const items: Item[] = [];
  for (const p of word.parts) {
    if (p.type === 'lit' && !p.quoted) for (const ch of p.value) items.push({ ch });
    else items.push({ part: p });
  }
  return items;
}

function rebuild(items: Item[]): Word {
  const parts: WordPart[] = [];
  let buf = '';
  for (const it of items) {
    if ('ch' in it) buf += it.ch;
    else {
      if (buf) parts.push({ type: 'lit', value: buf, quoted: false });
      buf = '';
      parts.push(it.part);
    }
  }
  if (buf) parts.push({ type: 'lit', value: buf, quoted: false });
  return { parts };
}

const isCh = (it: Item | undefined, c: string): boolean => it !== undefined && 'ch' in it && it.ch === c;

/** {x..y[..step]} of numbers or single letters; null if the text is not one. */
function sequence(text: string): string[] | null {
  const num = /^([-+]?\d+)\.\.([-+]?\d+)(?:\.\.([-+]?\d+))?$/.exec(text);
  if (num) {
    const a = Number(num[1]);
    const b = Number(num[2]);
    let step = Math.abs(Number(num[3] ?? '1')) || 1;
    const width = /^[-+]?0\d/.test(num[1]) || /^[-+]?0\d/.test(num[2]) ? Math.max(num[1].replace(/^[-+]/, '').length, num[2].replace(/^[-+]/, '').length) : 0;
    if (a > b) step = -step;
    const out: string[] = [];
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) {
      const s = String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), '0');
      out.push(v < 0 ? `-${s}` : s);
      if (out.length > 100_000) break;
    }
    return out;
  }
  const chr = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.([-+]?\d+))?$/.exec(text);
  if (chr) {
    const a = chr[1].charCodeAt(0);
    const b = chr[2].charCodeAt(0);
    let step = Math.abs(Number(chr[3] ?? '1')) || 1;
    if (a > b) step = -step;
    const out: string[] = [];
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) out.push(String.fromCharCode(v));
    return out;
  }
  return null;
}

function expandItems(items: Item[], depth: number): Item[][] {
  if (depth > 20) return [items];
  for (let i = 0; i < items.length; i++) {
    if (!isCh(items[i], '{')) continue;
    // `${` is a parameter part, never a brace; find the matching `}` and top-level commas.
    let level = 0;
    const commas: number[] = [];
    let close = -1;
    for (let j = i + 1; j < items.length; j++) {
      if (isCh(items[j], '{')) level++;
      else if (isCh(items[j], '}')) {
        if (level === 0) {
          close = j;
          break;
        }
        level--;
      } else if (isCh(items[j], ',') && level === 0) commas.push(j);
    }
    if (close < 0) return [items];
    const prefix = items.slice(0, i);
    const suffix = items.slice(close + 1);
    let alternatives: Item[][];
    if (commas.length > 0) {
      const bounds = [i, ...commas, close];
      alternatives = bounds.slice(1).map((b, k) => items.slice(bounds[k] + 1, b));
    } else {
      const inner = items.slice(i + 1, close);
      const text = inner.every((it) => 'ch' in it) ? inner.map((it) => (it as { ch: string }).ch).join('') : null;
      const seq = text === null ? null : sequence(text);
      if (!seq) continue;
      alternatives = seq.map((s) => [...s].map((ch) => ({ ch })));
    }
    const out: Item[][] = [];
    for (const alt of alternatives) out.push(...expandItems([...prefix, ...alt, ...suffix], depth + 1));
    return out;
  }
  return [items];
}

/** The words a word becomes by brace expansion (itself when it has none). */
export function braceExpand(word: Word): Word[] {
  if (!word.parts.some((p) => p.type === 'lit' && !p.quoted && p.value.includes('{'))) return [word];
  const results = expandItems(flatten(word), 0);
  if (results.length === 1) return [word];
  return results.map(rebuild);
}
