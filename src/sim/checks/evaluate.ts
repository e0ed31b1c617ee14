// The steps' checks evaluated on a live simulation: synchronous, read-only (no frame sent, no
// file or access time touched, no log line), so the page can call it a few times a second and
// `netsim grade` on a restored lab. Each kind of check lives with its kin in this folder.
import type { CheckSpec, StepSpec } from '../../scenario/steps.ts';
import type { Simulation } from '../simulation.ts';
import { checkCapture } from './capture-check.ts';
import { DONE, hostOf, notDone, type CheckResult } from './check-result.ts';
import { checkDns } from './dns-check.ts';
import { checkAddress, checkForwarding, checkListening, checkRoute } from './network-checks.ts';
import { checkFile, checkMailbox, checkPackage, checkPostconf, checkService, checkUser } from './system-checks.ts';

export type { CheckResult } from './check-result.ts';

export interface StepResult {
  readonly id: string;
  readonly done: boolean;
  /** Why the step is not done (the first failing check's reason). */
  readonly detail?: string;
}

export function evaluateSteps(sim: Simulation, steps: readonly StepSpec[]): StepResult[] {
  return steps.map((step) => {
    const r = evaluateCheck(sim, step.check);
    return r.done ? { id: step.id, done: true } : { id: step.id, done: false, detail: r.detail };
  });
}

export function evaluateCheck(sim: Simulation, check: CheckSpec): CheckResult {
  switch (check.kind) {
    case 'all': {
      for (const c of check.checks) {
        const r = evaluateCheck(sim, c);
        if (!r.done) return r;
      }
      return DONE;
    }
    case 'any': {
      const reasons: string[] = [];
      for (const c of check.checks) {
        const r = evaluateCheck(sim, c);
        if (r.done) return DONE;
        if (r.detail !== undefined) reasons.push(r.detail);
      }
      return notDone(reasons.join('; or '));
    }
    case 'not':
      return evaluateCheck(sim, check.check).done ? notDone(`expected the opposite: ${describeCheck(check.check)}`) : DONE;
    case 'capture':
      return checkCapture(sim, check);
  }
  const host = hostOf(sim, check.host);
  if (!('machine' in host)) return host;
  switch (check.kind) {
    case 'package': return checkPackage(host, check);
    case 'service': return checkService(host, check);
    case 'user': return checkUser(host, check);
    case 'file': return checkFile(host, check);
    case 'mailbox': return checkMailbox(host, check);
    case 'postconf': return checkPostconf(host, check);
    case 'listening': return checkListening(host, check);
    case 'address': return checkAddress(host, check);
    case 'forwarding': return checkForwarding(host, check);
    case 'route': return checkRoute(host, check);
    case 'dns': return checkDns(host, check);
  }
}

/** One line saying what a check asks, in the file's own words ("SMTP: package postfix"). */
export function describeCheck(c: CheckSpec): string {
  switch (c.kind) {
    case 'all': return `all of (${c.checks.map(describeCheck).join('; ')})`;
    case 'any': return `any of (${c.checks.map(describeCheck).join('; ')})`;
    case 'not': return `not (${describeCheck(c.check)})`;
    case 'capture': return `capture ${JSON.stringify(c.filter)}` + (c.count > 1 ? ` count ${c.count}` : '') + (c.host !== null ? ` on ${c.host}${c.iface !== null ? `:${c.iface}` : ''}` : '');
    case 'package': return `${c.host}: package ${c.package}`;
    case 'service': return `${c.host}: service ${c.service}`;
    case 'user': return `${c.host}: user ${c.user}`;
    case 'file': return `${c.host}: file ${c.path}` + (!c.exists ? ' absent' : '') + (c.contains !== null ? ` contains ${JSON.stringify(c.contains)}` : '') + (c.matches !== null ? ` matches /${c.matches}/` : '');
    case 'mailbox': return `${c.host}: mailbox ${c.user}` + (c.contains !== null ? ` contains ${JSON.stringify(c.contains)}` : '');
    case 'postconf': return `${c.host}: postconf ${c.parameter}` + (c.value !== null ? ` = ${c.value}` : '') + (c.contains !== null ? ` contains ${c.contains}` : '');
    case 'listening': return `${c.host}: listening ${c.proto} ${c.address ?? '*'}:${c.port}`;
    case 'address': return `${c.host}: address ${c.address}${c.prefix !== null ? `/${c.prefix}` : ''}` + (c.iface !== null ? ` on ${c.iface}` : '');
    case 'forwarding': return `${c.host}: forwarding ${c.value}`;
    case 'route': return `${c.host}: route ${c.to}` + (c.via !== null ? ` via ${c.via}` : '') + (c.dev !== null ? ` dev ${c.dev}` : '');
    case 'dns': return `${c.host}: dns ${c.name} ${c.type}` + (c.value !== null ? ` ${c.value}` : '');
  }
}
