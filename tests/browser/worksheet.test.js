// Filling in a worksheet on screen: typing into every kind of field, reloading and finding the
// answers restored (also in the booklet, which shares them), printing them to PDF, clearing
// them; nothing leaves the site, a strict CSP breaks nothing, and without JavaScript the page is
// still a complete blank worksheet with no dead button.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { servedSite } from './lib/fixture.js';
import { foreignRequests } from './lib/browser.js';
import { siteDir } from './lib/site.js';
import { pdfText } from './lib/pdf.js';
import { worksheetPages, BOOKLET } from './lib/worksheets.js';

const root = siteDir();
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-worksheet-'));
const PREFIX = 'hearth:worksheet:';

/** The first worksheet with every kind of field: ruled lines, a scale, a tracker, a box, a checklist. */
const sheet = worksheetPages(root).find(({ file }) => {
  const html = fs.readFileSync(file, 'utf8');
  return ['ws-lines', 'ws-scale', 'ws-tracker', 'ws-box', 'class="task"'].every((k) => html.includes(k));
});

const ANSWERS = {
  lines: 'I will invite him for a walk on Sunday and keep it light and friendly.',
  box: 'We could go back to the lake where we had our first picnic.',
  cell: 'Sent him a photo of the garden, no questions asked.',
};

const site = servedSite(root);
after(() => fs.rmSync(outDir, { recursive: true, force: true }));

/** A page that records every request it makes and every error it logs. */
async function openPage(context, urlPath) {
  const page = await context.newPage();
  const log = { requests: [], errors: [] };
  page.on('request', (req) => log.requests.push(req.url()));
  page.on('console', (msg) => msg.type() === 'error' && log.errors.push(msg.text()));
  page.on('pageerror', (err) => log.errors.push(String(err)));
  const response = await page.goto(site.server.url + urlPath, { waitUntil: 'load' });
  assert.equal(response.status(), 200);
  return { page, log };
}

const field = {
  lines: '.ws-lines textarea >> nth=0',
  box: '.ws-box textarea >> nth=0',
  cell: '.ws-tracker textarea >> nth=1',
  radio: '.ws-scale-item >> nth=0 >> input[type="radio"] >> nth=3',
  check: '.worksheet li input.task >> nth=1',
};

async function values(page) {
  return {
    lines: await page.inputValue(field.lines),
    box: await page.inputValue(field.box),
    cell: await page.inputValue(field.cell),
    radio: await page.isChecked(field.radio),
    check: await page.isChecked(field.check),
  };
}

const stored = (page) =>
  page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)).sort(), PREFIX);

describe('filling in a worksheet on screen', { concurrency: 1 }, () => {
  let context;
  let page;
  let log;

  before(async () => {
    assert.ok(sheet, 'the site has a worksheet with every kind of field');
    context = await site.newContext({ viewport: { width: 1280, height: 900 } });
    ({ page, log } = await openPage(context, sheet.path));
  });

  after(async () => {
    await context?.close().catch(() => {});
  });

  it('shows the buttons that need JavaScript', async () => {
    assert.ok(await page.isVisible('button[data-worksheet-action="print"] >> nth=0'));
    assert.ok(await page.isVisible('button[data-worksheet-action="clear"]'));
    assert.ok(await page.isEnabled(field.check), 'checklist boxes can be ticked');
  });

  it('keeps what is typed in this browser, by page and field', async () => {
    await page.fill(field.lines, ANSWERS.lines);
    await page.fill(field.box, ANSWERS.box);
    await page.fill(field.cell, ANSWERS.cell);
    await page.check(field.radio);
    await page.check(field.check);
    const keys = await stored(page);
    assert.equal(keys.length, 5, `five answers stored: ${keys.join(', ')}`);
    for (const key of keys) assert.ok(key.startsWith(`${PREFIX}${sheet.path}#`), key);
  });

  it('restores the answers after a reload', async () => {
    await page.reload({ waitUntil: 'load' });
    assert.deepEqual(await values(page), { ...ANSWERS, radio: true, check: true });
  });

  it('shows the same answers in the booklet', async () => {
    const booklet = await context.newPage();
    await booklet.goto(site.server.url + BOOKLET, { waitUntil: 'load' });
    const name = await page.getAttribute(field.lines, 'name');
    assert.equal(await booklet.inputValue(`textarea[name="${name}"]`), ANSWERS.lines);
    await booklet.close();
  });

  it('prints what was written', { timeout: 60_000 }, async () => {
    const file = path.join(outDir, 'filled.pdf');
    await page.pdf({ path: file, preferCSSPageSize: true });
    const text = pdfText(file);
    for (const answer of Object.values(ANSWERS)) {
      assert.ok(text.includes(answer), `the PDF shows "${answer}"`);
    }
  });

  it('"Clear my answers" empties every field and the storage', async () => {
    await page.click('button[data-worksheet-action="clear"]');
    assert.deepEqual(await values(page), { lines: '', box: '', cell: '', radio: false, check: false });
    assert.deepEqual(await stored(page), []);
    assert.match(await page.textContent('.ws-status'), /cleared/);
    await page.reload({ waitUntil: 'load' });
    assert.deepEqual(await values(page), { lines: '', box: '', cell: '', radio: false, check: false });
  });

  it('made no request off the site and logged no error', () => {
    assert.deepEqual(foreignRequests(log.requests, site.server.url), []);
    assert.deepEqual(log.errors, []);
    assert.ok(log.requests.some((u) => u.endsWith('/worksheet.js')), 'worksheet.js was loaded');
  });
});

describe('under a strict Content-Security-Policy', () => {
  it("default-src 'self' blocks nothing: no violation, and the script runs", { timeout: 60_000 }, async () => {
    const context = await site.newContext();
    await context.route(
      (url) => url.origin === site.server.url,
      async (route) => {
        const response = await route.fetch();
        await route.fulfill({
          response,
          headers: { ...response.headers(), 'content-security-policy': "default-src 'self'" },
        });
      },
    );
    try {
      for (const urlPath of [sheet.path, BOOKLET]) {
        const { page, log } = await openPage(context, urlPath);
        assert.deepEqual(log.errors, [], `${urlPath}: CSP violations or errors`);
        assert.ok(await page.isVisible('button[data-worksheet-action="print"] >> nth=0'), 'the script ran');
        await page.close();
      }
    } finally {
      await context.close();
    }
  });
});

describe('without JavaScript', () => {
  it('is a complete blank worksheet with no dead button', { timeout: 60_000 }, async () => {
    const context = await site.newContext({ javaScriptEnabled: false });
    try {
      const { page } = await openPage(context, sheet.path);
      for (const action of ['print', 'clear']) {
        assert.equal(await page.locator(`button[data-worksheet-action="${action}"]`).filter({ visible: true }).count(), 0);
      }
      assert.ok((await page.locator('.ws-rule').count()) > 0, 'ruled lines are there');
      assert.ok(await page.isVisible(field.lines), 'answer fields are there');
      await page.fill(field.lines, 'typed without script');
      const file = path.join(outDir, 'blank.pdf');
      await page.pdf({ path: file, preferCSSPageSize: true });
      const text = pdfText(file);
      const prompt = (await page.textContent('.ws-prompt')).replace(/\s+/g, ' ').trim();
      assert.ok(text.includes(prompt), 'the prompts print');
      assert.ok(text.includes('typed without script'), 'what is typed prints, even without script');
    } finally {
      await context.close();
    }
  });
});
