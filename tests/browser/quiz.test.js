// Quizzes as a reader uses them, in Chromium: answered with the keyboard alone, scored in the
// page with the result announced in its status region, unanswered questions pointed out,
// retried, remembered only when asked and forgotten on request; no request leaves the page,
// a strict Content-Security-Policy breaks nothing, reduced motion is respected, and axe-core
// finds no WCAG 2.1 A/AA violation before or after scoring.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { runAxe, describeViolations } from './lib/axe.js';
import { servedSite } from './lib/fixture.js';
import { foreignRequests } from './lib/browser.js';
import { siteDir } from './lib/site.js';
import {
  answerByKeyboard,
  answersOnPage,
  bandFor,
  choice,
  firstQuiz,
  focusedQuestionId,
  questionsOf,
  statusText,
  tabUntil,
  textBox,
} from './lib/quiz.js';

const root = siteDir();
const assessment = firstQuiz(root, 'assessment');
const knowledge = firstQuiz(root, 'knowledge');

const site = servedSite(root);

/**
 * Opens a quiz in a fresh context (so storage starts empty) and records every request and
 * error; `requestsAfterLoad` holds what the page asked for once it had loaded.
 */
async function open(urlPath, options = {}) {
  const context = await site.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const seen = { requests: [], requestsAfterLoad: [], errors: [], loaded: false };
  page.on('request', (request) => {
    seen.requests.push(request.url());
    if (seen.loaded) seen.requestsAfterLoad.push(request.url());
  });
  page.on('pageerror', (error) => seen.errors.push(String(error)));
  page.on('console', (message) => message.type() === 'error' && seen.errors.push(message.text()));
  await page.goto(site.server.url + urlPath, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
  seen.loaded = true;
  return { context, page, seen };
}

async function submitByKeyboard(page) {
  await tabUntil(page, () => document.activeElement?.matches('form[data-quiz] button[type="submit"]'));
  await page.keyboard.press('Enter');
}

// A quiz's first view needs none of the rules for a scored quiz: quiz.js links them when the
// reader first touches the form, and nothing else is asked for after the page has loaded.
const resultStyle = () => `${site.server.url}/quiz-result.css`;

const lastOption = (question) => (question.type === 'text' ? 'Cook together on Sunday' : [question.count - 1]);

describe('an assessment quiz', () => {
  it('is answered by keyboard alone and announces its band in the status region', { timeout: 90_000 }, async () => {
    assert.ok(assessment, 'the site has no assessment quiz');
    const { context, page, seen } = await open(assessment);
    try {
      const questions = await questionsOf(page);
      assert.ok(questions.some((q) => q.type === 'scale'), 'the quiz has scale questions');
      const picks = await answerByKeyboard(page, questions, lastOption);
      assert.deepEqual(await answersOnPage(page), picks, 'the keyboard chose every answer');
      await submitByKeyboard(page);

      const total = questions
        .filter((q) => q.type !== 'text')
        .reduce((sum, q) => sum + q.points[picks[q.id][0]], 0);
      const band = await bandFor(page, total);
      assert.ok(band, `no band holds the score ${total}`);
      const status = await statusText(page, band.title);
      const max = await page.$eval('form[data-quiz]', (form) => form.dataset.max);
      assert.match(status, new RegExp(`^Your score: ${total} out of ${max}\\.`));
      assert.ok(status.includes(band.title), `the status region shows the band "${band.title}":\n${status}`);
      assert.ok(await page.getByRole('button', { name: 'Try again' }).isVisible());
      const help = await page.$eval('[data-quiz-help]', (note) => !note.closest('[hidden]') && note.textContent.trim());
      assert.ok(help && help.includes('not a diagnosis'), 'the help note shows with the result');
      assert.deepEqual(seen.errors, []);
    } finally {
      await context.close();
    }
  });

  it('points out unanswered questions and moves the focus to the first', { timeout: 60_000 }, async () => {
    const { context, page } = await open(assessment);
    try {
      const questions = (await questionsOf(page)).filter((q) => q.type !== 'text');
      await page.check(choice(questions[0].id, 1));
      await page.check(choice(questions[2].id, 2));
      await page.getByRole('button', { name: 'See my result' }).click();
      const missing = questions.filter((_, index) => index !== 0 && index !== 2);
      const status = await statusText(page, 'Please answer');
      const numbers = missing.map((q) => q.number);
      const list = numbers.length > 1 ? `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}` : numbers[0];
      assert.equal(status, `Please answer questions ${list} first.`);
      assert.equal(await focusedQuestionId(page), missing[0].id, 'the focus is on the first unanswered question');
      const marked = await page.$$eval('fieldset.is-missing', (sets) => sets.map((s) => s.dataset.question));
      assert.deepEqual(marked, missing.map((q) => q.id));
      assert.ok(await page.locator(`#quiz-${missing[0].id}`).getByText('Not answered yet.').isVisible());

      await page.keyboard.press('Space');
      assert.ok(!(await page.$eval(`#quiz-${missing[0].id}`, (s) => s.classList.contains('is-missing'))), 'answering clears the mark');
    } finally {
      await context.close();
    }
  });

  it('starts over with "Try again"', { timeout: 60_000 }, async () => {
    const { context, page } = await open(assessment);
    try {
      const questions = await questionsOf(page);
      for (const q of questions) {
        if (q.type === 'text') await page.fill(textBox(q.id), 'A thought');
        else await page.check(choice(q.id, 1));
      }
      await page.getByRole('button', { name: 'See my result' }).click();
      await statusText(page, 'Your score');
      await page.getByRole('button', { name: 'Try again' }).click();
      assert.equal(await page.getByRole('status').textContent(), '');
      assert.equal(await page.$$eval('form[data-quiz] fieldset input:checked', (i) => i.length), 0);
      assert.equal(await page.$$eval('[data-quiz-feedback]:not([hidden])', (f) => f.length), 0);
      assert.ok(await page.$eval('[data-quiz-after]', (a) => a.hidden));
      assert.equal(await focusedQuestionId(page), questions[0].id, 'the focus is back on the first question');
    } finally {
      await context.close();
    }
  });

  it('keeps answers on the device only when asked, and forgets them', { timeout: 60_000 }, async () => {
    const { context, page } = await open(assessment);
    const stored = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hearth-quiz:')));
    try {
      const [first, second] = await questionsOf(page);
      await page.check(choice(first.id, 2));
      assert.deepEqual(await stored(), [], 'nothing is stored without asking');
      await page.reload();
      assert.deepEqual((await answersOnPage(page))[first.id], [], 'answers lived in memory only');

      await page.getByLabel('Remember my answers on this device').check();
      await page.check(choice(first.id, 2));
      await page.check(choice(second.id, 3));
      assert.equal((await stored()).length, 1);
      await page.reload();
      const restored = await answersOnPage(page);
      assert.deepEqual([restored[first.id], restored[second.id]], [[1], [2]], 'remembered answers come back');
      assert.ok(await page.getByLabel('Remember my answers on this device').isChecked());

      await page.getByRole('button', { name: 'Forget my answers' }).click();
      assert.deepEqual(await stored(), [], 'forgotten answers leave no trace');
      assert.ok(!(await page.getByLabel('Remember my answers on this device').isChecked()));
      assert.equal(await page.$$eval('form[data-quiz] fieldset input:checked', (i) => i.length), 0);
      await page.reload();
      assert.equal(await page.$$eval('form[data-quiz] fieldset input:checked', (i) => i.length), 0);

      await page.getByLabel('Remember my answers on this device').check();
      await page.check(choice(first.id, 1));
      await page.getByLabel('Remember my answers on this device').uncheck();
      assert.deepEqual(await stored(), [], 'unticking "remember" forgets too');
    } finally {
      await context.close();
    }
  });

  it('sends no request while it is answered and scored', { timeout: 60_000 }, async () => {
    const { context, page, seen } = await open(assessment);
    try {
      const questions = await questionsOf(page);
      await page.getByLabel('Remember my answers on this device').check();
      for (const q of questions) {
        if (q.type === 'text') await page.fill(textBox(q.id), 'Private words');
        else await page.check(choice(q.id, 1));
      }
      await page.getByRole('button', { name: 'See my result' }).click();
      await statusText(page, 'Your score');
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.waitForTimeout(300);
      assert.deepEqual(foreignRequests(seen.requests, site.server.url), [], 'a request left the origin');
      assert.deepEqual(seen.requestsAfterLoad, [resultStyle()], 'after loading, the quiz asked only for its result styles');
      assert.ok(seen.requests.some((u) => u.endsWith('/quiz.js')), 'the script came from the site');
    } finally {
      await context.close();
    }
  });

  it('works under a strict Content-Security-Policy', { timeout: 60_000 }, async () => {
    const context = await site.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route(
      (url) => url.origin === site.server.url && url.pathname === assessment,
      async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers(), 'content-security-policy': "default-src 'self'" };
        await route.fulfill({ response, headers });
      },
    );
    const page = await context.newPage();
    const violations = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
    try {
      await page.goto(site.server.url + assessment, { waitUntil: 'load' });
      for (const q of await questionsOf(page)) {
        if (q.type !== 'text') await page.check(choice(q.id, 1));
      }
      await page.getByRole('button', { name: 'See my result' }).click();
      assert.match(await statusText(page, 'Your score'), /^Your score: /);
      assert.deepEqual(violations, []);
    } finally {
      await context.close();
    }
  });

  it('moves nothing when the reader prefers reduced motion', { timeout: 60_000 }, async () => {
    for (const reducedMotion of ['no-preference', 'reduce']) {
      const { context, page } = await open(assessment, { reducedMotion });
      try {
        const transition = await page.$eval('.quiz-choices > label', (c) => getComputedStyle(c).transitionDuration);
        const smooth = await page.evaluate(() => getComputedStyle(document.documentElement).scrollBehavior);
        if (reducedMotion === 'reduce') {
          assert.ok(transition.split(',').every((d) => parseFloat(d) === 0), `transitions: ${transition}`);
          assert.equal(smooth, 'auto');
        } else {
          assert.ok(transition.split(',').some((d) => parseFloat(d) > 0), 'choices ease when motion is fine');
        }
      } finally {
        await context.close();
      }
    }
  });
});

describe('a knowledge quiz', () => {
  it('is answered by keyboard alone, then shows right answers, feedback and explanations', { timeout: 90_000 }, async () => {
    assert.ok(knowledge, 'the site has no knowledge quiz');
    const { context, page, seen } = await open(knowledge);
    try {
      assert.ok(!seen.requests.some((url) => url.endsWith('/quiz-result.css')), 'the result styles wait for the reader');
      const questions = await questionsOf(page);
      assert.ok(questions.some((q) => q.type === 'single') && questions.some((q) => q.type === 'multiple'));
      const rightIndexes = (q) => q.correct.flatMap((right, index) => (right ? [index] : []));
      // Every answer right but the first, which takes the first wrong option.
      const [firstQuestion] = questions;
      const wrong = firstQuestion.correct.findIndex((right) => !right);
      const picks = await answerByKeyboard(page, questions, (q) =>
        q.type === 'text' ? 'Stay calm' : q === firstQuestion ? [wrong] : q.type === 'multiple' ? rightIndexes(q) : [rightIndexes(q)[0]],
      );
      assert.deepEqual(await answersOnPage(page), picks);
      await submitByKeyboard(page);

      const scored = questions.filter((q) => q.type !== 'text');
      const total = scored.length - 1;
      const status = await statusText(page, 'questions right');
      assert.ok(status.startsWith(`You answered ${total} of ${scored.length} questions right.`), status);
      const band = await bandFor(page, total);
      if (band) assert.ok(status.includes(band.title), status);

      const firstFeedback = await page.locator(`#quiz-${firstQuestion.id} [data-quiz-feedback]`).innerText();
      assert.match(firstFeedback, /^Not quite\.\s+The right answer: /);
      for (const q of scored.slice(1)) {
        const feedback = await page.locator(`#quiz-${q.id} [data-quiz-feedback]`).innerText();
        assert.match(feedback, /^Right\./, `question ${q.number}`);
      }
      const explained = await page.$$eval('[data-quiz-explanation]', (all) => all.map((e) => e.dataset.quizExplanation));
      for (const id of explained) {
        assert.ok(await page.locator(`#quiz-${id} .quiz-explanation`).isVisible(), `the explanation of ${id} shows`);
      }
      const border = await page.locator(`#quiz-${firstQuestion.id} [data-quiz-feedback]`).evaluate((box) => getComputedStyle(box).borderLeftWidth);
      assert.equal(border, '4px', 'the feedback is drawn by quiz-result.css');
      assert.deepEqual(seen.errors, []);
      assert.deepEqual(seen.requestsAfterLoad, [resultStyle()], 'after loading, only the result styles');
    } finally {
      await context.close();
    }
  });
});

for (const scheme of ['light', 'dark']) {
  describe(`axe-core on the quizzes, ${scheme} colour scheme`, () => {
    for (const [name, getPath] of [['the assessment', () => assessment], ['the knowledge quiz', () => knowledge]]) {
      it(`${name} has no WCAG 2.1 A/AA violations, before and after scoring`, { timeout: 90_000 }, async () => {
        // bypassCSP: axe-core is injected as a script of its own.
        const { context, page } = await open(getPath(), { colorScheme: scheme, bypassCSP: true });
        try {
          const run = () => runAxe(page);
          const before = await run();
          assert.ok(before.passes.length > 0, 'axe-core ran');
          assert.ok(before.violations.length === 0, `before scoring:\n${describeViolations(before.violations)}`);

          for (const q of await questionsOf(page)) {
            if (q.type !== 'text') await page.check(choice(q.id, 1));
          }
          await page.locator('form[data-quiz] button[type="submit"]').click();
          await page.waitForFunction(() => document.querySelector('[data-quiz-status]').textContent.trim() !== '');
          await page.$eval('#quiz-key', (key) => (key.open = true));
          const after = await run();
          assert.ok(after.violations.length === 0, `after scoring:\n${describeViolations(after.violations)}`);
        } finally {
          await context.close();
        }
      });
    }
  });
}
