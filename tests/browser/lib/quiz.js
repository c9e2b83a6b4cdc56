// Helpers for the quiz tests: find the site's quizzes, answer one with the keyboard alone,
// and work out from the page's own scoring data what its result must be.

import fs from 'node:fs';
import path from 'node:path';

import { htmlPages } from './site.js';

/** Every quiz page of the site as `{ path, mode }`, sorted by path. */
export function quizPages(root) {
  return htmlPages(root)
    .map(({ file, path: urlPath }) => {
      const match = fs.readFileSync(file, 'utf8').match(/<form class="quiz"[^>]*data-mode="(\w+)"/);
      return match ? { path: urlPath, mode: match[1] } : null;
    })
    .filter(Boolean);
}

/** The first quiz of a mode (`assessment` or `knowledge`), or null. */
export function firstQuiz(root, mode) {
  return quizPages(root).find((q) => q.mode === mode)?.path ?? null;
}

/** What each question of the page's quiz is: `{ id, type, count, correct: [bool], points: [n] }`. */
export function questionsOf(page) {
  return page.$$eval('form[data-quiz] fieldset[data-question]', (sets) =>
    sets.map((set) => {
      const inputs = Array.from(set.querySelectorAll('input'));
      return {
        id: set.dataset.question,
        type: set.dataset.type,
        number: set.querySelector('.quiz-number').textContent.replace('.', ''),
        count: inputs.length,
        correct: inputs.map((i) => i.hasAttribute('data-correct')),
        points: inputs.map((i) => Number(i.dataset.points ?? 0)),
      };
    }),
  );
}

const focusedQuestion = () => document.activeElement?.closest('fieldset[data-question]')?.dataset.question ?? null;

/** Presses Tab until `test(argument)` (run in the page) is true; fails after `max` presses. */
export async function tabUntil(page, test, argument, max = 80) {
  for (let presses = 0; presses < max; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(test, argument)) return;
  }
  throw new Error(`Tab never reached the target (${test})`);
}

/**
 * Answers every question with the keyboard only: Tab into each group, Space to choose, arrow
 * keys to move within radio groups, typing into text boxes. `choose(question)` gives the
 * option indexes to pick (or the text to type). Returns the picks, by question id.
 */
export async function answerByKeyboard(page, questions, choose) {
  const picks = {};
  for (const question of questions) {
    await tabUntil(page, (id) => (document.activeElement?.closest('fieldset[data-question]')?.dataset.question ?? null) === id, question.id);
    const pick = choose(question);
    picks[question.id] = pick;
    if (question.type === 'text') {
      await page.keyboard.type(pick);
    } else if (question.type === 'multiple') {
      for (let index = 0; index < question.count; index++) {
        if (pick.includes(index)) await page.keyboard.press('Space');
        if (index < question.count - 1) await page.keyboard.press('Tab');
      }
    } else {
      await page.keyboard.press('Space');
      for (let index = 0; index < pick[0]; index++) await page.keyboard.press('ArrowRight');
    }
  }
  return picks;
}

/** The indexes of the checked inputs of each question, by id (texts for text questions). */
export function answersOnPage(page) {
  return page.$$eval('form[data-quiz] fieldset[data-question]', (sets) =>
    Object.fromEntries(
      sets.map((set) => [
        set.dataset.question,
        set.dataset.type === 'text'
          ? set.querySelector('textarea').value
          : Array.from(set.querySelectorAll('input')).flatMap((input, index) => (input.checked ? [index] : [])),
      ]),
    ),
  );
}

/** The band of the page's key that holds `total`: `{ min, max, title }`, or null. */
export function bandFor(page, total) {
  return page.$$eval(
    '[data-quiz-band]',
    (bands, score) => {
      const band = bands.find((b) => Number(b.dataset.min) <= score && score <= Number(b.dataset.max));
      return band ? { title: band.querySelector('[data-quiz-band-title]').textContent.trim() } : null;
    },
    total,
  );
}

/** The text of the page's status region once it holds `expected` (or after a timeout). */
export async function statusText(page, expected, timeout = 5_000) {
  const status = page.getByRole('status');
  await page
    .waitForFunction((text) => document.querySelector('[data-quiz-status]')?.textContent.includes(text), expected, { timeout })
    .catch(() => {});
  return (await status.textContent()).replace(/\s+/g, ' ').trim();
}

export const focusedQuestionId = (page) => page.evaluate(focusedQuestion);

/** Where `tests/browser` keeps nothing: PDFs and the like go to the system's temporary folder. */
export function tempFile(name) {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'hearth-quiz-'));
  return path.join(dir, name);
}

/** The `n`th answer (from 1) of question `id`, and the text box of a written answer. */
export const choice = (id, n) => `form[data-quiz] input[name="${id}"][value="${n - 1}"]`;
export const textBox = (id) => `form[data-quiz] textarea[name="${id}"]`;
