// Issue #7's Content-Security-Policy, checked in the built page: scripts only from the page's
// origin (no inline script, no string evaluation), no connection elsewhere. Each attempt below
// must be refused and reported as a violation, which is also what proves that the page watch
// (harness.ts) sees violations: the other tests rely on it.
import type { Page } from 'playwright-core';
import { step, type PageWatch } from './harness.ts';

const T = 'csp';

export async function cspFlow(page: Page, w: PageWatch): Promise<void> {
  await step(T, 'the policy: self only, no unsafe-inline or unsafe-eval for scripts', page, async () => {
    const policy = await page.evaluate<string | null>(`document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null`);
    if (policy === null) throw new Error('no Content-Security-Policy meta in the built page');
    const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0] !== '').map(([name, ...values]) => [name, values]));
    if (directives.get('default-src')?.join(' ') !== "'self'") throw new Error(`default-src: ${policy}`);
    if (directives.get('script-src')?.join(' ') !== "'self'") throw new Error(`script-src: ${policy}`);
    if (/unsafe-eval/.test(policy)) throw new Error(`unsafe-eval allowed: ${policy}`);
  });

  await step(T, 'inline script, string timer, foreign script and fetch are refused and reported', page, async () => {
    await page.getByRole('button', { name: 'Scénarios' }).waitFor();
    const before = w.problems.length;
    // Page-side code as text: this file is type-checked without the DOM library.
    await page.evaluate(`(() => {
      const inline = document.createElement('script');
      inline.textContent = 'window.__cspInline = 1';
      document.head.append(inline);
      setTimeout('window.__cspEval = 1', 0);
      const foreign = document.createElement('script');
      foreign.src = 'https://example.com/x.js';
      document.head.append(foreign);
      fetch('https://example.com/').catch(() => {});
    })()`);
    await page.waitForTimeout(500);
    const ran = await page.evaluate<string[]>(`['__cspInline', '__cspEval'].filter((k) => window[k] !== undefined)`);
    if (ran.length > 0) throw new Error(`ran despite the policy: ${ran.join(', ')}`);
    const seen = w.problems.slice(before).filter((p) => p.startsWith('CSP violation: '));
    for (const want of ['script-src-elem blocked inline', 'script-src blocked eval', 'script-src-elem blocked https://example.com/x.js', 'connect-src blocked https://example.com/']) {
      if (!seen.some((p) => p.includes(want))) throw new Error(`no violation "${want}" reported; seen:\n${seen.join('\n')}`);
    }
    // These violations were wanted: the page is clean otherwise.
    const unexpected = w.problems.slice(before).filter((p) => !/Content Security Policy|CSP violation|Refused to connect/.test(p));
    w.problems.splice(before);
    if (unexpected.length > 0) throw new Error(`unexpected:\n${unexpected.join('\n')}`);
  });
}
