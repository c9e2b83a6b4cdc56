// WCAG 2.1 A/AA checks with axe-core on a worksheet (blank and filled in) and on the booklet, in
// the light and the dark colour scheme.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { runAxe, describeViolations } from './lib/axe.js';
import { servedSite } from './lib/fixture.js';
import { siteDir } from './lib/site.js';
import { worksheetPages, BOOKLET } from './lib/worksheets.js';


const root = siteDir();
const sheets = worksheetPages(root);

// bypassCSP: axe-core is injected as an inline script.
const site = servedSite(root, { context: { viewport: { width: 1280, height: 900 }, bypassCSP: true } });

const targets = [
  ...sheets.map((s) => ({ name: s.path, path: s.path })),
  { name: `${sheets[0]?.path} filled in`, path: sheets[0]?.path, fill: true },
  { name: `the booklet ${BOOKLET}`, path: BOOKLET },
];

for (const scheme of ['light', 'dark']) {
  describe(`axe-core on worksheets, ${scheme} colour scheme`, () => {
    for (const target of targets) {
      it(`${target.name} has no WCAG 2.1 A/AA violations`, { timeout: 60_000 }, async () => {
        assert.ok(target.path, 'the site has a worksheet');
        const page = await site.context.newPage();
        try {
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(site.server.url + target.path, { waitUntil: 'load' });
          if (target.fill) {
            await page.locator('.ws-scale-item input[type="radio"]').first().check();
            await page.locator('.worksheet li input.task').first().check();
            await page.locator('.ws-lines textarea').first().fill('An answer.');
            await page.locator('.ws-lines textarea').first().focus();
          }
          const results = await runAxe(page);
          if (target.fill) await page.evaluate(() => localStorage.clear());
          assert.ok(results.passes.length > 0, 'axe-core ran');
          assert.ok(
            results.violations.length === 0,
            `${results.violations.length} violation(s) on ${target.path} (${scheme}):\n${describeViolations(results.violations)}`,
          );
        } finally {
          await page.close();
        }
      });
    }
  });
}
