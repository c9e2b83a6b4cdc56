// Every worksheet and the booklet printed to PDF by Chromium with the CSS page size, as a reader's
// "Print" does: the configured paper (pdfinfo), the expected page count, no empty page, and on
// the paper (pdftotext) the title, every prompt, "Page N of M" and the site's name in the footer,
// the running title on the pages after the first, and nothing of the site's navigation or buttons.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { servedSite } from './lib/fixture.js';
import { siteDir } from './lib/site.js';
import { PAPER, pdfInfo, pdfPageText, pdfText, normalize } from './lib/pdf.js';
import { worksheetPages, BOOKLET, expectations } from './lib/worksheets.js';

const root = siteDir();
const sheets = worksheetPages(root);
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-print-'));

// The repository's own worksheets are laid out to fill two sheets of A4 or Letter each.
const EXPECTED_PAGES = {
  '/worksheets/before-i-act/': 2,
  '/worksheets/how-much-do-i-care/': 2,
  '/worksheets/is-this-still-healthy/': 2,
};
// Words that only the screen shows: navigation, buttons, links for the screen.
const SCREEN_ONLY = [
  'Skip to content',
  'Subscribe to the feed',
  'Print this worksheet',
  'Print the booklet',
  'Clear my answers',
  'All worksheets as one printable booklet',
  'Open this worksheet on its own page',
  'min read',
];

const site = servedSite(root, { context: { viewport: { width: 1280, height: 900 } } });
after(() => fs.rmSync(outDir, { recursive: true, force: true }));

const printedPages = {};
const printedTitles = {};

/** Opens `urlPath`, reads what its paper must show, prints it; `{ file, expected }`. */
async function print(urlPath) {
  const page = await site.context.newPage();
  try {
    const response = await page.goto(site.server.url + urlPath, { waitUntil: 'load' });
    assert.equal(response.status(), 200, `${urlPath} answered HTTP ${response.status()}`);
    const expected = await page.evaluate(expectations);
    const file = path.join(outDir, `${urlPath.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home'}.pdf`);
    // No printBackground: answer lines, circles and boxes must print as borders.
    await page.pdf({ path: file, preferCSSPageSize: true });
    return { file, expected };
  } finally {
    await page.close();
  }
}

function checkPaper(file, info, expected) {
  const paper = PAPER[expected.paper];
  assert.ok(paper, `unknown paper ${expected.paper}`);
  assert.equal(info.sizes.length, info.pages, `pdfinfo gave sizes for every page of ${file}`);
  for (const [index, size] of info.sizes.entries()) {
    assert.deepEqual(size, paper, `page ${index + 1} of ${file} is ${size.width}x${size.height} pt, not ${expected.paper}`);
  }
}

/** Every page: the footer (site name, Page i of N), some content, the running title after page 1. */
function checkPages(file, info, expected, runningTitles) {
  for (let number = 1; number <= info.pages; number++) {
    const text = pdfPageText(file, number);
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const footer = lines.at(-1) ?? '';
    assert.match(footer, new RegExp(`Page ${number} of ${info.pages}$`), `footer of page ${number}: ${footer}`);
    assert.ok(footer.startsWith(expected.siteName), `the site's name in the footer of page ${number}: ${footer}`);
    if (runningTitles) {
      const header = normalize(lines[0]);
      const wanted = runningTitles(number);
      if (wanted) assert.ok(wanted.startsWith(header.slice(0, 40)), `running title on page ${number}: ${header}`);
    }
    const body = lines.slice(runningTitles && number > 1 ? 1 : 0, -1);
    assert.ok(body.length > 0, `page ${number} of ${file} is empty`);
  }
}

function checkText(file, expected) {
  const text = pdfText(file);
  for (const word of SCREEN_ONLY) assert.ok(!text.includes(word), `${file} shows "${word}"`);
  if (expected.nav.length) {
    assert.ok(!text.includes(expected.nav.join(' ')), `${file} shows the navigation: ${expected.nav.join(' ')}`);
  }
  for (const prompt of expected.prompts) {
    assert.ok(text.includes(normalize(prompt)), `${file} is missing the prompt "${prompt}"`);
  }
  return text;
}

describe('every worksheet prints to PDF with the CSS page size', { concurrency: 1 }, () => {
  it('the site has worksheets', () => {
    assert.ok(sheets.length >= 3, `only ${sheets.length} worksheet(s) in ${root}`);
  });

  for (const sheet of sheets) {
    it(sheet.path, { timeout: 60_000 }, async () => {
      const { file, expected } = await print(sheet.path);
      const info = pdfInfo(file);
      checkPaper(file, info, expected);
      assert.ok(info.pages >= expected.breaks + 1, `${info.pages} pages for ${expected.breaks} page breaks`);
      if (EXPECTED_PAGES[sheet.path]) {
        assert.equal(info.pages, EXPECTED_PAGES[sheet.path], `${sheet.path} prints on ${info.pages} pages`);
      }
      const text = checkText(file, expected);
      assert.ok(text.startsWith(expected.title), `${file} does not start with its title: ${text.slice(0, 120)}`);
      // The running title is on every page but the first, which has the title itself.
      checkPages(file, info, expected, (n) => (n > 1 ? expected.title : null));
      assert.ok(pdfPageText(file, 1).includes('Page 1 of'), 'Page 1 of N in the first footer');
      printedPages[sheet.path] = info.pages;
      printedTitles[sheet.path] = expected.title;
    });
  }

  it(`the booklet (${BOOKLET}): a contents page, then every worksheet from a new page`, { timeout: 90_000 }, async () => {
    const { file, expected } = await print(BOOKLET);
    const info = pdfInfo(file);
    checkPaper(file, info, expected);
    checkText(file, expected);
    if (Object.keys(printedTitles).length === sheets.length) {
      assert.deepEqual(expected.sheets.slice().sort(), Object.values(printedTitles).sort(), 'every worksheet is in the booklet');
    }
    const contents = normalize(pdfPageText(file, 1));
    for (const title of expected.sheets) assert.ok(contents.includes(title), `the contents page lists "${title}"`);
    const total = Object.values(printedPages).reduce((a, b) => a + b, 0);
    if (Object.keys(printedPages).length === sheets.length) {
      assert.equal(info.pages, 1 + total, 'contents page + each worksheet as printed on its own');
    }
    // Each worksheet starts a page: its title is the first thing on some page.
    const firsts = new Set();
    for (let n = 2; n <= info.pages; n++) {
      const lines = pdfPageText(file, n).split('\n').map((l) => normalize(l)).filter(Boolean);
      firsts.add(lines[0]);
      firsts.add(lines[1]);
    }
    for (const title of expected.sheets) {
      assert.ok([...firsts].some((l) => l && title.startsWith(l.slice(0, 30))), `"${title}" starts a page`);
    }
    checkPages(file, info, expected, null);
  });
});
