// `systemctl status UNIT` as systemd 252 prints it (print_status_info in systemctl-show.c):
//   ● postfix.service - Postfix Mail Transport Agent
//        Loaded: loaded (/lib/systemd/system/postfix.service; enabled; preset: enabled)
//        Active: active (running) since Sun 2026-11-22 03:33:55 UTC; 5s ago
//      Main PID: 1234 (master)
//   ...then Tasks/Memory/CPU, the CGroup tree and the unit's last journal lines.
// Colours and the ● ○ × glyphs as on a UTF-8 terminal; ASCII fallbacks otherwise.
import type { UnitStatus } from '../../os/services/service-manager.ts';
import { formatJournalLine, PRIORITY_LEVEL } from '../../os/services/journal.ts';
import { exitStatusName } from '../../os/services/exit-status.ts';
import { formatRelative, formatTimespan, formatTimestamp } from '../../os/services/systemd-time.ts';
import { signalName } from '../../os/process/signals.ts';

export interface StatusStyle {
  readonly nowMs: number;
  /** ANSI colours (stdout is a terminal). */
  readonly color: boolean;
  /** UTF-8 glyphs (the locale's charset). */
  readonly utf8: boolean;
  /** French day and month names (LC_TIME). */
  readonly fr: boolean;
  readonly zone: string;
  /** Show the journal lines (root, or a member of adm/systemd-journal). */
  readonly journal: boolean;
  /** Journal lines to show (-n). */
  readonly lines: number;
}

export const HIGHLIGHT_RED = '\x1b[0;1;31m';
export const HIGHLIGHT_GREEN = '\x1b[0;1;32m';
export const HIGHLIGHT_YELLOW = '\x1b[0;1;38;5;185m';
export const HIGHLIGHT = '\x1b[0;1;39m';
export const NORMAL = '\x1b[0m';

/** special_glyph(): the UTF-8 glyph or its ASCII fallback. */
export function glyph(utf8: boolean, name: 'black-circle' | 'white-circle' | 'multiplication' | 'tree-branch' | 'tree-right' | 'arrow'): string {
  const table = {
    'black-circle': ['●', '*'],
    'white-circle': ['○', '*'],
    multiplication: ['×', 'x'],
    'tree-branch': ['├─', '|-'],
    'tree-right': ['└─', '`-'],
    arrow: ['→', '->'],
  } as const;
  return table[name][utf8 ? 0 : 1];
}

/** unit_active_state_to_glyph + format_active_state: the leading dot and its colour. */
export function stateDot(active: UnitStatus['activeState'], s: Pick<StatusStyle, 'color' | 'utf8'>): string {
  if (active === 'failed') return paint(s.color, HIGHLIGHT_RED, glyph(s.utf8, 'multiplication'));
  if (active === 'active' || active === 'reloading') return paint(s.color, HIGHLIGHT_GREEN, glyph(s.utf8, 'black-circle'));
  if (active === 'activating' || active === 'deactivating') return glyph(s.utf8, 'black-circle');
  return glyph(s.utf8, 'white-circle');
}

function paint(on: boolean, code: string, text: string): string {
  return on ? `${code}${text}${NORMAL}` : text;
}

/** FORMAT_BYTES: "1.9M" (one decimal, powers of 1024), "512B". */
export function formatBytes(n: number): string {
  const units = ['E', 'P', 'T', 'G', 'M', 'K'];
  for (let i = 0; i < units.length; i++) {
    const factor = 1024 ** (units.length - i);
    if (n >= factor) return `${Math.floor(n / factor)}.${Math.floor((n * 10) / factor) % 10}${units[i]}`;
  }
  return `${n}B`;
}

function exitText(code: 'exited' | 'killed', status: number): string {
  if (code === 'exited') {
    const name = exitStatusName(status, false);
    return `code=exited, status=${status}${name !== undefined ? '/' + name : ''}`;
  }
  return `code=killed, signal=${signalName(status) ?? status}`;
}

function isCleanForDisplay(code: 'exited' | 'killed', status: number): boolean {
  return code === 'exited' ? status === 0 : [1, 2, 13, 15].includes(status);
}

/** The status text of one unit, lines joined with '\n' and a final newline. */
export function renderStatus(st: UnitStatus, s: StatusStyle): string {
  const out: string[] = [];
  out.push(`${stateDot(st.activeState, s)} ${st.name}${st.description !== '' && st.description !== st.name ? ' - ' + st.description : ''}`);
  out.push(`     Loaded: loaded (${st.fragmentPath}; ${st.unitFileState}; preset: ${st.preset})`);

  const activeOn = st.activeState === 'failed' ? HIGHLIGHT_RED : st.activeState === 'active' || st.activeState === 'reloading' ? HIGHLIGHT_GREEN : '';
  const stateText = st.activeState === st.subState ? st.activeState : `${st.activeState} (${st.subState})`;
  let active = `     Active: ${activeOn !== '' ? paint(s.color, activeOn, stateText) : stateText}`;
  if (st.result !== 'success') active += ` (Result: ${st.result})`;
  const ts =
    st.activeState === 'active' || st.activeState === 'reloading' ? st.activeEnterMs
      : st.activeState === 'inactive' || st.activeState === 'failed' ? st.inactiveEnterMs
        : st.activeState === 'activating' ? st.inactiveExitMs
          : st.activeExitMs;
  if (ts > 0) active += ` since ${formatTimestamp(ts, s.fr, s.zone)}; ${formatRelative(ts, s.nowMs)}`;
  out.push(active);
  if (ts > 0 && (st.activeState === 'inactive' || st.activeState === 'failed') && st.activeEnterMs > 0 && st.activeExitMs >= st.activeEnterMs) {
    out.push(`   Duration: ${formatTimespan((st.activeExitMs - st.activeEnterMs) * 1000)}`);
  }
  st.documentation.forEach((d, i) => out.push(`   ${(i === 0 ? 'Docs:' : '').padStart(9)} ${d}`));

  const e = st.execMain;
  if (e !== null && e.pid > 0) {
    const text = `(${exitText(e.code, e.status)})`;
    const bad = !isCleanForDisplay(e.code, e.status);
    out.push(`    Process: ${e.pid} ExecStart=${e.argv.join(' ')} ${bad ? paint(s.color, HIGHLIGHT_RED, text) : text}`);
  }
  if (st.mainPid > 0) {
    if (st.mainComm !== null) out.push(`   Main PID: ${st.mainPid} (${st.mainComm})`);
    else if (e !== null && e.pid === st.mainPid) out.push(`   Main PID: ${st.mainPid} (${exitText(e.code, e.status)})`);
  }
  const running = st.processes.length > 0;
  if (running) {
    // Debian 12 on a 2 GB VM: TasksMax is 15% of the kernel's pid limit for the machine.
    out.push(`      Tasks: ${st.processes.length} (limit: 2294)`);
    out.push(`     Memory: ${formatBytes(memoryOf(st))}`);
  }
  if (st.activeEnterMs > 0 && st.mainPid > 0) out.push(`        CPU: ${formatTimespan(cpuUsec(st, s.nowMs))}`);
  if (running) {
    out.push(`     CGroup: /system.slice/${st.name}`);
    const pids = [...st.processes].sort((a, b) => a.pid - b.pid);
    const width = String(pids[pids.length - 1].pid).length;
    pids.forEach((p, i) => {
      const g = glyph(s.utf8, i + 1 < pids.length ? 'tree-branch' : 'tree-right');
      out.push(`             ${g}${String(p.pid).padStart(width)} ${p.argv.join(' ')}`);
    });
  }
  if (s.journal) {
    const lines = st.journal.slice(Math.max(0, st.journal.length - s.lines));
    if (lines.length > 0 && s.lines > 0) {
      out.push('');
      for (const j of lines) {
        const line = formatJournalLine(j, s.fr, s.zone);
        if (!s.color) {
          out.push(line);
          continue;
        }
        // journalctl highlights the message by priority: red for err and worse, yellow for
        // warning, bold for notice.
        const level = PRIORITY_LEVEL[j.priority];
        const on = level <= 3 ? HIGHLIGHT_RED : level === 4 ? HIGHLIGHT_YELLOW : level === 5 ? HIGHLIGHT : '';
        const cut = line.length - j.message.length;
        out.push(on === '' ? line : `${line.slice(0, cut)}${on}${j.message}${NORMAL}`);
      }
    }
  }
  return out.join('\n') + '\n';
}

/** A plausible, deterministic resident size: ~1.5M for the daemon plus ~0.7M per worker. */
function memoryOf(st: UnitStatus): number {
  return 1_400_000 + (st.mainPid % 7) * 61_000 + (st.processes.length - 1) * 720_000;
}

/** CPU time used: a start-up cost and a slow tick while running, like an idle daemon. */
function cpuUsec(st: UnitStatus, nowMs: number): number {
  const end = st.activeState === 'active' || st.activeState === 'reloading' ? nowMs : st.activeExitMs || nowMs;
  const ranMs = Math.max(0, end - st.activeEnterMs);
  return (9 + (st.mainPid % 13)) * 1000 + Math.floor(ranMs / 1000) * 40;
}
