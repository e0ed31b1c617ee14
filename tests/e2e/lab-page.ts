// Shared steps of the browser scripts on the lab page.
import type { Locator, Page } from 'playwright-core';

/** Clicks a host of the topology: cytoscape draws on a canvas, so its place comes from the instance. */
export async function clickHost(page: Page, host: string): Promise<void> {
  // Page-side code as text: these scripts are type-checked without the DOM library.
  const at = await page.evaluate<{ x: number; y: number } | null>(`(() => {
    const el = document.querySelector('.topology');
    const cy = el?._cyreg?.cy;
    if (!cy) return null;
    const box = el.getBoundingClientRect();
    const p = cy.getElementById(${JSON.stringify(`host:${host}`)}).renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  })()`);
  if (at === null) throw new Error('topology not drawn');
  await page.mouse.click(at.x, at.y);
}

/** Picks a bundled scenario, sets its params, loads it and waits until the clock runs. */
export async function loadBundled(page: Page, file: string, params: Record<string, number> = {}): Promise<void> {
  await page.locator(`button[data-file=${JSON.stringify(file)}]`).click();
  await loadSelected(page, params);
}

/** Loads the scenario selected in the picker and waits until it has booted and runs. */
export async function loadSelected(page: Page, params: Record<string, number> = {}): Promise<void> {
  for (const [name, value] of Object.entries(params)) await page.locator(`.picker input[name=${JSON.stringify(name)}]`).fill(String(value));
  await page.locator('.picker button[type=submit].primary').click();
  await page.getByRole('button', { name: /^(Pause)$/ }).waitFor({ timeout: 60_000 });
}

/** The active terminal's screen as text (xterm's DOM rows, no-break spaces made plain). */
export async function terminalText(page: Page): Promise<string> {
  const text = await page.evaluate<string>(`(() => {
    const view = [...document.querySelectorAll('.terminal-view')].find((v) => !v.classList.contains('hidden'));
    return [...(view?.querySelectorAll('.xterm-rows > div') ?? [])].map((r) => r.textContent).join('\\n');
  })()`);
  return text.replace(/\u00a0/g, ' ');
}

/** Waits until the active terminal's screen shows `needle`; returns the screen. */
export async function waitForTerminal(page: Page, needle: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await terminalText(page);
    if (typeof needle === 'string' ? text.includes(needle) : needle.test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`terminal never showed ${String(needle)}; it shows:\n${text.replace(/\s+$/gm, '')}`);
}

/** The keyboard target of the active terminal (xterm's hidden textarea). */
export function activeTerminalInput(page: Page): Locator {
  return page.locator('.terminal-view:not(.hidden) .xterm-helper-textarea');
}

/** The tab of a terminal ("PC1", "PC1 (2)"), among the terminals' tabs only (the side panel has tabs too). */
export function terminalTab(page: Page, name: string): Locator {
  return page.locator('.terminals').getByRole('tab', { name, exact: true });
}

/** Opens (or brings to the front) `host`'s first terminal from the topology and waits for its prompt. */
export async function openTerminal(page: Page, host: string, prompt: RegExp = /[#$] $/m): Promise<void> {
  const tab = terminalTab(page, host);
  if ((await tab.count()) > 0) await tab.click();
  else await clickHost(page, host);
  await page.locator(`.terminal-view:not(.hidden)`).waitFor();
  await waitForTerminal(page, prompt, 20_000);
}

/** Types `line` into the active terminal, then Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await activeTerminalInput(page).focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Presses a key (playwright's names: Tab, Enter, ArrowDown, Control+C...) in the active terminal. */
export async function pressKey(page: Page, key: string): Promise<void> {
  await activeTerminalInput(page).focus();
  await page.keyboard.press(key);
}
