// `netsim run SCENARIO.yaml --script SESSION.txt ...`: boots the scenario headless, plays the
// session script into its terminals and prints (or writes) the transcript; optionally writes
// the capture. Exit 1 names the script line whose @expect failed.
import { readFile, writeFile } from 'node:fs/promises';
import { parseSessionScript } from '../sim/session-script.ts';
import { SessionRunner } from '../sim/session-runner.ts';
import { Simulation } from '../sim/simulation.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type Io } from './io.ts';
import { nodeYield } from './node-yield.ts';
import { fileErrorReason, readScenario, takeParam } from './scenario-file.ts';

export const RUN_USAGE = 'run SCENARIO.yaml --script SESSION.txt [options]    type a session script into the lab';

const HELP = `Usage: netsim run SCENARIO.yaml [--param NAME=VALUE]... [--seed N] --script SESSION.txt
                  [--transcript OUT.txt] [--pcap OUT.pcap --capture HOST:IFACE]
                  [--pcapng OUT.pcapng [--capture HOST:IFACE]...]

Boots the scenario, types the session script into its terminals and prints what
the terminals showed (or writes it to --transcript). Script lines:
  @HOST, @HOST#2     switch to HOST's first (second...) terminal
  @wait SECONDS      let simulated time pass
  @expect TEXT       fail unless the terminal printed TEXT since the last typed line
  @key NAME          Up Down Left Right Tab Enter Esc Backspace PageUp PageDown
  ^C, ^D, ^X...      a control key alone on a line
  # comment
  anything else      typed, then Enter
Exits 0 when every @expect held, 1 otherwise (naming the script line), 2 on a bad command line.`;

export async function run(args: readonly string[], io: Io): Promise<number> {
  const params: Record<string, string> = {};
  const captures: string[] = [];
  let scenarioFile: string | undefined;
  let script: string | undefined;
  let transcriptFile: string | undefined;
  let pcap: string | undefined;
  let pcapng: string | undefined;
  let seed: string | number = 1;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string | undefined => args[++i];
    if (arg === '--help' || arg === '-h') {
      io.out(HELP);
      return EXIT_OK;
    }
    if (arg === '--param' || arg.startsWith('--param=')) {
      const r = takeParam(args, i, params, 'run');
      if ('error' in r) return usage(io, r.error);
      i = r.next;
      continue;
    }
    const needsValue = ['--seed', '--script', '--transcript', '--pcap', '--pcapng', '--capture'];
    if (needsValue.includes(arg)) {
      const v = value();
      if (v === undefined) return usage(io, `netsim run: ${arg} needs a value`);
      if (arg === '--seed') seed = /^\d+$/.test(v) ? Number(v) : v;
      else if (arg === '--script') script = v;
      else if (arg === '--transcript') transcriptFile = v;
      else if (arg === '--pcap') pcap = v;
      else if (arg === '--pcapng') pcapng = v;
      else captures.push(v);
      continue;
    }
    if (arg.startsWith('-')) return usage(io, `netsim run: unknown option '${arg}'`);
    if (scenarioFile !== undefined) return usage(io, `netsim run: one scenario only ('${arg}')`);
    scenarioFile = arg;
  }
  if (scenarioFile === undefined) return usage(io, 'netsim run: no scenario file given');
  if (script === undefined) return usage(io, 'netsim run: --script SESSION.txt is required');
  if (pcap !== undefined && captures.length !== 1) return usage(io, 'netsim run: --pcap needs exactly one --capture HOST:IFACE');

  const scenario = await readScenario(scenarioFile, params, io, 'run');
  if (!scenario) return EXIT_FAILURE;
  let scriptText: string;
  try {
    scriptText = await readFile(script, 'utf8');
  } catch (e) {
    io.err(`netsim run: cannot read '${script}': ${fileErrorReason(e)}`);
    return EXIT_FAILURE;
  }
  const parsed = parseSessionScript(scriptText);
  if (!parsed.ok) {
    for (const e of parsed.errors) io.err(`${script}:${e.line}: ${e.message}`);
    return EXIT_FAILURE;
  }

  const sim = new Simulation(scenario, { seed });
  const targets = captures.length > 0 ? captures : pcapng !== undefined ? sim.captureTargets() : [];
  for (const t of targets) {
    const problem = sim.checkCaptureTarget(t);
    if (problem) {
      io.err(`netsim run: ${problem}`);
      return EXIT_USAGE;
    }
  }
  sim.startCapture(targets);
  await sim.boot(nodeYield);
  const result = await new SessionRunner(sim, nodeYield).run(parsed.directives);

  if (transcriptFile !== undefined) await writeFile(transcriptFile, result.transcript);
  else process.stdout.write(result.transcript);
  if (pcap !== undefined) await writeFile(pcap, sim.exportPcap(captures[0]));
  if (pcapng !== undefined) await writeFile(pcapng, sim.exportPcapng());
  if (!result.ok && result.failure) {
    io.err(`${script}:${result.failure.line}: ${result.failure.message}`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

function usage(io: Io, message: string): number {
  io.err(`${message}\n${HELP}`);
  return EXIT_USAGE;
}
