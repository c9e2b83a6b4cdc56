// Screenshots of a worksheet and the booklet for people to look at — wide and narrow, light and
// dark, blank and filled in — and each printed PDF as page images (pdftoppm), all saved to
// $HEARTH_SHOTS_DIR (default /tmp/hearth-shots). Checks that each was written.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { servedSite } from './lib/fixture.js';
import { pdfToPngs } from './lib/pdf.js';
import { siteDir } from './lib/site.js';
import { worksheetPages, BOOKLET } from './lib/worksheets.js';

const root = siteDir();
const shotsDir = path.resolve(process.env.HEARTH_SHOTS_DIR || '/tmp/hearth-shots');
const sheet = worksheetPages(root)[0];

before(() => fs.mkdirSync(shotsDir, { recursive: true }));
const site = servedSite(root);

/** Types a little into the first fields of each kind, as a reader would. */
async function fillIn(page) {
  const first = (selector) => page.locator(selector).first();
  await first('.ws-lines textarea').fill('I will keep it light and friendly, and listen more than I talk.');
  await first('.ws-box textarea').fill('A walk by the lake, then coffee at the place we used to go.');
  await first('.ws-tracker textarea').fill('Monday');
  await first('.ws-scale-item input[type="radio"][value="4"]').check();
  await first('.worksheet li input.task').check();
}

function assertPng(file, width) {
  const png = fs.readFileSync(file);
  assert.ok(png.subarray(1, 4).toString() === 'PNG', `${file} is a PNG`);
  assert.ok(png.readUInt32BE(16) >= width, `${file} is at least ${width} px wide`);
}

describe(`worksheet screenshots (saved to ${shotsDir})`, { concurrency: 2 }, () => {
  for (const subject of [
    { name: 'worksheet', path: sheet?.path },
    { name: 'worksheet-filled', path: sheet?.path, fill: true },
    { name: 'booklet', path: BOOKLET },
  ]) {
    for (const width of [1280, 375]) {
      for (const scheme of ['light', 'dark']) {
        const file = path.join(shotsDir, `${subject.name}-${width}-${scheme}.png`);
        it(`${subject.name} at ${width} px, ${scheme}`, { timeout: 60_000 }, async () => {
          assert.ok(subject.path, 'the site has a worksheet');
          // A context of its own: the answers typed for one shot never show in another.
          const own = await site.newContext();
          const page = await own.newPage();
          try {
            await page.setViewportSize({ width, height: 900 });
            await page.emulateMedia({ colorScheme: scheme });
            await page.goto(site.server.url + subject.path, { waitUntil: 'load' });
            if (subject.fill) await fillIn(page);
            fs.rmSync(file, { force: true });
            await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
          } finally {
            await own.close();
          }
          assertPng(file, width);
        });
      }
    }
  }
});

describe(`printed pages as images (saved to ${shotsDir})`, () => {
  for (const subject of [
    { name: 'print-worksheet', path: sheet?.path },
    { name: 'print-worksheet-filled', path: sheet?.path, fill: true },
    { name: 'print-booklet', path: BOOKLET },
  ]) {
    it(subject.name, { timeout: 60_000 }, async () => {
      const own = await site.newContext();
      const page = await own.newPage();
      const pdf = path.join(shotsDir, `${subject.name}.pdf`);
      try {
        await page.goto(site.server.url + subject.path, { waitUntil: 'load' });
        if (subject.fill) await fillIn(page);
        await page.pdf({ path: pdf, preferCSSPageSize: true });
      } finally {
        await own.close();
      }
      const pngs = pdfToPngs(pdf, path.join(shotsDir, subject.name));
      assert.ok(pngs.length > 0, `pdftoppm wrote the pages of ${pdf}`);
      for (const png of pngs) assertPng(png, 400);
    });
  }
});
