// `npm run bench`: bundles each group of benchmarks with esbuild (an ES module, as Vite bundles
// the page) and runs it in a fresh node process, so the figures measure the code as it ships
// rather than a test runner's per-module loader, and no group pays for another's heap or code.
// `npm run bench -- capture mail` runs only those groups.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
/** Group name -> the module and its entry function; `report` means it takes the reporter. */
const GROUPS = {
  'network-core': ['network-core.ts', 'networkCoreBenchmarks', false],
  'host-os': ['host-os.ts', 'hostOsBenchmarks', false],
  capture: ['capture.ts', 'captureBenchmarks', false],
  mail: ['mail.ts', 'runMailBench', true],
  imap: ['imap.ts', 'runImapBench', true],
  dns: ['dns.ts', 'runDnsBench', true],
  lab: ['lab.ts', 'runLabBench', true],
};

// Inside node_modules, so the bundles find the npm packages they leave outside.
const dir = new URL('../../node_modules/.cache/netsim-bench/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });

const asked = process.argv.slice(2);
let status = 0;
for (const name of asked.length > 0 ? asked : Object.keys(GROUPS)) {
  const group = GROUPS[name];
  if (group === undefined) throw new Error(`unknown benchmark group ${name} (${Object.keys(GROUPS).join(', ')})`);
  const [file, fn, takesReport] = group;
  const outfile = join(dir, `${name}.mjs`);
  await build({
    stdin: {
      contents: `import { ${fn} } from './${file}';\n` + (takesReport ? `import { report } from './report.ts';\nawait ${fn}(report);\n` : `await ${fn}();\n`),
      resolveDir: here,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    // npm packages are imported as published (some are CommonJS that a bundle cannot inline).
    packages: 'external',
  });
  const r = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit' });
  if (r.status !== 0) status = r.status ?? 1;
}
process.exitCode = status;
