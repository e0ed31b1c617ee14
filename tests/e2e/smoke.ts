// Smoke test of the built page in Debian's Chromium (not run by vitest):
//   npm run build && npx vite preview --port 4173 --host 127.0.0.1 &
//   npx tsx tests/e2e/smoke.ts [http://127.0.0.1:4173/]
// Loads two-lans, opens PC1's terminal from the topology, pings PC2 and waits for the reply;
// leaves a screenshot in /tmp/ui-smoke.png. Exits non-zero on failure.
import { clickHost } from './lab-page.ts';
import { chromium, type Page } from 'playwright-core';

const URL = process.argv[2] ?? 'http://127.0.0.1:4173/';
const SCREENSHOT = process.env.SMOKE_SCREENSHOT ?? '/tmp/ui-smoke.png';

/** The text of the active terminal's screen (xterm's DOM rows). */
async function terminalText(page: Page): Promise<string> {
  // Page-side code as text: this file is type-checked without the DOM library.
  return page.evaluate(`(() => {
    const view = [...document.querySelectorAll('.terminal-view')].find((v) => !v.classList.contains('hidden'));
    return view?.querySelector('.xterm-rows')?.textContent ?? '';
  })()`);
}

async function waitForTerminal(page: Page, needle: string | RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await terminalText(page);
    if (typeof needle === 'string' ? text.includes(needle) : needle.test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`terminal never showed ${String(needle)}; it shows:\n${text}`);
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const errors: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(URL);
    // French by default; the English switch changes the interface and is remembered.
    await page.getByRole('button', { name: 'Scénarios' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Scenarios', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Scenarios', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Français' }).click();
    await page.locator('button[data-file="scenarios/two-lans.yaml"]').click();
    await page.getByRole('button', { name: /^(Charger|Load)$/ }).click();
    await page.locator('[data-testid="scenario-name"]', { hasText: 'Deux réseaux locaux' }).waitFor();
    // Booted: the clock runs and the topology has its nodes; click PC1 on the canvas.
    await page.getByRole('button', { name: /Pause/ }).waitFor({ timeout: 60_000 });
    await clickHost(page, 'PC1');
    await page.locator('.terminal-view:not(.hidden)').waitFor();
    await waitForTerminal(page, /pc1.*[#$]/, 20_000);
    await page.locator('.terminal-view:not(.hidden) .xterm').click();
    await page.keyboard.type('ping -c 1 10.0.2.10');
    await page.keyboard.press('Enter');
    const text = await waitForTerminal(page, '1 received', 30_000);
    await page.waitForTimeout(300);
    await page.screenshot({ path: SCREENSHOT });
    // Ctrl-C reaches the line discipline: it interrupts a running ping.
    await page.keyboard.type('clear');
    await page.keyboard.press('Enter');
    await page.keyboard.type('ping 10.0.2.10');
    await page.keyboard.press('Enter');
    await waitForTerminal(page, 'icmp_seq=2', 30_000);
    await page.keyboard.press('Control+C');
    await waitForTerminal(page, /packets transmitted[\s\S]*root@pc1:~#/, 10_000);
    // Ctrl-Shift-F opens the scrollback search instead of reaching the shell.
    await page.keyboard.press('Control+Shift+F');
    await page.getByPlaceholder('Rechercher').waitFor();
    await page.keyboard.press('Escape');
    // A second terminal on the same host gets its own login shell and tab.
    await page.getByRole('button', { name: 'Nouveau terminal sur PC1' }).click();
    await page.getByRole('tab', { name: 'PC1 (2)' }).waitFor();
    await waitForTerminal(page, /pc1.*[#$]/, 20_000);
    // Reset: a fresh simulation, no terminal left open.
    await page.getByRole('button', { name: 'Réinitialiser' }).click();
    await page.getByRole('button', { name: /Pause/ }).waitFor({ timeout: 60_000 });
    if ((await page.locator('.terminal-view').count()) !== 0) throw new Error('terminals survived the reset');
    console.log(text.replace(/\u00a0/g, ' '));
    // The capture pane is another part's component, isolated by a boundary: reported, not fatal here.
    for (const e of errors.filter((x) => x.startsWith('capture pane:'))) console.warn(`smoke: WARNING ${e}`);
    const fatal = errors.filter((x) => !x.startsWith('capture pane:'));
    if (fatal.length > 0) throw new Error(`page errors:\n${fatal.join('\n')}`);
    console.log(`smoke: ok (screenshot ${SCREENSHOT})`);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(`smoke: FAILED: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
