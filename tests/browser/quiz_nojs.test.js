// Quizzes with JavaScript turned off: every question and the scoring key link are there, the
// buttons that need the script are not, the key opens without a script, and the page prints
// to PDF as a paper self-assessment with its key (checked with poppler's pdfinfo/pdftotext).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

import { servedSite } from './lib/fixture.js';
import { siteDir } from './lib/site.js';
import { quizPages, tempFile } from './lib/quiz.js';

const root = siteDir();
const quizzes = quizPages(root);

const site = servedSite(root, { context: { viewport: { width: 1280, height: 900 }, javaScriptEnabled: false } });

function poppler(tool, args) {
  try {
    return execFileSync(tool, args, { encoding: 'utf8' });
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error(`${tool} not found: apt-get install -y poppler-utils`);
    throw error;
  }
}

const words = (text) => text.replace(/\s+/g, ' ').trim();

describe('quizzes without JavaScript', () => {
  it('the site has quizzes', () => {
    assert.ok(quizzes.length >= 2, `expected two quizzes or more, found ${quizzes.length}`);
  });

  for (const quiz of quizzes) {
    it(`${quiz.path} shows every question and the scoring key link, and opens the key`, { timeout: 60_000 }, async () => {
      const page = await site.context.newPage();
      try {
        await page.goto(site.server.url + quiz.path, { waitUntil: 'load' });
        const questions = page.locator('form[data-quiz] fieldset');
        const count = await questions.count();
        assert.ok(count > 0, 'the quiz has questions');
        for (let index = 0; index < count; index++) {
          const question = questions.nth(index);
          assert.ok(await question.isVisible(), `question ${index + 1} is visible`);
          assert.ok(await question.locator('legend').isVisible(), `question ${index + 1} has a visible legend`);
          const inputs = question.locator('input, textarea');
          assert.ok((await inputs.count()) > 0 && (await inputs.first().isVisible()), `question ${index + 1} can be answered`);
        }
        assert.ok(!(await page.locator('form[data-quiz] button[type="submit"]').isVisible()), 'no button that needs the script');

        const keyLink = page.getByRole('link', { name: 'Scoring key' });
        assert.ok(await keyLink.isVisible(), 'the scoring key link is visible');
        const firstBand = page.locator('[data-quiz-band], .quiz-key-questions > li').first();
        assert.ok(!(await firstBand.isVisible()), 'the key is closed until asked for');
        await keyLink.click();
        await page.waitForFunction(() => document.getElementById('quiz-key').open, null, { timeout: 5_000 });
        assert.ok(await firstBand.isVisible(), 'following the link opens the key');
      } finally {
        await page.close();
      }
    });

    it(`${quiz.path} prints to PDF with its questions and its key`, { timeout: 60_000 }, async () => {
      const page = await site.context.newPage();
      const pdf = tempFile('quiz.pdf');
      try {
        await page.goto(site.server.url + quiz.path, { waitUntil: 'load' });
        const expected = await page.evaluate(() => ({
          prompts: Array.from(document.querySelectorAll('form[data-quiz] legend'), (l) => l.textContent),
          bands: Array.from(document.querySelectorAll('[data-quiz-band-title]'), (b) => b.textContent),
        }));
        await page.pdf({ path: pdf, preferCSSPageSize: true });
        const info = poppler('pdfinfo', [pdf]);
        const pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1]);
        assert.ok(pages >= 2, `the PDF has ${pages} page(s)`);
        const text = words(poppler('pdftotext', [pdf, '-']));
        for (const prompt of expected.prompts) {
          // The first words of each question: long prompts wrap, and hyphenation may split the rest.
          const start = words(prompt).split(' ').slice(0, 4).join(' ');
          assert.ok(text.includes(start), `the PDF lacks question "${start}…"`);
        }
        assert.ok(text.includes('Scoring key'), 'the PDF has the scoring key');
        for (const band of expected.bands) {
          assert.ok(text.includes(words(band)), `the PDF lacks the result "${band}"`);
        }
        assert.ok(/Right answers?:|: 0 /.test(text), 'the key gives right answers or points');
        assert.ok(!text.includes('Remember my answers'), 'screen-only controls are not printed');
      } finally {
        await page.close();
        fs.rmSync(pdf, { force: true });
      }
    });
  }
});
