#!/usr/bin/env node
// Lighthouse (npm `lighthouse`, pinned in package.json) on one page of every type of the built
// site, served on 127.0.0.1 and loaded by Debian's Chromium (CHROME_PATH, default
// /usr/bin/chromium). Prints each page's four scores and weight; fails unless every score is 100,
// except SEO on pages that must not be indexed (the 404 page says `noindex`).
//
//   HEARTH_SITE_DIR=output node lighthouse.mjs

import fs from 'node:fs';
import path from 'node:path';

import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

import { startServer } from './lib/server.js';
import { siteDir } from './lib/site.js';
import { pageKinds } from './lib/pages.js';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const root = siteDir();
const server = await startServer(root);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: FLAGS,
});
const failures = [];
try {
  for (const [kind, page] of Object.entries(pageKinds(root))) {
    if (!page) continue;
    const html = fs.readFileSync(path.join(root, page.endsWith('/') ? `${page}index.html` : page), 'utf8');
    const noindex = /<meta name="robots" content="noindex"/.test(html);
    const run = () =>
      lighthouse(server.url + page, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: CATEGORIES,
        formFactor: 'mobile',
        screenEmulation: { mobile: true, width: 375, height: 800, deviceScaleFactor: 2, disabled: false },
      });
    const runs = [await run()];
    const performance = (r) => r.lhr.categories.performance?.score ?? 0;
    if (performance(runs[0]) < 1) runs.push(await run(), await run());
    runs.sort((a, b) => performance(a) - performance(b));
    const result = runs[Math.floor(runs.length / 2)];
    const { categories, audits } = result.lhr;
    const scores = CATEGORIES.map((c) => Math.round((categories[c]?.score ?? 0) * 100));
    const bytes = audits['total-byte-weight']?.numericValue ?? 0;
    console.log(`${kind.padEnd(10)} ${scores.join('/')}  ${Math.round(bytes)} B transferred  ${page}`);
    CATEGORIES.forEach((category, i) => {
      if (scores[i] === 100 || (category === 'seo' && noindex)) return;
      const failing = Object.values(categories[category].auditRefs)
        .map((ref) => audits[ref.id])
        .filter((audit) => audit && audit.score !== null && audit.score < 1)
        .map((audit) => audit.id);
      failures.push(`${page}: ${category} ${scores[i]} (${failing.join(', ')})`);
    });
  }
} finally {
  await chrome.kill();
  await server.close();
}
if (failures.length) {
  console.error(`Lighthouse below 100:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('Lighthouse: 100 in every category on every page type (SEO not counted on noindex pages)');
