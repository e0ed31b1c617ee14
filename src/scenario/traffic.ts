// The `traffic` key: commands that other students' machines run again and again, so the shared
// links carry more than the student's own frames. Read here, run by src/sim/traffic.ts.
//
//   traffic:
//     - { host: VOISIN1, every: 20, jitter: 5, run: "echo test | mail -s bonjour smtp@mail105.com" }
import { childPath, type Reader } from './reader.ts';
import type { TrafficSpec } from './schema.ts';
import type { TreeNode } from './tree.ts';

const TRAFFIC_KEYS = ['host', 'every', 'jitter', 'start', 'run'];
const SECONDS = /^\s*[0-9]+(\.[0-9]+)?\s*$/;
/** Below this a generator would swamp the simulation (and the student's capture) with runs. */
export const MIN_TRAFFIC_PERIOD_S = 0.1;
/** A day: beyond it nobody would notice the traffic, and times stay exact integers of ns. */
export const MAX_TRAFFIC_SECONDS = 86_400;

/** The `traffic` list; `hosts` are the names of the scenario's hosts, for "unknown host". */
export function readTraffic(node: TreeNode, reader: Reader, hosts: ReadonlySet<string>): TrafficSpec[] | undefined {
  const list = reader.seq(node, 'traffic');
  if (!list) return undefined;
  const out: TrafficSpec[] = [];
  list.items.forEach((item, i) => {
    const spec = readGenerator(item, childPath('traffic', i), reader, hosts);
    if (spec) out.push(spec);
  });
  return out;
}

function readGenerator(node: TreeNode, path: string, reader: Reader, hosts: ReadonlySet<string>): TrafficSpec | undefined {
  const f = reader.fields(node, path, TRAFFIC_KEYS, ['host', 'every', 'run']);
  if (!f) return undefined;
  const at = (key: string): string => childPath(path, key);
  const read = (key: string): number | undefined => {
    const n = f.get(key);
    return n === undefined ? undefined : seconds(n, at(key), reader);
  };

  const hostNode = f.get('host');
  let host = hostNode && reader.string(hostNode, at('host'));
  if (host !== undefined && !hosts.has(host)) {
    reader.error(at('host'), `unknown host '${host}' (hosts: ${[...hosts].filter((h) => h !== '').join(', ')})`);
    host = undefined;
  }
  let every = read('every');
  if (every !== undefined && every < MIN_TRAFFIC_PERIOD_S) {
    reader.error(at('every'), `every must be at least ${MIN_TRAFFIC_PERIOD_S} (seconds between two runs), found ${every}`);
    every = undefined;
  }
  let jitter = read('jitter') ?? 0;
  if (every !== undefined && jitter >= every) {
    reader.error(at('jitter'), `jitter must be below every (${every}), found ${jitter}`);
    jitter = 0;
  }
  const start = read('start');
  const runNode = f.get('run');
  const run = runNode && reader.string(runNode, at('run'));
  if (run !== undefined && run.trim() === '') reader.error(at('run'), 'may not be empty (a command line for /bin/sh)');

  if (host === undefined || every === undefined || run === undefined || run.trim() === '') return undefined;
  return { host, every, jitter, start: start ?? every, run };
}

/** A non-negative number of seconds, decimals allowed (`0.5`); a templated "{{X}}" reads the same. */
function seconds(node: TreeNode, path: string, reader: Reader): number | undefined {
  const text = reader.string(node, path);
  if (text === undefined) return undefined;
  if (!SECONDS.test(text)) {
    reader.error(path, `expected a number of seconds like 20 or 0.5, found ${JSON.stringify(text)}`);
    return undefined;
  }
  const value = Number(text);
  if (value > MAX_TRAFFIC_SECONDS) {
    reader.error(path, `at most ${MAX_TRAFFIC_SECONDS} seconds (a day), found ${text.trim()}`);
    return undefined;
  }
  return value;
}
