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
