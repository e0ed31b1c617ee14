import { describe, it, expect } from 'vitest';
import { FieldRegistry, learnFields, typeName } from './fields.ts';
import { item } from '../dissectors/tree.ts';

describe('the field registry', () => {
  it('knows protocol names for presence even before their dissector exists', () => {
    expect(new FieldRegistry().get('smtp')).toEqual({ kind: 'protocol' });
  });
  it('learns the fields a dissected tree carries, typed from their values', () => {
    const registry = new FieldRegistry();
    const smtp = item('Simple Mail Transfer Protocol', 0, 10, 'smtp');
    smtp.children.push(item('Command: EHLO', 0, 4, 'smtp.req.command', 'EHLO'));
    smtp.children.push(item('Response code: 250', 0, 3, 'smtp.response.code', 250));
    learnFields(registry, [smtp]);
    expect(registry.get('smtp.req.command')).toEqual({ kind: 'string' });
    expect(registry.get('smtp.response.code')?.kind).toBe('uint');
  });
  it("names types as tshark's error messages do", () => {
    expect(typeName({ kind: 'uint', bytes: 1 })).toBe('Unsigned integer (1 byte)');
    expect(typeName({ kind: 'uint', bytes: 2 })).toBe('Unsigned integer (2 bytes)');
  });
});
