// WCAG 2.1 A/AA checks with axe-core on the home page, an article, the articles section and
// a tag page, in the light and the dark colour scheme.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { runAxe, describeViolations } from './lib/axe.js';
import { servedSite } from './lib/fixture.js';
import { visit } from './lib/browser.js';
import { siteDir, firstArticle, firstTag } from './lib/site.js';


const root = siteDir();
const targets = [
  { name: 'home page', path: '/' },
  { name: 'an article', path: firstArticle(root) },
  { name: 'the articles section', path: '/articles/' },
  { name: 'a tag page', path: firstTag(root) },
];

// bypassCSP: axe-core is injected as an inline script, which a strict CSP would block.
const site = servedSite(root, { context: { viewport: { width: 1280, height: 900 }, bypassCSP: true } });

for (const scheme of ['light', 'dark']) {
  describe(`axe-core, ${scheme} colour scheme`, () => {
    for (const target of targets) {
      it(`${target.name} (${target.path ?? 'not found'}) has no WCAG 2.1 A/AA violations`, { timeout: 60_000 }, async () => {
        assert.ok(target.path, `the built site has no ${target.name} to check`);
        const record = await visit(site.context, site.server.url + target.path, {
          prepare: (page) => page.emulateMedia({ colorScheme: scheme }),
          inspect: async (page) => {
            const matches = await page.evaluate(
              (s) => window.matchMedia(`(prefers-color-scheme: ${s})`).matches,
              scheme,
            );
            const results = await runAxe(page);
            return { matches, results };
          },
        });
        assert.equal(record.status, 200, `${target.path} answered HTTP ${record.status}`);
        assert.ok(record.result.matches, `the ${scheme} colour scheme was not applied`);
        const { violations, passes } = record.result.results;
        assert.ok(passes.length > 0, 'axe-core ran no passing checks: did it run at all?');
        assert.ok(
          violations.length === 0,
          `${violations.length} accessibility violation(s) on ${target.path} (${scheme}):\n${describeViolations(violations)}`,
        );
      });
    }
  });
}
