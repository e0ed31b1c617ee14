// The lab survives a reload (the page saves it in IndexedDB): a file written in a terminal,
// the terminal's scrollback and the captured frames are all back after page.reload(), and the
// restored lab runs on (a new ping is answered and captured).
import type { Page } from 'playwright-core';
import { ARTIFACTS, step } from './harness.ts';
import { loadBundled, openTerminal, terminalTab, typeLine, waitForTerminal } from './lab-page.ts';

const T = 'persistence';

export async function persistenceFlow(page: Page): Promise<void> {
  let frames = '';
  await step(T, 'load, write a file, capture a ping', page, async () => {
    await loadBundled(page, 'scenarios/two-lans.yaml');
    await page.getByTestId('interfaces').click();
    await page.getByLabel('PC1:eth0').check();
    await page.getByTestId('capture-start').click();
    await page.getByText('Capture sur PC1:eth0').waitFor();
    await openTerminal(page, 'PC1', /root@pc1:[^\n]*# *$/m);
    await typeLine(page, 'echo persiste > /root/f');
    await typeLine(page, 'ping -c 2 10.0.2.10');
    await waitForTerminal(page, '2 received');
    await page.locator('[data-testid=packet-list] .row', { hasText: 'Echo (ping) reply' }).first().waitFor();
    frames = (await page.locator('.capture-pane .count').textContent()) ?? '';
    // No waiting: the page saves when it is hidden (pagehide), so a reload right away keeps all.
  });

  await step(T, 'reload: the lab, its terminal, its file and its capture are back', page, async () => {
    await page.reload();
    await page.locator('[data-testid="scenario-name"]', { hasText: 'Deux réseaux locaux' }).waitFor({ timeout: 30_000 });
    await terminalTab(page, 'PC1').waitFor({ timeout: 30_000 });
    await terminalTab(page, 'PC1').click();
    // The scrollback shows the commands typed before the reload.
    await waitForTerminal(page, 'echo persiste > /root/f', 20_000);
    await waitForTerminal(page, '2 packets transmitted, 2 received');
    await typeLine(page, 'cat /root/f');
    await waitForTerminal(page, /cat \/root\/f\s*\n\s*persiste/);
    // The capture still has its frames (at least those before the reload).
    await page.locator('[data-testid=packet-list] .row', { hasText: 'Echo (ping) reply' }).first().waitFor({ timeout: 20_000 });
    const before = Number(/(\d+)/.exec(frames)?.[1] ?? 0);
    const after = Number(/(\d+)/.exec((await page.locator('.capture-pane .count').textContent()) ?? '')?.[1] ?? 0);
    if (after < before) throw new Error(`frames before the reload: ${before}, after: ${after}`);
    // The restored lab runs on: the stack answers and the capture keeps capturing.
    await typeLine(page, 'ping -c 1 10.0.2.10');
    await waitForTerminal(page, '1 packets transmitted, 1 received');
    await page.locator('.capture-pane .count', { hasText: new RegExp(`Paquets : (?!${after} )\\d+`) }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/persistence-after-reload.png` });
  });

  await step(T, 'a lab saved by an incompatible version: a message, not a blank page; the others stay', page, async () => {
    // Another stored lab, in a format this version does not read, is the one to reopen.
    await page.evaluate(`(async () => {
      const db = await new Promise((ok, ko) => { const r = indexedDB.open('netsim', 1); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
      await new Promise((ok, ko) => {
        const tx = db.transaction('labs', 'readwrite');
        tx.objectStore('labs').put({ id: 'lab-ancien', title: 'TP ancien', savedAt: 1, snapshot: { format: 'netsim-lab', version: 0 } });
        tx.oncomplete = ok; tx.onerror = () => ko(tx.error);
      });
      db.close();
      localStorage.setItem('netsim.currentLab', 'lab-ancien');
    })()`);
    await page.reload();
    const problem = page.getByTestId('storage-problem');
    await problem.waitFor({ timeout: 30_000 });
    const text = (await problem.textContent()) ?? '';
    if (!/ne peut pas être rouvert.*incompatible/s.test(text)) throw new Error(`unexpected message: ${text}`);
    await problem.getByRole('button').click();
    await page.getByText('Scénarios fournis').waitFor();
    // The lab of the first steps is still kept and opens again.
    await page.getByTestId('labs-menu').click();
    await page.getByRole('button', { name: 'Ouvrir', exact: true }).first().click();
    await terminalTab(page, 'PC1').waitFor({ timeout: 30_000 });
    await terminalTab(page, 'PC1').click();
    await waitForTerminal(page, /cat \/root\/f\s*\n\s*persiste/, 20_000);
  });
}
