// The running lab as rune state: the loaded scenario, its simulation and driver, the clock, the
// open terminals and the selected host. Components read it; only this module changes it.
import type { HostInfo, PacedDriver, Simulation, TerminalDevice } from '../sim/index.ts';
import { formatScenarioError, loadScenario, type Scenario } from '../sim/scenario-facade.ts';
import { animationFrameClock, browserYield } from './browser-runtime.ts';
import { rememberLocale, storedLocale, translate, type MessageKey, type UiLocale } from './i18n.ts';

export type LabPhase = 'idle' | 'booting' | 'ready' | 'failed';

/** One terminal window: its device, and what it printed before its view attached. */
export class TerminalSession {
  readonly id: string;
  ended = $state(false);
  private pending: Uint8Array[] = [];
  private sink: ((bytes: Uint8Array) => void) | null = null;

  constructor(
    readonly host: string,
    readonly index: number,
    readonly device: TerminalDevice,
  ) {
    this.id = `${host}#${index}`;
    device.onOutput.on((bytes) => {
      if (this.sink !== null) this.sink(bytes);
      else this.pending.push(bytes);
    });
    device.onSessionEnd.on(() => (this.ended = true));
  }

  /** The view attaches: it gets the bytes printed so far, then everything as it comes. */
  attach(sink: (bytes: Uint8Array) => void): () => void {
    for (const chunk of this.pending.splice(0)) sink(chunk);
    this.sink = sink;
    return () => {
      if (this.sink === sink) this.sink = null;
    };
  }
}

const SPEEDS = [0.1, 1, 10] as const;

function localStorageOrNull(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export class LabState {
  locale = $state<UiLocale>(storedLocale(localStorageOrNull()));
  phase = $state<LabPhase>('idle');
  scenario = $state.raw<Scenario | null>(null);
  sim = $state.raw<Simulation | null>(null);
  /** Virtual time in ns, from the driver's ticks (or boot progress). */
  clockNs = $state(0);
  running = $state(false);
  speed = $state<number>(1);
  bootError = $state<string | null>(null);
  terminals = $state<TerminalSession[]>([]);
  activeTerminal = $state<string | null>(null);
  selectedHost = $state<string | null>(null);
  /** Bumped a few times a second while time runs: views of live host state re-read it. */
  liveVersion = $state(0);

  readonly speeds = SPEEDS;
  private driver: PacedDriver | null = null;
  /** The simulator module, once a lab was started. */
  private engine: typeof import('../sim/index.ts') | null = null;
  private source: { text: string; file: string; params: Record<string, number> } | null = null;
  private generation = 0;
  private lastLiveRefresh = 0;

  t = (key: MessageKey, vars?: Record<string, string | number>): string => translate(this.locale, key, vars);

  setLocale(locale: UiLocale): void {
    this.locale = locale;
    rememberLocale(localStorageOrNull(), locale);
    document.documentElement.lang = locale;
  }

  /** Loads and boots a scenario; returns the errors (formatted with their paths) if it does not load. */
  load(text: string, file: string, params: Record<string, number>): string[] {
    const loaded = loadScenario(text, file, params);
    if (!loaded.ok) return loaded.errors.map(formatScenarioError);
    this.source = { text, file, params };
    void this.start(loaded.scenario);
    return [];
  }

  /** Back to the scenario's start: a fresh simulation of the same file and params. */
  reset(): void {
    if (this.source === null) return;
    const { text, file, params } = this.source;
    this.load(text, file, params);
  }

  private stop(): void {
    this.generation++;
    this.driver?.pause();
    this.driver = null;
    for (const s of this.terminals) s.device.hangup();
    this.terminals = [];
    this.activeTerminal = null;
    this.selectedHost = null;
    this.running = false;
    this.sim = null;
  }

  private async start(scenario: Scenario): Promise<void> {
    this.stop();
    const generation = this.generation;
    this.scenario = scenario;
    this.phase = 'booting';
    this.bootError = null;
    this.clockNs = 0;
    // The simulator is loaded with the first lab, not with the page.
    const engine = await import('../sim/index.ts');
    if (generation !== this.generation) return;
    this.engine = engine;
    const sim = new engine.Simulation(scenario, { seed: 1 });
    // Boot progress: the virtual time reached, shown at each frame until boot ends.
    let booting = true;
    const progress = (): void => {
      if (!booting || generation !== this.generation) return;
      this.clockNs = sim.now;
      requestAnimationFrame(progress);
    };
    requestAnimationFrame(progress);
    try {
      await sim.boot(browserYield);
    } catch (e) {
      booting = false;
      if (generation !== this.generation) return;
      this.phase = 'failed';
      this.bootError = e instanceof Error ? e.message : String(e);
      return;
    }
    booting = false;
    if (generation !== this.generation) return; // another load or reset came meanwhile
    const driver = new engine.PacedDriver(sim.scheduler, animationFrameClock(), { speed: this.speed, yieldFn: browserYield });
    driver.onTick.on((now) => {
      this.clockNs = now;
      // Host sheets and edge labels follow the hosts' state, a few times a second at most.
      const wall = performance.now();
      if (wall - this.lastLiveRefresh > 250) {
        this.lastLiveRefresh = wall;
        this.liveVersion++;
      }
    });
    this.driver = driver;
    this.sim = sim;
    this.clockNs = sim.now;
    this.phase = 'ready';
    this.play();
  }

  play(): void {
    if (this.driver === null) return;
    this.driver.start();
    this.running = true;
  }

  pause(): void {
    if (this.driver === null) return;
    this.driver.pause();
    this.running = false;
    this.liveVersion++;
  }

  /** While paused: the next event only (a frame, a timer), time jumping to it. */
  step(): void {
    if (this.driver === null || this.running) return;
    this.driver.stepToNextEvent();
    // The programs it woke resume now, still at that instant.
    void browserYield().then(() => this.liveVersion++);
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    if (this.driver !== null) this.driver.speed = speed;
  }

  /** Opens (or focuses) a host's terminal; `another` opens one more on the same host. */
  openTerminal(host: string, another = false): void {
    const sim = this.sim;
    if (sim === null || !sim.hosts.has(host)) return;
    const mine = this.terminals.filter((s) => s.host === host);
    if (!another && mine.length > 0) {
      this.activeTerminal = mine[0].id;
      return;
    }
    // A closed terminal stays hung up in the simulation: a new one takes the next index.
    const index = sim.host(host).terminals.length + 1;
    const device = sim.terminal(host, index);
    if (device === null) return;
    const session = new TerminalSession(host, index, device);
    this.terminals = [...this.terminals, session];
    this.activeTerminal = session.id;
  }

  closeTerminal(id: string): void {
    const i = this.terminals.findIndex((s) => s.id === id);
    if (i < 0) return;
    this.terminals[i].device.hangup();
    const rest = this.terminals.filter((s) => s.id !== id);
    this.terminals = rest;
    if (this.activeTerminal === id) this.activeTerminal = rest[Math.min(i, rest.length - 1)]?.id ?? null;
  }

  /** The selected host's live state (re-read when liveVersion changes). */
  hostInfo(name: string): HostInfo | null {
    return this.sim === null || this.engine === null ? null : this.engine.hostInfo(this.sim, name);
  }
}

export const lab = new LabState();
