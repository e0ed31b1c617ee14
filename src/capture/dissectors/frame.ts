// The Frame pseudo-protocol: what the capture file says about a record (times, lengths,
// interface), the first item of every tree.
import {
  absoluteTime,
  epochSeconds,
  seconds,
} from './format.ts';
import {
  add,
  buildingTree,
  collecting,
  generated,
  item,
  leanNode,
  type ProtoTree,
} from './tree.ts';


export interface FrameFacts {
  number: number;
  timeNs: bigint;
  previousNs: bigint;
  firstNs: bigint;
  capturedLength: number;
  wireLength: number;
  linktype: number;
  interfaceId?: number;
  interfaceName?: string;
}

const ENCAPSULATIONS: ReadonlyMap<number, string> = new Map([
  [1, 'Ethernet (1)'],
  [113, 'Linux cooked-mode capture v1 (25)'],
  [276, 'Linux cooked-mode capture v2 (210)'],
  [0, 'NULL/Loopback (15)'],
  [108, 'OpenBSD loopback (174)'],
]);

function bytesAndBits(n: number): string {
  return `${n} bytes (${n * 8} bits)`;
}

export function frameTree(f: FrameFacts): ProtoTree {
  if (!buildingTree()) return collecting('frame') ? leanFrame(f) : leanNode();
  const onInterface =
    f.interfaceName === undefined ? '' : ` on interface ${f.interfaceName}, id ${f.interfaceId ?? 0}`;
  const node = item(
    `Frame ${f.number}: ${f.wireLength} bytes on wire (${f.wireLength * 8} bits), ${f.capturedLength} bytes captured (${f.capturedLength * 8} bits)${onInterface}`,
    0,
    f.capturedLength,
    'frame',
  );
  if (f.interfaceName !== undefined) {
    const iface = add(node, item(`Interface id: ${f.interfaceId ?? 0} (${f.interfaceName})`, 0, 0, 'frame.interface_id', f.interfaceId ?? 0));
    add(iface, item(`Interface name: ${f.interfaceName}`, 0, 0, 'frame.interface_name', f.interfaceName));
  }
  add(node, item(`Encapsulation type: ${ENCAPSULATIONS.get(f.linktype) ?? `Unknown (${f.linktype})`}`, 0, 0, 'frame.encap_type', f.linktype));
  add(node, item(`Arrival Time: ${absoluteTime(f.timeNs)}`, 0, 0, 'frame.time', f.timeNs));
  add(node, generated('Time shift for this packet: 0.000000000 seconds', 'frame.offset_shift', 0));
  add(node, item(`Epoch Time: ${epochSeconds(f.timeNs)} seconds`, 0, 0, 'frame.time_epoch', f.timeNs));
  const delta = seconds(f.timeNs - f.previousNs);
  add(node, generated(`Time delta from previous captured frame: ${delta} seconds`, 'frame.time_delta'));
  add(node, generated(`Time delta from previous displayed frame: ${delta} seconds`, 'frame.time_delta_displayed'));
  add(node, generated(`Time since reference or first frame: ${seconds(f.timeNs - f.firstNs)} seconds`, 'frame.time_relative'));
  add(node, item(`Frame Number: ${f.number}`, 0, 0, 'frame.number', f.number));
  add(node, item(`Frame Length: ${bytesAndBits(f.wireLength)}`, 0, 0, 'frame.len', f.wireLength));
  add(node, item(`Capture Length: ${bytesAndBits(f.capturedLength)}`, 0, 0, 'frame.cap_len', f.capturedLength));
  add(node, generated('Frame is marked: False', 'frame.marked', false));
  add(node, generated('Frame is ignored: False', 'frame.ignored', false));
  return node;
}

/** The frame's fields without their labels (lean dissection: only a filter reads them). */
function leanFrame(f: FrameFacts): ProtoTree {
  if (f.interfaceName !== undefined) {
    item('', 0, 0, 'frame.interface_id', f.interfaceId ?? 0);
    item('', 0, 0, 'frame.interface_name', f.interfaceName);
  }
  item('', 0, 0, 'frame.encap_type', f.linktype);
  item('', 0, 0, 'frame.time', f.timeNs);
  item('', 0, 0, 'frame.time_epoch', f.timeNs);
  item('', 0, 0, 'frame.number', f.number);
  item('', 0, 0, 'frame.len', f.wireLength);
  item('', 0, 0, 'frame.cap_len', f.capturedLength);
  generated('', 'frame.marked', false);
  generated('', 'frame.ignored', false);
  return item('', 0, f.capturedLength, 'frame');
}

/** Added once the layers are known: `[Protocols in frame: eth:ethertype:ip:tcp]`. */
export function addProtocols(frame: ProtoTree, layers: readonly string[]): void {
  if (!buildingTree()) {
    generated('', 'frame.protocols', layers.join(':'));
    return;
  }
  add(frame, generated(`Protocols in frame: ${layers.join(':')}`, 'frame.protocols', layers.join(':')));
}
