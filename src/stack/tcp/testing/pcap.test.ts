import { describe, expect, it } from 'vitest';
import { SECOND } from '../../../engine/time.ts';
import { parseEthernet } from '../../../wire/ethernet.ts';
import { parseIpv4Packet } from '../../../wire/ipv4.ts';
import { readPcap } from '../../../wire/testing/pcap-fixture.ts';
import { FakeNetwork, ip } from './fake-network.ts';
import { toPcap } from './pcap.ts';

describe('toPcap (to open a test run in tshark)', () => {
  it('writes every logged segment as an Ethernet/IPv4 frame carrying its exact bytes', () => {
    const net = new FakeNetwork();
    const a = net.addHost('10.0.0.1');
    net.addHost('10.0.0.2');
    a.connect({ address: ip('10.0.0.2'), port: 25 });
    net.run(1 * SECOND);
    const file = readPcap(toPcap(net.log));
    expect(file.linkType).toBe(1);
    expect(file.frames.length).toBe(net.log.length);
    file.frames.forEach((frame, i) => {
      const eth = parseEthernet(frame);
      if (!eth.ok) throw new Error(eth.error.message);
      const packet = parseIpv4Packet(eth.value.payload);
      if (!packet.ok) throw new Error(packet.error.message);
      expect(packet.value.payload).toEqual(net.log[i].bytes);
    });
  });
});
