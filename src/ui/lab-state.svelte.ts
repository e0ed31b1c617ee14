// The running lab as rune state: the loaded scenario, its simulation and driver, the clock, the
// open terminals and the selected host. Components read it; only this module changes it.
import type { HostInfo, PacedDriver, Simulation, StepResult, TerminalDevice } from '../sim/index.ts';
import { formatScenarioError, loadScenario, type Scenario } from '../sim/scenario-facade.ts';
import { animationFrameClock, browserYield } from './browser-runtime.ts';
import {
  currentLabId, deleteLab, listLabs, newLabId, openLabStore, readLab, rememberCurrentLab, saveLab, type StoredLab, type StoredLabInfo,
} from './lab-store.ts';
import { rememberLocale, storedLocale, translate, type MessageKey, type UiLocale } from './i18n.ts';

export type LabPhase = 'idle' | 'booting' | 'ready' | 'failed';

/** Bytes of output a terminal keeps for the saved lab (xterm's own scrollback is larger). */
const SCROLLBACK_KEPT = 256 * 1024;

/** One terminal window: its device, what it printed before its view attached, and its scrollback. */
export class TerminalSession {
  readonly id: string;
  ended = $state(false);
  private pending: Uint8Array[] = [];
  private sink: ((bytes: Uint8Array) => void) | null = null;
  /** Output kept for the saved lab, oldest first (whole chunks, trimmed from the front). */
  private kept: Uint8Array[] = [];
  private keptBytes = 0;

  constructor(
    readonly host: string,
    readonly index: number,
    readonly device: TerminalDevice,
    /** What the terminal showed before the lab was saved (latin1: one char per byte). */
    restored = '',
    /** Called on each output: the lab saves soon after a terminal shows something new. */
    onActivity?: () => void,
  ) {
    this.id = `${host}#${index}`;
    // The new shell's prompt starts on a line of its own below the saved screen.
    if (restored !== '') this.keep(latin1ToBytes(restored.endsWith('\n') ? restored : `${restored}\r\n`));
    this.pending = [...this.kept];
    device.onOutput.on((bytes) => {
      this.keep(bytes.slice());
      onActivity?.();
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

  /** The output kept, as the terminal's text (escape sequences still in), for the lab report. */
  transcript(): string {
    // Streaming decode: a character split between two chunks comes out whole.
    const decoder = new TextDecoder();
    let text = '';
    for (const chunk of this.kept) text += decoder.decode(chunk, { stream: true });
    return text + decoder.decode();
  }

  /** The output kept, as latin1 text, for the saved lab. */
  scrollback(): string {
    let s = '';
    for (const chunk of this.kept) for (let i = 0; i < chunk.length; i += 8192) s += String.fromCharCode(...chunk.subarray(i, i + 8192));
    return s;
  }

  private keep(bytes: Uint8Array): void {
    this.kept.push(bytes);
    this.keptBytes += bytes.length;
    while (this.keptBytes > SCROLLBACK_KEPT && this.kept.length > 1) this.keptBytes -= this.kept.shift()!.length;
  }
}

function latin1ToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** What the page saves with the simulation: its terminals and what was selected. */
interface SavedUi {
  readonly terminals: readonly { host: string; scrollback: string }[];
  readonly active: number;
  readonly selectedHost: string | null;
  readonly speed: number;
}

const SPEEDS = [0.1, 1, 10] as const;

/** While time runs, the lab is saved this often (wall-clock ms), and when the page is hidden. */
const AUTOSAVE_MS = 3000;
/** Quiet time after a terminal's output before the lab is saved. */
const ACTIVITY_SAVE_MS = 1000;

function savedUi(data: unknown): SavedUi | null {
  const d = data as Partial<SavedUi> | null;
  if (d === null || typeof d !== 'object' || !Array.isArray(d.terminals)) return null;
  return {
    terminals: d.terminals.filter((t) => typeof t?.host === 'string' && typeof t.scrollback === 'string'),
    active: typeof d.active === 'number' ? d.active : 0,
    selectedHost: typeof d.selectedHost === 'string' ? d.selectedHost : null,
    speed: typeof d.speed === 'number' && (SPEEDS as readonly number[]).includes(d.speed) ? d.speed : 1,
  };
}

/** The lab list's title: the scenario and its params. */
function labTitle(scenario: Scenario): string {
  const params = scenario.params.map((p) => `${p.name}=${p.value}`).join(', ');
  return params === '' ? scenario.name : `${scenario.name} (${params})`;
}

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
  /** The guided steps' live results (the steps panel evaluates them), in the scenario's order. */
  stepResults = $state.raw<readonly StepResult[]>([]);
  /** The host whose mail client (Thunderbird-like) is open, or null. */
  mailHost = $state<string | null>(null);
  /** Bumped a few times a second while time runs: views of live host state re-read it. */
  liveVersion = $state(0);

  readonly speeds = SPEEDS;
  private driver: PacedDriver | null = null;
  /** The simulator module, once a lab was started. */
  private engine: typeof import('../sim/index.ts') | null = null;
  private source: { text: string; file: string; params: Record<string, number> } | null = null;
  /** The stored lab this page is (id in IndexedDB), null before any scenario is loaded. */
  labId = $state<string | null>(null);
  /** The stored labs, for the lab list (refreshLabs()). */
  labs = $state<StoredLabInfo[]>([]);
  /** Why the saved lab cannot be restored or saved (shown instead of a blank page). */
  storageProblem = $state<string | null>(null);
  private lastSave = 0;
  private saving = false;
  private activityTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private lastLiveRefresh = 0;

  t = (key: MessageKey, vars?: Record<string, string | number>): string => translate(this.locale, key, vars);

  setLocale(locale: UiLocale): void {
    this.locale = locale;
    rememberLocale(localStorageOrNull(), locale);
    document.documentElement.lang = locale;
  }

  /** Loads and boots a scenario as a new lab; returns the errors (formatted with their paths) if it does not load. */
  load(text: string, file: string, params: Record<string, number>): string[] {
    const loaded = loadScenario(text, file, params);
    if (!loaded.ok) return loaded.errors.map(formatScenarioError);
    this.source = { text, file, params };
    this.labId = newLabId();
    this.storageProblem = null;
    rememberCurrentLab(this.labId);
    void this.start(loaded.scenario);
    return [];
  }

  /** Back to the scenario's start: a fresh simulation of the same file and params (same lab). */
  reset(): void {
    if (this.source === null) return;
    const { text, file, params } = this.source;
    const loaded = loadScenario(text, file, params);
    if (loaded.ok) void this.start(loaded.scenario);
  }

  private stop(): void {
    this.generation++;
    this.driver?.pause();
    this.driver = null;
    for (const s of this.terminals) s.device.hangup();
    this.terminals = [];
    this.activeTerminal = null;
    this.selectedHost = null;
    this.mailHost = null;
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
    const engine = await this.simulator();
    if (generation !== this.generation) return;
    const sim = new engine.Simulation(scenario, { seed: 1 });
    const booted = await this.booting(sim, generation, () => sim.boot(browserYield));
    if (!booted) return;
    this.run(sim, generation);
    // The first save comes with the first terminal's output or the periodic one, not now: the
    // student is waiting for a prompt.
  }

  /** Runs `boot`, showing the virtual time it reaches; false when it failed or another lab came meanwhile. */
  private async booting(sim: Simulation | null, generation: number, boot: () => Promise<unknown>): Promise<boolean> {
    let booting = true;
    const progress = (): void => {
      if (!booting || generation !== this.generation) return;
      if (sim !== null) this.clockNs = sim.now;
      requestAnimationFrame(progress);
    };
    requestAnimationFrame(progress);
    try {
      await boot();
    } catch (e) {
      if (generation === this.generation) {
        this.phase = 'failed';
        this.bootError = e instanceof Error ? e.message : String(e);
      }
      return false;
    } finally {
      booting = false;
    }
    return generation === this.generation; // another load or reset came meanwhile
  }

  /** Loads the simulator while the student picks a scenario, once the page has painted. */
  prefetchSimulator(): void {
    const load = (): void => void this.simulator().catch(() => undefined);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 2000 });
    else setTimeout(load, 200);
  }

  private async simulator(): Promise<typeof import('../sim/index.ts')> {
    this.engine ??= await import('../sim/index.ts');
    return this.engine;
  }

  /** A booted simulation becomes the page's lab: paced by the frame clock, time running. */
  private run(sim: Simulation, generation: number): void {
    const engine = this.engine!;
    const driver = new engine.PacedDriver(sim.scheduler, animationFrameClock(), { speed: this.speed, yieldFn: browserYield });
    driver.onTick.on((now) => {
      if (generation !== this.generation) return;
      this.clockNs = now;
      // Host sheets and edge labels follow the hosts' state, a few times a second at most.
      const wall = performance.now();
      if (wall - this.lastLiveRefresh > 250) {
        this.lastLiveRefresh = wall;
        this.liveVersion++;
      }
      if (wall - this.lastSave > AUTOSAVE_MS) this.saveSoon();
    });
    this.driver = driver;
    this.sim = sim;
    this.clockNs = sim.now;
    this.phase = 'ready';
    this.play();
  }

  // ---- saved labs ----------------------------------------------------------------------------

  /** At page load: the lab that was open comes back (or a message says why it cannot). */
  async resume(): Promise<boolean> {
    openLabStore();
    const id = currentLabId();
    if (id === null) return false;
    return this.open(id);
  }

  /** Opens a stored lab (the current one is saved first). */
  async open(id: string): Promise<boolean> {
    if (this.labId !== null && this.labId !== id) await this.saveNow();
    let stored: StoredLab | null;
    try {
      stored = await readLab(id);
    } catch (e) {
      this.storageProblem = this.t('labs.storageFailed', { message: e instanceof Error ? e.message : String(e) });
      return false;
    }
    if (stored === null) {
      rememberCurrentLab(null);
      return false;
    }
    return this.restore(id, stored.snapshot);
  }

  private async restore(id: string, data: unknown): Promise<boolean> {
    this.stop();
    const generation = this.generation;
    this.labId = id;
    rememberCurrentLab(id);
    this.storageProblem = null;
    this.phase = 'booting';
    this.bootError = null;
    this.clockNs = 0;
    const engine = await this.simulator();
    if (generation !== this.generation) return false;
    const checked = engine.checkSnapshot(data);
    if (!checked.ok) {
      this.phase = 'idle';
      this.storageProblem = this.t('labs.cannotRestore', { message: checked.error });
      return false;
    }
    const snapshot = checked.snapshot;
    let result: Awaited<ReturnType<typeof engine.restoreLab>> | null = null;
    const booted = await this.booting(null, generation, async () => {
      result = await engine.restoreLab(snapshot, { yieldFn: browserYield });
    });
    if (!booted || result === null) return false;
    const r = result as Awaited<ReturnType<typeof engine.restoreLab>>;
    if (!r.ok) {
      this.phase = 'idle';
      this.storageProblem = this.t('labs.cannotRestore', { message: r.error });
      return false;
    }
    this.source = { text: r.source.text, file: r.source.file, params: { ...r.source.params } };
    this.scenario = r.sim.scenario;
    const ui = savedUi(snapshot.ui);
    if (ui !== null) this.speed = ui.speed;
    this.run(r.sim, generation);
    if (ui !== null) {
      const sessions: TerminalSession[] = [];
      for (const t of ui.terminals) {
        if (!r.sim.hosts.has(t.host)) continue;
        const index = r.sim.host(t.host).terminals.length + 1;
        const device = r.sim.terminal(t.host, index);
        if (device !== null) sessions.push(new TerminalSession(t.host, index, device, t.scrollback, this.activity));
      }
      this.terminals = sessions;
      this.activeTerminal = sessions[ui.active]?.id ?? sessions[0]?.id ?? null;
      this.selectedHost = ui.selectedHost !== null && r.sim.hosts.has(ui.selectedHost) ? ui.selectedHost : null;
    }
    return true;
  }

  /** Saves the open lab now (resolves when it is stored; failures become `storageProblem`). */
  async saveNow(): Promise<void> {
    const sim = this.sim;
    if (sim === null || this.engine === null || this.source === null || this.labId === null) return;
    this.lastSave = performance.now();
    const ui = this.savedUi();
    const snapshot = this.engine.snapshotLab(sim, this.source, { ui });
    const title = labTitle(sim.scenario);
    try {
      await saveLab({ id: this.labId, title, savedAt: Date.now(), snapshot });
      this.storageProblem = null;
    } catch (e) {
      this.storageProblem = this.t('labs.storageFailed', { message: e instanceof Error ? e.message : String(e) });
    }
  }

  private savedUi(): SavedUi {
    const active = this.terminals.findIndex((t) => t.id === this.activeTerminal);
    return {
      terminals: this.terminals.map((t) => ({ host: t.host, scrollback: t.scrollback() })),
      active: Math.max(0, active),
      selectedHost: this.selectedHost,
      speed: this.speed,
    };
  }

  /** A terminal showed something: save a second after the output stops (a reload right after typing keeps it). */
  private readonly activity = (): void => {
    if (this.activityTimer !== null) clearTimeout(this.activityTimer);
    this.activityTimer = setTimeout(() => {
      this.activityTimer = null;
      this.saveSoon();
    }, ACTIVITY_SAVE_MS);
  };

  /** A save without waiting, at most one running at a time. */
  saveSoon(): void {
    if (this.saving) return;
    this.saving = true;
    this.lastSave = performance.now();
    void this.saveNow().finally(() => (this.saving = false));
  }

  async refreshLabs(): Promise<void> {
    try {
      this.labs = await listLabs();
    } catch (e) {
      this.labs = [];
      this.storageProblem = this.t('labs.storageFailed', { message: e instanceof Error ? e.message : String(e) });
    }
  }

  async deleteStoredLab(id: string): Promise<void> {
    try {
      await deleteLab(id);
    } catch {
      // Already gone, or storage refused: the list below says what is left.
    }
    if (id === this.labId) {
      this.stop();
      this.labId = null;
      this.scenario = null;
      this.source = null;
      this.phase = 'idle';
      rememberCurrentLab(null);
    }
    await this.refreshLabs();
  }

  /** Forgets a saved lab this version cannot read, after the message was shown. */
  async discardUnreadable(): Promise<void> {
    const id = currentLabId();
    this.storageProblem = null;
    if (id !== null) await this.deleteStoredLab(id);
  }

  /** The open lab as one file's text (what `netsim grade` reads), with a file name. */
  exportText(): { name: string; text: string } | null {
    const sim = this.sim;
    if (sim === null || this.engine === null || this.source === null) return null;
    const ui = this.savedUi();
    const text = JSON.stringify(this.engine.snapshotLab(sim, this.source, { ui }));
    const stem = (this.source.file.replace(/^.*\//, '').replace(/\.ya?ml$/i, '') || 'lab').replace(/[^A-Za-z0-9._-]+/g, '_');
    const params = Object.entries(this.source.params).map(([k, v]) => `-${k}${v}`).join('');
    return { name: `${stem}${params}.netsim-lab.json`, text };
  }

  /** Imports an exported lab as a new stored lab and opens it; returns the error, or null. */
  async importText(text: string): Promise<string | null> {
    const engine = await this.simulator();
    const parsed = engine.parseLabExport(text);
    if (!parsed.ok) return parsed.error;
    const loaded = loadScenario(parsed.snapshot.source.text, parsed.snapshot.source.file, { ...parsed.snapshot.source.params });
    const title = loaded.ok ? labTitle(loaded.scenario) : parsed.snapshot.source.file;
    const id = newLabId();
    try {
      if (this.labId !== null) await this.saveNow();
      await saveLab({ id, title, savedAt: Date.now(), snapshot: parsed.snapshot });
    } catch (e) {
      return this.t('labs.storageFailed', { message: e instanceof Error ? e.message : String(e) });
    }
    const ok = await this.restore(id, parsed.snapshot);
    await this.refreshLabs();
    return ok ? null : this.storageProblem;
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
    this.saveSoon();
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
    const session = new TerminalSession(host, index, device, '', this.activity);
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
