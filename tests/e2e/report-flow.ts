// Issue #8 in the browser: the report dialog on a running lab. The student opens it, picks the
// terminal, types a frame list (a wrong one first: the error names the frame), writes notes with
// markup in them, reads the preview (text, not HTML) and downloads `compte-rendu-<scenario>.md`.
// run-all.ts runs it on the built page (report-setup.ts prepares the lab).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './harness.ts';

const NOTES = 'Le ping passe par le **routeur**.\n<img src=x onerror="window.__xss=1">\n```\nbloc\n```';

/**
 * On a page running two-lans.yaml (N=10) where PC1 pinged 10.0.2.10 in its first terminal while
 * PC1:eth0 was captured, and that page's "Compte rendu" button.
 */
export async function reportFlow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Compte rendu', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Compte rendu du TP' });
  await dialog.waitFor();

  const frames = dialog.getByRole('textbox', { name: /Trames à inclure/ });
  await frames.fill('1,999');
  await dialog.getByText(/La trame 999 n’existe pas : la capture va de 1 à \d+/).waitFor();
  const download = dialog.getByRole('button', { name: 'Télécharger le compte rendu' });
  if (!(await download.isDisabled())) throw new Error('download allowed with a bad frame list');
  await frames.fill('1-2');
  await dialog.getByRole('textbox', { name: 'Notes (Markdown)' }).fill(NOTES);

  const preview = dialog.locator('pre');
  // The frames are rendered a moment after the list stops changing.
  await preview.filter({ hasText: /## \d\. Notes/ }).filter({ hasText: 'Trame 2' }).waitFor();
  const shown = (await preview.textContent()) ?? '';
  for (const part of ['# Compte rendu : Deux réseaux locaux et un routeur', '* N : 10', /## \d\. Topologie/, /### \d\.1 PC1/, 'ping -c 2 10.0.2.10', /### \d\.1 Trame 1 \(ARP\)/, NOTES]) {
    if (typeof part === 'string' ? !shown.includes(part) : !part.test(shown)) throw new Error(`preview lacks ${String(part)}:\n${shown}`);
  }
  if ((await dialog.locator('img').count()) > 0) throw new Error('markup of the notes became an image');
  await page.screenshot({ path: `${ARTIFACTS}/report-dialog.png` });

  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  if (file.suggestedFilename() !== 'compte-rendu-deux-reseaux-locaux-et-un-routeur.md') throw new Error(`file named ${file.suggestedFilename()}`);
  const path = await file.path();
  const text = readFileSync(path, 'utf8');
  if (!text.includes('![Topologie du réseau](data:image/png;base64,iVBORw0KGgo')) throw new Error('the file lacks the topology image');
  if (!/## \d\. Notes\n\n$/.test(text.slice(0, text.length - NOTES.length - 1)) || !text.endsWith(`${NOTES}\n`)) throw new Error(`the file does not end with the notes:\n${text.slice(-400)}`);
  if (!/```\n {4}1 +0\.\d{9} .* ARP 42 Who has 10\.0\.1\.1\? Tell 10\.0\.1\.10\n\nFrame 1: 42 bytes on wire/.test(text)) throw new Error(`frame 1 is not as tshark prints it:\n${text}`);

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  if ((await page.evaluate<unknown>('window.__xss')) !== undefined) throw new Error('the notes ran a script');
}
