// The facade the UI and the CLI use: load a scenario, build and drive its simulation.
export { loadScenario, type LoadResult } from '../scenario/loader.ts';
export { formatScenarioError, type ScenarioError } from '../scenario/error.ts';
export type { Scenario, HostSpec, NetworkSpec, InterfaceSpec } from '../scenario/schema.ts';
export { Simulation, SimHost, DEFAULT_START_EPOCH_MS, type SimulationOptions } from './simulation.ts';
export { SECOND, MS, US } from '../engine/time.ts';
export { PacedDriver, type WallClock, type PacedDriverOptions } from '../engine/paced-driver.ts';
export type { Yield } from '../engine/async-drain.ts';
export type { TerminalDevice } from '../os/tty/terminal-device.ts';
// The capture analysis the page shows (packet list, filters, trees, views, files).
export { PacketList } from '../capture/packet-list.ts';
export { formatSummaryLine, type SummaryRow, type FrameInput } from '../capture/dissect-capture.ts';
export { compileFilter, type CompiledFilter } from '../capture/filter/compile-filter.ts';
export { treeLines, type ProtoTree } from '../capture/dissectors/tree.ts';
export { readCapture } from '../capture/pcap-reader.ts';
export * as captureViews from '../capture/views/index.ts';
// What the page's host sheet shows (interfaces, routes, services, listening sockets).
export { hostInfo, type HostInfo, type InterfaceInfo, type ServiceInfo, type ListeningInfo } from './host-info.ts';
export type { ParamSpec, Role } from '../scenario/schema.ts';
// The capture pane's full dissection for the statistics views, and its exports of a selection.
export { dissectCapture, CaptureDissector } from '../capture/dissect-capture.ts';
export { writePcap } from '../capture/pcap.ts';
export { writePcapng } from '../capture/pcapng.ts';
export type { CapturedFrame } from '../capture/record.ts';
