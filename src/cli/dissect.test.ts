// `netsim dissect` as a student runs it beside tshark: the real command in a child process,
// compared with what tshark printed for the same file and options (../shared/fidelity/pcap).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIR = '/work/shared/fidelity/pcap';
const CAPTURES = ['smtp_local_lo', 'pop3_local_lo', 'popa3d_local_lo', 'imap_local_lo', 'dns_local_lo', 'ping_arp_eth0'];

function netsim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['src/cli/netsim.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A recorded tshark output without its command line, root warning and exit status. */
function recorded(name: string, file: string): string {
  const lines = readFileSync(`${DIR}/${name}/${file}`, 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('$ ') && !l.startsWith('Running as user') && !l.startsWith('# exit status'));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => l + '\n').join('');
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netsim-dissect-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('netsim dissect', () => {
  for (const name of CAPTURES) {
    it(`prints the packet list of ${name} as tshark -r does`, () => {
      expect(netsim('dissect', `${DIR}/${name}.pcap`)).toEqual({ status: 0, stdout: recorded(name, 'summary.txt'), stderr: '' });
    });

    it(`prints only the SYN packets of ${name} for -Y 'tcp.flags.syn==1', with their own numbers`, () => {
      expect(netsim('dissect', `${DIR}/${name}.pcap`, '-Y', 'tcp.flags.syn==1').stdout).toBe(recorded(name, 'Y_syn.txt'));
    });
  }

  it('selects the SMTP packets for -Y smtp as tshark does', () => {
    expect(netsim('dissect', '-r', `${DIR}/smtp_local_lo.pcap`, '-Y', 'smtp').stdout).toBe(recorded('smtp_local_lo', 'Y_smtp.txt'));
  });

  for (const name of ['smtp_local_lo', 'dns_local_lo', 'imap_local_lo']) {
    it(`prints the -V trees of ${name} separated by blank lines as tshark does`, () => {
      const r = netsim('dissect', `${DIR}/${name}.pcap`, '-V');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(recorded(name, 'V_full_details.txt') + '\n');
    });
  }

  it('counts the displayed-frame delta of -V from the previous packet shown', () => {
    const trees = netsim('dissect', `${DIR}/smtp_local_lo.pcap`, '-V', '-Y', 'smtp').stdout;
    const deltas = trees.split('\n').filter((l) => l.includes('previous displayed frame'));
    // Frames 4 and 6 are the first two SMTP packets: 0.025047 s and 0.025533 s after the start.
    expect(deltas.slice(0, 2)).toEqual([
      '    [Time delta from previous displayed frame: 0.000000000 seconds]',
      '    [Time delta from previous displayed frame: 0.000486000 seconds]',
    ]);
  });

  for (const [stat, file] of [
    ['conv,tcp', 'conv_tcp.txt'],
    ['expert', 'expert.txt'],
    ['follow,tcp,ascii,0', 'follow_tcp_ascii_0.txt'],
  ]) {
    it(`prints the -q -z ${stat} block of every capture as tshark does`, () => {
      // The recordings lost the CR of each CRLF that tshark copies from the stream (a live tshark keeps it).
      for (const name of CAPTURES) {
        expect(netsim('dissect', `${DIR}/${name}.pcap`, '-q', '-z', stat).stdout.replaceAll('\r', '')).toBe(recorded(name, file));
      }
    });
  }

  it('prints follow,tcp,hex as tshark does', () => {
    const r = netsim('dissect', `${DIR}/smtp_local_lo.pcap`, '-q', '-z', 'follow,tcp,hex,0');
    expect(r.stdout).toBe(recorded('smtp_local_lo', 'follow_tcp_hex_0.txt'));
  });

  it('prints the packets, then the -z blocks, the last one asked for first, as tshark does without -q', () => {
    const r = netsim('dissect', `${DIR}/smtp_local_lo.pcap`, '-Y', 'smtp', '-z', 'conv,tcp', '-z', 'expert');
    const smtp = recorded('smtp_local_lo', 'Y_smtp.txt');
    expect(r.stdout).toBe(smtp + recorded('smtp_local_lo', 'expert.txt') + recorded('smtp_local_lo', 'conv_tcp.txt'));
  });

  it("prints tshark's message and caret for a bad filter, and exits 2", () => {
    const bad = (filter: string): string[] => {
      const r = netsim('dissect', `${DIR}/smtp_local_lo.pcap`, '-Y', filter);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      return r.stderr.split('\n');
    };
    const theirs = readFileSync(`${DIR}/smtp_local_lo/Y_bad_filter.txt`, 'utf8').split('\n');
    expect(bad('smtp.foo == 1')).toEqual([...theirs.slice(2, 5), '']);
    expect(bad('tcp.port = 25')).toEqual([...theirs.slice(9, 12), '']);
    expect(bad('smtp and')).toEqual(['tshark: Unexpected end of filter expression.', '']);
  });

  it('says the file does not exist, in tshark words, and exits 1', () => {
    expect(netsim('dissect', 'nexistepas.pcap')).toEqual({
      status: 1,
      stdout: '',
      stderr: 'netsim dissect: The file "nexistepas.pcap" doesn\'t exist.\n',
    });
  });

  it('prints the packets before the damage of a cut file, then the error, and exits 1', () => {
    const whole = readFileSync(`${DIR}/smtp_local_lo.pcap`);
    const cut = join(dir, 'cut.pcap');
    writeFileSync(cut, whole.subarray(0, 1500));
    const r = netsim('dissect', cut);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(recorded('smtp_local_lo', 'summary.txt').split('\n').slice(0, 13).join('\n') + '\n');
    expect(r.stderr).toBe(`netsim dissect: The file "${cut}" appears to have been cut short in the middle of packet 14 (its data is incomplete)\n`);
  });

  it('refuses a file that is not a capture with exit 1', () => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a capture at all\n');
    const r = netsim('dissect', text);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`netsim dissect: The file "${text}" isn't a capture file in a format we understand (not pcap or pcapng)\n`);
  });

  it('refuses unknown options and -z statistics it does not know with exit 2', () => {
    expect(netsim('dissect', `${DIR}/smtp_local_lo.pcap`, '-X').status).toBe(2);
    const r = netsim('dissect', `${DIR}/smtp_local_lo.pcap`, '-z', 'io,phs');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^netsim dissect: invalid -z argument 'io,phs'/);
    expect(netsim('dissect').status).toBe(2);
  });

  it('is listed in the usage of netsim', () => {
    expect(netsim('--help').stdout).toMatch(/\n {2}dissect FILE\.pcap /);
  });
});
