// A page imported from a real Zola site (tests/fixtures/import/zola) with a code line far wider
// than a phone: the code block scrolls sideways, the page itself does not, at 375 and 1280 px,
// light and dark. Screenshots go to $HEARTH_SHOTS_DIR (default /tmp/hearth-shots).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startServer } from './lib/server.js';
import { launchBrowser, newContext } from './lib/browser.js';

const repo = path.resolve(import.meta.dirname, '../..');
const hearth = process.env.HEARTH_BIN || path.join(repo, 'target/release/hearth');
const shotsDir = path.resolve(process.env.HEARTH_SHOTS_DIR || '/tmp/hearth-shots');
const PAGE = '/documentation/getting-started/installation/';

let tmp;
let server;
let browser;

before(() => {
  fs.mkdirSync(shotsDir, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-import-'));
  const root = path.join(tmp, 'site');
  execFileSync(hearth, ['import', 'zola', path.join(repo, 'tests/fixtures/import/zola'), '--root', root]);
  execFileSync(hearth, ['build', '--root', root]);
  return (async () => {
    server = await startServer(path.join(root, 'output'));
    browser = await launchBrowser();
  })();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('long code lines of an imported page', { concurrency: 1 }, () => {
  for (const width of [375, 1280]) {
    for (const scheme of ['light', 'dark']) {
      it(`scroll inside their block at ${width} px, ${scheme}`, { timeout: 60_000 }, async () => {
        const context = await newContext(browser, server.url);
        const page = await context.newPage();
        try {
          await page.setViewportSize({ width, height: 900 });
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(server.url + PAGE, { waitUntil: 'load' });
          const sizes = await page.evaluate(() => {
            const blocks = [...document.querySelectorAll('main pre')];
            const widest = blocks.reduce((a, b) => (b.scrollWidth > (a?.scrollWidth ?? 0) ? b : a), null);
            widest.setAttribute('data-widest', '');
            return {
              blocks: blocks.length,
              scroll: widest.scrollWidth,
              client: widest.clientWidth,
              overflowX: getComputedStyle(widest).overflowX,
              whiteSpace: getComputedStyle(widest).whiteSpace,
              pageScroll: document.documentElement.scrollWidth,
              pageClient: document.documentElement.clientWidth,
            };
          });
          assert.ok(sizes.blocks > 0, 'the page has code blocks');
          assert.equal(sizes.whiteSpace, 'pre', 'code lines are not wrapped');
          assert.equal(sizes.overflowX, 'auto');
          assert.ok(sizes.scroll > sizes.client, `the widest block scrolls: ${JSON.stringify(sizes)}`);
          assert.ok(sizes.pageScroll <= sizes.pageClient, `the page does not: ${JSON.stringify(sizes)}`);
          const file = path.join(shotsDir, `import-long-code-${width}-${scheme}.png`);
          await page.locator('main pre[data-widest]').scrollIntoViewIfNeeded();
          await page.screenshot({ path: file, animations: 'disabled' });
          assert.ok(fs.statSync(file).size > 1000, `${file} was written`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
