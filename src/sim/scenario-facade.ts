// The small part of the facade the page needs before a lab runs (the scenario picker): reading and
// checking scenario files. The page loads the simulator itself (index.ts) only when a lab starts,
// so its first view stays light.
export { loadScenario, type LoadResult } from '../scenario/loader.ts';
export { formatScenarioError, type ScenarioError } from '../scenario/error.ts';
export type { Scenario, HostSpec, NetworkSpec, InterfaceSpec, ParamSpec, Role } from '../scenario/schema.ts';
