// The drawn topology as a PNG (for the lab report): the Topology component registers how to draw
// it while it is on the page.
let draw: (() => string) | null = null;

export function registerTopologyImage(fn: (() => string) | null): void {
  draw = fn;
}

/** A `data:image/png;base64,...` URL of the whole topology, or null when none is drawn. */
export function topologyPng(): string | null {
  try {
    return draw?.() ?? null;
  } catch {
    return null;
  }
}
