// The facade the UI and the CLI use: load a scenario, build and drive its simulation.
export { loadScenario, type LoadResult } from '../scenario/loader.ts';
export { formatScenarioError, type ScenarioError } from '../scenario/error.ts';
export type { Scenario, HostSpec, NetworkSpec, InterfaceSpec } from '../scenario/schema.ts';
export { Simulation, SimHost, DEFAULT_START_EPOCH_MS, type SimulationOptions } from './simulation.ts';
export { SECOND, MS, US } from '../engine/time.ts';
