// The capture pane in Debian's Chromium (playwright-core): load the two-LAN scenario, capture on
// PC1:eth0, ping from PC1's terminal, see the frames, filter them, open a packet's tree and bytes,
// check a bad filter turns the bar red with its message and that markup typed into the filter bar
// stays text, follow a TCP stream (nc on lo), export the capture as pcapng and open it again.
// run-all.ts runs this flow; run alone (bench:ui), it adds a 100,000-packet file and prints the
// longest main-thread frames. Screenshots go to tests/artifacts/ (not committed).
//
//   npm run build && node --import tsx tests/e2e/capture-smoke.ts [DIST_DIR]
// Prints `capture-smoke: OK` and exits 0, or the failed step and exits 1.
import { mkdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { loadScenario, readCapture, Simulation, SECOND } from '../../src/sim/index.ts';
import { ARTIFACTS, assertClean, launchChromium, serve, step as harnessStep, watch } from './harness.ts';
import { clickHost } from './lab-page.ts';

/** The page's document, as the checks below use it (DOM types are not in this tsconfig). */
type PageDocument = { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }>; querySelector(s: string): unknown };

const step = (name: string, page: Page, run: () => Promise<void>): Promise<void> => harnessStep('capture', name, page, run);

/** A pcap of `count` packets: a short lab exchange (ARP, ICMP, TCP) repeated, times increasing. */
function bigPcap(count: number): Buffer {
  const loaded = loadScenario(readFileSync('scenarios/two-lans.yaml', 'utf8'), 'scenarios/two-lans.yaml');
  if (!loaded.ok) throw new Error('scenario');
  const sim = new Simulation(loaded.scenario, { seed: 1 });
  sim.startCapture(['PC1:eth0']);
  const ip = (t: string): number => t.split('.').reduce((a, b) => a * 256 + Number(b), 0);
  const listener = sim.host('PC2').stack.tcp.listen({ port: 25 });
  if (typeof listener === 'string') throw new Error(listener);
  listener.onConnection.on((c) => {
    c.send(new TextEncoder().encode('220 mail ESMTP\r\n'));
    c.onData.on(() => c.close());
  });
  sim.scheduler.at(SECOND, () => {
    const c = sim.host('PC1').stack.tcp.connect({ address: ip('10.0.2.10'), port: 25 });
    c.onData.on(() => c.send(new TextEncoder().encode('QUIT\r\n')));
  });
  sim.runUntil(5 * SECOND);
  const frames = readCapture(sim.exportPcap('PC1:eth0')).frames;
  const size = 24 + count * 16 + Array.from({ length: count }, (_, i) => frames[i % frames.length].bytes.length).reduce((a, b) => a + b, 0);
  const out = Buffer.alloc(size);
  out.writeUInt32LE(0xa1b2c3d4, 0);
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeUInt32LE(262144, 16);
  out.writeUInt32LE(1, 20);
  let at = 24;
  for (let i = 0; i < count; i++) {
    const f = frames[i % frames.length].bytes;
    const us = 1_700_000_000_000_000 + i * 1000;
    out.writeUInt32LE(Math.floor(us / 1e6), at);
    out.writeUInt32LE(us % 1e6, at + 4);
    out.writeUInt32LE(f.length, at + 8);
    out.writeUInt32LE(f.length, at + 12);
    out.set(f, at + 16);
    at += 16 + f.length;
  }
  return out;
}

/** The longest main-thread frame (long-animation-frame entries) while `run` runs, in ms. */
async function longestFrame(page: Page, run: () => Promise<void>): Promise<number> {
  // Runs in the page: DOM types are not in this (Node) tsconfig, hence the minimal shapes.
  type Entry = { duration: number; scripts?: { invoker: string; sourceFunctionName: string; duration: number }[] };
  type Observer = { observe(o: { type: string }): void; disconnect(): void };
  type Probe = {
    __long: string[];
    __longest: number;
    __observer?: Observer;
    PerformanceObserver: new (cb: (list: { getEntries(): Entry[] }) => void) => Observer;
  };
  await page.evaluate(() => {
    const w = globalThis as unknown as Probe;
    w.__longest = 0;
    w.__long = [];
    w.__observer = new w.PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__longest = Math.max(w.__longest, e.duration);
        const scripts = e.scripts ?? [];
        w.__long.push(`${Math.round(e.duration)} ms: ${scripts.map((x) => `${x.invoker} ${x.sourceFunctionName} ${Math.round(x.duration)}`).join(' | ')}`);
      }
    });
    w.__observer.observe({ type: 'long-animation-frame' });
  });
  await run();
  await page.waitForTimeout(300);
  const { longest, long } = await page.evaluate(() => {
    const w = globalThis as unknown as Probe;
    w.__observer?.disconnect();
    return { longest: Math.round(w.__longest), long: w.__long };
  });
  if (process.env.CAPTURE_SMOKE_DEBUG) for (const l of long) console.log(`  long frame ${l}`);
  return longest;
}

/** The capture pane's flow on the two-LAN lab; `bench` adds the 100,000-packet file and its figures. */
export async function captureFlow(page: Page, opts: { bench: boolean }): Promise<void> {

    await step('load the two-LAN scenario', page, async () => {
      await page.locator('button[data-file*="two-lans"]').click();
      await page.locator('button[type=submit].primary').click();
      await page.getByTestId('interfaces').waitFor({ timeout: 15_000 });
    });

    await step('start a capture on PC1:eth0', page, async () => {
      await page.getByTestId('interfaces').click();
      await page.getByLabel('PC1:eth0').check();
      await page.getByTestId('capture-start').click();
      await page.getByText('Capture sur PC1:eth0').waitFor();
    });

    await step('ping from PC1 and see the frames', page, async () => {
      // PC1's node on the topology canvas: a click opens its terminal.
      await clickHost(page, 'PC1');
      const term = page.locator('.xterm-helper-textarea').first();
      await term.waitFor({ state: 'attached', timeout: 10_000 });
      await page.waitForTimeout(1000); // the shell's prompt
      await term.focus();
      await page.keyboard.type('ping -c 2 10.0.2.10\n');
      await page.locator('[data-testid=packet-list] .row', { hasText: 'Echo (ping) reply' }).first().waitFor({ timeout: 20_000 });
      await page.screenshot({ path: `${ARTIFACTS}/capture-list.png` });
    });

    await step('filter on icmp', page, async () => {
      const bar = page.getByTestId('display-filter');
      await bar.fill('icmp');
      await bar.press('Escape');
      await bar.press('Enter');
      await page.waitForFunction(() => {
        const doc = (globalThis as unknown as { document: PageDocument }).document;
        const rows = [...Array.from(doc.querySelectorAll('[data-testid=packet-list] .row'))];
        return rows.length >= 2 && rows.every((r) => r.textContent?.includes('ICMP'));
      });
    });

    await step('a bad filter turns the bar red with the message', page, async () => {
      const bar = page.getByTestId('display-filter');
      await bar.fill('icmp && ip.sorce == 1');
      await page.getByTestId('filter-error').waitFor();
      const msg = await page.getByTestId('filter-error').textContent();
      if (!msg?.includes('ip.sorce')) throw new Error(`message: ${msg}`);
      if ((await bar.getAttribute('class'))?.includes('invalid') !== true) throw new Error('bar not red');
      await page.screenshot({ path: `${ARTIFACTS}/capture-bad-filter.png` });
    });

    await step('markup in the filter bar stays text', page, async () => {
      const bar = page.getByTestId('display-filter');
      await bar.fill('"<img src=x onerror=alert(1)>" <script>alert(2)</script>');
      await page.waitForTimeout(200);
      if ((await page.locator('img[src=x]').count()) > 0) throw new Error('an <img> was created');
      await bar.fill('icmp');
    });

    await step('open a packet: tree and bytes, click a byte selects its field', page, async () => {
      await page.locator('[data-testid=packet-list] .row', { hasText: 'Echo (ping) request' }).first().dispatchEvent('mousedown');
      await page.getByTestId('detail-tree').getByText('Internet Protocol Version 4').waitFor();
      // Byte 0x16 (22) of the frame is the IPv4 TTL.
      await page.locator('[data-testid=hex-pane] .byte').nth(22).dispatchEvent('mousedown');
      const selected = await page.locator('[data-testid=detail-tree] .node.selected').textContent();
      if (!selected?.includes('Time to Live')) throw new Error(`selected node: ${selected}`);
      if ((await page.locator('[data-testid=hex-pane] .byte.hl').count()) !== 1) throw new Error('TTL byte not highlighted');
      await page.getByTestId('detail-tree').focus();
      await page.keyboard.press('ArrowUp');
      await page.screenshot({ path: `${ARTIFACTS}/capture-details.png` });
    });

    await step('conversations, flow graph and expert info open', page, async () => {
      await page.locator('.capture-pane').getByRole('tab', { name: 'Conversations' }).click();
      await page.getByLabel('IPv4').check();
      await page.getByTestId('conversations').getByText('10.0.1.10').first().waitFor();
      await page.locator('.capture-pane').getByRole('tab', { name: 'Graphe de flux' }).click();
      await page.locator('[data-testid=flow-graph] svg line.arrow').first().waitFor({ state: 'attached' });
      await page.screenshot({ path: `${ARTIFACTS}/capture-flow.png` });
      await page.locator('.capture-pane').getByRole('tab', { name: 'Informations expertes' }).click();
      await page.getByTestId('expert-info').waitFor();
    });

    await step('follow a TCP stream captured on lo', page, async () => {
      await page.getByTestId('interfaces').click();
      await page.getByLabel('PC1:lo').check();
      await page.getByTestId('capture-start').click();
      await page.getByText('Capture sur PC1:eth0, PC1:lo').waitFor();
      await page.locator('.xterm-helper-textarea').first().focus();
      await page.keyboard.type('nc -l -p 2525 > /tmp/got &\n');
      await page.waitForTimeout(500);
      await page.keyboard.type('echo "<b>hello</b>" | nc -q 1 127.0.0.1 2525\n');
      const bar = page.getByTestId('display-filter');
      await bar.fill('tcp.len > 0');
      await bar.press('Escape');
      await bar.press('Enter');
      await page.locator('[data-testid=packet-list] .row', { hasText: '2525' }).first().waitFor({ timeout: 20_000 });
      await page.locator('[data-testid=packet-list] .row', { hasText: '2525' }).first().dispatchEvent('mousedown');
      await page.getByTestId('follow-tab').click();
      await page.getByTestId('follow-stream').locator('.client', { hasText: '<b>hello</b>' }).waitFor();
      if ((await page.locator('[data-testid=follow-stream] b').count()) > 0) throw new Error('markup from the stream was rendered');
      await page.screenshot({ path: `${ARTIFACTS}/capture-follow.png` });
    });

    await step('export the capture as pcapng and open the file again', page, async () => {
      const live = (await page.locator('.capture-pane .count').textContent()) ?? '';
      const total = /Paquets : (\d+)/.exec(live)?.[1];
      if (total === undefined || total === '0') throw new Error(`live count: ${live}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'pcapng (tout)' }).click()]);
      const path = await download.path();
      const bytes = readFileSync(path);
      // Section Header Block magic: a pcapng file, readable by our reader as by tshark.
      if (bytes.readUInt32LE(0) !== 0x0a0d0d0a) throw new Error(`not a pcapng: ${bytes.subarray(0, 4).toString('hex')}`);
      if (readCapture(new Uint8Array(bytes)).frames.length !== Number(total)) throw new Error(`the file does not hold the ${total} frames`);
      await page.locator('.capture-pane input[type=file]').setInputFiles({ name: 'lab.pcapng', mimeType: 'application/octet-stream', buffer: bytes });
      await page.locator('.capture-pane').getByRole('tab', { name: 'lab.pcapng' }).waitFor();
      await page.locator('.capture-pane .count', { hasText: `Paquets : ${total}` }).waitFor();
      await page.locator('[data-testid=packet-list] .row', { hasText: 'Echo (ping) reply' }).first().waitFor();
      await page.locator('.capture-pane').getByRole('tab', { name: 'lab.pcapng' }).locator('xpath=..').getByRole('button', { name: 'Fermer' }).click();
    });

    if (opts.bench) await step('100,000 packets from a file: scroll and filter without long frames', page, async () => {
      await page.locator('.capture-pane').getByRole('tab', { name: 'Détails' }).click();
      const pcap = bigPcap(100_000);
      const open = await longestFrame(page, async () => {
        await page.locator('.capture-pane input[type=file]').setInputFiles({ name: 'big.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: pcap });
        await page.getByText('Paquets : 100000').waitFor({ timeout: 60_000 });
      });
      console.log(`open_100k_longest_frame: ${open} ms`);
      const list = page.locator('[data-testid=packet-list]');
      const scroll = await longestFrame(page, async () => {
        for (let k = 1; k <= 40; k++) {
          await list.evaluate((el, f) => {
            el.scrollTop = f * el.scrollHeight;
          }, k / 40);
          await page.waitForTimeout(30);
        }
        await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
        await page.locator('[data-testid=packet-list] .row', { hasText: '100000' }).first().waitFor();
      });
      const filter = await longestFrame(page, async () => {
        const bar = page.getByTestId('display-filter');
        await bar.fill('tcp.flags.syn == 1');
        await bar.press('Escape');
        await bar.press('Enter');
        await page.waitForFunction(() => !(globalThis as unknown as { document: PageDocument }).document.querySelector('.capture-pane .progress'), undefined, { timeout: 60_000 });
      });
      const shown = await page.locator('.capture-pane .count').textContent();
      console.log(`longest_frame_100k_scroll: ${scroll} ms`);
      console.log(`longest_frame_100k_filter: ${filter} ms`);
      console.log(`longest_frame_100k: ${Math.max(scroll, filter)} ms`);
      if (!/Affichés : [1-9]/.test(shown ?? '')) throw new Error(`after the filter: ${shown}`);
      await page.screenshot({ path: `${ARTIFACTS}/capture-100k.png` });
    });

    await step('the pane follows the page language', page, async () => {
      await page.getByRole('button', { name: 'English' }).click();
      await page.locator('.capture-pane .count', { hasText: 'Packets: ' }).waitFor();
      await page.locator('.capture-pane').getByRole('tab', { name: 'Follow TCP Stream' }).waitFor();
    });

}

async function main(): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  process.env.E2E_VERBOSE = '1';
  const { server, url } = await serve(process.argv[2] ?? 'dist');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const w = await watch(page);
    await page.goto(url);
    await captureFlow(page, { bench: true });
    assertClean(w);
    console.log('capture-smoke: OK');
  } finally {
    await browser.close();
    server.close();
  }
}

// Run as a script (bench:ui), not when run-all imports the flow.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(`capture-smoke: FAILED ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
