import { describe, it, expect } from 'vitest';
import { defaultAction, parseSignal, signalDescription, signalName } from './signals.ts';

describe('signals', () => {
  it('names and parses signals as kill does', () => {
    expect(signalName(15)).toBe('TERM');
    expect(parseSignal('SIGKILL')).toBe(9);
    expect(parseSignal('int')).toBe(2);
    expect(parseSignal('15')).toBe(15);
    expect(parseSignal('NOPE')).toBeUndefined();
  });

  it('describes signals as bash reports a job they ended', () => {
    expect(signalDescription(9)).toBe('Killed');
    expect(signalDescription(15)).toBe('Terminated');
    expect(signalDescription(3)).toBe('Quit');
  });

  it('ignores SIGCHLD and SIGWINCH by default and terminates on SIGTERM', () => {
    expect(defaultAction(17)).toBe('ignore');
    expect(defaultAction(28)).toBe('ignore');
    expect(defaultAction(15)).toBe('terminate');
  });
});
