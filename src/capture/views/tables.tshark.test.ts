// Conversation and endpoint tables of Ethernet, IPv4, TCP and UDP and the flow graphs, byte for
// byte as real tshark prints them (-q -z conv,X / endpoints,X / flow,...), on the golden captures (a routed lab capture is
// checked in tests/scenarios/capture-tables.test.ts).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { requireTshark } from '../../../tests/support/tshark.ts';
import { FLOW_STATS, ourStat, TABLE_STATS, tsharkStat } from '../../../tests/support/capture-stats.ts';

const PCAP = '/work/shared/fidelity/pcap';
const GOLDEN = ['smtp_local_lo', 'pop3_local_lo', 'imap_local_lo', 'dns_local_lo', 'ping_arp_eth0'];

describe('conversation, endpoint and flow tables match tshark', () => {
  requireTshark();
  for (const name of GOLDEN) {
    it(name, () => {
      const file = `${PCAP}/${name}.pcap`;
      const bytes = new Uint8Array(readFileSync(file));
      for (const stat of [...TABLE_STATS, ...FLOW_STATS]) expect(ourStat(bytes, stat), stat).toBe(tsharkStat(file, stat));
    });
  }
});
