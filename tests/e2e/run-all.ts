// The browser end-to-end suite (`npm run test:e2e`): serves the built page from DIST_DIR with a
// tiny Node server, drives it in Debian's Chromium through playwright-core, one fresh browser
// context per test, and prints one line per test. Any uncaught error, console error, failed
// request, CSP violation or dialog on the page fails the test that caused it. Exits 1 on any
// failure. Screenshots of the main views go to tests/artifacts/.
//
//   npx vite build --outDir DIST_DIR && node --import tsx tests/e2e/run-all.ts [DIST_DIR] [TEST...]
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { captureFlow } from './capture-smoke.ts';
import { badInputFlow } from './bad-input-flow.ts';
import { cspFlow } from './csp-flow.ts';
import { ARTIFACTS, assertClean, launchChromium, serve, watch, type PageWatch } from './harness.ts';
import { persistenceFlow } from './persistence-flow.ts';
import { reportOnRunningLab } from './report-setup.ts';
import { seed000Flow } from './seed-000-flow.ts';
import { terminalFlow } from './smoke.ts';
import { xssFlow } from './xss-flow.ts';

interface E2eTest {
  readonly name: string;
  /** `w` is the page's watch, for a test that provokes problems on purpose (the CSP test). */
  readonly run: (page: Page, w: PageWatch) => Promise<void>;
}

const TESTS: readonly E2eTest[] = [
  { name: 'csp: inline script, eval and other origins refused and reported', run: cspFlow },
  { name: 'terminals: language, ping, Ctrl-C, search, second terminal, reset', run: terminalFlow },
  { name: 'capture flow', run: (page) => captureFlow(page, { bench: false }) },
  { name: 'seed 000 typed in the page', run: seed000Flow },
  { name: 'xss: markup from a scenario, a host name, a mail and a pcap stays text', run: xssFlow },
  { name: 'bad input: binary and huge files, a truncated pcap, a huge pasted line', run: badInputFlow },
  { name: 'lab report on a running lab', run: reportOnRunningLab },
  { name: 'persistence across a reload', run: persistenceFlow },
];

/** No test may hang the suite: each one has two minutes (they take 5 to 20 s). */
const TEST_TIMEOUT_MS = 120_000;

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function main(): Promise<void> {
  const [dist = 'dist', ...only] = process.argv.slice(2);
  if (!existsSync(`${dist}/index.html`)) throw new Error(`no ${dist}/index.html: build the page first (npx vite build --outDir ${dist})`);
  mkdirSync(ARTIFACTS, { recursive: true });
  // A failure screenshot left by an earlier run would mislead whoever reads the artifacts.
  for (const id of ['csp', 'terminal', 'capture', 'seed-000', 'xss', 'bad-input', 'report', 'persistence']) rmSync(`${ARTIFACTS}/${id}-failed.png`, { force: true });
  const { server, url } = await serve(dist);
  const browser = await launchChromium();
  let failed = 0;
  try {
    for (const [i, t] of TESTS.entries()) {
      if (only.length > 0 && !only.some((o) => t.name.includes(o))) continue;
      const started = Date.now();
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
      const page = await context.newPage();
      const w = await watch(page);
      try {
        await page.goto(url);
        await withTimeout(t.run(page, w), TEST_TIMEOUT_MS, `${t.name}: still running after ${TEST_TIMEOUT_MS / 1000} s`);
        assertClean(w);
        console.log(`ok ${i + 1} - ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed++;
        const message = e instanceof Error ? e.message : String(e);
        // What the page reported often explains a step that timed out.
        const extra = w.problems.length > 0 && !message.startsWith('the page reported') ? `\n  the page reported:\n    ${w.problems.join('\n    ')}` : '';
        console.log(`not ok ${i + 1} - ${t.name}: ${message}${extra}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  if (failed > 0) {
    console.log(`e2e: ${failed} failed`);
    process.exit(1);
  }
  console.log('e2e: all passed');
}

main().catch((e: unknown) => {
  console.error(`e2e: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
