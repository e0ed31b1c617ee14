// The fixed lines named logs while starting and reloading (named_startup_syslog.txt,
// syslog_named_during_dns_recording.txt). Figures that describe the recording machine (CPUs,
// memory, OpenSSL build) are kept as recorded: the simulated host is that machine.
import { AUTOMATIC_EMPTY_ZONES, NAMED_BUILT_WITH, NAMED_RUNNING_ON, NAMED_VERSION_LINE } from './named-version.ts';

export function startupBanner(runningAs: string): string[] {
  return [
    `starting ${NAMED_VERSION_LINE}`,
    `running on ${NAMED_RUNNING_ON}`,
    `built with  ${NAMED_BUILT_WITH}`,
    `running as: ${runningAs}`,
    'compiled by GCC 12.2.0',
    'compiled with OpenSSL version: OpenSSL 3.0.22 25 Aug 2026',
    'linked to OpenSSL version: OpenSSL 3.0.19 27 Jan 2026',
    'compiled with libuv version: 1.44.2',
    'linked to libuv version: 1.44.2',
    'compiled with libxml2 version: 2.9.14',
    'linked to libxml2 version: 20914',
    'compiled with json-c version: 0.16',
    'linked to json-c version: 0.16',
    'compiled with zlib version: 1.2.13',
    'linked to zlib version: 1.2.13',
    '----------------------------------------------------',
    'BIND 9 is maintained by Internet Systems Consortium,',
    'Inc. (ISC), a non-profit 501(c)(3) public-benefit ',
    'corporation.  Support and training for BIND 9 are ',
    'available at https://www.isc.org/support',
    '----------------------------------------------------',
    'found 2 CPUs, using 2 worker threads',
    'using 2 UDP listeners per interface',
    'DNSSEC algorithms: RSASHA1 NSEC3RSASHA1 RSASHA256 RSASHA512 ECDSAP256SHA256 ECDSAP384SHA384 ED25519 ED448',
    'DS algorithms: SHA-1 SHA-256 SHA-384',
    'HMAC algorithms: HMAC-MD5 HMAC-SHA1 HMAC-SHA224 HMAC-SHA256 HMAC-SHA384 HMAC-SHA512',
    'TKEY mode 2 support (Diffie-Hellman): yes',
    'TKEY mode 3 support (GSS-API): yes',
    "the initial working directory is '/'",
  ];
}

/** From "loading configuration" to the port ranges: logged at start and at each reload. */
export function configurationPreamble(confFile: string, directory: string): string[] {
  return [
    `loading configuration from '${confFile}'`,
    `the working directory is now '${directory}'`,
    "reading built-in trust anchors from file '/etc/bind/bind.keys'",
    "looking for GeoIP2 databases in '/usr/share/GeoIP'",
    'using default UDP/IPv4 port range: [32768, 60999]',
    'using default UDP/IPv6 port range: [32768, 60999]',
  ];
}

/** "sizing zone task pool" to the automatic empty zones. */
export function viewSetup(zoneCount: number, emptyZones: readonly string[], initial: boolean): string[] {
  const out = [
    `sizing zone task pool based on ${zoneCount} zones`,
    "none:100: 'max-cache-size 90%' - setting to 21694MB (out of 24105MB)",
    "obtaining root key for view _default from '/etc/bind/bind.keys'",
  ];
  if (initial) out.push("set up managed keys zone for view _default, file 'managed-keys.bind'");
  for (const z of emptyZones) out.push(`automatic empty zone: ${z}`);
  return out;
}

export { AUTOMATIC_EMPTY_ZONES };

/** rndc status's dates: "Sun, 22 Nov 2026 03:30:38 GMT". */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}
