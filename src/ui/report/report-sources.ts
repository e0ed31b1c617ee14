// What the report dialog takes from the running lab: the live capture numbered as the capture
// pane numbers it, the hosts' addresses, and the name of the downloaded file.
import type { FrameInput, HostInfo, ReportHost, Simulation } from '../../sim/index.ts';
import { epochNsOf, InterfaceIds, liveFrameInput } from '../capture/frames.ts';

/** The live capture as the pane's packet list holds it: frame N is the pane's packet N. */
export function liveFrames(sim: Simulation): FrameInput[] {
  const ids = new InterfaceIds();
  const epoch = epochNsOf(sim.startEpochMs);
  return sim.capture.frames.map((f) => liveFrameInput(f, epoch, ids));
}

/** Each host's addresses (loopback left out), as the host sheet lists them. */
export function reportHosts(infos: readonly HostInfo[]): ReportHost[] {
  return infos.map((h) => ({
    name: h.name,
    addresses: h.interfaces.filter((i) => !i.loopback).flatMap((i) => i.addresses),
  }));
}

/** `compte-rendu-tp-smtp-client-dhcp.md`: the scenario's name in lower case, accents and punctuation dropped. */
export function reportFileName(scenarioName: string): string {
  const slug = scenarioName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `compte-rendu-${slug === '' ? 'lab' : slug}.md`;
}

/** One open terminal's text, as the page reads it from xterm's buffer. */
export interface TerminalTranscript {
  readonly id: string;
  readonly host: string;
  readonly text: string;
}

/** The image markup of a data URL, shortened for the preview (the downloaded file keeps it whole). */
export function elideDataUrls(markdown: string): string {
  return markdown.replace(/\(data:image\/png;base64,([A-Za-z0-9+/=]{32})[A-Za-z0-9+/=]+\)/g, '(data:image/png;base64,$1…)');
}
