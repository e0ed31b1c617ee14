// The resolved scenario: what a loaded `scenarios/*.yaml` means once params are substituted and
// every field is checked. Plain JSON data (strings, numbers, booleans, null, arrays, objects) so
// the UI can persist it and `JSON.parse(JSON.stringify(s))` gives back an equal scenario.
// Absent optional values are `null`, defaults are already applied. See README "Scenario files".
import type { Cidr } from './ipv4.ts';
import type { StepSpec } from './steps.ts';

export type { Cidr } from './ipv4.ts';
export type { StepSpec, CheckSpec, Localized } from './steps.ts';

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The LANG each locale gives the hosts (Debian: fr_FR.UTF-8 after `dpkg-reconfigure locales`, C.UTF-8 when none is chosen). */
export const LANG_OF_LOCALE: Readonly<Record<Locale, string>> = { fr: 'fr_FR.UTF-8', en: 'C.UTF-8' };

/** Only the icon in the UI; what a host does comes from its packages, services and files. */
export const ROLES = ['client', 'router', 'server', 'dns', 'dhcp', 'mail'] as const;
export type Role = (typeof ROLES)[number];

/** Top-level keys kept for later issues: accepted (templated), not interpreted yet. */
export const RESERVED_KEYS = ['seed', 'start'] as const;
export type ReservedKey = (typeof RESERVED_KEYS)[number];

/** A reserved key's content after templating: YAML scalars are strings, empty values null. */
export type PlainValue = string | null | PlainValue[] | { [key: string]: PlainValue };

export interface ParamSpec {
  readonly name: string;
  /** The value used: the one given to the loader (`--param X=128`), else the default. */
  readonly value: number;
  readonly default: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly description: string;
}

/**
 * `switch`: a learning switch, each host gets the frames for it and the flooded ones; `hub`: a
 * shared link where every host's NIC (and capture) gets every frame, as in a lab room's hub.
 */
export const NETWORK_KINDS = ['switch', 'hub'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export interface NetworkSpec {
  readonly name: string;
  readonly kind: NetworkKind;
  /** CSS colour `#rgb` or `#rrggbb`, null: the UI picks one. */
  readonly color: string | null;
  readonly description: string;
}

export interface InterfaceSpec {
  readonly name: string;
  readonly network: string;
  /** Static address, null with DHCP or when the student must configure it. */
  readonly address: Cidr | null;
  readonly dhcp: boolean;
  /** Lower-case `aa:bb:cc:dd:ee:ff`; null: the simulation derives one from its seed. */
  readonly mac: string | null;
}

export interface RouteSpec {
  /** Destination network (host bits zero, as `ip route add` requires). */
  readonly to: Cidr;
  readonly via: string;
}

export interface UserSpec {
  readonly name: string;
  /** Plain text; null: no password (locked, like `adduser --disabled-password`). */
  readonly password: string | null;
  /** null: Debian's default (empty for new users, unchanged for existing ones such as root). */
  readonly gecos: string | null;
  /** Supplementary groups. */
  readonly groups: readonly string[];
  /** null: Debian's default (/bin/bash from adduser, unchanged for existing users). */
  readonly shell: string | null;
}

export interface HostSpec {
  /** Id used by the UI, by `@NAME` in session scripts and by checks. */
  readonly name: string;
  /** /etc/hostname; defaults to `name` in lower case. */
  readonly hostname: string;
  readonly role: Role;
  /** net.ipv4.ip_forward */
  readonly forwarding: boolean;
  /** Default route; null: none (or the one DHCP gives). */
  readonly gateway: string | null;
  /** /etc/resolv.conf nameservers, in order. */
  readonly dns: readonly string[];
  readonly routes: readonly RouteSpec[];
  readonly interfaces: readonly InterfaceSpec[];
  /** Preinstalled packages, configured with Debian's defaults or the debconf answers. */
  readonly packages: readonly string[];
  /** debconf question (`postfix/mailname`) -> answer text. */
  readonly debconf: Readonly<Record<string, string>>;
  /** Units running at boot. */
  readonly services: readonly string[];
  readonly users: readonly UserSpec[];
  /** Absolute path -> content, written after packages are installed (they win over package files). */
  readonly files: Readonly<Record<string, string>>;
  /** Commands run as root after boot, in order. */
  readonly boot: readonly string[];
}

/** A background traffic generator: other students at work on the shared links. */
export interface TrafficSpec {
  /** The host (its `name`) whose root runs `run` with /bin/sh. */
  readonly host: string;
  /** Seconds between two runs, > 0. */
  readonly every: number;
  /** Each interval is `every` ± up to `jitter` seconds, drawn from the simulation's seed; < every. */
  readonly jitter: number;
  /** Seconds from the end of boot to the first run (default: `every`). */
  readonly start: number;
  readonly run: string;
}

export interface Scenario {
  readonly name: string;
  /** The text for the student in French (the only text when the file gives a plain string). */
  readonly description: string;
  /** The same in English (`description: { fr, en }`); equal to `description` for a plain string. */
  readonly descriptionEn: string;
  readonly locale: Locale;
  readonly params: readonly ParamSpec[];
  readonly networks: readonly NetworkSpec[];
  readonly hosts: readonly HostSpec[];
  /** The lab's guided steps and their checks (src/scenario/steps.ts), in order. */
  readonly steps: readonly StepSpec[];
  /** Background traffic generators (src/sim/traffic.ts), in file order. */
  readonly traffic: readonly TrafficSpec[];
  /** Keys of later issues present in the file (see RESERVED_KEYS), templated but not interpreted. */
  readonly reserved: Readonly<Partial<Record<ReservedKey, PlainValue>>>;
}
