// The page state tests/e2e/report-flow.ts expects before it opens the report dialog: two-lans
// (N=10) with PC1:eth0 captured from the start, and `ping -c 2 10.0.2.10` in PC1's first terminal.
import type { Page } from 'playwright-core';
import { reportFlow } from './report-flow.ts';
import { step } from './harness.ts';
import { loadBundled, openTerminal, typeLine, waitForTerminal } from './lab-page.ts';

export async function reportOnRunningLab(page: Page): Promise<void> {
  await step('report', 'two-lans, capture on PC1:eth0, a ping from PC1', page, async () => {
    await loadBundled(page, 'scenarios/two-lans.yaml', { N: 10 });
    await page.getByTestId('interfaces').click();
    await page.getByLabel('PC1:eth0').check();
    await page.getByTestId('capture-start').click();
    await page.getByText('Capture sur PC1:eth0').waitFor();
    await openTerminal(page, 'PC1', /root@pc1:[^\n]*# *$/m);
    await typeLine(page, 'ping -c 2 10.0.2.10');
    await waitForTerminal(page, '2 packets transmitted, 2 received');
  });
  await step('report', 'the report dialog: frames, notes, preview as text, download', page, () => reportFlow(page));
}
