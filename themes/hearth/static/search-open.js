// Opens the site's search dialog (the header's Search button, or "/" outside a text field) and,
// the first time, loads its stylesheet and search.js, which reads the index. Nothing else is
// fetched before that.
(() => {
  const button = document.querySelector('.search-open');
  const dialog = document.getElementById('search-dialog');
  if (!button || !dialog || typeof dialog.showModal !== 'function') return;
  document.documentElement.classList.add('has-search');

  let loaded = false;
  let opener = null;

  function open() {
    if (dialog.open) return;
    opener = document.activeElement;
    dialog.showModal();
    document.getElementById('search-input')?.focus();
    if (!loaded) {
      loaded = true;
      // The dialog's stylesheet makes it visible; should it fail, the browser's own look will do.
      const style = document.createElement('link');
      style.rel = 'stylesheet';
      style.href = button.dataset.searchStyle;
      style.addEventListener('error', () => dialog.style.setProperty('opacity', '1'));
      const script = document.createElement('script');
      script.src = button.dataset.searchScript;
      document.head.append(style, script);
    }
  }

  dialog.addEventListener('close', () => {
    if (opener && typeof opener.focus === 'function') opener.focus();
  });
  dialog.querySelector('.search-close')?.addEventListener('click', () => dialog.close());
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  button.addEventListener('click', open);

  const typing = (element) =>
    element instanceof HTMLElement &&
    (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
      event.preventDefault();
      open();
    }
  });
})();
