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
// Saving and restoring a whole lab (IndexedDB, exported files, `netsim grade`).
export {
  snapshotLab,
  restoreLab,
  parseLabExport,
  checkSnapshot,
  LAB_FORMAT,
  LAB_FORMAT_VERSION,
  type LabSnapshot,
  type LabSource,
} from './lab-snapshot.ts';
// The Markdown lab report ("compte rendu") the page exports.
export {
  buildLabReport,
  renderFrames,
  type LabReportInput,
  type ReportLocale,
  type ReportParam,
  type ReportTranscript,
  type ReportStep,
  type ReportHost,
  type ReportFrame,
} from './lab-report.ts';
// The lab's guided steps: their checks evaluated on the live simulation (issue #8).
export { evaluateSteps, evaluateCheck, describeCheck, type StepResult, type CheckResult } from './checks/evaluate.ts';
export type { StepSpec, CheckSpec, Localized } from '../scenario/steps.ts';
// The mail client panel (issue #8): an account on a host, speaking SMTP/POP3/IMAP over its sockets.
export { MailAccount, type MessageSummary, type MailMessage, type SendDraft } from './mail-client/mail-account.ts';
export { guessSettings, switchProtocol, settingsProblems, DEFAULT_PORTS, type AccountSettings, type IncomingProtocol, type SettingsProblem } from './mail-client/account-settings.ts';
export type { MailFailure, MailErrorKind, MailResult } from './mail-client/mail-error.ts';
