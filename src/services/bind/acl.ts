// BIND address match lists (ARM "Address Match Lists"): elements are tried in order and the first
// that matches decides; a `!` in front turns that match into a denial. `localhost` is every
// address of the host, `localnets` every network it is attached to.
import { inSubnet, parseCidr, parseIpv4, type Ipv4 } from '../../wire/addr.ts';
import type { AddressMatchList } from './named-conf.ts';

/** What the predefined `localhost` and `localnets` ACLs stand for on this host, at check time. */
export interface AclContext {
  readonly acls: ReadonlyMap<string, AddressMatchList>;
  /** The host's own addresses with their prefixes (127.0.0.1/8 included). */
  readonly localAddresses: () => readonly { address: Ipv4; prefix: number }[];
}

/** 'allow', 'deny' (a negated element matched) or null (nothing matched: the caller denies). */
export function matchAddressList(list: AddressMatchList, addr: Ipv4, ctx: AclContext, depth = 0): 'allow' | 'deny' | null {
  for (const raw of list) {
    let elem = raw.trim();
    let negated = false;
    if (elem.startsWith('!')) {
      negated = true;
      elem = elem.slice(1).trim();
    }
    const m = matchElement(elem, addr, ctx, depth);
    if (m === null) continue;
    // `!elem`: an element that allows becomes a denial; a nested denial stays one.
    if (m === 'allow') return negated ? 'deny' : 'allow';
    return negated ? 'allow' : 'deny';
  }
  return null;
}

function matchElement(elem: string, addr: Ipv4, ctx: AclContext, depth: number): 'allow' | 'deny' | null {
  if (depth > 16) return null;
  if (elem.startsWith('{')) {
    const inner = elem.replace(/^\{|\}$/g, '').split(';').map((s) => s.trim()).filter((s) => s !== '');
    return matchAddressList(inner, addr, ctx, depth + 1);
  }
  const word = elem.split(/\s+/)[0];
  switch (word.toLowerCase()) {
    case 'any':
      return 'allow';
    case 'none':
      return null;
    case 'localhost':
      return ctx.localAddresses().some((a) => a.address === addr) ? 'allow' : null;
    case 'localnets':
      return ctx.localAddresses().some((a) => inSubnet(addr, a.address, a.prefix)) ? 'allow' : null;
  }
  const named = ctx.acls.get(word);
  if (named !== undefined) return matchAddressList(named, addr, ctx, depth + 1);
  if (word.includes('/')) {
    const c = parseCidr(word);
    return c !== null && inSubnet(addr, c.address, c.prefix) ? 'allow' : null;
  }
  const a = parseIpv4(word);
  return a !== null && a === addr ? 'allow' : null;
}

/** Whether the list lets `addr` in (no match = not allowed). */
export function aclAllows(list: AddressMatchList, addr: Ipv4, ctx: AclContext): boolean {
  return matchAddressList(list, addr, ctx) === 'allow';
}
