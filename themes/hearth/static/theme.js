// Runs in <head> before the first paint (a blocking script, on purpose, and tiny): marks <html>
// as having script (`has-js`, which shows the buttons that need it from the first paint) and
// puts the reader's light or dark choice on it (`data-theme`), so the page never flashes the
// wrong colours. Without a choice the system's setting is followed. The choice is kept in this
// browser only, and only once the reader presses the switch.
(() => {
  'use strict';
  const KEY = 'hearth:theme';
  const root = document.documentElement;
  root.classList.add('has-js');
  let storage = null;
  try {
    storage = window.localStorage;
    const chosen = storage.getItem(KEY);
    if (chosen === 'light' || chosen === 'dark') root.dataset.theme = chosen;
  } catch {
    storage = null;
  }
  const dark = () =>
    root.dataset.theme ? root.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;

  // Opened from disk (file://), a folder does not open its index.html: links to the site's
  // folders get it named. Without script such a link shows the folder's listing instead.
  if (location.protocol === 'file:') {
    const toIndex = (link) => {
      const url = new URL(link.href, location.href);
      if (url.protocol !== 'file:' || !url.pathname.endsWith('/')) return;
      url.pathname += 'index.html';
      link.href = url.href;
    };
    document.addEventListener('DOMContentLoaded', () => document.querySelectorAll('a[href]').forEach(toIndex));
    // Links made later (search results) are fixed as they are followed.
    document.addEventListener('click', (event) => {
      const link = event.target instanceof Element && event.target.closest('a[href]');
      if (link) toIndex(link);
    }, true);
  }

  document.addEventListener('DOMContentLoaded', () => {
    const toggle = document.querySelector('[data-theme-toggle]');
    if (!toggle) return;
    const show = () => toggle.setAttribute('aria-pressed', String(dark()));
    toggle.addEventListener('click', () => {
      root.dataset.theme = dark() ? 'light' : 'dark';
      try {
        storage?.setItem(KEY, root.dataset.theme);
      } catch {
        // Storage refused: the choice lasts for this page only.
      }
      show();
    });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', show);
    show();
  });
})();
