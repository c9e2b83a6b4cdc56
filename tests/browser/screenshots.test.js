// Full-page screenshots of a page of every kind, wide and narrow, light and dark,
// for people to look at (saved to $HEARTH_SHOTS_DIR, default /tmp/hearth-shots); and no
// horizontal scrolling on phones (375 px and 360 px wide) on any page of the site.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { servedSite } from './lib/fixture.js';
import { visit } from './lib/browser.js';
import { siteDir, htmlPages } from './lib/site.js';
import { pageKinds } from './lib/pages.js';

const root = siteDir();
const shotsDir = path.resolve(process.env.HEARTH_SHOTS_DIR || '/tmp/hearth-shots');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// One page of every kind the theme has.
const subjects = Object.entries(pageKinds(root))
  .filter(([, path]) => path)
  .map(([name, path]) => ({ name, path }));
const viewports = [
  { width: 1280, height: 900 },
  { width: 375, height: 800 },
];
const schemes = ['light', 'dark'];

before(() => fs.mkdirSync(shotsDir, { recursive: true }));
const site = servedSite(root, { context: {} });

describe(`screenshots (saved to ${shotsDir})`, { concurrency: 2 }, () => {
  for (const subject of subjects) {
    for (const viewport of viewports) {
      for (const scheme of schemes) {
        const file = path.join(shotsDir, `${subject.name}-${viewport.width}-${scheme}.png`);
        it(`${subject.name} at ${viewport.width}×${viewport.height}, ${scheme}`, { timeout: 60_000 }, async () => {
          assert.ok(subject.path, `the built site has no ${subject.name} page`);
          fs.rmSync(file, { force: true });
          const record = await visit(site.context, site.server.url + subject.path, {
            prepare: async (page) => {
              await page.setViewportSize(viewport);
              await page.emulateMedia({ colorScheme: scheme });
            },
            inspect: async (page) => {
              // Chromium's full-page capture sometimes repeats the first screen down a long page;
              // a viewport as tall as the page, painted twice over, captures it whole.
              const height = await page.evaluate(() => document.documentElement.scrollHeight);
              await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
              await page.evaluate(
                () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
              );
              return page.screenshot({ path: file, animations: 'disabled' });
            },
          });
          assert.equal(record.status, 200, `${subject.path} answered HTTP ${record.status}`);
          assert.ok(fs.existsSync(file), `${file} was not written`);
          const png = fs.readFileSync(file);
          assert.ok(png.length > PNG_SIGNATURE.length + 100, `${file} is empty (${png.length} bytes)`);
          assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), `${file} is not a PNG`);
          // IHDR: width at byte 16, height at byte 20 (big-endian).
          const width = png.readUInt32BE(16);
          const height = png.readUInt32BE(20);
          assert.ok(width >= viewport.width, `${file} is only ${width} px wide`);
          assert.ok(height >= Math.min(viewport.height, 200), `${file} is only ${height} px high`);
        });
      }
    }
  }
});

// What sticks out past the right edge, innermost elements first, to say where to look.
function measureOverflow() {
  const width = document.documentElement.clientWidth;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += `#${el.id}`;
    for (const c of Array.from(el.classList).slice(0, 3)) s += `.${c}`;
    return s;
  };
  const over = [];
  for (const el of document.body ? document.body.querySelectorAll('*') : []) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5) over.push(el);
  }
  const innermost = over.filter((el) => !over.some((o) => o !== el && el.contains(o)));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    culprits: innermost.slice(0, 8).map((el) => {
      const r = el.getBoundingClientRect();
      const path = [];
      for (let e = el; e && e !== document.body; e = e.parentElement) path.unshift(describe(e));
      return `${path.join(' > ')} (right edge at ${Math.round(r.right)} px)`;
    }),
  };
}

const pages = htmlPages(root);

for (const width of [375, 360]) {
  describe(`no horizontal scrolling at ${width} px`, { concurrency: 4 }, () => {
    for (const { path: urlPath } of pages) {
      it(urlPath, { timeout: 60_000 }, async () => {
        const record = await visit(site.context, site.server.url + urlPath, {
          settle: false,
          prepare: (page) => page.setViewportSize({ width, height: 800 }),
          inspect: async (page) => {
            await page.evaluate(() => document.fonts?.ready.then(() => true)).catch(() => {});
            return page.evaluate(measureOverflow);
          },
        });
        const { scrollWidth, culprits } = record.result;
        assert.ok(
          scrollWidth <= width,
          `${urlPath} scrolls sideways at ${width} px: document is ${scrollWidth} px wide\n` +
            culprits.map((c) => `  - ${c}`).join('\n'),
        );
      });
    }
  });
}
