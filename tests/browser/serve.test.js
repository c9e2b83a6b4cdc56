// hearth serve in Chromium, on a temporary copy of tests/fixtures/serve_site: an article open in
// the browser shows an edit of its Markdown by itself (the test never reloads it), a stylesheet
// edit restyles the page without a navigation, and a broken header shows the problems overlay
// with `path:line` until it is fixed. The pages make no request off their origin.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { launchBrowser, newContext, foreignRequests } from './lib/browser.js';
import { copyFixture, startServe } from './lib/serve.js';

/** How long a change may take to show: a rebuild takes milliseconds, but tests share two cores. */
const WAIT = 15_000;

let root;
let server;
let browser;
let context;
const requests = [];
const pageErrors = [];

before(async () => {
  root = copyFixture('serve_site');
  server = await startServe(root);
  browser = await launchBrowser();
  context = await newContext(browser, server.url, { viewport: { width: 1024, height: 800 } });
});

after(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await server?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const file = (relative) => path.join(root, relative);
const read = (relative) => fs.readFileSync(file(relative), 'utf8');
const write = (relative, text) => fs.writeFileSync(file(relative), text);

/** Opens `urlPath` and waits until the page listens on the reload channel. */
async function open(urlPath) {
  const page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(String(error?.stack || error)));
  const listening = page.waitForResponse(
    (response) => new URL(response.url()).pathname === '/__hearth/events',
    { timeout: WAIT },
  );
  const response = await page.goto(server.url + urlPath, { waitUntil: 'load' });
  assert.equal(response.status(), 200, `${urlPath} is served`);
  assert.equal((await listening).status(), 200, 'the reload channel answers');
  // A mark that a reload of the page wipes out.
  await page.evaluate(() => {
    window.hearthTestMark = 'still the same document';
  });
  return page;
}

/** Counts the main frame's navigations from now on. */
function navigations(page) {
  let count = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) count += 1;
  });
  return () => count;
}

const mark = (page) => page.evaluate(() => window.hearthTestMark);

function assertStayedOnOrigin() {
  assert.deepEqual(foreignRequests(requests, server.url), [], 'requests off the origin');
  assert.deepEqual(pageErrors, [], 'script errors in the pages');
}

describe('hearth serve in the browser', () => {
  it('an open article shows an edit of its Markdown without the test reloading it', async () => {
    const page = await open('/articles/first/');
    const navigated = navigations(page);
    const sentence = 'A sentence written while the page was open.';
    assert.equal(await page.getByText(sentence).count(), 0);

    write('content/articles/first.md', `${read('content/articles/first.md')}\n${sentence}\n`);

    await page.getByText(sentence).waitFor({ state: 'visible', timeout: WAIT });
    assert.equal(await mark(page), undefined, 'the page reloaded itself');
    assert.ok(navigated() >= 1, 'the page navigated once by itself');
    assert.equal(new URL(page.url()).pathname, '/articles/first/');
    await page.close();
    assertStayedOnOrigin();
  });

  it('a stylesheet edit restyles the open page without a navigation', async () => {
    const page = await open('/articles/first/');
    const navigated = navigations(page);
    const outline = () => page.evaluate(() => getComputedStyle(document.body).outlineColor);
    assert.notEqual(await outline(), 'rgb(1, 2, 3)');

    const stylesheet = 'themes/hearth/static/style.css';
    write(stylesheet, `${read(stylesheet)}\nbody { outline: 5px solid rgb(1, 2, 3); }\n`);

    await page.waitForFunction(
      () => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)',
      null,
      { timeout: WAIT },
    );
    assert.equal(await mark(page), 'still the same document', 'the page was not reloaded');
    assert.equal(navigated(), 0, 'no navigation');
    const sheets = await page.evaluate(() =>
      Array.from(document.querySelectorAll('link[rel="stylesheet"]'), (link) => link.href),
    );
    assert.equal(sheets.filter((href) => new URL(href).pathname === '/style.css').length, 1);
    await page.close();
    assertStayedOnOrigin();
  });

  it('a broken header shows the overlay with path:line, and fixing it removes it', async () => {
    const article = 'content/articles/first.md';
    const good = read(article);
    const page = await open('/articles/first/');
    const overlay = page.locator('#hearth-problems');
    assert.equal(await overlay.count(), 0);

    write(article, good.replace('date = 2024-01-10', 'date = someday'));

    await overlay.waitFor({ state: 'visible', timeout: WAIT });
    const problems = await overlay.innerText();
    assert.match(problems, /content\/articles\/first\.md:4:\d+: /, problems);
    assert.equal(await mark(page), 'still the same document', 'the last good page stays');
    assert.equal(await page.getByRole('heading', { level: 1, name: 'The First' }).count(), 1);

    write(article, good);

    await overlay.waitFor({ state: 'detached', timeout: WAIT });
    assert.equal(await page.getByRole('heading', { level: 1, name: 'The First' }).count(), 1);
    await page.close();
    assertStayedOnOrigin();
  });
});
