// `npm run bench:ui`: the page's figures (issue 7, Quality bars), measured on the built app in
// Debian's Chromium through playwright-core, printed as `name: value unit`:
//   initial_js_gzip   the JavaScript the first view loads (entry chunk and its static imports), gzip
//   cold_load_ready   from navigation to a ready terminal: picker, Load two-lans, boot, click PC1,
//                     its prompt on screen
//   echo_latency      a key pressed in that terminal until xterm's rows show it, median of 20
// (longest_frame_100k comes from tests/e2e/capture-smoke.ts, which bench:ui also runs.)
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { clickHost } from './lab-page.ts';
import { chromium } from 'playwright-core';

const DIST = process.argv[2] ?? 'dist';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** The entry module and the chunks it imports statically (Vite lists them as modulepreload). */
function initialJsGzip(): number {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
  return files.reduce((n, f) => n + gzipSync(readFileSync(join(DIST, f))).length, 0);
}

async function main(): Promise<void> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    let file = join(DIST, path);
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    console.log(`initial_js_gzip: ${Math.round(initialJsGzip() / 1024)} KB`);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const t0 = Date.now();
    await page.goto(url);
    await page.locator('button[data-file="scenarios/two-lans.yaml"]').click();
    await page.getByRole('button', { name: /^(Charger|Load)$/ }).click();
    await page.getByRole('button', { name: /Pause/ }).waitFor({ timeout: 60_000 });
    await clickHost(page, 'PC1');
    const rows = page.locator('.terminal-view:not(.hidden) .xterm-rows');
    await rows.filter({ hasText: /root@pc1:~#/ }).waitFor({ timeout: 20_000 });
    console.log(`cold_load_ready: ${Date.now() - t0} ms`);

    await page.locator('.terminal-view:not(.hidden) .xterm').click();
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const ch = String.fromCharCode(97 + (i % 26));
      // In the page: time from the key event to xterm's DOM update that shows the character.
      const waiting = page.evaluate<number>(`new Promise((resolve) => {
        const rows = document.querySelector('.terminal-view:not(.hidden) .xterm-rows');
        const count = () => rows.textContent.split(${JSON.stringify(ch)}).length;
        const before = count();
        let start = 0;
        window.addEventListener('keydown', () => { start = performance.now(); }, { capture: true, once: true });
        const seen = new MutationObserver(() => {
          if (start > 0 && count() > before) {
            seen.disconnect();
            resolve(performance.now() - start);
          }
        });
        seen.observe(rows, { childList: true, subtree: true, characterData: true });
      })`);
      await page.waitForTimeout(20);
      await page.keyboard.type(ch);
      samples.push(await waiting);
    }
    samples.sort((a, b) => a - b);
    console.log(`echo_latency: ${Math.round(samples[samples.length >> 1])} ms`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e: unknown) => {
  console.error(`bench-ui: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
