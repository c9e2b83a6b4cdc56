// Worksheets on screen: what a reader writes is kept in this browser only (localStorage, one
// entry per page and field: "hearth:worksheet:/worksheets/x/#field"), restored on reload, cleared
// on request, and printed with the page. No network, no inline script, no framework: the page is
// a complete blank worksheet without this file, which only adds saving and the buttons. The
// buttons are in the page from the first paint (`needs-js`, shown when theme.js has marked
// <html>), so nothing moves as this file runs; it hides only what this browser cannot do.
(() => {
  'use strict';

  const PREFIX = 'hearth:worksheet:';
  const sheets = Array.from(document.querySelectorAll('[data-worksheet]'));
  if (sheets.length === 0) return;

  /** localStorage, or null when the browser does not allow it (private modes, settings). */
  const storage = (() => {
    try {
      const store = window.localStorage;
      const probe = `${PREFIX}probe`;
      store.setItem(probe, '1');
      store.removeItem(probe);
      return store;
    } catch {
      return null;
    }
  })();

  const keyOf = (sheet, name) => `${PREFIX}${sheet.dataset.worksheet}#${name}`;

  const fieldsOf = (sheet) =>
    sheet.querySelectorAll('textarea[name], input[type="radio"][name], input[type="checkbox"][name]');

  /** Checklists come from Markdown task lists, disabled; on a worksheet they are answers. */
  function prepareChecklists(sheet) {
    sheet.querySelectorAll('input.task[type="checkbox"]').forEach((box, index) => {
      box.disabled = false;
      box.name = `task-${index + 1}`;
      const text = box.closest('li')?.textContent.trim();
      if (text) box.setAttribute('aria-label', text);
    });
  }

  /** Grows an answer field until what is written fits, so that all of it shows and prints. */
  function fit(field) {
    if (field.tagName !== 'TEXTAREA') return;
    const ruled = field.closest('.ws-ruled');
    const space = field.closest('.ws-box-area')?.querySelector('.ws-space');
    if (ruled) {
      ruled.querySelectorAll('.ws-rule-added').forEach((rule) => rule.remove());
      for (let added = 0; added < 200 && field.scrollHeight > field.clientHeight + 2; added++) {
        const rule = document.createElement('span');
        rule.className = 'ws-rule ws-rule-added';
        field.before(rule);
      }
    } else if (space) {
      space.dataset.height ??= space.getAttribute('height');
      space.setAttribute('height', space.dataset.height);
      if (field.scrollHeight > field.clientHeight + 2) {
        space.setAttribute('height', `${field.scrollHeight + 16}px`);
      }
    } else {
      field.rows = Number(field.dataset.rows ??= String(field.rows || 1));
      while (field.rows < 60 && field.scrollHeight > field.clientHeight + 2) field.rows += 1;
    }
  }

  function restore(sheet) {
    if (!storage) return;
    for (const field of fieldsOf(sheet)) {
      const value = storage.getItem(keyOf(sheet, field.name));
      if (field.type === 'radio') field.checked = value !== null && field.value === value;
      else if (field.type === 'checkbox') field.checked = value === 'checked';
      else field.value = value ?? '';
      fit(field);
    }
  }

  function save(sheet, field) {
    if (!storage || !field.name) return;
    const key = keyOf(sheet, field.name);
    let value;
    if (field.type === 'radio') {
      if (!field.checked) return;
      value = field.value;
    } else if (field.type === 'checkbox') {
      value = field.checked ? 'checked' : '';
    } else {
      value = field.value;
    }
    try {
      if (value === '') storage.removeItem(key);
      else storage.setItem(key, value);
    } catch {
      say('Your browser could not keep this answer (its storage is full). Print the page to keep it.');
    }
  }

  function clear(sheet) {
    const start = `${PREFIX}${sheet.dataset.worksheet}#`;
    if (storage) {
      const keys = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(start)) keys.push(key);
      }
      keys.forEach((key) => storage.removeItem(key));
    }
    for (const field of fieldsOf(sheet)) {
      if (field.type === 'radio' || field.type === 'checkbox') field.checked = false;
      else field.value = '';
      fit(field);
    }
  }

  function say(message) {
    document.querySelectorAll('.ws-status').forEach((status) => {
      status.textContent = message;
    });
  }

  const fitAll = () => sheets.forEach((sheet) => fieldsOf(sheet).forEach(fit));

  for (const sheet of sheets) {
    prepareChecklists(sheet);
    restore(sheet);
    sheet.addEventListener('input', (event) => {
      fit(event.target);
      save(sheet, event.target);
    });
    sheet.addEventListener('change', (event) => save(sheet, event.target));
  }

  const actions = {
    print: () => window.print(),
    clear: () => {
      sheets.forEach(clear);
      say(sheets.length > 1
        ? 'Your answers to every worksheet here were cleared from this browser.'
        : 'Your answers were cleared from this browser.');
    },
  };
  document.querySelectorAll('[data-worksheet-action]').forEach((button) => {
    const action = actions[button.dataset.worksheetAction];
    if (!action || (button.dataset.worksheetAction === 'clear' && !storage)) {
      button.hidden = true;
      return;
    }
    button.addEventListener('click', action);
  });
  document.querySelectorAll('.ws-saved-note').forEach((note) => {
    note.hidden = !storage;
  });
  if (!storage) {
    say('This browser does not let the page keep your answers: print it before you leave.');
  }

  // Another tab changed the answers: show them here too.
  window.addEventListener('storage', (event) => {
    if (event.key === null || event.key.startsWith(PREFIX)) sheets.forEach(restore);
  });
  // Printed pages are narrower or wider than the screen: make every answer fit them.
  window.addEventListener('beforeprint', fitAll);
  window.matchMedia('print').addEventListener('change', fitAll);
  window.addEventListener('resize', fitAll);
})();
