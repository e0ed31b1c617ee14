// `ip link`: show and set (up, down, mtu), as iproute2 6.1 prints them.
import { formatMac } from '../../wire/addr.ts';
import { setLinkUp } from '../lib/netdev-state.ts';
import { LINK_USAGE } from './ip-usage.ts';
import { devicesInOrder, linkFlags, linkHeader, linkLine, linkState, matches, type IpCtx } from './ip-common.ts';

function showLinks(ctx: IpCtx, args: readonly string[]): number {
  let devName: string | undefined;
  let upOnly = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === 'dev') {
      if (i + 1 >= args.length) return ctx.incomplete();
      devName = args[++i];
    } else if (a === 'up') upOnly = true;
    else if (devName === undefined) devName = a;
    else return ctx.garbage('dev', a);
  }
  if (devName !== undefined && ctx.device(devName) === undefined) {
    ctx.err(`Device "${devName}" does not exist.\n`);
    return 1;
  }
  if (ctx.opts.inet6) return 0;
  for (const dev of devicesInOrder(ctx.net)) {
    if (devName !== undefined && dev.name !== devName) continue;
    if (upOnly && !dev.up) continue;
    if (ctx.opts.brief) {
      const mac = dev.loopback ? '00:00:00:00:00:00' : formatMac(dev.mac);
      ctx.out(`${dev.name.padEnd(16)} ${linkState(dev).padEnd(14)} ${mac} <${linkFlags(dev)}> \n`);
      continue;
    }
    if (ctx.opts.oneline) {
      ctx.out(`${linkHeader(dev, true)}\\${linkLine(dev)}\n`);
      continue;
    }
    ctx.out(`${linkHeader(dev, true)}\n${linkLine(dev)}\n`);
  }
  return 0;
}

function setLink(ctx: IpCtx, args: readonly string[]): number {
  let devName: string | undefined;
  let up: boolean | undefined;
  let mtu: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = (): string | null => (i + 1 < args.length ? args[++i] : null);
    if (a === 'up' || a === 'down') up = a === 'up';
    else if (a === 'dev') {
      const v = next();
      if (v === null) return ctx.incomplete();
      devName = v;
    } else if (a === 'mtu') {
      const v = next();
      if (v === null) return ctx.incomplete();
      if (!/^\d+$/.test(v)) {
        ctx.err(`Error: argument "${v}" is wrong: Invalid "mtu" value\n\n`);
        return 255;
      }
      mtu = Number(v);
    } else if (['arp', 'multicast', 'allmulticast', 'promisc', 'trailers', 'dynamic'].includes(a)) {
      if (next() === null) return ctx.incomplete();
    } else if (['txqueuelen', 'qlen', 'txqlen', 'alias', 'group'].includes(a)) {
      if (next() === null) return ctx.incomplete();
    } else if (devName === undefined) {
      devName = a;
    } else {
      return ctx.garbage('dev', a);
    }
  }
  if (devName === undefined) {
    ctx.err('Not enough information: "dev" argument is required.\n');
    return 255;
  }
  const dev = ctx.device(devName);
  if (dev === undefined) return ctx.noDevice(devName);
  if (up === undefined && mtu === undefined) return 0;
  const denied = ctx.needRoot();
  if (denied !== null) return denied;
  if (mtu !== undefined) {
    // Ethernet takes 68..1500 (ETH_MIN_MTU..ETH_DATA_LEN on a virtio/e1000 NIC), lo up to 65536.
    const max = dev.loopback ? 65536 : 1500;
    if (mtu < 68 || mtu > max) {
      ctx.err(`Error: mtu ${mtu < 68 ? 'less than device minimum' : 'greater than device maximum'}.\n`);
      return 2;
    }
    dev.mtu = mtu;
  }
  if (up !== undefined) setLinkUp(dev, up);
  return 0;
}

export function ipLink(ctx: IpCtx, args: readonly string[]): number {
  if (args.length === 0) return showLinks(ctx, []);
  const [cmd, ...rest] = args;
  if (matches(cmd, 'show') || matches(cmd, 'list') || cmd === 'lst') return showLinks(ctx, rest);
  if (matches(cmd, 'set')) return setLink(ctx, rest);
  if (matches(cmd, 'help')) {
    ctx.err(LINK_USAGE);
    return 255;
  }
  ctx.err(`Command "${cmd}" is unknown, try "ip link help".\n`);
  return 255;
}
