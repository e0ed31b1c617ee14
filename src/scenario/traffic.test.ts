// The `traffic` key and `networks[].kind`: what a teacher can get wrong, each with its path.
import { describe, it, expect } from 'vitest';
import { loadScenario } from './loader.ts';

const BASE = 'name: t\nparams: { X: { default: 5 } }\nnetworks:\n  - { name: bleue, kind: hub }\nhosts:\n  - { name: V1 }\n  - { name: V2 }\n';

function problems(text: string): string[] {
  const r = loadScenario(text, 'test.yaml');
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('scenario traffic', () => {
  it('reads generators with their defaults (start = every, jitter 0), templated', () => {
    const r = loadScenario(
      BASE + 'traffic:\n  - { host: V1, every: 20, jitter: 5, run: "ping -c 1 10.0.0.{{X}}" }\n  - { host: V2, every: "0.5", start: 0, run: dig }\n',
      't.yaml',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.traffic).toEqual([
      { host: 'V1', every: 20, jitter: 5, start: 20, run: 'ping -c 1 10.0.0.5' },
      { host: 'V2', every: 0.5, jitter: 0, start: 0, run: 'dig' },
    ]);
    expect(r.scenario.networks[0].kind).toBe('hub');
    // JSON round trip: the UI persists scenarios.
    expect(JSON.parse(JSON.stringify(r.scenario))).toEqual(r.scenario);
  });

  it('defaults to no traffic and a switch', () => {
    const r = loadScenario('name: t\nnetworks: [ { name: lan } ]\nhosts: [ { name: A } ]\n', 't.yaml');
    expect(r.ok && [r.scenario.traffic, r.scenario.networks[0].kind]).toEqual([[], 'switch']);
  });

  it('refuses an unknown network kind', () => {
    expect(problems('name: t\nnetworks: [ { name: lan, kind: bridge } ]\nhosts: [ { name: A } ]\n')).toEqual([
      'networks[0].kind: unknown network kind "bridge" (expected switch, hub)',
    ]);
  });

  it('names the unknown host and lists the known ones', () => {
    expect(problems(BASE + 'traffic:\n  - { host: V3, every: 20, run: "true" }\n')).toEqual(["traffic[0].host: unknown host 'V3' (hosts: V1, V2)"]);
  });

  it('refuses every <= 0, a negative or non-numeric value, jitter >= every and a huge period', () => {
    expect(
      problems(
        BASE +
          'traffic:\n' +
          '  - { host: V1, every: 0, run: "true" }\n' +
          '  - { host: V1, every: -5, run: "true" }\n' +
          '  - { host: V1, every: 10s, run: "true" }\n' +
          '  - { host: V1, every: 10, jitter: 10, run: "true" }\n' +
          '  - { host: V1, every: 10, start: 1e9, run: "true" }\n' +
          '  - { host: V1, every: 0.05, run: "true" }\n' +
          '  - { host: V1, every: 86401, run: "true" }\n',
      ),
    ).toEqual([
      'traffic[0].every: every must be at least 0.1 (seconds between two runs), found 0',
      'traffic[1].every: expected a number of seconds like 20 or 0.5, found "-5"',
      'traffic[2].every: expected a number of seconds like 20 or 0.5, found "10s"',
      'traffic[3].jitter: jitter must be below every (10), found 10',
      'traffic[4].start: expected a number of seconds like 20 or 0.5, found "1e9"',
      'traffic[5].every: every must be at least 0.1 (seconds between two runs), found 0.05',
      'traffic[6].every: at most 86400 seconds (a day), found 86401',
    ]);
  });

  it('requires host, every and run, refuses unknown keys and an empty command', () => {
    expect(problems(BASE + 'traffic:\n  - { host: V1, evry: 3 }\n  - { host: V1, every: 3, run: "  " }\n  - ping\n')).toEqual([
      "traffic[0]: missing key 'every'",
      "traffic[0]: missing key 'run'",
      "traffic[0].evry: unknown key 'evry' (did you mean 'every'?)",
      'traffic[1].run: may not be empty (a command line for /bin/sh)',
      'traffic[2]: expected a mapping (key: value), found the string "ping"',
    ]);
  });

  it('refuses a traffic value that is not a list', () => {
    expect(problems(BASE + 'traffic: { host: V1 }\n')).toEqual(['traffic: expected a list, found a mapping']);
  });
});
