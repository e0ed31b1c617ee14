// The page's frame and terminals in Debian's Chromium: the language switch (remembered across a
// reload), two-lans loaded, PC1's terminal opened from the topology, a ping answered, Ctrl-C
// interrupting a running ping, Ctrl-Shift-F opening the scrollback search, a second terminal on
// the same host, Reset. run-all.ts runs this flow (`run-all.ts dist terminal` runs it alone);
// it leaves tests/artifacts/terminal-ping.png.
import type { Page } from 'playwright-core';
import { ARTIFACTS, step } from './harness.ts';
import { loadBundled, openTerminal, pressKey, terminalTab, typeLine, waitForTerminal } from './lab-page.ts';

const T = 'terminal';

export async function terminalFlow(page: Page): Promise<void> {
  await step(T, 'French by default; English is remembered across a reload', page, async () => {
    await page.getByRole('button', { name: 'Scénarios' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Scenarios', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Scenarios', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Français' }).click();
  });

  await step(T, 'load two-lans, open PC1 from the topology, ping PC2', page, async () => {
    await loadBundled(page, 'scenarios/two-lans.yaml');
    await page.locator('[data-testid="scenario-name"]', { hasText: 'Deux réseaux locaux' }).waitFor();
    await openTerminal(page, 'PC1', /root@pc1:[^\n]*# *$/m);
    await typeLine(page, 'ping -c 1 10.0.2.10');
    await waitForTerminal(page, '1 packets transmitted, 1 received');
    await page.screenshot({ path: `${ARTIFACTS}/terminal-ping.png` });
  });

  await step(T, 'Ctrl-C interrupts a running ping', page, async () => {
    await typeLine(page, 'clear');
    await typeLine(page, 'ping 10.0.2.10');
    await waitForTerminal(page, 'icmp_seq=2');
    await pressKey(page, 'Control+C');
    await waitForTerminal(page, /packets transmitted[\s\S]*root@pc1:~#/, 10_000);
  });

  await step(T, 'Ctrl-Shift-F opens the scrollback search, not the shell', page, async () => {
    await pressKey(page, 'Control+Shift+F');
    await page.getByPlaceholder('Rechercher').waitFor();
    await page.keyboard.press('Escape');
  });

  await step(T, 'a second terminal on PC1 gets its own login shell', page, async () => {
    await page.getByRole('button', { name: 'Nouveau terminal sur PC1' }).click();
    await terminalTab(page, 'PC1 (2)').waitFor();
    await waitForTerminal(page, /root@pc1:[^\n]*# *$/m, 20_000);
  });

  await step(T, 'Reset: a fresh simulation, no terminal left open', page, async () => {
    await page.getByRole('button', { name: 'Réinitialiser' }).click();
    await page.getByRole('button', { name: /Pause/ }).waitFor({ timeout: 60_000 });
    if ((await page.locator('.terminal-view').count()) !== 0) throw new Error('terminals survived the reset');
  });
}
