// Scores a hearth quiz in the reader's browser. Sends nothing anywhere: answers stay in memory,
// or in this browser's localStorage only while "remember my answers" is ticked.
(() => {
  'use strict';
  const form = document.querySelector('form[data-quiz]');
  if (!form) return;
  const $ = (selector, root = form) => root.querySelector(selector);
  const $$ = (selector, root = form) => Array.from(root.querySelectorAll(selector));
  const knowledge = form.dataset.mode === 'knowledge';
  const questions = $$('fieldset[data-question]');
  const status = $('[data-quiz-status]');
  const after = $('[data-quiz-after]');
  const help = $('[data-quiz-help]');
  const remember = $('[data-quiz-remember]');
  const forget = $('[data-quiz-forget]');
  // "Forget my answers" only means something while they are being remembered.
  const showForget = () => {
    forget.hidden = !remember.checked;
  };
  const key = document.getElementById('quiz-key');
  const storeKey = 'hearth-quiz:' + location.pathname;
  const motion = () => (matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth');

  // The rules for a scored quiz, linked when the reader first touches the form: by the time she
  // asks for her result they are there, and a page that is only read never loads them.
  const style = () => {
    const href = form.dataset.quizStyle;
    if (!href) return;
    delete form.dataset.quizStyle;
    document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href }));
  };
  for (const type of ['focusin', 'pointerdown', 'submit']) form.addEventListener(type, style);

  let storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(storeKey);
  } catch {
    storage = null;
  }

  const scored = (q) => q.dataset.type !== 'text';
  const fields = (q) => $$('input, textarea', q);
  const chosen = (q) => $$('input:checked', q);
  // Made the first time a question has something to say, so the page carries no empty boxes.
  const feedbackBox = (q) => {
    let box = $('[data-quiz-feedback]', q);
    if (!box) {
      box = make('div', 'quiz-feedback');
      box.dataset.quizFeedback = '';
      box.hidden = true;
      q.append(box);
    }
    return box;
  };
  const labelOf = (input) => input.parentElement.textContent.trim();
  const points = (q) => chosen(q).reduce((sum, input) => sum + Number(input.dataset.points), 0);
  const isRight = (q) => fields(q).every((input) => input.checked === input.hasAttribute('data-correct'));

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function answers() {
    const saved = {};
    for (const q of questions) {
      const value = scored(q) ? chosen(q).map((input) => input.value) : $('textarea', q).value;
      if (value.length) saved[q.dataset.question] = value;
    }
    return saved;
  }

  function restore(saved) {
    for (const q of questions) {
      const value = saved[q.dataset.question];
      if (value == null) continue;
      if (scored(q)) for (const input of fields(q)) input.checked = [].concat(value).includes(input.value);
      else $('textarea', q).value = String(value);
    }
  }

  function save() {
    if (!storage || !remember.checked) return;
    try {
      storage.setItem(storeKey, JSON.stringify(answers()));
    } catch {
      // Storage full or refused: the answers simply stay in memory.
    }
  }

  function forgetStored() {
    try {
      storage?.removeItem(storeKey);
    } catch {
      // Nothing stored, nothing to forget.
    }
  }

  // The live region is emptied first and filled a moment later, so that a screen reader
  // announces the new result even when its words are the same as the last one.
  function announce(...nodes) {
    status.replaceChildren();
    setTimeout(() => status.replaceChildren(...nodes), 60);
  }

  function clearResult() {
    status.replaceChildren();
    after.hidden = true;
    help?.classList.remove('is-urgent');
    for (const q of questions) {
      q.classList.remove('is-right', 'is-wrong', 'is-missing');
      feedbackBox(q).replaceChildren();
      feedbackBox(q).hidden = true;
      for (const choice of $$('.quiz-choices > label', q)) choice.classList.remove('is-correct');
    }
  }

  function showFeedback(q) {
    const box = feedbackBox(q);
    if (knowledge && scored(q)) {
      const right = isRight(q);
      q.classList.add(right ? 'is-right' : 'is-wrong');
      const rights = fields(q).filter((input) => input.hasAttribute('data-correct'));
      for (const input of rights) input.parentElement.classList.add('is-correct');
      box.append(make('p', 'quiz-verdict', right ? 'Right.' : 'Not quite.'));
      if (!right) {
        const names = rights.map(labelOf).join('; ');
        box.append(make('p', 'quiz-right-answer', (rights.length > 1 ? 'The right answers: ' : 'The right answer: ') + names));
      }
    }
    for (const input of chosen(q)) {
      const template = $('template[data-quiz-option-feedback]', input.parentElement);
      if (template) box.append(template.content.cloneNode(true));
    }
    const explanation = document.querySelector(`[data-quiz-explanation="${CSS.escape(q.dataset.question)}"]`);
    if (explanation) {
      const copy = make('div', 'quiz-explanation');
      copy.append(...Array.from(explanation.childNodes, (node) => node.cloneNode(true)));
      box.append(copy);
    }
    box.hidden = !box.childNodes.length;
  }

  function bandFor(total) {
    const band = $$('[data-quiz-band]', document).find(
      (b) => Number(b.dataset.min) <= total && total <= Number(b.dataset.max),
    );
    if (!band) return [];
    const urgent = band.hasAttribute('data-urgent');
    const result = make('div', 'quiz-result-band' + (urgent ? ' is-urgent' : ''));
    const title = make('p', 'quiz-result-title');
    title.append(...Array.from($('[data-quiz-band-title]', band).childNodes, (n) => n.cloneNode(true)));
    result.append(title);
    const body = $('[data-quiz-band-body]', band);
    if (body) result.append(...Array.from(body.childNodes, (n) => n.cloneNode(true)));
    if (urgent) help?.classList.add('is-urgent');
    return [result];
  }

  function subscaleList() {
    const parts = new Map();
    for (const q of questions.filter((q) => q.dataset.subscale)) {
      const part = parts.get(q.dataset.subscale) ?? { score: 0, max: 0 };
      part.score += points(q);
      part.max += Number(q.dataset.maxPoints);
      parts.set(q.dataset.subscale, part);
    }
    if (!parts.size) return [];
    const list = make('ul', 'quiz-subscales');
    for (const [name, part] of parts) list.append(make('li', '', `${name}: ${part.score} out of ${part.max}`));
    return [make('p', 'quiz-subscales-title', 'Part scores'), list];
  }

  function score() {
    const counted = questions.filter(scored);
    const total = knowledge ? counted.filter(isRight).length : counted.reduce((sum, q) => sum + points(q), 0);
    const heading = knowledge
      ? `You answered ${total} of ${counted.length} questions right.`
      : `Your score: ${total} out of ${form.dataset.max}.`;
    questions.forEach(showFeedback);
    announce(make('h2', 'quiz-result-heading', heading), ...bandFor(total), ...subscaleList());
    after.hidden = false;
    status.scrollIntoView({ behavior: motion(), block: 'start' });
  }

  function askForMissing(missing) {
    for (const q of missing) {
      q.classList.add('is-missing');
      feedbackBox(q).replaceChildren(make('p', 'quiz-missing', 'Not answered yet.'));
      feedbackBox(q).hidden = false;
    }
    const message = make('p', 'quiz-missing-list', missing.length > 1 ? 'Please answer questions ' : 'Please answer question ');
    missing.forEach((q, index) => {
      if (index) message.append(index === missing.length - 1 ? ' and ' : ', ');
      const link = make('a', '', $('.quiz-number', q).textContent.replace('.', ''));
      link.href = '#' + q.id;
      message.append(link);
    });
    message.append(' first.');
    announce(message);
    fields(missing[0])[0].focus();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearResult();
    const missing = questions.filter((q) => scored(q) && !chosen(q).length);
    if (missing.length) askForMissing(missing);
    else score();
  });

  form.addEventListener('change', (event) => {
    if (event.target === remember) return;
    const q = event.target.closest('fieldset[data-question]');
    if (q?.classList.contains('is-missing') && chosen(q).length) {
      q.classList.remove('is-missing');
      feedbackBox(q).hidden = true;
    }
    save();
  });
  form.addEventListener('input', (event) => {
    if (event.target.matches('textarea')) save();
  });

  function startOver() {
    const keep = remember.checked;
    form.reset();
    remember.checked = keep;
    clearResult();
  }

  $('[data-quiz-retry]').addEventListener('click', () => {
    startOver();
    save();
    form.scrollIntoView({ behavior: motion(), block: 'start' });
    fields(questions[0])[0].focus({ preventScroll: true });
  });

  remember.addEventListener('change', () => {
    if (remember.checked) save();
    else forgetStored();
    showForget();
  });

  forget.addEventListener('click', () => {
    forgetStored();
    remember.checked = false;
    showForget();
    startOver();
    remember.focus();
    announce(make('p', '', 'Your answers are forgotten: nothing from this quiz is kept on this device.'));
  });

  // The key is always printed, even when it is closed on screen.
  let keyWasOpen = false;
  addEventListener('beforeprint', () => {
    keyWasOpen = key?.open;
    if (key) key.open = true;
  });
  addEventListener('afterprint', () => {
    if (key) key.open = keyWasOpen;
  });

  if (storage) {
    try {
      const saved = storage.getItem(storeKey);
      if (saved) {
        restore(JSON.parse(saved));
        remember.checked = true;
      }
    } catch {
      forgetStored();
    }
  } else {
    $('[data-quiz-memory]').hidden = true;
  }
  showForget();
})();
