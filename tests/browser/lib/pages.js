// One page of each kind in the built site, and what a page weighs as a browser loads it.

import fs from 'node:fs';
import path from 'node:path';

import { htmlPages, firstArticle, firstTag } from './site.js';

function firstWith(root, pattern) {
  return htmlPages(root).find(({ file }) => pattern.test(fs.readFileSync(file, 'utf8')))?.path ?? null;
}

/** `{ kind: path }` for every page type the theme has (null where the site has none). */
export function pageKinds(root) {
  const has = (p) => (fs.existsSync(path.join(root, p, 'index.html')) ? p : null);
  return {
    home: '/',
    section: has('/articles/'),
    article: firstArticle(root),
    worksheet: firstWith(root, /<body class="[^"]*\bis-worksheet\b/),
    quiz: firstWith(root, /<form class="quiz"/),
    page: firstWith(root, /<body class="[^"]*\bis-page\b/),
    tags: has('/tags/'),
    tag: firstTag(root),
    booklet: has('/print/'),
    notFound: '/404.html',
  };
}

/** Bytes of HTML, CSS and JavaScript the page loaded (uncompressed), by type and in all. */
export async function pageWeight(page) {
  return page.evaluate(() => {
    const entries = [
      ...performance.getEntriesByType('navigation'),
      ...performance.getEntriesByType('resource'),
    ];
    const weight = { html: 0, css: 0, js: 0, files: [] };
    for (const entry of entries) {
      const url = new URL(entry.name);
      const kind = entry.entryType === 'navigation' ? 'html'
        : url.pathname.endsWith('.css') ? 'css'
        : url.pathname.endsWith('.js') ? 'js'
        : null;
      if (!kind) continue;
      weight[kind] += entry.decodedBodySize;
      weight.files.push(`${url.pathname} ${entry.decodedBodySize}`);
    }
    weight.total = weight.html + weight.css + weight.js;
    return weight;
  });
}

/** Sum of the layout shifts the page has had so far (the CLS of a page that has just loaded). */
export async function layoutShift(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        let total = 0;
        const moved = [];
        const count = (entry) => {
          if (entry.hadRecentInput) return;
          total += entry.value;
          for (const source of entry.sources ?? []) {
            const node = source.node;
            const name = node?.nodeType === 1 ? `${node.tagName.toLowerCase()}${node.className ? `.${String(node.className).split(' ').join('.')}` : ''}` : String(node?.nodeName);
            moved.push(`${name} ${JSON.stringify(source.previousRect)} -> ${JSON.stringify(source.currentRect)} at ${Math.round(entry.startTime)} ms`);
          }
        };
        const observer = new PerformanceObserver((list) => list.getEntries().forEach(count));
        observer.observe({ type: 'layout-shift', buffered: true });
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            observer.takeRecords().forEach(count);
            observer.disconnect();
            resolve({ total, moved });
          }),
        );
      }),
  );
}
