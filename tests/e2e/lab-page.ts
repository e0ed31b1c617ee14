// Shared steps of the browser scripts on the lab page.
import type { Page } from 'playwright-core';

/** Clicks a host of the topology: cytoscape draws on a canvas, so its place comes from the instance. */
export async function clickHost(page: Page, host: string): Promise<void> {
  // Page-side code as text: these scripts are type-checked without the DOM library.
  const at = await page.evaluate<{ x: number; y: number } | null>(`(() => {
    const el = document.querySelector('.topology');
    const cy = el?._cyreg?.cy;
    if (!cy) return null;
    const box = el.getBoundingClientRect();
    const p = cy.getElementById(${JSON.stringify(`host:${host}`)}).renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  })()`);
  if (at === null) throw new Error('topology not drawn');
  await page.mouse.click(at.x, at.y);
}
