// `hearth pdf` on a copy of the repository's site: one PDF per worksheet plus the booklet, on the
// site's paper, linked from their pages; and without Chromium on PATH, a failure that names the
// package to install. Uses the hearth that tests/browser/run built (or $HEARTH_BIN).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { PAPER, pdfInfo, pdfPageText, normalize } from './lib/pdf.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = [process.env.HEARTH_BIN, `${repo}/target/release/hearth`, `${repo}/target/debug/hearth`].find(
  (candidate) => candidate && fs.existsSync(candidate),
);

let site;

before(() => {
  assert.ok(bin, 'no hearth binary: run tests/browser/run, or set HEARTH_BIN');
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-pdf-site-'));
  for (const part of ['content', 'themes', 'hearth.toml']) {
    fs.cpSync(path.join(repo, part), path.join(site, part), { recursive: true });
  }
});

after(() => {
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

const hearth = (args, env = process.env) => spawnSync(bin, args, { encoding: 'utf8', env, timeout: 300_000 });

describe('hearth pdf', { concurrency: 1 }, () => {
  it('fails without Chromium on PATH and names the package to install', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-no-chromium-'));
    const env = { ...process.env, PATH: empty };
    delete env.HEARTH_CHROMIUM;
    const run = hearth(['pdf', '--root', site], env);
    fs.rmSync(empty, { recursive: true, force: true });
    assert.notEqual(run.status, 0, 'exit code');
    assert.match(run.stderr, /^(error: )?no Chromium found to print with: .*`apt-get install chromium`/);
    assert.ok(!fs.existsSync(path.join(site, 'output')), 'nothing was written');
  });

  it('writes one PDF per worksheet, the booklet and every quiz, and links them', { timeout: 300_000 }, () => {
    const run = hearth(['pdf', '--root', site]);
    assert.equal(run.status, 0, run.stderr);
    const output = path.join(site, 'output');
    const sheets = fs
      .readdirSync(path.join(output, 'worksheets'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(output, 'worksheets', e.name, 'index.html')))
      .map((e) => e.name);
    assert.ok(sheets.length >= 3, `worksheets: ${sheets.join(', ')}`);
    const quizzes = fs
      .readdirSync(path.join(output, 'quizzes'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .filter((name) => /<form class="quiz"/.test(fs.readFileSync(path.join(output, 'quizzes', name, 'index.html'), 'utf8')));
    assert.ok(quizzes.length >= 1, 'the site has quizzes');
    const pdfs = fs.readdirSync(path.join(output, 'pdf')).sort();
    assert.deepEqual(pdfs, [...sheets, ...quizzes].map((s) => `${s}.pdf`).concat('booklet.pdf').sort());
    // A quiz prints as its paper version: the questions, then the scoring key, every page named.
    const siteName = /^title\s*=\s*"([^"]*)"/m.exec(fs.readFileSync(path.join(site, 'hearth.toml'), 'utf8'))[1];
    for (const quiz of quizzes) {
      const file = path.join(output, 'pdf', `${quiz}.pdf`);
      const info = pdfInfo(file);
      const whole = normalize(Array.from({ length: info.pages }, (_, i) => pdfPageText(file, i + 1)).join(' '));
      assert.match(whole, /Scoring key/, `${quiz}.pdf has its key`);
      for (let n = 1; n <= info.pages; n++) {
        assert.match(normalize(pdfPageText(file, n)), new RegExp(`${siteName} Page ${n} of ${info.pages}$`), `${quiz}.pdf page ${n}`);
      }
      const html = fs.readFileSync(path.join(output, 'quizzes', quiz, 'index.html'), 'utf8');
      assert.ok(html.includes(`href="../../pdf/${quiz}.pdf" download data-path="/pdf/${quiz}.pdf">`), `${quiz} links to its PDF`);
    }

    const paper = /paper\s*=\s*"(a4|letter)"/.exec(fs.readFileSync(path.join(site, 'hearth.toml'), 'utf8'))?.[1] ?? 'a4';
    let total = 0;
    for (const sheet of sheets) {
      const file = path.join(output, 'pdf', `${sheet}.pdf`);
      const info = pdfInfo(file);
      for (const size of info.sizes) assert.deepEqual(size, PAPER[paper], `${sheet}.pdf is ${paper}`);
      const html = fs.readFileSync(path.join(output, 'worksheets', sheet, 'index.html'), 'utf8');
      const title = /<h1>([^<]*)<\/h1>/.exec(html)[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      const first = normalize(pdfPageText(file, 1));
      assert.ok(first.startsWith(normalize(title)), `${sheet}.pdf starts with its title: ${first.slice(0, 80)}`);
      assert.match(first, new RegExp(`Page 1 of ${info.pages}$`));
      assert.ok(html.includes(`href="../../pdf/${sheet}.pdf" download data-path="/pdf/${sheet}.pdf">`), `${sheet} links to its PDF`);
      total += info.pages;
    }
    const booklet = pdfInfo(path.join(output, 'pdf', 'booklet.pdf'));
    assert.equal(booklet.pages, 1 + total, 'the booklet: a contents page and every worksheet');
    assert.ok(fs.readFileSync(path.join(output, 'print', 'index.html'), 'utf8').includes('href="../pdf/booklet.pdf"'));
  });
});
