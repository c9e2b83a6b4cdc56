// Screenshots of every quiz before and after scoring, 1280 and 375 px wide, light and dark, and
// its printed PDF as PNG pages (pdftoppm), for people to look at: saved to $HEARTH_SHOTS_DIR
// (default /tmp/hearth-shots) as quiz-<slug>-<width>-<scheme>-<before|after>.png and
// quiz-<slug>-print-<n>.png.

import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { servedSite } from './lib/fixture.js';
import { pdfToPngs } from './lib/pdf.js';
import { siteDir } from './lib/site.js';
import { choice, questionsOf, quizPages, statusText, textBox } from './lib/quiz.js';

const root = siteDir();
const shotsDir = path.resolve(process.env.HEARTH_SHOTS_DIR || '/tmp/hearth-shots');
const quizzes = quizPages(root);

before(() => fs.mkdirSync(shotsDir, { recursive: true }));
const site = servedSite(root);

const slugOf = (urlPath) => urlPath.split('/').filter(Boolean).at(-1);

function assertPng(file) {
  const png = fs.readFileSync(file);
  assert.ok(png.length > 1000 && png.readUInt32BE(0) === 0x89504e47, `${file} is not a PNG`);
}

describe(`quiz screenshots (saved to ${shotsDir})`, () => {
  for (const quiz of quizzes) {
    for (const width of [1280, 375]) {
      for (const scheme of ['light', 'dark']) {
        it(`${quiz.path} at ${width} px, ${scheme}, before and after scoring`, { timeout: 60_000 }, async () => {
          const context = await site.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
          const page = await context.newPage();
          try {
            await page.goto(site.server.url + quiz.path, { waitUntil: 'load' });
            const name = (moment) => path.join(shotsDir, `quiz-${slugOf(quiz.path)}-${width}-${scheme}-${moment}.png`);
            await page.screenshot({ path: name('before'), fullPage: true, animations: 'disabled' });
            for (const q of await questionsOf(page)) {
              if (q.type === 'text') await page.fill(textBox(q.id), 'Something to try this week');
              else await page.check(choice(q.id, Math.min(q.count, 3)));
            }
            await page.locator('form[data-quiz] button[type="submit"]').click();
            await statusText(page, quiz.mode === 'knowledge' ? 'questions right' : 'Your score');
            await page.waitForTimeout(500);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(overflow <= width, `the scored quiz is ${overflow} px wide at ${width} px`);
            await page.screenshot({ path: name('after'), fullPage: true, animations: 'disabled' });
            assertPng(name('before'));
            assertPng(name('after'));
          } finally {
            await context.close();
          }
        });
      }
    }

    it(`${quiz.path} printed, as PNG pages`, { timeout: 60_000 }, async () => {
      const context = await site.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      const prefix = path.join(shotsDir, `quiz-${slugOf(quiz.path)}-print`);
      try {
        await page.goto(site.server.url + quiz.path, { waitUntil: 'load' });
        await page.pdf({ path: `${prefix}.pdf`, preferCSSPageSize: true });
        const pages = pdfToPngs(`${prefix}.pdf`, prefix);
        assert.ok(pages.length >= 2, `${pages.length} printed page(s)`);
      } finally {
        await context.close();
      }
    });
  }
});
