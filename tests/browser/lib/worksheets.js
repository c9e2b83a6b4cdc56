// The worksheets of a built site (pages whose <body> has the class is-worksheet) and its booklet.

import fs from 'node:fs';
import { htmlPages } from './site.js';

/** `{ path, file }` of every worksheet page, sorted by path. */
export function worksheetPages(root) {
  return htmlPages(root).filter(({ file }) =>
    /<body class="[^"]*\bis-worksheet\b/.test(fs.readFileSync(file, 'utf8')),
  );
}

export const BOOKLET = '/print/';

/** What a printed page must show, read from the page itself: paper, title, prompts, navigation. */
export function expectations() {
  const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
  const paper = Array.from(document.body.classList).find((c) => c.startsWith('paper-'));
  return {
    paper: paper ? paper.slice('paper-'.length) : null,
    title: text(document.querySelector('h1')),
    sheets: Array.from(document.querySelectorAll('.booklet-sheet-title'), text),
    prompts: Array.from(
      document.querySelectorAll(
        '.ws-prompt, .ws-scale-statement, .ws-tracker-table thead th:not(.ws-row-number), .worksheet li',
      ),
      text,
    ).filter(Boolean),
    breaks: document.querySelectorAll('.ws-pagebreak').length,
    nav: Array.from(document.querySelectorAll('.site-nav a'), text),
    siteName: text(document.querySelector('.site-name') ?? document.createElement('b')),
  };
}
