// The default theme as a demanding reader sees it: layout inside the grid at every width, no
// shift as pages load, counts and labels that agree, quiz fields in one font and readable in
// dark mode, what prints, and what each page weighs (printed in the output).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { after, before } from 'node:test';

import { servedSite } from './lib/fixture.js';
import { visit, newContext } from './lib/browser.js';
import { startServer } from './lib/server.js';
import { siteDir, htmlPages } from './lib/site.js';
import { pageKinds, pageWeight, layoutShift } from './lib/pages.js';

const root = siteDir();
const kinds = pageKinds(root);
const site = servedSite(root, { context: {} });
const open = (path, options = {}) => visit(site.context, site.server.url + path, options);
const text = (s) => s.replace(/\s+/g, ' ').trim();

const WIDTHS = [320, 375, 768, 1280];
// Uncompressed HTML + CSS + JS, counting every request the page makes as Chromium loads it
// (print stylesheets included): an article within 30 KiB and a quiz within 50 KiB. Search adds
// nothing until the reader opens it, nor a quiz's result styles until she touches its form.
const BUDGET = { article: 30 * 1024, quiz: 50 * 1024 };

describe('layout', () => {
  for (const [kind, path] of Object.entries(kinds)) {
    if (!path) continue;
    it(`${kind} (${path}): no horizontal overflow, every box inside the page at ${WIDTHS.join('/')} px`, async () => {
      for (const width of WIDTHS) {
        const record = await open(path, {
          prepare: (page) => page.setViewportSize({ width, height: 800 }),
          inspect: (page) =>
            page.evaluate(() => {
              const width = document.documentElement.clientWidth;
              const outside = Array.from(document.querySelectorAll('main *, header *, footer *'))
                .filter((el) => {
                  const box = el.getBoundingClientRect();
                  if (box.width === 0 || box.height === 0) return false;
                  if (el.closest('.table-wrap, pre, .visually-hidden, .skip-link')) return false;
                  return box.right > width + 0.5 || box.left < -0.5;
                })
                .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
              return { scroll: document.documentElement.scrollWidth, width, outside };
            }),
        });
        const { scroll, width: client, outside } = record.result;
        assert.ok(scroll <= client, `${path} at ${width} px scrolls sideways: ${scroll} > ${client}`);
        assert.deepEqual(outside.slice(0, 5), [], `${path} at ${width} px: boxes outside the page`);
      }
    });
  }

  it('1. the contents rail ends inside the header at 1280 px', async () => {
    const record = await open(kinds.article, {
      prepare: (page) => page.setViewportSize({ width: 1280, height: 900 }),
      inspect: (page) =>
        page.evaluate(() => {
          const toc = document.querySelector('.toc')?.getBoundingClientRect();
          const inner = document.querySelector('.site-header-inner');
          const box = inner.getBoundingClientRect();
          const pad = parseFloat(getComputedStyle(inner).paddingRight);
          const prose = document.querySelector('.page-body > .prose').getBoundingClientRect();
          return { toc: toc && { left: toc.left, right: toc.right }, edge: box.right - pad, prose: prose.right };
        }),
    });
    const { toc, edge, prose } = record.result;
    assert.ok(toc, `${kinds.article} has no contents to check`);
    assert.ok(toc.right <= edge + 1, `the contents end at ${toc.right}, the header at ${edge}`);
    assert.ok(toc.left > prose, 'the contents sit beside the text, not over it');
  });

  it('meta lines: a separator never starts or ends a line (quiz, article and card meta at 320/375/1280 px)', async () => {
    for (const path of [kinds.quiz, kinds.article, kinds.home].filter(Boolean)) {
      for (const width of [320, 375, 1280]) {
        const record = await open(path, {
          prepare: (page) => page.setViewportSize({ width, height: 800 }),
          inspect: (page) =>
            page.evaluate(() => {
              const problems = [];
              let seen = 0;
              for (const line of document.querySelectorAll('.page-meta, .card-meta')) {
                const box = line.getBoundingClientRect();
                const items = Array.from(line.children).map((item) => ({ item, box: item.getBoundingClientRect() }));
                for (const sep of line.querySelectorAll('.meta-sep')) {
                  seen += 1;
                  const dot = sep.getBoundingClientRect();
                  // Clipped away: the dot of an item that starts a line hangs outside the box.
                  if (dot.right <= box.left + 0.5) continue;
                  // Items on the dot's row, wholly before it and from its right edge on.
                  const row = ({ box: other }) => other.top < dot.bottom && other.bottom > dot.top;
                  const before = items.find((it) => it.item !== sep && it.box.right <= dot.left + 1 && row(it));
                  const after = items.find((it) => it.item !== sep && it.box.left >= dot.right - 1 && row(it));
                  const words = line.textContent.replace(/\s+/g, ' ').trim();
                  if (!before) problems.push(`"${words}": a separator starts a line`);
                  if (!after) problems.push(`"${words}": a separator ends a line`);
                }
              }
              return { problems, seen };
            }),
        });
        const { problems, seen } = record.result;
        if (path === kinds.quiz) assert.ok(seen > 0, `${path} has a meta line with a separator to check`);
        assert.deepEqual(problems, [], `${path} at ${width} px`);
      }
    }
  });

  it('the feed link: its icon stands clear of its words, on the words\' line', async () => {
    const record = await open(kinds.home, {
      prepare: (page) => page.setViewportSize({ width: 375, height: 800 }),
      inspect: (page) =>
        page.evaluate(() => {
          const link = document.querySelector('.footer-links a');
          const icon = link.querySelector('svg').getBoundingClientRect();
          const words = document.createRange();
          words.selectNodeContents(link.lastChild);
          const text = words.getBoundingClientRect();
          return { gap: text.left - icon.right, iconMiddle: (icon.top + icon.bottom) / 2, text: { top: text.top, bottom: text.bottom } };
        }),
    });
    const { gap, iconMiddle, text } = record.result;
    assert.ok(gap >= 6, `the feed icon is ${gap} px from its words`);
    assert.ok(iconMiddle > text.top && iconMiddle < text.bottom, 'the icon sits on the line of its words');
  });

  it('the header is one row: the site name, search and light/dark side by side, the menu in one line', async () => {
    for (const width of WIDTHS) {
      const record = await open(kinds.article, {
        prepare: (page) => page.setViewportSize({ width, height: 800 }),
        inspect: (page) =>
          page.evaluate(() => {
            const box = (selector) => {
              const r = document.querySelector(selector).getBoundingClientRect();
              return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, middle: (r.top + r.bottom) / 2 };
            };
            const links = Array.from(document.querySelectorAll('.site-nav a'), (a) => a.getBoundingClientRect().top);
            const inner = document.querySelector('.site-header-inner');
            return {
              name: box('.site-name'),
              search: box('.search-open'),
              toggle: box('.theme-toggle'),
              nav: box('.site-nav'),
              lines: new Set(links.map(Math.round)).size,
              height: inner.getBoundingClientRect().height,
              padding: parseFloat(getComputedStyle(inner).paddingTop) + parseFloat(getComputedStyle(inner).paddingBottom),
            };
          }),
      });
      const { name, search, toggle, nav, lines, height, padding } = record.result;
      const where = `${kinds.article} at ${width} px`;
      for (const [label, b] of [['search', search], ['light/dark', toggle]]) {
        assert.ok(Math.abs(b.middle - name.middle) < 4, `${where}: the ${label} button is not on the site name's row`);
        assert.ok(b.left >= name.right, `${where}: the ${label} button overlaps the site name`);
      }
      assert.ok(toggle.left >= search.right || search.left >= toggle.right, `${where}: the buttons overlap`);
      assert.equal(lines, 1, `${where}: the menu wraps onto ${lines} lines`);
      const row = Math.max(...[name, search, toggle, nav].map((b) => b.bottom - b.top));
      if (width >= 768) {
        assert.ok(Math.abs(nav.middle - name.middle) < 4, `${where}: the menu is not on the site name's row`);
        assert.ok(height <= padding + row + 1, `${where}: the header is ${height} px high, more than one row of ${row} px`);
      } else {
        assert.ok(nav.top >= name.bottom - 1, `${where}: the menu is not below the site name`);
      }
      console.log(`# header ${String(width).padStart(4)} px: ${Math.round(height)} px high`);
    }
  });

  for (const [kind, path] of Object.entries(kinds)) {
    if (!path) continue;
    it(`6. ${kind}: nothing shifts as the page loads (CLS 0)`, async () => {
      for (const width of [375, 1280]) {
        const record = await open(path, {
          prepare: (page) => page.setViewportSize({ width, height: 800 }),
          inspect: (page) => layoutShift(page),
        });
        // 0 as Lighthouse reports it (three decimals): a busy machine can move a box by a
        // fraction of a pixel while it paints, which is no shift a reader sees.
        const { total, moved } = record.result;
        assert.ok(total < 0.0005, `${path} at ${width} px shifted by ${total}: ${moved.join('; ')}`);
      }
    });
  }

  describe('on a slow phone: the page arriving in pieces, a processor ten times slower', () => {
    // Chromium paints what it has parsed when it waits for the rest: a header painted in half
    // would move as its other half arrives.
    let slow;
    let context;
    before(async () => {
      slow = await startServer(root, { trickle: true });
      context = await newContext(site.browser, slow.url);
    });
    after(async () => {
      await context?.close();
      await slow?.close();
    });
    for (const [kind, path] of Object.entries(kinds)) {
      if (!path) continue;
      it(`6. ${kind}: nothing shifts (CLS 0)`, async () => {
        for (const width of [375, 1280]) {
          const record = await visit(context, slow.url + path, {
            prepare: async (page) => {
              await page.setViewportSize({ width, height: 800 });
              const cdp = await context.newCDPSession(page);
              await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
            },
            inspect: (page) => layoutShift(page),
          });
          const { total, moved } = record.result;
          assert.ok(total < 0.0005, `${path} at ${width} px shifted by ${total}: ${moved.join('; ')}`);
        }
      });
    }
  });
});

describe('words and labels', () => {
  const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen'];

  it('2. a quiz counts the questions its lead counts (not the unscored reflection)', async () => {
    const quizzes = htmlPages(root).filter(({ file }) => /<form class="quiz"/.test(fs.readFileSync(file, 'utf8')));
    assert.ok(quizzes.length > 0, 'the site has quizzes');
    for (const { path } of quizzes) {
      const record = await open(path, {
        inspect: (page) =>
          page.evaluate(() => ({
            meta: document.querySelector('.page-meta').textContent,
            lead: document.querySelector('.lead')?.textContent ?? '',
            scored: document.querySelectorAll('fieldset[data-question]:not([data-type="text"])').length,
          })),
      });
      const { meta, lead, scored } = record.result;
      const count = Number(/(\d+) questions?/.exec(meta)?.[1]);
      assert.equal(count, scored, `${path}: the meta says ${count}, the form scores ${scored}`);
      const word = new RegExp(`\\b${NUMBERS[count]}\\b`, 'i');
      if (/\b(questions|statements)\b/i.test(lead)) {
        assert.match(lead, word, `${path}: the lead "${lead}" and the count ${count} disagree`);
      }
    }
  });

  it('3. worksheet and quiz cards have no reading time', async () => {
    for (const path of [kinds.home, '/worksheets/', '/quizzes/', kinds.tag].filter(Boolean)) {
      const record = await open(path, {
        inspect: (page) =>
          page.evaluate(() =>
            Array.from(document.querySelectorAll('.card-worksheet, .card-quiz'), (card) => card.textContent),
          ),
      });
      for (const card of record.result) assert.doesNotMatch(card, /min read/, `${path}: ${text(card)}`);
    }
  });

  it('7. a worksheet opens with at most one box before its first heading; a quiz lead is not repeated', async () => {
    const worksheet = await open(kinds.worksheet, {
      inspect: (page) =>
        page.evaluate(() => {
          const boxes = [];
          for (const el of document.querySelectorAll('.page-body *')) {
            if (el.matches('.prose h2, .worksheet h2')) break;
            const style = getComputedStyle(el);
            const boxed = parseFloat(style.borderTopWidth) > 0 && parseFloat(style.borderBottomWidth) > 0
              || style.backgroundColor !== getComputedStyle(document.body).backgroundColor && style.backgroundColor !== 'rgba(0, 0, 0, 0)';
            if (boxed && el.getBoundingClientRect().height > 40 && !boxes.some((b) => b.contains(el))) boxes.push(el);
          }
          return boxes.map((b) => b.className);
        }),
    });
    assert.ok(worksheet.result.length <= 1, `${kinds.worksheet} opens with boxes: ${worksheet.result.join(', ')}`);
    const quiz = await open(kinds.quiz, {
      inspect: (page) =>
        page.evaluate(() => ({
          lead: document.querySelector('.lead').textContent,
          first: document.querySelector('.prose > p')?.textContent ?? '',
        })),
    });
    const opening = (s) => text(s).toLowerCase().split(' ').slice(0, 5).join(' ');
    assert.notEqual(opening(quiz.result.first), opening(quiz.result.lead), 'the first paragraph repeats the lead');
  });

  it('8. one singular kind label above every title; badges on tag pages; sections count their kind', async () => {
    for (const [kind, label] of [['article', 'Article'], ['worksheet', 'Worksheet'], ['quiz', 'Quiz']]) {
      const record = await open(kinds[kind], {
        inspect: (page) => page.evaluate(() => document.querySelector('.page-header .kicker .kind-label')?.textContent),
      });
      assert.equal(record.result, label, `${kinds[kind]}`);
    }
    const tag = await open(kinds.tag, {
      inspect: (page) =>
        page.evaluate(() => Array.from(document.querySelectorAll('.card'), (c) => c.querySelector('.kind-label')?.textContent ?? null)),
    });
    assert.ok(tag.result.length > 0 && tag.result.every(Boolean), `${kinds.tag}: cards without a badge: ${tag.result}`);
    const counts = await open('/', {
      inspect: (page) => page.evaluate(() => Array.from(document.querySelectorAll('.section-card .card-meta'), (m) => m.textContent.trim())),
    });
    assert.ok(counts.result.some((c) => /^\d+ articles?$/.test(c)), `home counts: ${counts.result}`);
    assert.ok(!counts.result.some((c) => /pages?$/.test(c)), `home counts pages: ${counts.result}`);
  });

  it('9. card meta reads as words without the stylesheet', async () => {
    const record = await open(kinds.section, {
      inspect: (page) => page.evaluate(() => Array.from(document.querySelectorAll('.card-meta'), (m) => m.textContent)),
    });
    assert.ok(record.result.length > 0);
    for (const meta of record.result) {
      assert.match(text(meta), /^\d{1,2} \w+ \d{4} · \d+ min read$/, `card meta "${meta}"`);
    }
  });

  it('9. previous/next titles wrap evenly (no single orphaned word)', async () => {
    const record = await open(kinds.article, {
      inspect: (page) =>
        page.evaluate(() =>
          Array.from(document.querySelectorAll('.page-nav-title'), (t) => getComputedStyle(t).textWrap || getComputedStyle(t).textWrapStyle),
        ),
    });
    assert.ok(record.result.length > 0, 'the article has previous/next links');
    for (const wrap of record.result) assert.match(wrap, /balance|pretty/);
  });

  it('9. highlight.css is loaded only by pages with highlighted code', () => {
    for (const { file, path } of htmlPages(root)) {
      const html = fs.readFileSync(file, 'utf8');
      assert.equal(html.includes('/highlight.css"'), html.includes('class="hl-'), `${path}`);
    }
  });

  it('9. stylesheets and scripts are minified', () => {
    for (const name of fs.readdirSync(root).filter((n) => /\.(css|js)$/.test(n))) {
      const body = fs.readFileSync(`${root}/${name}`, 'utf8');
      assert.ok(!/^\s+\S/m.test(body), `${name} keeps its indentation`);
      assert.ok(!/^\s*\/\//m.test(body) && !body.includes('/* '), `${name} keeps its comments`);
    }
  });
});

describe('quiz fields', () => {
  it('5. choices are set in one font at every width, and an unchecked radio looks empty in dark mode', async () => {
    const fonts = [];
    for (const width of [375, 1280]) {
      const record = await open(kinds.quiz, {
        prepare: async (page) => {
          await page.setViewportSize({ width, height: 800 });
          await page.emulateMedia({ colorScheme: 'dark' });
        },
        inspect: (page) =>
          page.evaluate(() => {
            const input = document.querySelector('.quiz-choices input');
            const card = input.closest('fieldset');
            return {
              font: getComputedStyle(input.closest('label')).fontFamily,
              fill: getComputedStyle(input).backgroundColor,
              card: getComputedStyle(card).backgroundColor,
              appearance: getComputedStyle(input).appearance,
            };
          }),
      });
      fonts.push(record.result.font);
      assert.equal(record.result.appearance, 'none', 'the theme draws the radio');
      assert.equal(record.result.fill, record.result.card, 'an unchecked radio is filled like the card around it');
    }
    assert.equal(fonts[0], fonts[1], 'choices change font with the width');
  });

  it('9. "Forget my answers" shows only while "Remember" is on', async () => {
    const record = await open(kinds.quiz, {
      inspect: async (page) => {
        const forget = page.locator('[data-quiz-forget]');
        const before = await forget.isVisible();
        await page.locator('[data-quiz-remember]').check();
        const remembering = await forget.isVisible();
        await forget.click();
        const after = await forget.isVisible();
        const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hearth-quiz')));
        return { before, remembering, after, stored };
      },
    });
    assert.deepEqual(record.result, { before: false, remembering: true, after: false, stored: [] });
  });
});

describe('print', () => {
  for (const kind of ['article', 'quiz', 'worksheet', 'home', 'page']) {
    it(`4. a printed ${kind} shows its own links as full addresses and no focus outline`, async () => {
      const record = await open(kinds[kind], {
        inspect: async (page) => {
          await page.locator('main textarea, main a').first().focus();
          await page.emulateMedia({ media: 'print' });
          return page.evaluate(() => {
            const origin = getComputedStyle(document.documentElement).getPropertyValue('--print-site-origin');
            const link = document.querySelector('.prose a[href^="/"]');
            const focused = document.activeElement;
            return {
              origin,
              after: link ? getComputedStyle(link, '::after').content : null,
              outline: getComputedStyle(focused).outlineStyle,
              ring: focused.closest('.ws-ruled') ? getComputedStyle(focused.closest('.ws-ruled')).outlineStyle : 'none',
              name: getComputedStyle(document.documentElement).getPropertyValue('--print-site-name'),
            };
          });
        },
      });
      const { origin, after, outline, ring, name } = record.result;
      assert.match(origin, /^"https?:\/\/[^/"]+"$/, 'print.css gives the site origin');
      assert.ok(name.trim().length > 2, 'print.css gives the site name for the footer');
      if (after !== null) assert.match(after, /https?:\/\/[^ ]+\//, `a site link prints as ${after}`);
      assert.equal(outline, 'none', 'the focused element prints without its outline');
      assert.equal(ring, 'none', 'a focused answer prints without its ring');
    });
  }
});

describe('weight (HTML + CSS + JS, uncompressed)', () => {
  it('every quiz', async () => {
    const quizzes = htmlPages(root).filter(({ file }) => /<form class="quiz"/.test(fs.readFileSync(file, 'utf8')));
    assert.ok(quizzes.length > 0, 'the site has quizzes');
    for (const { path } of quizzes) {
      const { result: w } = await open(path, { inspect: (page) => pageWeight(page) });
      console.log(`# weight quiz      ${String(w.total).padStart(6)} B  (html ${w.html}, css ${w.css}, js ${w.js})  limit ${BUDGET.quiz} B, ${BUDGET.quiz - w.total} B to spare  ${path}`);
      assert.ok(w.total <= BUDGET.quiz, `${path} weighs ${w.total} B, over ${BUDGET.quiz} B: ${w.files.join(', ')}`);
    }
  });

  for (const [kind, path] of Object.entries(kinds)) {
    if (!path) continue;
    it(`${kind} ${path}`, async () => {
      const record = await open(path, { inspect: (page) => pageWeight(page) });
      const w = record.result;
      const limit = BUDGET[kind] ? `  limit ${BUDGET[kind]} B, ${BUDGET[kind] - w.total} B to spare` : '';
      console.log(`# weight ${kind.padEnd(9)} ${String(w.total).padStart(6)} B  (html ${w.html}, css ${w.css}, js ${w.js})${limit}  ${path}`);
      console.log(`#   ${w.files.join(', ')}`);
      if (BUDGET[kind]) assert.ok(w.total <= BUDGET[kind], `${path} weighs ${w.total} B, over ${BUDGET[kind]} B: ${w.files.join(', ')}`);
    });
  }
});
