// The built site opened from disk (file://), as the README's first step does: the home page
// and an article have the theme's styles, a menu link and an article link open the right
// pages (theme.js names a folder's index.html, which file:// does not open by itself), and
// search says that it needs the published site instead of failing.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { launchBrowser } from './lib/browser.js';
import { siteDir, firstArticle } from './lib/site.js';

const root = siteDir();
const fileUrl = (urlPath) => pathToFileURL(path.join(root, urlPath, 'index.html')).href;

let browser;
let context;
before(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Nothing may leave the machine: any request that is not a file is refused and recorded.
  await context.route((url) => url.protocol !== 'file:', (route) => route.abort('blockedbyclient'));
});
after(async () => {
  await browser?.close();
});

/** Opens `url`, recording failed requests and page errors. */
async function open(url) {
  const page = await context.newPage();
  const problems = [];
  page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

const bodyFont = (page) => page.evaluate(() => getComputedStyle(document.body).fontFamily);
const themeFont = (page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sans').trim());

describe('the site opened from disk', () => {
  for (const [name, urlPath] of [
    ['the home page', '/'],
    ['an article', firstArticle(root)],
  ]) {
    it(`${name} has the theme's styles and loads every file it names`, async () => {
      const { page, problems } = await open(fileUrl(urlPath));
      const font = await themeFont(page);
      assert.ok(font.startsWith('system-ui'), `the theme's --sans is set: "${font}"`);
      assert.equal(await bodyFont(page), font, 'the body uses the theme font');
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('has-js')), true);
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  it('a menu link opens the page it names', async () => {
    const { page } = await open(fileUrl(firstArticle(root)));
    const link = page.locator('.site-nav a', { hasText: 'Worksheets' });
    await Promise.all([page.waitForURL(fileUrl('/worksheets/')), link.click()]);
    assert.equal(page.url(), fileUrl('/worksheets/'));
    assert.ok(await page.locator('h1').count(), 'the worksheets page has its heading');
    assert.ok((await bodyFont(page)).startsWith('system-ui'), 'and its styles');
    await page.close();
  });

  it('the site name leads home and a card leads to its article', async () => {
    const { page } = await open(fileUrl(firstArticle(root)));
    await Promise.all([page.waitForURL(fileUrl('/')), page.locator('a.site-name').click()]);
    assert.equal(page.url(), fileUrl('/'));
    const card = page.locator('.card-title a').first();
    const target = await card.getAttribute('data-path');
    await Promise.all([page.waitForURL(fileUrl(target)), card.click()]);
    assert.equal(page.url(), fileUrl(target));
    await page.close();
  });

  it('search says it needs the published site', async () => {
    const { page, problems } = await open(fileUrl('/'));
    await page.locator('.search-open').click();
    await page.waitForFunction(() => document.getElementById('search-status').textContent !== '');
    assert.match(await page.locator('#search-status').textContent(), /not in files opened from disk/);
    assert.equal(await page.locator('#search-input').isDisabled(), true);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
