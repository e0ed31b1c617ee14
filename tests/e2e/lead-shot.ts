import { serve, launchChromium } from './harness.ts';
import { loadBundled, openTerminal, typeLine, waitForTerminal } from './lab-page.ts';
const { server, url } = await serve(process.argv[2]);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(url);
  await loadBundled(page, 'scenarios/tp-smtp-routeur.yaml');
  await openTerminal(page, 'SMTP', /# *$/m);
  await typeLine(page, 'echo inet_interfaces; echo sauve-immediatement > /root/g');
  await waitForTerminal(page, 'inet_interfaces\n');
  await page.screenshot({ path: '/tmp/lead/underscore.png' });
  await page.reload();
  await page.getByRole('button', { name: /^(Pause)$/ }).waitFor({ timeout: 60_000 });
  await typeLine(page, 'cat /root/g');
  await waitForTerminal(page, /cat \/root\/g\s*\nsauve-immediatement/);
  console.log('OK immediate reload kept the file');
} finally {
  await browser.close();
  server.close();
}
