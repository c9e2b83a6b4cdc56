// An article with real photos (tests/fixtures/images_site): each processed image is a <picture>
// whose <img> has width and height and a WebP srcset the browser picks from, and the page does
// not move while the images arrive (cumulative layout shift 0, from PerformanceObserver
// 'layout-shift' entries), at 375 and 1280 px, light and dark; image responses are held back
// so that they arrive after the first layout. Screenshots go to $HEARTH_SHOTS_DIR.

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
const PAGE = '/articles/field/';

let tmp;
let server;
let browser;

before(() => {
  fs.mkdirSync(shotsDir, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-images-'));
  const root = path.join(tmp, 'site');
  fs.cpSync(path.join(repo, 'tests/fixtures/images_site'), root, { recursive: true });
  fs.cpSync(path.join(repo, 'themes'), path.join(root, 'themes'), { recursive: true });
  execFileSync(hearth, ['build', '--root', root], { stdio: ['ignore', 'ignore', 'pipe'] });
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

describe('an article with photos', { concurrency: 1 }, () => {
  for (const width of [375, 1280]) {
    for (const scheme of ['light', 'dark']) {
      it(`keeps its layout while its images load at ${width} px, ${scheme}`, { timeout: 90_000 }, async () => {
        const context = await newContext(browser, server.url);
        await context.addInitScript(() => {
          window.__layoutShift = { total: 0, entries: 0 };
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
              if (entry.hadRecentInput) continue;
              window.__layoutShift.total += entry.value;
              window.__layoutShift.entries += 1;
            }
          }).observe({ type: 'layout-shift', buffered: true });
        });
        // Images arrive only after the text has been laid out.
        await context.route(/\.(webp|jpe?g|png)$/, async (route) => {
          await new Promise((resolve) => setTimeout(resolve, 400));
          await route.continue();
        });
        const page = await context.newPage();
        try {
          await page.setViewportSize({ width, height: 900 });
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(server.url + PAGE, { waitUntil: 'domcontentloaded' });
          await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
          await page.waitForFunction(
            () => [...document.querySelectorAll('main img')].every((img) => img.complete && img.naturalWidth > 0),
            null,
            { timeout: 60_000 },
          );
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
          const images = await page.evaluate(() =>
            [...document.querySelectorAll('main picture')].map((picture) => {
              const img = picture.querySelector('img');
              const source = picture.querySelector('source');
              return {
                src: img.getAttribute('src'),
                width: img.getAttribute('width'),
                height: img.getAttribute('height'),
                loading: img.getAttribute('loading'),
                srcset: source?.getAttribute('srcset') ?? '',
                type: source?.getAttribute('type'),
                current: img.currentSrc,
                shownRatio: img.getBoundingClientRect().width / img.getBoundingClientRect().height,
              };
            }),
          );
          assert.equal(images.length, 3, JSON.stringify(images));
          for (const image of images) {
            assert.ok(Number(image.width) > 0 && Number(image.height) > 0, JSON.stringify(image));
            assert.equal(image.type, 'image/webp');
            assert.match(image.srcset, /\.webp \d+w/);
            assert.match(image.current, /\.webp$/, `the browser shows a WebP width: ${image.current}`);
            const ratio = Number(image.width) / Number(image.height);
            assert.ok(Math.abs(image.shownRatio - ratio) < 0.02, `shown in proportion: ${JSON.stringify(image)}`);
          }
          assert.equal(images[0].loading, null, 'the first image is not lazy');
          assert.equal(images[1].loading, 'lazy');
          const shift = await page.evaluate(() => window.__layoutShift);
          assert.equal(shift.total, 0, `layout shift: ${JSON.stringify(shift)}`);
          await page.screenshot({ path: path.join(shotsDir, `images-${width}-${scheme}.png`), fullPage: width === 375 });
        } finally {
          await context.close();
        }
      });
    }
  }
});
