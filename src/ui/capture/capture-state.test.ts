// The pane's packet list fed from a running simulation, as CapturePane feeds it: the same rows
// as the pcapng the simulation exports read back, filters, exports of the displayed packets, and
// the views (Follow TCP Stream) over it.
import { describe, expect, it } from 'vitest';
import twoLans from '../../../scenarios/two-lans.yaml?raw';
import { captureViews, compileFilter, formatSummaryLine, type CompiledFilter, loadScenario, readCapture, Simulation, SECOND, dissectCapture } from '../../sim/index.ts';
import { fieldValue, PacketListState } from './capture-state.svelte.ts';
import { exportFrames, safeName } from './export-file.ts';
import { epochNsOf, importedToCaptured, InterfaceIds, liveFrameInput } from './frames.ts';
import { parseFollowAscii } from './follow-stream.ts';

const ip = (s: string): number => s.split('.').reduce((a, b) => a * 256 + Number(b), 0);

/** PC1 opens a TCP connection to PC2:25, which greets it; captured on PC1:eth0 and ROUTER:eth1. */
function lab(): { sim: Simulation; list: PacketListState } {
  const loaded = loadScenario(twoLans, 'scenarios/two-lans.yaml');
  if (!loaded.ok) throw new Error('scenario');
  const sim = new Simulation(loaded.scenario, { seed: 3 });
  const list = new PacketListState('live', false, 9);
  const ids = new InterfaceIds();
  const epoch = epochNsOf(sim.startEpochMs);
  sim.capture.onFrame.on((f) => list.append(liveFrameInput(f, epoch, ids)));
  sim.capture.onClear.on(() => list.reset());
  sim.startCapture(['PC1:eth0', 'ROUTER:eth1']);
  const listener = sim.host('PC2').stack.tcp.listen({ port: 25 });
  if (typeof listener === 'string') throw new Error(listener);
  listener.onConnection.on((c) => {
    c.send(new TextEncoder().encode('220 <b>mail</b> ESMTP\r\n'));
    c.onData.on(() => c.close());
  });
  sim.scheduler.at(SECOND, () => {
    const c = sim.host('PC1').stack.tcp.connect({ address: ip('10.0.2.10'), port: 25 });
    c.onData.on(() => c.send(new TextEncoder().encode('QUIT\r\n')));
  });
  sim.runUntil(5 * SECOND);
  return { sim, list };
}

describe('the capture pane packet list', () => {
  it('shows live frames exactly as the exported pcapng reads back', () => {
    const { sim, list } = lab();
    expect(list.count).toBe(sim.capture.size);
    expect(list.count).toBeGreaterThan(10);
    const fromFile = dissectCapture(readCapture(sim.exportPcapng()).frames);
    for (let i = 0; i < list.count; i++) expect(formatSummaryLine(list.row(i))).toBe(formatSummaryLine(fromFile[i]));
  });

  it('applies a filter, reports a bad one with its range, and clears with the store', () => {
    const { sim, list } = lab();
    expect(list.applyFilter('tcp.port == 25 && tcp.flags.syn == 1')).toBeNull();
    expect(list.shownCount).toBe(4); // SYN and SYN/ACK on each captured link
    expect(list.rowOf(list.packetAt(1))).toBe(1);
    expect(list.history.list).toEqual(['tcp.port == 25 && tcp.flags.syn == 1']);
    const bad = list.applyFilter('tcp.port == 25 && tcp.flgs');
    expect(bad).not.toBeNull();
    expect(bad?.message).toContain('tcp.flgs');
    expect([bad?.start, bad?.end]).toEqual([18, 26]);
    expect(list.shownCount).toBe(4); // the bad filter changed nothing
    expect(list.applyFilter('')).toBeNull();
    expect(list.displayed).toBeNull();
    sim.capture.clear();
    expect([list.count, list.selected]).toEqual([0, -1]);
  });

  it('refreshes a live filter over frames that arrived after it was applied', () => {
    const { sim, list } = lab();
    list.applyFilter('arp');
    const before = list.shownCount;
    sim.scheduler.at(sim.now + SECOND, () => {
      sim.host('PC1').stack.tcp.connect({ address: ip('10.0.2.99'), port: 25 });
    });
    sim.runUntil(sim.now + 3 * SECOND);
    expect(list.filtering).toBe(true);
    expect(list.shownCount).toBe(before);
    while (list.work(1));
    expect(list.filtering).toBe(false);
    expect(list.shownCount).toBeGreaterThan(before);
  });

  it('filters a long list in slices, with the same result as one pass', () => {
    const { sim } = lab();
    const big = new PacketListState('big', true, 9);
    const ids = new InterfaceIds();
    const epoch = epochNsOf(sim.startEpochMs);
    const frames = sim.capture.frames;
    for (let copy = 0; copy < 200; copy++) {
      for (const f of frames) big.append(liveFrameInput({ ...f, time: f.time + copy * 10 * SECOND }, epoch, ids));
    }
    expect(big.applyFilter('tcp.flags.syn == 1', 0)).toBeNull();
    expect(big.filtering).toBe(true);
    expect(big.shownCount).toBeLessThan(800);
    let slices = 1;
    while (big.work(0)) slices++;
    expect(slices).toBeGreaterThan(5);
    expect(big.filtering).toBe(false);
    expect(big.displayed).toEqual(big.list.select(compileFilter('tcp.flags.syn == 1') as CompiledFilter & { ok: true }));
    expect(big.shownCount).toBe(800);
  });

  it('opens detail trees in any order exactly as a pass from the start gives them', () => {
    const { list } = lab();
    const reference = dissectCapture(Array.from({ length: list.count }, (_, i) => list.frame(i)));
    const n = list.count;
    const order = [5, 6, 7, n - 3, 2, n - 1, 0, n - 2, 12, 11, 10];
    for (const i of order) expect(list.tree(i)).toEqual(reference[i].tree);
  });

  it('follows the TCP stream of a selected packet, markup shown as text', () => {
    const { list } = lab();
    list.applyFilter('tcp.len > 0');
    const first = list.packetAt(0);
    const stream = fieldValue(list.tree(first), 'tcp.stream');
    expect(typeof stream).toBe('number');
    const { rows, frames } = list.dissected();
    const followed = parseFollowAscii(captureViews.followTcp(rows, frames, stream as number, 'ascii'));
    expect(followed.chunks.map((c) => [c.server, c.text])).toEqual([
      [true, '220 <b>mail</b> ESMTP\r\n'],
      [false, 'QUIT\r\n'],
    ]);
  });

  it('exports the displayed packets as pcapng and pcap that read back the same', () => {
    const { sim, list } = lab();
    list.applyFilter('tcp');
    const frames = list.displayed!.map((i) => sim.capture.frames[i]);
    const epoch = epochNsOf(sim.startEpochMs);
    for (const format of ['pcapng', 'pcap'] as const) {
      const out = exportFrames(frames, format, epoch, 'capture');
      if (!out.ok) throw new Error(out.message);
      expect(out.name).toBe(`capture.${format}`);
      const back = readCapture(out.bytes);
      expect(back.error).toBeUndefined();
      expect(back.frames.map((f) => f.bytes)).toEqual(frames.map((f) => f.bytes));
      expect(back.frames[0].timeNs).toBe(epoch + BigInt(frames[0].time));
    }
    expect(exportFrames([], 'pcap', epoch, 'x')).toEqual({ ok: false, message: 'Aucun paquet à exporter.' });
    expect(safeName('../../etc/passwd\u0000.pcap')).toBe('.._.._etc_passwd_');
  });

  it('opens a file into its own list, and exports it again unchanged', () => {
    const { sim } = lab();
    const read = readCapture(sim.exportPcapng());
    const file = new PacketListState('lab.pcapng', true, read.frames[0].tsDigits);
    for (const f of read.frames) file.append(f);
    expect(file.count).toBe(sim.capture.size);
    const epoch = read.frames[0].timeNs;
    const again = exportFrames(read.frames.map((f) => importedToCaptured(f, epoch)), 'pcapng', epoch, 'lab.pcapng');
    if (!again.ok) throw new Error(again.message);
    const back = readCapture(again.bytes);
    expect(back.frames.map((f) => [f.timeNs, f.interfaceName, f.bytes])).toEqual(read.frames.map((f) => [f.timeNs, f.interfaceName, f.bytes]));
  });

  it('keeps garbage files out: an error and no packets', () => {
    const read = readCapture(new TextEncoder().encode('<script>alert(1)</script>'));
    expect(read.frames).toEqual([]);
    expect(read.error).toMatch(/capture file/);
  });
});
