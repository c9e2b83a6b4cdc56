// "Exit this page", after the GOV.UK Design System's component: the exit link, or the Shift key
// pressed three times in a row (within five seconds, no other key between), blanks the page at
// once and replaces it with the neutral site the link names. location.replace takes this page
// out of the tab's history, so Back from the neutral site does not bring it back. Nothing is
// loaded from the neutral site until the reader leaves.
(() => {
  'use strict';
  const link = document.querySelector('[data-exit]');
  if (!link) return;
  const WINDOW_MS = 5000;

  function leave(event) {
    event?.preventDefault();
    document.documentElement.classList.add('is-exiting');
    document.title = 'Loading';
    window.location.replace(link.href);
  }

  link.addEventListener('click', leave);

  let presses = 0;
  let timer = null;
  const reset = () => {
    presses = 0;
    clearTimeout(timer);
    timer = null;
  };
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Shift') {
      reset();
      return;
    }
    if (event.repeat) return;
    presses += 1;
    clearTimeout(timer);
    if (presses >= 3) {
      reset();
      leave();
      return;
    }
    timer = setTimeout(reset, WINDOW_MS);
  });
  // A page shown again from the back-forward cache is not left blank.
  window.addEventListener('pageshow', () => document.documentElement.classList.remove('is-exiting'));
})();
