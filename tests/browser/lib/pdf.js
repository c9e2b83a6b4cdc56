// Reading PDFs with poppler-utils: page count and sizes (pdfinfo), text by page (pdftotext),
// pages as PNG images (pdftoppm).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Paper sizes in PostScript points, as pdfinfo reports them (rounded). */
export const PAPER = {
  a4: { width: 595, height: 842 },
  letter: { width: 612, height: 792 },
};

/** `{ pages, sizes: [{ width, height }] }` of a PDF file. */
export function pdfInfo(file) {
  const first = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(first)?.[1] ?? 0);
  const all = execFileSync('pdfinfo', ['-f', '1', '-l', String(pages), file], { encoding: 'utf8' });
  const sizes = Array.from(all.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm), (m) => ({
    width: Math.round(Number(m[1])),
    height: Math.round(Number(m[2])),
  }));
  return { pages, sizes };
}

/** The text of page `number` (1-based), laid out as on paper. */
export function pdfPageText(file, number) {
  return execFileSync('pdftotext', ['-layout', '-f', String(number), '-l', String(number), file, '-'], {
    encoding: 'utf8',
  });
}

/** The text of the whole PDF with every run of white space made one space. */
export function pdfText(file) {
  return normalize(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
}

export const normalize = (text) => text.replace(/\s+/g, ' ').trim();

/**
 * Renders every page of `pdf` at 60 dpi as `<prefix>-<n>.png` (pdftoppm), after removing the
 * images an earlier run left under that prefix; resolves to the paths of the images written.
 */
export function pdfToPngs(pdf, prefix) {
  const dir = path.dirname(prefix);
  const ours = (file) => file.startsWith(`${path.basename(prefix)}-`) && file.endsWith('.png');
  for (const old of fs.readdirSync(dir).filter(ours)) fs.rmSync(path.join(dir, old));
  try {
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, prefix]);
  } catch (error) {
    if (error.code === 'ENOENT') throw new Error('pdftoppm not found: apt-get install -y poppler-utils');
    throw error;
  }
  return fs.readdirSync(dir).filter(ours).map((file) => path.join(dir, file));
}
