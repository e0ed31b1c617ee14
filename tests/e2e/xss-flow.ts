// Issue #7: whatever comes from the simulation or from files is shown as text, never as HTML.
// Markup goes in through:
// - a scenario opened from disk: its name, description, parameter and network descriptions, a
//   file on a host, the lab list's title; and a second file with the markup as a host name,
//   which the checker refuses and the picker lists;
// - a mail (subject and body) sent with `mail`, read with `mail` in a terminal, in the mail
//   client over IMAP, and in the lab report's preview (the terminal's transcript);
// - the host name set with hostname(1), shown by the host sheet;
// - a pcap opened from disk (TCP payload and DNS name): list, tree, follow, flow graph.
// Then: nothing ran (window.__xss unset, no dialog, no CSP violation), no <img src=x> and no
// injected <script> is in the DOM, and the strings are visible as text.
import type { Page } from 'playwright-core';
import { ARTIFACTS, step } from './harness.ts';
import { clickHost, loadSelected, openTerminal, typeLine, waitForTerminal } from './lab-page.ts';
import { MARKUP_IMG, MARKUP_SCRIPT, markupPcap } from './markup-pcap.ts';

const T = 'xss';
const BOTH = `${MARKUP_IMG} ${MARKUP_SCRIPT}`;
/** YAML single-quoted scalar: quotes doubled. */
const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const SCENARIO = `name: ${q(`XSS ${BOTH}`)}
description: |
  Description ${BOTH}
params:
  X: { default: 5, min: 1, max: 9, description: ${q(`param ${MARKUP_IMG}`)} }
networks:
  - { name: lan, description: ${q(`lan ${BOTH}`)} }
hosts:
  - name: MAIL
    role: mail
    interfaces:
      - { name: eth0, network: lan, address: "10.0.0.{{X}}/24" }
    packages: [postfix, mailutils, dovecot-imapd]
    services: [postfix, dovecot]
    users:
      - { name: etudiant, password: etudiant }
    files:
      /root/evil.txt: |
        file ${BOTH}
      /etc/dovecot/conf.d/99-tp.conf: |
        disable_plaintext_auth = no
`;

const BAD_HOST = `name: bad host
hosts:
  - name: ${q(MARKUP_IMG)}
    interfaces:
      - { name: eth0, network: lan }
networks:
  - { name: lan }
`;

/** What an injection would leave in the page; empty when everything stayed text. */
async function injected(page: Page): Promise<string[]> {
  // Page-side code as text: this file is type-checked without the DOM library.
  return page.evaluate<string[]>(`(() => {
    const found = [];
    if (window.__xss !== undefined) found.push('window.__xss was set');
    if (document.querySelector('img[src=x], img[src$="/x"]')) found.push('an <img src=x> element exists');
    for (const s of document.querySelectorAll('script')) if ((s.textContent || '').includes('__xss')) found.push('an injected <script> element exists');
    for (const e of document.querySelectorAll('[onerror]')) found.push('an element with onerror: <' + e.tagName.toLowerCase() + '>');
    return found;
  })()`);
}

async function assertNothingInjected(page: Page, where: string): Promise<void> {
  await page.waitForTimeout(200); // an <img src=x> would fail to load and fire onerror by now
  const found = await injected(page);
  if (found.length > 0) throw new Error(`${where}: ${found.join('; ')}`);
}

/** The page's visible text (innerText: what a reader sees, markup included as characters). */
function bodyText(page: Page): Promise<string> {
  return page.evaluate<string>('document.body.innerText');
}

async function assertVisible(page: Page, needles: string[], where: string): Promise<void> {
  const text = await bodyText(page);
  const missing = needles.filter((n) => !text.includes(n));
  if (missing.length > 0) throw new Error(`${where}: not shown as text: ${missing.join(' | ')}`);
}

export async function xssFlow(page: Page): Promise<void> {
  await step(T, 'a scenario whose host name is markup: refused, the errors shown as text', page, async () => {
    await page.locator('.picker input[type=file]').setInputFiles({ name: 'bad-host.yaml', mimeType: 'text/yaml', buffer: Buffer.from(BAD_HOST) });
    await page.locator('.picker .errors').waitFor();
    // The checker quotes the value as JSON does (its double quotes escaped).
    await assertVisible(page, [`bad host name ${JSON.stringify(MARKUP_IMG)}`], 'the checker\'s errors');
    await assertNothingInjected(page, 'bad host name');
  });

  await step(T, 'a scenario full of markup: picker shows it as text', page, async () => {
    await page.locator('.picker input[type=file]').setInputFiles({ name: `xss ${MARKUP_IMG}.yaml`, mimeType: 'text/yaml', buffer: Buffer.from(SCENARIO) });
    await page.locator('.picker h2', { hasText: 'XSS' }).waitFor();
    await assertVisible(page, [`XSS ${BOTH}`, `Description ${BOTH}`, `param ${MARKUP_IMG}`, `xss ${MARKUP_IMG}.yaml`], 'the picker');
    await page.screenshot({ path: `${ARTIFACTS}/xss-picker.png` });
    await assertNothingInjected(page, 'picker');
  });

  await step(T, 'loaded: name in the header, network description on the topology', page, async () => {
    await loadSelected(page);
    await page.locator('[data-testid="scenario-name"]', { hasText: MARKUP_SCRIPT }).waitFor();
    await assertVisible(page, [`XSS ${BOTH}`], 'the header');
    // Cytoscape draws labels on its canvas: the label it holds is the text, as written.
    const label = await page.evaluate<string | null>(`(() => {
      const cy = document.querySelector('.topology')?._cyreg?.cy;
      return cy ? cy.nodes().map((n) => n.data('label')).join('\\n') : null;
    })()`);
    if (label === null || !label.includes(`lan ${BOTH}`)) throw new Error(`topology labels: ${label}`);
    await assertNothingInjected(page, 'loaded scenario');
  });

  await step(T, 'the saved lab\'s title in "Mes TP"', page, async () => {
    await page.getByTestId('labs-menu').click();
    await page.locator('.labs .title', { hasText: MARKUP_SCRIPT }).first().waitFor();
    await assertVisible(page, [MARKUP_IMG, MARKUP_SCRIPT], 'the lab list');
    await assertNothingInjected(page, 'lab list');
    await page.getByTestId('labs-menu').click();
  });

  await step(T, 'a file and a mail with markup, read in the terminal', page, async () => {
    await openTerminal(page, 'MAIL', /root@mail:[^\n]*# *$/m);
    await typeLine(page, 'cat /root/evil.txt');
    await waitForTerminal(page, `file ${BOTH}`);
    await typeLine(page, `echo ${q(`${MARKUP_SCRIPT} body`)} | mail -s ${q(MARKUP_IMG)} root etudiant`);
    await page.waitForTimeout(1500);
    await typeLine(page, 'clear; mail');
    await waitForTerminal(page, '"/var/mail/root": 1 message 1 new', 20_000);
    await typeLine(page, '1');
    await waitForTerminal(page, `Subject: ${MARKUP_IMG}`);
    await waitForTerminal(page, `${MARKUP_SCRIPT} body`);
    await page.screenshot({ path: `${ARTIFACTS}/xss-mail.png` });
    await typeLine(page, 'q');
    await assertNothingInjected(page, 'terminal');
  });

  await step(T, 'the same mail in the mail client (IMAP): list and message as text', page, async () => {
    await clickHost(page, 'MAIL');
    await page.getByTestId('open-mail').click();
    const dialog = page.locator('.mail-dialog');
    await dialog.getByLabel('Adresse électronique').fill('etudiant@mail');
    await dialog.getByLabel('Mot de passe').fill('etudiant');
    const hosts = dialog.locator('table tbody tr');
    await hosts.nth(0).locator('td input').first().fill('127.0.0.1');
    await hosts.nth(1).locator('td input').first().fill('127.0.0.1');
    await dialog.getByLabel('Identifiant').fill('etudiant');
    await dialog.getByRole('button', { name: 'Terminé' }).click();
    await dialog.getByRole('button', { name: 'Relever' }).click();
    const row = dialog.locator('table.list tbody tr', { hasText: MARKUP_IMG });
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await dialog.getByText(`${MARKUP_SCRIPT} body`).waitFor({ timeout: 30_000 });
    await assertVisible(page, [MARKUP_IMG, `${MARKUP_SCRIPT} body`], 'the mail client');
    await page.screenshot({ path: `${ARTIFACTS}/xss-mail-client.png` });
    await assertNothingInjected(page, 'mail client');
    await dialog.getByRole('button', { name: 'Fermer' }).click();
  });

  await step(T, 'the lab report\'s preview: scenario name and transcript as text', page, async () => {
    await page.getByRole('button', { name: 'Compte rendu' }).click();
    const report = page.locator('dialog.report');
    await report.locator('pre', { hasText: MARKUP_SCRIPT }).waitFor();
    // The MAIL terminal's transcript (the file and the mail read above) into the report.
    const box = report.locator('.session input[type=checkbox]').first();
    if (!(await box.isChecked())) await box.check();
    await report.locator('pre', { hasText: `${MARKUP_SCRIPT} body` }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/xss-report.png` });
    await assertNothingInjected(page, 'lab report');
    await report.getByRole('button', { name: 'Fermer' }).click();
  });

  await step(T, 'a host name set to markup, shown in the host sheet', page, async () => {
    // The kernel takes any bytes as host name (hostname(1) sets it as given).
    await typeLine(page, `hostname ${q(MARKUP_IMG)}`);
    await waitForTerminal(page, 'root@<img src=x onerror="window:~#');
    await clickHost(page, 'MAIL');
    await page.locator('.sheet h2', { hasText: MARKUP_IMG }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/xss-hostname.png` });
    await assertNothingInjected(page, 'host sheet');
  });

  await step(T, 'a pcap with markup in a TCP payload and a DNS name', page, async () => {
    await page.locator('.capture-pane input[type=file]').setInputFiles({ name: 'markup.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: markupPcap() });
    await page.locator('.capture-pane').getByRole('tab', { name: 'markup.pcap' }).waitFor();
    const rows = page.locator('[data-testid=packet-list] .row');
    await rows.filter({ hasText: `Standard query 0x1337 A ${MARKUP_IMG}.${MARKUP_SCRIPT}.example` }).waitFor();
    await rows.filter({ hasText: `S: 220 ${MARKUP_SCRIPT} ESMTP` }).waitFor();
    // The DNS query's tree, the name as text.
    await rows.filter({ hasText: 'Standard query' }).dispatchEvent('mousedown');
    await page.getByTestId('detail-tree').getByText('Domain Name System (query)').waitFor();
    await assertNothingInjected(page, 'packet list and DNS tree');
    // The TCP payload, followed.
    await rows.filter({ hasText: 'S: 220' }).dispatchEvent('mousedown');
    await page.getByTestId('follow-tab').click();
    await page.getByTestId('follow-stream').locator('.client', { hasText: BOTH }).waitFor();
    await assertVisible(page, [BOTH, `220 ${MARKUP_SCRIPT} ESMTP`], 'Follow TCP Stream');
    await page.screenshot({ path: `${ARTIFACTS}/xss-pcap.png` });
    await assertNothingInjected(page, 'Follow TCP Stream');
    // The flow graph draws the Info column as SVG text; conversations and expert info list them too.
    await page.locator('.capture-pane').getByRole('tab', { name: 'Graphe de flux' }).click();
    // (Labels are cut to the arrow's width; the tooltip <title> has the whole text.)
    await page.locator('[data-testid=flow-graph] svg title', { hasText: MARKUP_SCRIPT }).first().waitFor({ state: 'attached' });
    await assertNothingInjected(page, 'flow graph');
    await page.locator('.capture-pane').getByRole('tab', { name: 'Conversations' }).click();
    await page.getByTestId('conversations').waitFor();
    await page.locator('.capture-pane').getByRole('tab', { name: 'Informations expertes' }).click();
    await page.getByTestId('expert-info').waitFor();
    await assertNothingInjected(page, 'conversations and expert info');
  });
}
