// Search: nothing of it is fetched before the reader opens it; opened (button or "/"), the
// dialog takes the focus, finds words from an article's body and from a worksheet, closes on
// Escape and gives the focus back; the button is in place from the start (no layout shift).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { servedSite } from './lib/fixture.js';
import { siteDir } from './lib/site.js';

const root = siteDir();
const site = servedSite(root, { context: { viewport: { width: 1280, height: 900 } } });

const isSearchRequest = (url) => /\/search(\.js$|\/)/.test(new URL(url).pathname);

/** Opens `path` and records every request and the bytes of every search response. */
async function openPage(path) {
  const page = await site.context.newPage();
  const requests = [];
  const searchBytes = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('response', async (response) => {
    if (isSearchRequest(response.url())) {
      const body = await response.body().catch(() => Buffer.alloc(0));
      searchBytes.push([new URL(response.url()).pathname, body.length]);
    }
  });
  await page.goto(site.server.url + path, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  return { page, requests, searchBytes };
}

async function query(page, words) {
  await page.$eval('#search-status', (status) => { status.textContent = ''; });
  await page.fill('#search-input', words);
  await page.waitForFunction(
    () => /found|No page/.test(document.getElementById('search-status').textContent),
    null,
    { timeout: 10_000 },
  );
  return page.$$eval('#search-results a', (links) => links.map((a) => a.getAttribute('href')));
}

describe('search', () => {
  it('fetches nothing of the index before the dialog opens, then finds an article by a word of its body', async () => {
    const { page, requests, searchBytes } = await openPage('/');
    try {
      assert.deepEqual(requests.filter(isSearchRequest), [], 'search requests before opening');
      assert.equal(await page.isVisible('.search-open'), true);
      assert.equal(await page.isVisible('#search-dialog'), false);
      await page.click('.search-open');
      assert.equal(await page.isVisible('#search-dialog'), true);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
      const results = await query(page, 'muddled');
      assert.equal(results[0], '/articles/does-your-husband-still-love-you/', results.join(' '));
      const fetched = searchBytes.map(([path]) => path).sort();
      assert.deepEqual(fetched, ['/search.js', '/search/index.json', '/search/p/0.json', '/search/w/mu.json']);
    } finally {
      await page.close();
    }
  });

  it('finds a worksheet by a word of its text, and a word typed in part', async () => {
    const { page } = await openPage('/articles/');
    try {
      await page.keyboard.press('/');
      assert.equal(await page.isVisible('#search-dialog'), true);
      const results = await query(page, 'hobbies');
      assert.equal(results[0], '/worksheets/how-much-do-i-care/', results.join(' '));
      const partial = await query(page, 'hobb');
      assert.equal(partial[0], '/worksheets/how-much-do-i-care/', partial.join(' '));
      const some = await query(page, 'hobbies zzzqqq');
      assert.deepEqual(some, ['/worksheets/how-much-do-i-care/']);
      assert.match(await page.textContent('#search-status'), /^No page has all of these words; 1 page has some of them\.$/);
      assert.deepEqual(await query(page, 'zzzqqq'), []);
      assert.equal(await page.textContent('#search-status'), 'No page has these words.');
    } finally {
      await page.close();
    }
  });

  it('is worked by the keyboard: Escape closes it and the focus goes back to the button', async () => {
    const { page } = await openPage('/worksheets/');
    try {
      await page.focus('.search-open');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
      await query(page, 'worksheet');
      await page.keyboard.press('ArrowDown');
      assert.equal(
        await page.evaluate(() => document.activeElement.closest('#search-results') !== null),
        true,
        'ArrowDown moves to the first result',
      );
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('#search-dialog'), false);
      assert.equal(
        await page.evaluate(() => document.activeElement.classList.contains('search-open')),
        true,
      );
      const label = await page.$eval('#search-input', (input) => input.labels[0]?.textContent);
      assert.equal(label, 'Words to look for');
    } finally {
      await page.close();
    }
  });

  it('moves nothing on the page when its button appears (no layout shift)', async () => {
    const page = await site.context.newPage();
    try {
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto(site.server.url + '/articles/caring-in-marriage/', { waitUntil: 'load' });
      await page.waitForLoadState('networkidle');
      await page.click('.search-open');
      await query(page, 'care');
      await page.keyboard.press('Escape');
      assert.equal(await page.evaluate(() => window.__shift), 0);
    } finally {
      await page.close();
    }
  });
});
