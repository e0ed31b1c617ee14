// DOM-free logic of the page: texts, the params form, the topology graph.
import { describe, expect, it } from 'vitest';
import { loadScenario, type HostInfo, type Scenario } from '../sim/index.ts';
import { rememberLocale, storedLocale, translate, LOCALE_STORAGE_KEY } from './i18n.ts';
import { checkParam, initialParamTexts, paramValues } from './params-form.ts';
import { buildTopology } from './topology-model.ts';
import { bundledScenarioList, bundledScenarios, scenarioEntry } from './scenarios.ts';
import { formatClock } from './browser-runtime.ts';
import twoLansYaml from '../../scenarios/two-lans.yaml?raw';

function twoLans(params: Record<string, number> = {}): Scenario {
  const loaded = loadScenario(twoLansYaml, 'two-lans.yaml', params);
  if (!loaded.ok) throw new Error('two-lans does not load');
  return loaded.scenario;
}

describe('i18n', () => {
  it('is French by default and remembers English', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(storedLocale(storage)).toBe('fr');
    rememberLocale(storage, 'en');
    expect(store.get(LOCALE_STORAGE_KEY)).toBe('en');
    expect(storedLocale(storage)).toBe('en');
    store.set(LOCALE_STORAGE_KEY, '<script>');
    expect(storedLocale(storage)).toBe('fr');
    expect(storedLocale(null)).toBe('fr');
    const throwing = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('full'); } };
    expect(storedLocale(throwing)).toBe('fr');
    expect(() => rememberLocale(throwing, 'en')).not.toThrow();
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(translate('fr', 'param.belowMin', { min: 2 })).toBe('doit être au moins 2');
    expect(translate('en', 'param.aboveMax', { max: 254 })).toBe('must be at most 254');
    expect(translate('en', 'param.aboveMax')).toBe('must be at most {max}');
  });
});

describe('params form', () => {
  const spec = { min: 2, max: 254 };
  it('accepts whole numbers within bounds', () => {
    expect(checkParam(spec, ' 42 ')).toEqual({ ok: true, value: 42 });
    expect(checkParam(spec, '2')).toEqual({ ok: true, value: 2 });
    expect(checkParam({ min: null, max: null }, '-5')).toEqual({ ok: true, value: -5 });
  });
  it('refuses garbage, decimals, huge input and out-of-range values', () => {
    expect(checkParam(spec, '')).toMatchObject({ ok: false, key: 'param.notInteger' });
    expect(checkParam(spec, '4.5')).toMatchObject({ ok: false, key: 'param.notInteger' });
    expect(checkParam(spec, '1e3')).toMatchObject({ ok: false, key: 'param.notInteger' });
    expect(checkParam(spec, '9'.repeat(10_000))).toMatchObject({ ok: false, key: 'param.notInteger' });
    expect(checkParam(spec, '<img src=x onerror=alert(1)>')).toMatchObject({ ok: false, key: 'param.notInteger' });
    expect(checkParam(spec, '1')).toEqual({ ok: false, key: 'param.belowMin', vars: { min: 2 } });
    expect(checkParam(spec, '255')).toEqual({ ok: false, key: 'param.aboveMax', vars: { max: 254 } });
  });
  it('starts from the defaults and gives values only when all are valid', () => {
    const params = twoLans().params;
    const texts = initialParamTexts(params);
    expect(texts).toEqual({ N: '10' });
    expect(paramValues(params, texts)).toEqual({ N: 10 });
    expect(paramValues(params, { N: '300' })).toBeNull();
    expect(paramValues(params, {})).toBeNull();
  });
});

describe('topology model', () => {
  it('draws hosts by role, networks in their colour and edges with the scenario addresses', () => {
    const model = buildTopology(twoLans({ N: 42 }), () => null);
    const lan1 = model.nodes.find((n) => n.id === 'net:lan1')!;
    expect(lan1).toMatchObject({ kind: 'network', color: '#1f6feb', label: 'lan1\nréseau local 1' });
    const router = model.nodes.find((n) => n.id === 'host:ROUTER')!;
    expect(router).toMatchObject({ kind: 'host', shape: 'ellipse', badges: ['ip_forward'] });
    expect(model.nodes.find((n) => n.id === 'host:PC1')!.shape).toBe('round-rectangle');
    expect(model.edges.map((e) => [e.source, e.target, e.label])).toEqual([
      ['host:PC1', 'net:lan1', 'eth0 10.0.1.42/24'],
      ['host:ROUTER', 'net:lan1', 'eth0 10.0.1.1/24'],
      ['host:ROUTER', 'net:lan2', 'eth1 10.0.2.1/24'],
      ['host:PC2', 'net:lan2', 'eth0 10.0.2.42/24'],
    ]);
    // The router sits between its two networks, above them; PCs below theirs.
    const x = (id: string) => model.nodes.find((n) => n.id === id)!.position;
    expect(x('host:ROUTER').x).toBe((x('net:lan1').x + x('net:lan2').x) / 2);
    expect(x('host:ROUTER').y).toBeLessThan(0);
    expect(x('host:PC1')).toEqual({ x: x('net:lan1').x, y: 150 });
  });

  it('says which networks are hubs (every station sees every frame there)', () => {
    const hub = loadScenario(twoLansYaml.replace('- { name: lan1,', '- { name: lan1, kind: hub,'), 'two-lans.yaml', {});
    if (!hub.ok) throw new Error(hub.errors.map((e) => e.message).join('; '));
    const model = buildTopology(hub.scenario, () => null);
    expect(model.nodes.find((n) => n.id === 'net:lan1')!.label).toBe('lan1 (hub)\nréseau local 1');
    expect(model.nodes.find((n) => n.id === 'net:lan2')!.label).not.toContain('hub');
  });

  it('follows the live state: an address removed, services running', () => {
    const live: HostInfo = {
      name: 'PC1',
      hostname: 'pc1',
      role: 'client',
      forwarding: false,
      interfaces: [{ name: 'eth0', mac: '02:00:00:00:00:01', up: false, loopback: false, addresses: [] }],
      routes: [],
      services: [
        { name: 'ssh.service', activeState: 'active', subState: 'running' },
        { name: 'cron.service', activeState: 'active', subState: 'running' },
        { name: 'x.service', activeState: 'failed', subState: 'failed' },
      ],
      listening: [],
    };
    const model = buildTopology(twoLans(), (name) => (name === 'PC1' ? live : null));
    const edge = model.edges.find((e) => e.source === 'host:PC1')!;
    expect(edge).toMatchObject({ label: 'eth0 —', addressed: false, up: false });
    expect(model.nodes.find((n) => n.id === 'host:PC1')!.label).toBe('PC1\n2 services');
  });
});

describe('clock display', () => {
  it('shows virtual time as hours, minutes, seconds and milliseconds', () => {
    expect(formatClock(0)).toBe('00:00:00.000');
    expect(formatClock(1_234_567_890)).toBe('00:00:01.234');
    expect(formatClock(3_723_004_000_000)).toBe('01:02:03.004');
  });
});

describe('scenario picker entries', () => {
  it('lists the bundled scenarios with their name', () => {
    const entries = bundledScenarios();
    const two = entries.find((e) => e.file === 'scenarios/two-lans.yaml');
    expect(two?.ok && two.summary.name).toBe('Deux réseaux locaux et un routeur');
  });

  it('titles the list from each file\'s name line, the same name the loaded scenario has', () => {
    const loaded = bundledScenarios();
    const list = bundledScenarioList();
    expect(list.map((i) => i.file)).toEqual(loaded.map((e) => e.file));
    for (const [i, item] of list.entries()) {
      const entry = loaded[i];
      expect(entry.ok && item.title).toBe(entry.ok && entry.summary.name);
    }
  });

  it('lists a bad file\'s errors with their paths, and survives garbage', () => {
    const bad = scenarioEntry('mine.yaml', 'name: x\nnetworks: []\nhosts:\n  - name: A\n    interfaces:\n      - { name: eth0, network: nowhere }\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.some((e) => e.startsWith('mine.yaml:') && e.includes('hosts[0].interfaces[0].network'))).toBe(true);
    for (const text of ['', '\u0000\u0001{{{', '- a\n- b', ': : :', 'x'.repeat(100_000), '<script>alert(1)</script>']) {
      const e = scenarioEntry('junk.yaml', text);
      expect(e.ok).toBe(false);
      if (!e.ok) expect(e.errors.length).toBeGreaterThan(0);
    }
  });
});
