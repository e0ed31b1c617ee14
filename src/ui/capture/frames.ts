// Frames between the simulation's capture store, the packet list and exported files: a live
// frame's virtual time becomes an absolute time (the scenario's start date + virtual ns), as
// in the pcapng the simulation exports; an opened file's frame goes back the other way.
import type { CapturedFrame, FrameInput } from '../../sim/index.ts';

/** Interface numbering of one capture: `HOST:IFACE` -> pcapng interface id, first seen first. */
export class InterfaceIds {
  private readonly ids = new Map<string, number>();
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(name, id);
    }
    return id;
  }
  clear(): void {
    this.ids.clear();
  }
}

export function epochNsOf(startEpochMs: number): bigint {
  return BigInt(Math.round(startEpochMs)) * 1_000_000n;
}

/** A captured frame as the dissectors read it, named `HOST:IFACE` like the exported pcapng. */
export function liveFrameInput(f: CapturedFrame, epochNs: bigint, ids: InterfaceIds): FrameInput {
  const name = `${f.host}:${f.iface}`;
  return {
    timeNs: epochNs + BigInt(Math.round(f.time)),
    bytes: f.bytes,
    linktype: f.linktype,
    interfaceId: ids.id(name),
    interfaceName: name,
    tsDigits: 9,
  };
}

/** An opened file's frame as the exporters take it: time relative to `epochNs`, the interface name split back. */
export function importedToCaptured(f: FrameInput, epochNs: bigint): CapturedFrame {
  const name = f.interfaceName ?? `if${f.interfaceId ?? 0}`;
  const colon = name.indexOf(':');
  return {
    time: Number(f.timeNs - epochNs),
    host: colon > 0 ? name.slice(0, colon) : 'file',
    iface: colon > 0 ? name.slice(colon + 1) : name,
    bytes: f.bytes,
    linktype: f.linktype,
  };
}
