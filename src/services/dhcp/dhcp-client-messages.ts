// The messages dhclient 4.4.3 sends (RFC 2131 §4.4): BOOTREQUESTs with the broadcast flag unset,
// the host name from dhclient.conf's `send host-name = gethostname();`, Debian's parameter
// request list, and the client identifier only with -i (type 255, IAID and DUID, RFC 4361).
import type { Ipv4, Mac } from '../../wire/addr.ts';
import {
  BOOTREQUEST,
  DHCPDISCOVER,
  DHCPRELEASE,
  DHCPREQUEST,
  HTYPE_ETHERNET,
  dhcpChaddr,
  type DhcpMessage,
  type DhcpOption,
} from '../../wire/dhcp.ts';

/** Debian 12's /etc/dhcp/dhclient.conf `request` line, as option codes (the dhcp6.* ones dropped). */
export const DEBIAN_REQUEST_LIST: readonly number[] = [1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42];

export interface ClientIdentity {
  mac: Mac;
  /** Sent as option 12 (null: dhclient.conf does not send one). */
  hostname: string | null;
  /** Option 61's bytes after its type (-i: IAID + DUID), with the type first; null: none. */
  clientId: Uint8Array | null;
}

export type ClientRequestKind =
  | { kind: 'discover'; requested: Ipv4 | null }
  /** After an offer (SELECTING -> REQUESTING). */
  | { kind: 'select'; server: Ipv4; requested: Ipv4 }
  /** INIT-REBOOT: the recorded lease asked for again. */
  | { kind: 'reboot'; requested: Ipv4 }
  /** RENEWING / REBINDING: ciaddr set, no server id nor requested address. */
  | { kind: 'renew'; address: Ipv4 }
  | { kind: 'release'; server: Ipv4; address: Ipv4 };

export function clientMessage(id: ClientIdentity, xid: number, secs: number, what: ClientRequestKind): DhcpMessage {
  const options: DhcpOption[] = [];
  const type = what.kind === 'discover' ? DHCPDISCOVER : what.kind === 'release' ? DHCPRELEASE : DHCPREQUEST;
  options.push({ kind: 'message-type', type });
  if (what.kind === 'select' || what.kind === 'release') options.push({ kind: 'server-id', address: what.server });
  if (what.kind === 'select' || what.kind === 'reboot') options.push({ kind: 'requested-address', address: what.requested });
  if (what.kind === 'discover' && what.requested !== null) options.push({ kind: 'requested-address', address: what.requested });
  if (what.kind !== 'release') {
    if (id.hostname !== null) options.push({ kind: 'host-name', name: id.hostname });
    options.push({ kind: 'parameter-request-list', codes: [...DEBIAN_REQUEST_LIST] });
  }
  if (id.clientId !== null) options.push({ kind: 'client-id', htype: id.clientId[0], id: id.clientId.slice(1) });
  return {
    op: BOOTREQUEST,
    htype: HTYPE_ETHERNET,
    hlen: 6,
    hops: 0,
    xid: xid >>> 0,
    secs: Math.min(65535, Math.max(0, Math.floor(secs))),
    flags: 0,
    ciaddr: what.kind === 'renew' || what.kind === 'release' ? what.address : 0,
    yiaddr: 0,
    siaddr: 0,
    giaddr: 0,
    chaddr: dhcpChaddr(id.mac),
    sname: '',
    file: '',
    options,
  };
}

/** DUID-LLT (RFC 8415 §11.2): type 1, hardware type 1, seconds since 2000-01-01 UTC, the MAC. */
export function duidLlt(mac: Mac, wallMs: number): Uint8Array {
  const t = (Math.floor((wallMs - Date.UTC(2000, 0, 1)) / 1000) >>> 0) >>> 0;
  const out = new Uint8Array(14);
  out.set([0, 1, 0, 1, t >>> 24, (t >>> 16) & 0xff, (t >>> 8) & 0xff, t & 0xff]);
  for (let i = 0; i < 6; i++) out[8 + i] = Math.floor(mac / 2 ** (8 * (5 - i))) & 0xff;
  return out;
}

/** RFC 4361 client identifier: type 255, the IAID (the MAC's last 4 bytes), the DUID. */
export function rfc4361ClientId(mac: Mac, duid: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + duid.length);
  out[0] = 255;
  for (let i = 0; i < 4; i++) out[1 + i] = Math.floor(mac / 2 ** (8 * (3 - i))) & 0xff;
  out.set(duid, 5);
  return out;
}
