// Bad input through the page: files that are not what they claim (binary or huge YAML, a
// truncated pcap, garbage named .pcap, an empty file) and a 20,000-character line pasted into a
// terminal. The page reports each as the tools would (errors listed, packets before the damage,
// bash's answer) and keeps working: no uncaught error, no console error.
import type { Page } from 'playwright-core';
import { ARTIFACTS, step } from './harness.ts';
import { activeTerminalInput, loadBundled, openTerminal, waitForTerminal } from './lab-page.ts';
import { markupPcap } from './markup-pcap.ts';

const T = 'bad-input';

export async function badInputFlow(page: Page): Promise<void> {
  await step(T, 'binary and huge YAML files: errors listed, the picker still works', page, async () => {
    const picker = page.locator('.picker input[type=file]');
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await picker.setInputFiles({ name: 'binary.yaml', mimeType: 'text/yaml', buffer: binary });
    await page.locator('.picker h2', { hasText: 'binary.yaml' }).waitFor();
    await page.locator('.picker .errors li').first().waitFor();
    const huge = Buffer.from(`name: ${'x'.repeat(1_000_000)}\nhosts: [\n`);
    await picker.setInputFiles({ name: 'huge.yaml', mimeType: 'text/yaml', buffer: huge });
    await page.locator('.picker h2', { hasText: 'huge.yaml' }).waitFor();
    await page.locator('.picker .errors li').first().waitFor();
  });

  await step(T, 'a lab still loads after them', page, async () => {
    await loadBundled(page, 'scenarios/two-lans.yaml');
  });

  await step(T, 'a truncated pcap opens with the packets before the damage', page, async () => {
    const whole = markupPcap();
    // Cut in the middle of the fifth record (24-byte header, then 16 + frame bytes each).
    let at = 24;
    for (let i = 0; i < 4; i++) at += 16 + whole.readUInt32LE(at + 8);
    const cut = whole.subarray(0, at + 16 + 20);
    await page.locator('.capture-pane input[type=file]').setInputFiles({ name: 'cut.pcap', mimeType: 'application/octet-stream', buffer: cut });
    await page.locator('.capture-pane').getByRole('tab', { name: 'cut.pcap' }).waitFor();
    await page.locator('.capture-pane .count', { hasText: 'Paquets : 4 ' }).waitFor();
    await page.locator('.capture-pane .notice', { hasText: 'cut.pcap' }).waitFor();
  });

  await step(T, 'garbage and an empty file named .pcap: a message, no tab', page, async () => {
    const input = page.locator('.capture-pane input[type=file]');
    await input.setInputFiles({ name: 'garbage.pcap', mimeType: 'application/octet-stream', buffer: Buffer.from('<html>not a capture</html>\n'.repeat(50)) });
    await page.locator('.capture-pane .notice', { hasText: 'garbage.pcap' }).waitFor();
    await input.setInputFiles({ name: 'empty.pcap', mimeType: 'application/octet-stream', buffer: Buffer.alloc(0) });
    await page.locator('.capture-pane .notice', { hasText: 'empty.pcap' }).waitFor();
    if ((await page.locator('.capture-pane').getByRole('tab', { name: /garbage|empty/ }).count()) > 0) throw new Error('a tab opened for a file that is not a capture');
    await page.screenshot({ path: `${ARTIFACTS}/bad-input-capture.png` });
  });

  await step(T, 'a 20,000-character line pasted into a terminal: bash answers, the prompt returns', page, async () => {
    await openTerminal(page, 'PC1', /root@pc1:[^\n]*# *$/m);
    await activeTerminalInput(page).focus();
    await page.keyboard.insertText(`x${'y'.repeat(19_999)}`);
    await page.keyboard.press('Enter');
    await waitForTerminal(page, /commande introuvable\s*\n\s*root@pc1:~# *$/m, 30_000);
  });
}
