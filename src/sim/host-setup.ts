// Turns a fresh Debian host into the machine a scenario describes: its accounts, resolver,
// files and boot commands. Everything lands in the host's files (the truth), and what the
// scenario's commands do runs through the host's own programs, as a teacher's script would.
import type { Host } from '../os/host.ts';
import type { HostSpec } from '../scenario/schema.ts';
import { ROOT_CREDENTIALS } from './credentials.ts';
import { networkOf, parseIpv4 } from '../wire/addr.ts';

/** /etc/resolv.conf as a Debian machine with static DNS servers has it. */
export function resolvConf(servers: readonly string[]): string {
  return servers.map((s) => `nameserver ${s}\n`).join('');
}

/**
 * /etc/network/interfaces as Debian's installer writes it, with the scenario's interfaces: what a
 * student reads to see how the machine is configured (ifupdown brought them up at boot).
 */
export function networkInterfaces(spec: HostSpec): string {
  let text =
    '# This file describes the network interfaces available on your system\n# and how to activate them. For more information, see interfaces(5).\n\n' +
    'source /etc/network/interfaces.d/*\n\n# The loopback network interface\nauto lo\niface lo inet loopback\n';
  spec.interfaces.forEach((ifs, i) => {
    if (!ifs.address && !ifs.dhcp) return;
    text += `\n${i === 0 ? '# The primary network interface\n' : ''}allow-hotplug ${ifs.name}\n`;
    if (ifs.dhcp) {
      text += `iface ${ifs.name} inet dhcp\n`;
      return;
    }
    text += `iface ${ifs.name} inet static\n\taddress ${ifs.address!.address}/${ifs.address!.prefix}\n`;
    // The gateway belongs to the interface whose subnet holds it.
    if (spec.gateway !== null && sameSubnet(spec.gateway, ifs.address!.address, ifs.address!.prefix)) text += `\tgateway ${spec.gateway}\n`;
  });
  return text;
}

function sameSubnet(a: string, b: string, prefix: number): boolean {
  const x = parseIpv4(a);
  const y = parseIpv4(b);
  return x !== null && y !== null && networkOf(x, prefix) === networkOf(y, prefix);
}

/** Writes the scenario's files as root, creating missing parent directories (0755). */
export function writeScenarioFiles(host: Host, files: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    host.fs.mkdir(dir, ROOT_CREDENTIALS, { parents: true, mode: 0o755 });
    const r = host.fs.writeFile(path, content, ROOT_CREDENTIALS);
    if (!r.ok) problems.push(`${path}: ${r.errno}`);
  }
  return problems;
}

/**
 * The shell commands that create the scenario's extra accounts (the first one is the
 * installer's account, made with the base tree): Debian's own adduser, so uids, groups, homes
 * and logs are exactly what the student would get typing them.
 */
export function accountCommands(spec: HostSpec, installer: string | null): string[] {
  const out: string[] = [];
  for (const u of spec.users) {
    if (u.name === 'root') continue;
    if (u.name !== installer) {
      const shell = u.shell !== null ? ` --shell ${quote(u.shell)}` : '';
      out.push(`adduser --disabled-password --gecos ${quote(u.gecos ?? '')}${shell} ${quote(u.name)} >/dev/null`);
    } else if (u.shell !== null) {
      out.push(`usermod -s ${quote(u.shell)} ${quote(u.name)}`);
    }
    for (const g of u.groups) out.push(`adduser ${quote(u.name)} ${quote(g)} >/dev/null`);
  }
  return out;
}

/** Single-quotes a word for sh. */
export function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
