// A lab saved (as the page saves it, through JSON) and restored is the same lab: files, mailboxes,
// users, addresses, routes, forwarding, running services, the clock and the capture come back,
// and it keeps working (mail sent after the restore is delivered).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabExport, restoreLab, snapshotLab, type LabSnapshot } from '../../src/sim/index.ts';
import { nodeYield } from '../../src/cli/node-yield.ts';
import { bootScenario, playScript, readHostFile } from '../support/lab-session.ts';

const FILE = 'tests/scenarios/fixtures/mail-server.yaml';
const TEXT = readFileSync(FILE, 'utf8');

async function savedLab(): Promise<{ json: string; before: { clock: number; frames: number } }> {
  const sim = await bootScenario(TEXT, FILE, { capture: ['CLIENT:eth0'] });
  await playScript(sim, [
    '@CLIENT',
    'ip addr add 10.9.9.9/24 dev eth0',
    'ip route add 172.16.0.0/16 via 192.168.0.1',
    'echo persiste > /root/note.txt',
    'ping -c 1 192.168.0.1',
    '@expect 1 received',
    '@MAIL',
    'adduser --disabled-password --gecos "" lucie',
    'echo "corps du message" | mail -s "Sujet sauve" lucie',
    '@wait 2',
  ]);
  sim.host('MAIL').stack.ipForward = true;
  const snap = snapshotLab(sim, { text: TEXT, file: FILE, params: {} }, { ui: { note: 'ui' } });
  return { json: JSON.stringify(snap), before: { clock: sim.now, frames: sim.capture.frames.length } };
}

describe('lab snapshot', () => {
  it('comes back with its files, network, services, clock and capture, and keeps working', async () => {
    const { json, before } = await savedLab();
    const parsed = parseLabExport(json);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.snapshot.ui).toEqual({ note: 'ui' });
    const r = await restoreLab(parsed.snapshot, { yieldFn: nodeYield });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const sim = r.sim;
    expect(sim.now).toBeGreaterThanOrEqual(before.clock);
    expect(readHostFile(sim, 'CLIENT', '/root/note.txt')).toBe('persiste\n');
    expect(readHostFile(sim, 'MAIL', '/etc/passwd')).toContain('lucie:x:');
    expect(readHostFile(sim, 'MAIL', '/var/mail/lucie')).toContain('Subject: Sujet sauve');
    expect(sim.capture.frames.length).toBeGreaterThanOrEqual(before.frames);
    expect(sim.host('MAIL').stack.ipForward).toBe(true);
    // The kernel state a student typed, as `ip` shows it after the restore.
    const shown = await playScript(sim, [
      '@CLIENT',
      'ip -4 addr show eth0',
      '@expect inet 10.9.9.9/24',
      'ip route',
      '@expect 172.16.0.0/16 via 192.168.0.1 dev eth0',
      'ss -tln',
      '@MAIL',
      'ss -tln',
      '@expect 0.0.0.0:25',
      '@expect 0.0.0.0:143',
      'echo "apres" | mail -s "Second" lucie',
      '@wait 2',
    ]);
    expect(shown).toContain('10.9.9.9');
    expect(readHostFile(sim, 'MAIL', '/var/mail/lucie')).toContain('Subject: Second');
    // The capture kept recording on the same tap.
    const frames = sim.capture.frames.length;
    await playScript(sim, ['@CLIENT', 'ping -c 1 192.168.0.1', '@expect 1 received']);
    expect(sim.capture.frames.length).toBeGreaterThan(frames);
  });

  it('refuses what it cannot restore with a message, never an exception', async () => {
    expect(parseLabExport('garbage')).toEqual({ ok: false, error: 'not a netsim lab file (not JSON)' });
    expect(parseLabExport('{"format":"other"}')).toEqual({ ok: false, error: 'not a netsim lab file' });
    const old = parseLabExport('{"format":"netsim-lab","version":0}');
    expect(old.ok).toBe(false);
    expect(!old.ok && old.error).toMatch(/incompatible version/);
    const { json } = await savedLab();
    const snap = JSON.parse(json) as LabSnapshot;
    const broken = { ...snap, hosts: { ...snap.hosts, MAIL: { ...snap.hosts.MAIL, machine: { ...snap.hosts.MAIL.machine, fs: { format: 'netsim-fs', version: 1, root: 99 } } } } };
    const r = await restoreLab(broken, { yieldFn: nodeYield });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^damaged netsim lab file: MAIL:/);
    const cut = { ...snap, capture: { ...snap.capture, bytes: snap.capture.bytes.slice(0, 10) } };
    const c = await restoreLab(cut, { yieldFn: nodeYield });
    expect(!c.ok && c.error).toBe('damaged netsim lab file: capture: bad frame record');
  });
});
