// The params form of a scenario: what the student typed, checked against the scenario's bounds
// before loading (the loader checks again; this gives the message beside the field).
import type { ParamSpec } from '../sim/index.ts';
import type { MessageKey } from './i18n.ts';

export type ParamCheck = { ok: true; value: number } | { ok: false; key: MessageKey; vars: Record<string, number> };

/** Params are whole numbers (group number, X...) within [min, max] when those are set. */
export function checkParam(spec: Pick<ParamSpec, 'min' | 'max'>, text: string): ParamCheck {
  const trimmed = text.trim();
  if (!/^-?\d{1,15}$/.test(trimmed)) return { ok: false, key: 'param.notInteger', vars: {} };
  const value = Number(trimmed);
  if (spec.min !== null && value < spec.min) return { ok: false, key: 'param.belowMin', vars: { min: spec.min } };
  if (spec.max !== null && value > spec.max) return { ok: false, key: 'param.aboveMax', vars: { max: spec.max } };
  return { ok: true, value };
}

/** The initial text of each field: the scenario's default, else the value it resolved to. */
export function initialParamTexts(params: readonly ParamSpec[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of params) out[p.name] = String(p.default ?? p.value);
  return out;
}

/** Every field's value when all are valid, else null (the Load button stays disabled). */
export function paramValues(params: readonly ParamSpec[], texts: Readonly<Record<string, string>>): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const p of params) {
    const c = checkParam(p, texts[p.name] ?? '');
    if (!c.ok) return null;
    out[p.name] = c.value;
  }
  return out;
}
