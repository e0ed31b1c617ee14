// Test helper: small TCP conversations that provoke Wireshark's sequence analysis (resends, holes,
// duplicate ACKs, window updates, keep-alives, out-of-order data), built with the wire emitters.
// Each is a list of segments between 10.0.0.1 (client) and 10.0.0.2; not used outside tests.
import { emitEthernet, ETHERTYPE_IPV4 } from '../../wire/ethernet.ts';
import { emitIpv4, IPPROTO_TCP } from '../../wire/ipv4.ts';
import { emitTcp, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../wire/tcp.ts';
import type { FrameInput } from '../dissect-capture.ts';
import { DEFAULT_EPOCH_NS, LINKTYPE_ETHERNET, type CapturedFrame } from '../record.ts';

const CLIENT = 0x0a000001;
const SERVER = 0x0a000002;
const CLIENT_PORT = 40000;

/** [ms since start, sent by the client, raw seq, raw ack, flags, window, payload (text or byte count)] */
export type ScenarioSegment = readonly [number, boolean, number, number, number, number, string | number];

export interface Scenario {
  readonly serverPort: number;
  readonly segments: readonly ScenarioSegment[];
}

const PA = TCP_PSH | TCP_ACK;
const HANDSHAKE: readonly ScenarioSegment[] = [
  [0, true, 1000, 0, TCP_SYN, 64240, 0],
  [1, false, 5000, 1001, TCP_SYN | TCP_ACK, 65160, 0],
  [2, true, 1001, 5001, TCP_ACK, 64240, 0],
];

/** Resend after 297 ms, window update, two duplicate ACKs, a hole, a keep-alive, an ACK past the hole. */
export const RESEND_AND_DUP_ACKS: Scenario = {
  serverPort: 33000,
  segments: [
    ...HANDSHAKE,
    [3, true, 1001, 5001, PA, 64240, 10],
    [300, true, 1001, 5001, PA, 64240, 10],
    [301, false, 5001, 1011, TCP_ACK, 65160, 0],
    [302, false, 5001, 1011, TCP_ACK, 65000, 0],
    [303, false, 5001, 1011, TCP_ACK, 65000, 0],
    [304, false, 5001, 1011, TCP_ACK, 65000, 0],
    [305, true, 1021, 5001, PA, 64240, 10],
    [306, true, 1030, 5001, TCP_ACK, 64240, 0],
    [307, false, 5001, 1031, TCP_ACK, 65000, 0],
    [308, true, 1031, 5001, TCP_FIN | TCP_ACK, 64240, 0],
  ],
};

/** SMTP with a lost server segment, keep-alive and its ACK, out-of-order data, a fast retransmission. */
export const SMTP_WITH_LOSS: Scenario = {
  serverPort: 25,
  segments: [
    ...HANDSHAKE,
    [3, false, 5001, 1001, PA, 65160, '220 mx ESMTP\r\n'],
    [4, true, 1001, 5015, TCP_ACK, 64240, 0],
    [5, false, 5025, 1001, PA, 65160, '250 ok\r\n'],
    [300, true, 1000, 5015, TCP_ACK, 64240, 0],
    [301, false, 5033, 1001, TCP_ACK, 65160, 0],
    [400, true, 1001, 5015, PA, 64240, 'QUIT\r\n'],
    [400.5, true, 1007, 5015, PA, 64240, 'NOOP\r\n'],
    [401, true, 1001, 5015, PA, 64240, 'QUIT\r\n'],
    [402, false, 5033, 1001, TCP_ACK, 65160, 0],
    [403, false, 5033, 1001, TCP_ACK, 65160, 0],
    [404, true, 1001, 5015, PA, 64240, 'QUIT\r\n'],
    [405, false, 5033, 1013, TCP_ACK, 65160, 0],
    [406, true, 1013, 5033, TCP_FIN | TCP_ACK, 64240, 0],
  ],
};

/** A resent SMTP greeting and out-of-order client lines (data the application must not see twice). */
export const SMTP_RESENT_GREETING: Scenario = {
  serverPort: 25,
  segments: [
    ...HANDSHAKE,
    [3, false, 5001, 1001, PA, 65160, '220 mx ESMTP\r\n'],
    [300, false, 5001, 1001, PA, 65160, '220 mx ESMTP\r\n'],
    [400, true, 1001, 5015, PA, 64240, 'QUIT\r\n'],
    [400.5, true, 1007, 5015, PA, 64240, 'NOOP\r\n'],
    [401, true, 1001, 5015, PA, 64240, 'QUIT\r\n'],
    [402, true, 1013, 5015, PA, 64240, 'NOOP\r\n'],
    [402.5, true, 1019, 5015, PA, 64240, 'NOOP\r\n'],
    [402.7, true, 1013, 5015, PA, 64240, 'NOOP\r\n'],
  ],
};

/** The same segments on a port no dissector claims: payload shown as Data. */
export const RESENT_DATA: Scenario = { ...SMTP_RESENT_GREETING, serverPort: 33000 };

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  RESEND_AND_DUP_ACKS,
  SMTP_WITH_LOSS,
  SMTP_RESENT_GREETING,
  RESENT_DATA,
};

/** The scenario as Ethernet frames, for writePcap. */
export function scenarioFrames(scenario: Scenario): CapturedFrame[] {
  return scenario.segments.map(([ms, fromClient, seq, ack, flags, window, data]) => {
    const payload = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data).fill(0x41);
    const [src, dst] = fromClient ? [CLIENT, SERVER] : [SERVER, CLIENT];
    const [srcPort, dstPort] = fromClient ? [CLIENT_PORT, scenario.serverPort] : [scenario.serverPort, CLIENT_PORT];
    const tcp = emitTcp({ srcPort, dstPort, seq, ack, flags, window, urgentPointer: 0, options: [], payload }, src, dst);
    const ip = emitIpv4({
      dscp: 0,
      ecn: 0,
      identification: 1,
      dontFragment: true,
      moreFragments: false,
      fragmentOffset: 0,
      ttl: 64,
      protocol: IPPROTO_TCP,
      src,
      dst,
      options: new Uint8Array(0),
      payload: tcp,
    });
    const bytes = emitEthernet({ dst: fromClient ? 2 : 1, src: fromClient ? 1 : 2, ethertype: ETHERTYPE_IPV4, payload: ip });
    return { time: Math.round(ms * 1e6), host: 'client', iface: 'eth0', bytes, linktype: LINKTYPE_ETHERNET };
  });
}

/** The same frames as the dissector takes them, timed as writePcap exports them. */
export function scenarioInput(scenario: Scenario): FrameInput[] {
  return scenarioFrames(scenario).map((f) => ({
    timeNs: DEFAULT_EPOCH_NS + BigInt(f.time),
    bytes: f.bytes,
    linktype: f.linktype,
    tsDigits: 9,
  }));
}
