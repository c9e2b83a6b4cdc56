// Opens every HTML page of the built site in Chromium: no console errors, no page errors,
// no failed requests, nothing loaded from another origin. Checks the home page's frame and
// that unknown paths get the site's 404 page with status 404.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { servedSite } from './lib/fixture.js';
import { visit, foreignRequests } from './lib/browser.js';
import { siteDir, htmlPages } from './lib/site.js';

const root = siteDir();
const pages = htmlPages(root);

const site = servedSite(root, { context: { viewport: { width: 1280, height: 900 } } });

// The icons each page names (`<link rel="icon">`), by path, as seen by the visits below.
const iconsOf = new Map();
const pageIcons = (page) =>
  page.evaluate(() => Array.from(document.querySelectorAll('link[rel~="icon" i]'), (l) => l.href));

function list(title, items) {
  return `${title}:\n${items.map((i) => `  - ${i}`).join('\n')}`;
}

/** Fails with every problem of one visit, not just the first. */
function assertCleanVisit(record, origin, { allowMainDocumentStatus, icons = [] } = {}) {
  const problems = [];
  let failed = record.failed;
  let consoleErrors = record.consoleErrors;
  if (allowMainDocumentStatus) {
    // The document itself comes with the expected error status; Chromium logs that too.
    failed = failed.filter((f) => !f.startsWith(`${record.url} (HTTP ${allowMainDocumentStatus})`));
    consoleErrors = consoleErrors.filter(
      (e) => !(e.includes(`status of ${allowMainDocumentStatus}`) && e.includes(record.url)),
    );
  }
  // Chromium fetches the page's icon by itself, outside the page's own requests and at most
  // once per context, so its console line lands on whichever page came first: the icon is
  // checked on its own below instead.
  const iconUrls = [new URL('/favicon.ico', origin).href, ...icons];
  consoleErrors = consoleErrors.filter(
    (e) => !iconUrls.some((u) => e.startsWith('Failed to load resource') && e.includes(`(${u}:`)),
  );
  // A resource answered with an error status is also reported as aborted: keep the status.
  const withStatus = new Set(
    failed.filter((f) => / \(HTTP \d+\)$/.test(f)).map((f) => f.replace(/ \(HTTP \d+\)$/, '')),
  );
  failed = failed.filter((f) => !(f.endsWith(' (net::ERR_ABORTED)') && withStatus.has(f.slice(0, -' (net::ERR_ABORTED)'.length))));
  if (consoleErrors.length) problems.push(list('console errors', consoleErrors));
  if (record.pageErrors.length) problems.push(list('page errors', record.pageErrors));
  if (failed.length) problems.push(list('failed requests', failed));
  const foreign = foreignRequests(record.requests, origin);
  if (foreign.length) problems.push(list(`requests to origins other than ${origin}`, foreign));
  assert.ok(problems.length === 0, `${record.url}\n${problems.join('\n')}`);
}

describe('the built site', () => {
  it('has HTML pages', () => {
    assert.ok(pages.length > 0, `no HTML pages found in ${root}`);
    assert.ok(
      pages.some((p) => p.path === '/'),
      'the site has no home page (index.html)',
    );
  });
});

describe('every page opens cleanly in Chromium', { concurrency: 4 }, () => {
  for (const { path: urlPath } of pages) {
    it(urlPath, { timeout: 60_000 }, async () => {
      const record = await visit(site.context, site.server.url + urlPath, { inspect: pageIcons });
      iconsOf.set(urlPath, record.result);
      assert.equal(record.status, 200, `${urlPath} answered HTTP ${record.status}`);
      assertCleanVisit(record, site.server.url, { icons: record.result });
    });
  }
});

describe('the icon Chromium asks for', () => {
  it('every page names an icon that loads, or /favicon.ico exists', { timeout: 60_000 }, async () => {
    const problems = [];
    // Pages not seen by the test above (e.g. when run on its own) are visited here.
    const queue = pages.filter((p) => !iconsOf.has(p.path));
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const record = await visit(site.context, site.server.url + next.path, { settle: false, inspect: pageIcons });
          iconsOf.set(next.path, record.result);
        }
      }),
    );
    for (const { path: urlPath } of pages) {
      const declared = iconsOf.get(urlPath);
      const icons = declared.length ? declared : [new URL('/favicon.ico', site.server.url).href];
      for (const icon of icons) {
        if (new URL(icon).origin !== site.server.url) {
          problems.push(`${urlPath}: icon ${icon} is on another origin`);
          continue;
        }
        const res = await fetch(icon);
        if (res.status !== 200) problems.push(`${urlPath}: icon ${icon} answered HTTP ${res.status}`);
      }
    }
    assert.ok(problems.length === 0, list('icons that do not load', [...new Set(problems)]));
  });
});

describe('the home page', () => {
  it('has a <main>, a <title> and an h1', { timeout: 60_000 }, async () => {
    const record = await visit(site.context, site.server.url + '/', {
      inspect: (page) =>
        page.evaluate(() => ({
          mains: document.querySelectorAll('main').length,
          title: document.title.trim(),
          h1s: Array.from(document.querySelectorAll('h1'), (h) => h.textContent.trim()),
          lang: document.documentElement.getAttribute('lang'),
        })),
    });
    const { mains, title, h1s } = record.result;
    assert.equal(mains, 1, `the home page has ${mains} <main> elements, expected exactly 1`);
    assert.ok(title.length > 0, 'the home page has an empty or missing <title>');
    assert.ok(h1s.length >= 1, 'the home page has no h1');
    assert.ok(
      h1s.every((t) => t.length > 0),
      `the home page has an empty h1: ${JSON.stringify(h1s)}`,
    );
  });
});

describe('unknown paths', () => {
  const notFoundFile = path.join(root, '404.html');

  it('the site has a 404.html', () => {
    assert.ok(fs.existsSync(notFoundFile), `${notFoundFile} is missing`);
  });

  const expectedTitle = fs.existsSync(notFoundFile)
    ? (fs.readFileSync(notFoundFile, 'utf8').match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? '')
        .replace(/\s+/g, ' ')
        .trim()
    : null;

  for (const missing of [
    '/no-such-page-here/',
    '/articles/no-such-article/',
    '/a/deeply/nested/missing/path',
    '/no-such-file.css',
  ]) {
    it(`${missing} gets the site's 404 page with status 404`, { timeout: 60_000 }, async () => {
      const res = await fetch(site.server.url + missing);
      assert.equal(res.status, 404, `${missing} answered HTTP ${res.status}`);
      if (expectedTitle === null) return;
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      // Seen by a reader: the 404 page renders with its styles even at a deep path.
      const record = await visit(site.context, site.server.url + missing, {
        inspect: async (page) => ({ title: await page.title(), icons: await pageIcons(page) }),
      });
      assert.equal(record.status, 404);
      assert.equal(
        record.result.title.replace(/\s+/g, ' ').trim(),
        expectedTitle
          .replace(/&amp;/g, '&')
          .replace(/&#39;|&#x27;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>'),
        'the page shown for an unknown path is not the site\'s 404.html',
      );
      assertCleanVisit(record, site.server.url, { allowMainDocumentStatus: 404, icons: record.result.icons });
    });
  }
});
