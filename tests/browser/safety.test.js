// "Exit this page" and the light/dark switch. The site is copied with its exit address pointed
// at a stand-in neutral site served on 127.0.0.1, so leaving is tested for real: the link, Shift
// pressed three times, the page blanked and replaced in history (Back does not bring it back).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';

import { startServer } from './lib/server.js';
import { launchBrowser } from './lib/browser.js';
import { siteDir, htmlPages } from './lib/site.js';
import { pageKinds } from './lib/pages.js';

const built = siteDir();
const kinds = pageKinds(built);
let neutral;
let server;
let browser;
let copy;
let exitUrl;

function exitAddressOf(html) {
  return /<a class="exit-link" href="([^"]+)"/.exec(html)?.[1] ?? null;
}

before(async () => {
  neutral = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Weather</title><h1>Today: sunny spells</h1>');
  });
  await new Promise((resolve) => neutral.listen(0, '127.0.0.1', resolve));
  const neutralUrl = `http://127.0.0.1:${neutral.address().port}/weather`;
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-exit-'));
  fs.cpSync(built, copy, { recursive: true });
  exitUrl = exitAddressOf(fs.readFileSync(path.join(built, 'index.html'), 'utf8'));
  assert.ok(exitUrl, 'the site has an exit link ([safety] exit = true in hearth.toml)');
  for (const { file } of htmlPages(copy)) {
    const html = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, html.split(`href="${exitUrl}"`).join(`href="${neutralUrl}"`));
  }
  exitUrl = neutralUrl;
  server = await startServer(copy);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  await new Promise((resolve) => neutral?.close(resolve));
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

/** A context whose requests stay on this machine (the site and the neutral stand-in). */
async function localContext(options = {}) {
  const context = await browser.newContext(options);
  await context.route(
    (url) => url.hostname !== '127.0.0.1' && !['data:', 'blob:', 'about:'].includes(url.protocol),
    (route) => route.abort('blockedbyclient'),
  );
  return context;
}

describe('exit this page', () => {
  it('every page has it, first in the tab order after the skip link, and sticky', async () => {
    for (const { file, path: p } of htmlPages(built)) {
      assert.ok(exitAddressOf(fs.readFileSync(file, 'utf8')), `${p} has no exit link`);
    }
    const context = await localContext();
    const page = await context.newPage();
    await page.goto(server.url + kinds.article);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    assert.match(focused, /Browse safely|Exit this page/);
    await page.mouse.wheel(0, 3000);
    await page.waitForFunction(() => scrollY > 500);
    const top = await page.evaluate(() => document.querySelector('.exit-link').getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 80, `the exit button scrolled away (top ${top})`);
    await context.close();
  });

  for (const how of ['click', 'Shift three times']) {
    it(`${how}: leaves for the neutral site with location.replace; Back does not return to the page`, async () => {
      const context = await localContext();
      const page = await context.newPage();
      await page.goto(server.url + kinds.article);
      await page.goto(server.url + kinds.quiz);
      const lengthBefore = await page.evaluate(() => history.length);
      const left = page.waitForURL(exitUrl);
      if (how === 'click') await page.locator('.exit-link').click();
      else {
        await page.locator('main').click({ position: { x: 5, y: 5 } });
        for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
      }
      await left;
      assert.equal(page.url(), exitUrl);
      assert.equal(await page.evaluate(() => history.length), lengthBefore, 'the page was replaced, not added to');
      assert.equal(await page.title(), 'Weather');
      await page.goBack();
      assert.notEqual(page.url(), server.url + kinds.quiz, 'Back returned to the page that was left');
      assert.equal(page.url(), server.url + kinds.article, 'Back leads to the page before it');
      await context.close();
    });
  }

  it('Shift pressed three times with typing between does not leave', async () => {
    const context = await localContext();
    const page = await context.newPage();
    await page.goto(server.url + kinds.worksheet);
    await page.locator('main textarea').first().click();
    await page.keyboard.type('I Am Here Now');
    assert.equal(page.url(), server.url + kinds.worksheet);
    await context.close();
  });

  it('without script it is a plain link to the neutral site', async () => {
    const context = await localContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url + kinds.article);
    await page.locator('.exit-link').click();
    await page.waitForURL(exitUrl);
    await context.close();
  });

  it('the browse-safely page is linked beside it and exists', async () => {
    const context = await localContext();
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.locator('.exit-advice').click();
    await page.waitForLoadState('load');
    const heading = await page.locator('h1').textContent();
    assert.match(heading, /Browse safely/);
    assert.match(await page.locator('main').textContent(), /private window/i);
    await context.close();
  });
});

describe('light and dark', () => {
  const DARK_BG = 'rgb(26, 24, 22)';
  const LIGHT_BG = 'rgb(251, 248, 243)';

  it('follows the system setting until the reader chooses', async () => {
    for (const [scheme, bg] of [['dark', DARK_BG], ['light', LIGHT_BG]]) {
      const context = await localContext({ colorScheme: scheme });
      const page = await context.newPage();
      await page.goto(server.url + kinds.article);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), bg);
      await context.close();
    }
  });

  it('a stored choice is on <html> before the first paint: no flash of the system scheme', async () => {
    // theme.js is a blocking script before the stylesheet and the body, so nothing can be painted
    // before <html data-theme> is set; the page's background at DOMContentLoaded is the chosen one.
    const context = await localContext({ colorScheme: 'light' });
    await context.addInitScript(() => {
      try {
        localStorage.setItem('hearth:theme', 'dark');
      } catch {}
      // What the page looks like as soon as it has a body: before any later script runs.
      new MutationObserver((_, observer) => {
        if (document.body && !window.__firstLook) {
          window.__firstLook = { theme: document.documentElement.dataset.theme ?? null };
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    let background = null;
    page.on('domcontentloaded', async () => {
      background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor).catch(() => null);
    });
    await page.goto(server.url + kinds.article, { waitUntil: 'load' });
    const first = await page.evaluate(() => window.__firstLook);
    assert.equal(first.theme, 'dark', 'data-theme is set before the body is parsed');
    await page.waitForFunction(() => document.readyState === 'complete');
    assert.equal(background ?? (await page.evaluate(() => getComputedStyle(document.body).backgroundColor)), DARK_BG);
    await context.close();
  });

  it('the switch changes the scheme, says so, and is remembered on the next page', async () => {
    const context = await localContext({ colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(server.url + kinds.article);
    const toggle = page.locator('[data-theme-toggle]');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), DARK_BG);
    await page.goto(server.url + '/');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), DARK_BG);
    await page.locator('[data-theme-toggle]').click();
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), LIGHT_BG);
    await context.close();
  });

  it('without script there is no switch, and the system setting is followed', async () => {
    const context = await localContext({ javaScriptEnabled: false, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(server.url + kinds.article);
    assert.equal(await page.locator('[data-theme-toggle]').isVisible(), false);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), DARK_BG);
    await context.close();
  });
});
