// Seed 000 typed into the page (scenarios/tp-smtp-routeur.yaml, X=128), as the students did it:
// CLIENT's address from DHCP, ping SMTP through ROUTEUR (ttl=63), `apt install postfix
// mailutils` on SMTP answering debconf's dialogs by keys (note, "Site Internet", mail name
// mail128.com), `dpkg-reconfigure postfix` with the seed's domains, internal network
// 192.168.0.0/24 and ipv4, the SMTP dialogue by hand with nc from CLIENT refused with 550 until
// `adduser smtp`, then the mail in /var/mail/smtp, and the seed's display filter on SMTP's
// capture. tests/scenarios/tp-smtp-routeur.test.ts plays the same walkthrough headless.
import type { Page } from 'playwright-core';
import { ARTIFACTS, step } from './harness.ts';
import { loadBundled, openTerminal, pressKey, terminalText, typeLine, waitForTerminal } from './lab-page.ts';

const T = 'seed-000';
const PROMPT = (host: string, flags = ''): RegExp => new RegExp(`root@${host}:[^\\n]*# *$`, flags);

/** Waits until the last non-blank line of the screen is the host's prompt; returns the screen. */
async function waitForPrompt(page: Page, host: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await terminalText(page)).replace(/\s+$/, '');
    if (PROMPT(host).test(text)) return text;
    await page.waitForTimeout(100);
  }
  throw new Error(`no prompt of ${host}; the screen shows:\n${text}`);
}

/** `clear`, then waits for a screen holding the prompt alone (so older output cannot match). */
async function clearScreen(page: Page, host: string): Promise<void> {
  await typeLine(page, 'clear');
  const alone = new RegExp(`^root@${host}:[^\\n]*# *$`);
  const deadline = Date.now() + 10_000;
  while (!alone.test((await terminalText(page)).trim())) {
    if (Date.now() > deadline) throw new Error(`clear: the screen shows:\n${await terminalText(page)}`);
    await page.waitForTimeout(50);
  }
}

/** Runs one command line on a cleared screen and returns what it printed once the prompt is back. */
async function run(page: Page, host: string, line: string, timeoutMs = 30_000): Promise<string> {
  await clearScreen(page, host);
  await typeLine(page, line);
  await waitForTerminal(page, line);
  return waitForPrompt(page, host, timeoutMs);
}

/** One line of the SMTP dialogue typed into nc, then the server's reply. */
async function say(page: Page, line: string, reply: string | RegExp): Promise<void> {
  await typeLine(page, line);
  await waitForTerminal(page, reply, 20_000);
}

export async function seed000Flow(page: Page): Promise<void> {
  await step(T, 'load tp-smtp-routeur with X=128', page, async () => {
    await loadBundled(page, 'scenarios/tp-smtp-routeur.yaml', { X: 128 });
    await page.locator('[data-testid="scenario-name"]', { hasText: 'TP SMTP' }).waitFor();
    // Simulated time ten times faster: apt's downloads and Postfix's start take simulated seconds.
    await page.getByRole('button', { name: '×10' }).click();
  });

  await step(T, 'CLIENT has 172.20.128.1 from DHCP', page, async () => {
    await openTerminal(page, 'CLIENT', PROMPT('client', 'm'));
    await run(page, 'client', 'dhclient eth0');
    const shown = await run(page, 'client', 'ip -4 addr show eth0');
    if (!shown.includes('inet 172.20.128.1/24 brd 172.20.128.255 scope global eth0')) throw new Error(shown);
  });

  await step(T, 'ping SMTP through ROUTEUR: ttl=63', page, async () => {
    const shown = await run(page, 'client', 'ping -c 2 192.168.0.28');
    if (!/64 bytes from 192\.168\.0\.28: icmp_seq=1 ttl=63 time=/.test(shown)) throw new Error(shown);
    if (!shown.includes('2 packets transmitted, 2 received, 0% packet loss')) throw new Error(shown);
  });

  await step(T, 'apt install postfix mailutils on SMTP, debconf answered by keys', page, async () => {
    await openTerminal(page, 'SMTP', PROMPT('smtp', 'm'));
    await typeLine(page, 'apt install postfix mailutils');
    await waitForTerminal(page, 'Souhaitez-vous continuer ? [O/n]');
    await typeLine(page, 'O');
    // The configuration types: on a tall terminal debconf shows the note and the list in one
    // dialog; on a short one the note comes first (Tab to <Ok>, Enter), as in a 80x24 console.
    const types = await waitForTerminal(page, 'Please select the mail server configuration type', 60_000);
    if (!types.includes('Site Internet')) {
      await pressKey(page, 'Tab');
      await pressKey(page, 'Enter');
      await waitForTerminal(page, 'Site Internet');
    }
    // "Site Internet" is the default choice.
    await page.screenshot({ path: `${ARTIFACTS}/seed-000-debconf.png` });
    await pressKey(page, 'Enter');
    // The mail name, prefilled with the host name "smtp": replaced by mail128.com.
    await waitForTerminal(page, 'System mail name:');
    for (let i = 0; i < 'smtp'.length; i++) await pressKey(page, 'Backspace');
    await typeLine(page, 'mail128.com');
    await waitForPrompt(page, 'smtp', 90_000);
    const shown = await run(page, 'smtp', 'postconf mydestination; systemctl is-active postfix');
    if (!shown.includes('mydestination = $myhostname, mail128.com, smtp, localhost.localdomain, localhost')) throw new Error(shown);
    if (!/^active$/m.test(shown)) throw new Error(shown);
  });

  await step(T, 'dpkg-reconfigure postfix: the seed\'s domains, internal network and ipv4', page, async () => {
    await clearScreen(page, 'smtp');
    await typeLine(page, 'dpkg-reconfigure postfix');
    // As at install time: the note and the list in one dialog, or the note first on a short terminal.
    const types = await waitForTerminal(page, 'Please select the mail server configuration type', 30_000);
    if (!types.includes('Site Internet')) {
      await pressKey(page, 'Tab');
      await pressKey(page, 'Enter');
      await waitForTerminal(page, 'Site Internet');
    }
    await pressKey(page, 'Enter'); // "Site Internet", the answer given at install time
    await waitForTerminal(page, 'System mail name:');
    await waitForTerminal(page, 'mail128.com_');
    await pressKey(page, 'Enter');
    await waitForTerminal(page, 'Recipient for root and postmaster mail:');
    await pressKey(page, 'Enter');
    // The domains as the seed lists them: the field emptied, then typed.
    await waitForTerminal(page, 'Autres destinations pour lesquelles le courrier sera accepté');
    for (let i = 0; i < 80; i++) await page.keyboard.press('Backspace');
    await typeLine(page, 'mail128.com, localhost.localdomain, localhost');
    await waitForTerminal(page, 'Faut-il forcer des mises à jour synchronisées');
    await pressKey(page, 'Enter');
    // "Réseaux internes : ajouter 192.168.0.0/24": typed after Debian's default.
    await waitForTerminal(page, 'Local networks:');
    await typeLine(page, ' 192.168.0.0/24');
    await waitForTerminal(page, 'Mailbox size limit (bytes):');
    await pressKey(page, 'Enter');
    await waitForTerminal(page, 'Local address extension character:');
    await pressKey(page, 'Enter');
    // Internet protocols: tous, ipv6, ipv4; the seed chose ipv4.
    await waitForTerminal(page, 'Protocoles internet à utiliser');
    await pressKey(page, 'ArrowDown');
    await pressKey(page, 'ArrowDown');
    await pressKey(page, 'Enter');
    await waitForTerminal(page, 'setting inet_protocols: ipv4', 30_000);
    await waitForPrompt(page, 'smtp', 30_000);
    const shown = await run(page, 'smtp', 'postconf mydestination mynetworks inet_protocols; systemctl is-active postfix');
    for (const want of ['mydestination = mail128.com, localhost.localdomain, localhost', 'mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128 192.168.0.0/24', 'inet_protocols = ipv4']) {
      if (!shown.includes(want)) throw new Error(`no "${want}" in:\n${shown}`);
    }
    if (!/^active$/m.test(shown)) throw new Error(shown);
  });

  await step(T, 'capture on SMTP:eth0', page, async () => {
    await page.getByTestId('interfaces').click();
    await page.getByLabel('SMTP:eth0').check();
    await page.getByTestId('capture-start').click();
    await page.getByText('Capture sur SMTP:eth0').waitFor();
    // Fold the interface list away so it does not cover the packet list.
    if ((await page.getByTestId('interfaces').getAttribute('aria-expanded')) === 'true') await page.getByTestId('interfaces').click();
  });

  await step(T, 'nc from CLIENT: 550 while the user smtp does not exist', page, async () => {
    await openTerminal(page, 'CLIENT', PROMPT('client', 'm'));
    await clearScreen(page, 'client');
    await say(page, 'nc 192.168.0.28 25', '220 smtp ESMTP Postfix (Debian/GNU)');
    await say(page, 'ehlo 192.168.0.28', '250 CHUNKING');
    await say(page, 'mail from:<client@mail128.com>', '250 2.1.0 Ok');
    await say(page, 'rcpt to:<smtp@mail128.com>', /550 5\.1\.1 <smtp@mail128\.com>: Recipient address rejected: User unknown in local\s*recipient table/);
    await say(page, 'quit', '221 2.0.0 Bye');
    // nc keeps reading the keyboard after the server closed: ^C, as the students did.
    await pressKey(page, 'Control+C');
    await waitForPrompt(page, 'client');
  });

  await step(T, 'adduser smtp on SMTP', page, async () => {
    await openTerminal(page, 'SMTP', PROMPT('smtp', 'm'));
    await clearScreen(page, 'smtp');
    await typeLine(page, 'adduser smtp');
    await waitForTerminal(page, 'Nouveau mot de passe');
    await typeLine(page, 'smtp');
    await waitForTerminal(page, 'Retapez le nouveau mot de passe');
    await typeLine(page, 'smtp');
    await waitForTerminal(page, 'NOM []');
    for (let i = 0; i < 5; i++) await typeLine(page, '');
    await waitForTerminal(page, 'Cette information est-elle correcte ? [O/n]');
    await typeLine(page, 'o');
    await waitForPrompt(page, 'smtp');
  });

  await step(T, 'the mail by hand with nc: 250 queued', page, async () => {
    await openTerminal(page, 'CLIENT', PROMPT('client', 'm'));
    await clearScreen(page, 'client');
    await say(page, 'nc 192.168.0.28 25', '220 smtp ESMTP Postfix (Debian/GNU)');
    await say(page, 'ehlo 192.168.0.28', '250 CHUNKING');
    await say(page, 'mail from:<client@mail128.com>', '250 2.1.0 Ok');
    await say(page, 'rcpt to:<smtp@mail128.com>', '250 2.1.5 Ok');
    await say(page, 'data', '354 End data with <CR><LF>.<CR><LF>');
    await typeLine(page, 'NOM1, NOM2, secret, 128');
    await say(page, '.', /250 2\.0\.0 Ok: queued as [0-9A-F]+/);
    await say(page, 'quit', '221 2.0.0 Bye');
    await pressKey(page, 'Control+C');
    await waitForPrompt(page, 'client');
  });

  await step(T, 'the mail is in /var/mail/smtp', page, async () => {
    await openTerminal(page, 'SMTP', PROMPT('smtp', 'm'));
    const shown = await run(page, 'smtp', 'cat /var/mail/smtp');
    for (const want of ['From client@mail128.com', 'Return-Path: <client@mail128.com>', 'X-Original-To: smtp@mail128.com', 'Delivered-To: smtp@mail128.com', 'NOM1, NOM2, secret, 128']) {
      if (!shown.includes(want)) throw new Error(`no "${want}" in:\n${shown}`);
    }
    await page.screenshot({ path: `${ARTIFACTS}/seed-000-mailbox.png` });
  });

  await step(T, 'the seed\'s display filter shows the two SMTP sessions', page, async () => {
    const bar = page.getByTestId('display-filter');
    await bar.fill('smtp and ip.addr == 172.20.128.1');
    await bar.press('Escape');
    await bar.press('Enter');
    const rows = page.locator('[data-testid=packet-list] .row');
    await rows.filter({ hasText: '550 5.1.1' }).first().waitFor({ timeout: 20_000 });
    await rows.filter({ hasText: 'queued as' }).first().waitFor();
    // The list draws only the rows in view: read them at the top and at the bottom.
    const list = page.getByTestId('packet-list');
    const texts = new Set(await rows.allTextContents());
    await list.evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(200);
    for (const t of await rows.allTextContents()) texts.add(t);
    if ([...texts].filter((t) => t.includes('220 smtp ESMTP Postfix')).length !== 2) throw new Error(`rows:\n${[...texts].join('\n')}`);
    const stray = [...texts].filter((t) => !t.includes('172.20.128.1') || !t.includes('SMTP'));
    if (stray.length > 0) throw new Error(`rows outside the filter:\n${stray.join('\n')}`);
    await page.screenshot({ path: `${ARTIFACTS}/seed-000-capture.png` });
  });
}
