import { describe, it, expect } from 'vitest';
import { MemoryFileSystem } from './memory-fs.ts';
import type { Credentials } from './types.ts';

const ROOT: Credentials = { uid: 0, gid: 0, groups: [] };
const now = () => 1_700_000_000_000;

function sample(): MemoryFileSystem {
  const fs = new MemoryFileSystem({ now });
  fs.install({ path: '/tmp', type: 'dir', mode: 0o1777 });
  fs.install({ path: '/var/mail', type: 'dir', mode: 0o2775, gid: 8 });
  fs.install({ path: '/var/mail/etudiant', type: 'file', mode: 0o600, uid: 1001, gid: 8, content: 'From x  Mon\nBonjour é\n' });
  fs.install({ path: '/var/spool/mail', type: 'symlink', target: '../mail' });
  fs.install({ path: '/bin', type: 'symlink', target: 'usr/bin', mtimeMs: 5 });
  fs.writeFile('/tmp/binary', new Uint8Array([0, 1, 127, 128, 254, 255]), ROOT);
  fs.link('/tmp/binary', '/tmp/hard', ROOT);
  fs.mountSpecial('/dev/null', { read: () => new Uint8Array(0), write: () => null }, 0o666, { rdev: 0x103 });
  fs.mountSpecial('/proc/sys/net/ipv4/ip_forward', { read: () => new TextEncoder().encode('1\n'), write: () => null }, 0o644);
  return fs;
}

function restore(data: unknown): MemoryFileSystem {
  const r = MemoryFileSystem.deserialize(data, { now });
  if (!r.ok) throw new Error(r.error);
  return r.fs;
}

describe('serialize / deserialize', () => {
  it('round-trips the whole tree through JSON: contents, modes, owners, times, links', () => {
    const fs = sample();
    const json = JSON.stringify(fs.serialize());
    const back = restore(JSON.parse(json));
    expect(back.serialize()).toEqual(fs.serialize());
    expect(new TextDecoder().decode((back.readFile('/var/mail/etudiant', ROOT) as { value: Uint8Array }).value)).toBe('From x  Mon\nBonjour é\n');
    expect(back.readFile('/tmp/binary', ROOT)).toEqual({ ok: true, value: new Uint8Array([0, 1, 127, 128, 254, 255]) });
    const st = back.stat('/tmp/hard', ROOT);
    expect(st.ok && st.value.nlink).toBe(2);
    const mail = back.stat('/var/mail', ROOT);
    expect(mail.ok && [mail.value.mode, mail.value.gid]).toEqual([0o2775, 8]);
    expect(back.readlink('/bin', ROOT)).toEqual({ ok: true, value: 'usr/bin' });
    const dev = back.stat('/dev/null', ROOT);
    expect(dev.ok && [dev.value.type, dev.value.rdev]).toEqual(['chardev', 0x103]);
  });

  it('keeps new inode numbers unique after a restore', () => {
    const back = restore(sample().serialize());
    back.writeFile('/tmp/new', 'x', ROOT);
    const listing = back.readdir('/tmp', ROOT);
    const inos = listing.ok ? listing.value.map((e) => e.ino) : [];
    expect(inos).toHaveLength(3);
    expect(new Set(inos).size).toBe(2); // binary and hard share one inode, new has its own
  });

  it('brings computed files back inert until the OS mounts them again', () => {
    const back = restore(sample().serialize());
    expect(back.readFile('/proc/sys/net/ipv4/ip_forward', ROOT)).toEqual({ ok: true, value: new Uint8Array(0) });
    back.mountSpecial('/proc/sys/net/ipv4/ip_forward', { read: () => new TextEncoder().encode('0\n'), write: () => null }, 0o644);
    expect(back.readFile('/proc/sys/net/ipv4/ip_forward', ROOT)).toEqual({ ok: true, value: new TextEncoder().encode('0\n') });
  });

  const corruptions: [string, (d: { inodes: Record<string, unknown>[]; [k: string]: unknown }) => void][] = [
    ['a wrong format tag', (d) => (d.format = 'other')],
    ['a future version', (d) => (d.version = 2)],
    ['a missing inode table', (d) => delete (d as Record<string, unknown>).inodes],
    ['an entry naming a missing inode', (d) => (d.inodes.find((n) => n.t === 'd')!.e as unknown[]).push(['ghost', 99999])],
    ['a directory linked twice (a cycle)', (d) => (d.inodes.find((n) => n.t === 'd' && (n.e as unknown[]).length > 0)!.e as unknown[]).push(['loop', d.root])],
    ['an unreachable inode', (d) => d.inodes.push({ i: 5000, t: 'f', m: 0o644, u: 0, g: 0, a: 0, mt: 0, ct: 0, d: '' })],
    ['a mode out of range', (d) => (d.inodes[1].m = 0o17777)],
    ['content that is not bytes', (d) => (d.inodes.find((n) => n.t === 'f' && typeof n.d === 'string')!.d = '\u20ac')],
    ['a name with a slash', (d) => ((d.inodes[0].e as [string, number][])[0][0] = 'a/b')],
    ['an unknown type', (d) => (d.inodes[1].t = 'x')],
    ['a duplicated inode number', (d) => d.inodes.push({ ...d.inodes[1] })],
  ];
  for (const [what, corrupt] of corruptions) {
    it(`refuses ${what}`, () => {
      const data = JSON.parse(JSON.stringify(sample().serialize()));
      corrupt(data);
      const r = MemoryFileSystem.deserialize(data, { now });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^corrupted file system: /);
    });
  }

  it('refuses things that are not a serialized tree at all', () => {
    for (const junk of [null, 42, 'x', [], {}]) expect(MemoryFileSystem.deserialize(junk, { now }).ok).toBe(false);
  });
});
