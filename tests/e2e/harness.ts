// What every browser test shares: a tiny static server for the built page, Debian's Chromium,
// and a watch on the page that turns uncaught errors, console errors, failed requests, CSP
// violations and dialogs (alert() from injected markup) into test failures.
import { createServer, type Server } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ARTIFACTS = 'tests/artifacts';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.wasm': 'application/wasm',
};

/** Serves `dir` on 127.0.0.1 (a free port); unknown paths are 404, as a static host would. */
export function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    let file = join(dir, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
  }));
}

/** Debian's Chromium (`apt-get install chromium`), headless, with the flags CI needs as root. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Problems the page reported since `watch` was called; a test fails when it is not empty. */
export interface PageWatch {
  readonly problems: string[];
}

/**
 * Records what must never happen on the page. CSP violations come from the document's
 * `securitypolicyviolation` event (Chromium also logs them as console errors); the init script
 * re-arms on every navigation, reloads included.
 */
export async function watch(page: Page): Promise<PageWatch> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`a ${d.type()} dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  await page.exposeFunction('__e2eViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  // Page-side code as text: these scripts are type-checked without the DOM library.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    window.__e2eViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });`);
  return { problems };
}

/** Fails with what the page reported, if anything. */
export function assertClean(w: PageWatch): void {
  if (w.problems.length > 0) throw new Error(`the page reported:\n  ${w.problems.join('\n  ')}`);
}

/** One step of a test: its name is printed when it passes; a failure leaves a screenshot. */
export async function step(test: string, name: string, page: Page, run: () => Promise<void>): Promise<void> {
  try {
    await run();
    if (process.env.E2E_VERBOSE) console.log(`  ok - ${name}`);
  } catch (e) {
    await page.screenshot({ path: `${ARTIFACTS}/${test}-failed.png` }).catch(() => {});
    throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
