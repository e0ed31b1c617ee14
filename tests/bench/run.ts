// `npm run bench`: every figure the issues name, one per line as `name: value unit`.
// Wall-clock timing lives here, never in the test suite (machines are shared and noisy).
import { networkCoreBenchmarks } from './network-core.ts';
import { hostOsBenchmarks } from './host-os.ts';
import { captureBenchmarks } from './capture.ts';
import { runMailBench } from './mail.ts';
import { runImapBench } from './imap.ts';
import { runDnsBench } from './dns.ts';
import { report } from './report.ts';

const groups: Array<() => Promise<void> | void> = [
  networkCoreBenchmarks,
  hostOsBenchmarks,
  captureBenchmarks,
  () => runMailBench(report),
  () => runImapBench(report),
  () => runDnsBench(report),
];

for (const group of groups) await group();
