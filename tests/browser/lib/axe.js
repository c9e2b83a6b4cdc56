// axe-core in a page: inject it, run the WCAG 2.1 A/AA rules, and describe what failed.

import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The axe-core script, injected into pages (which needs `bypassCSP` on the context). */
export const AXE_SCRIPT = path.join(path.dirname(require.resolve('axe-core/package.json')), 'axe.min.js');

/** The rule sets every page must pass. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core on the page as it is now; injects the script the first time. */
export async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ path: AXE_SCRIPT });
  }
  return page.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values } }), WCAG_TAGS);
}

/** One paragraph per violation: rule, impact, help, where to read more, and every node it hit. */
export function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = n.failureSummary ? `\n        ${n.failureSummary.replace(/\n/g, '\n        ')}` : '';
          return `      ${n.target.join(' ')}${summary}`;
        })
        .join('\n');
      return `  ${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}
