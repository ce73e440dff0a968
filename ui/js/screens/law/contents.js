// Finding one's way in a long law text: the reading progress bar, the contents (a column in
// landscape, a sheet behind the top bar's button in portrait) with the section being read marked,
// and a way back to the top.
import { h, listen } from '../../dom.js';
import { icon } from '../../icons.js';
import { t } from '../../strings.js';
import { keepInView, scrollBehavior } from './scroll.js';

/**
 * The reader's navigation elements and their behaviour; the listeners end with `signal`.
 * @param {object} opts
 * @param {string} opts.lang the visitor's strings language
 * @param {string | null} opts.docLang the document's language
 * @param {HTMLElement} opts.scroller the text column
 * @param {HTMLButtonElement} opts.contentsButton the top bar's (portrait)
 * @param {AbortSignal} opts.signal
 */
export function createContents({ lang, docLang, scroller, contentsButton, signal }) {
  const progressFill = h('div', { class: 'law-progress-fill' });
  const progress = h(
    'div',
    { class: 'law-progress', testid: 'law-progress', role: 'progressbar', 'aria-label': t(lang, 'law_progress'), 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' },
    progressFill,
  );
  const tocSide = h('nav', { class: 'law-toc', testid: 'law-toc', hidden: true, 'aria-label': t(lang, 'law_contents'), lang: docLang });
  const toTop = h(
    'button',
    { type: 'button', class: 'to-top', hidden: true, 'aria-label': t(lang, 'law_to_top_label') },
    icon('up'),
    h('span', { text: t(lang, 'law_to_top') }),
  );
  const sheet = h('div', { class: 'toc-sheet', hidden: true, role: 'dialog', 'aria-label': t(lang, 'law_contents') });

  let tocButtons = [];
  function tocList(outline, onPick) {
    const buttons = [];
    const list = h('ol', { class: 'toc-list' });
    for (const entry of outline) {
      const b = h('button', { type: 'button', class: ['toc-link', `toc-depth-${entry.depth}`], text: entry.text, data: { target: entry.id }, on: { click: () => onPick(entry.id) } });
      buttons.push(b);
      list.append(h('li', null, b));
    }
    tocButtons.push(...buttons);
    return list;
  }

  let headings = [];
  let activeId = null;
  let spyQueued = false;
  /** Progress, the to-top button and the section being read, from where the text is scrolled. */
  const spy = () => {
    spyQueued = false;
    toTop.hidden = scroller.scrollTop < scroller.clientHeight * 0.8;
    const max = scroller.scrollHeight - scroller.clientHeight;
    const percent = max > 1 ? Math.min(100, Math.max(0, Math.round((scroller.scrollTop / max) * 100))) : 100;
    if (progress.getAttribute('aria-valuenow') !== String(percent)) {
      progress.setAttribute('aria-valuenow', String(percent));
      progress.setAttribute('aria-valuetext', t(lang, 'law_progress_value', { percent }));
      progressFill.style.transform = `scaleX(${percent / 100})`;
    }
    if (!headings.length) return;
    const line = scroller.getBoundingClientRect().top + scroller.clientHeight * 0.25;
    let active = headings[0].id;
    for (const el of headings) {
      if (el.getBoundingClientRect().top <= line) active = el.id;
      else break;
    }
    if (active === activeId) return;
    activeId = active;
    for (const b of tocButtons) {
      const on = b.dataset.target === active;
      b.classList.toggle('is-active', on);
      if (on) b.setAttribute('aria-current', 'location');
      else b.removeAttribute('aria-current');
    }
    const inColumn = tocSide.querySelector('.toc-link.is-active');
    if (inColumn) keepInView(tocSide, inColumn);
  };
  const queueSpy = () => {
    if (!spyQueued) {
      spyQueued = true;
      requestAnimationFrame(spy);
    }
  };
  listen(scroller, 'scroll', queueSpy, signal, { passive: true });
  listen(window, 'resize', queueSpy, signal, { passive: true });
  listen(toTop, 'click', () => scroller.scrollTo({ top: 0, behavior: scrollBehavior() }), signal);

  const closeSheet = () => {
    sheet.hidden = true;
    contentsButton.setAttribute('aria-expanded', 'false');
  };
  listen(contentsButton, 'click', () => {
    sheet.hidden = !sheet.hidden;
    contentsButton.setAttribute('aria-expanded', String(!sheet.hidden));
    const list = sheet.querySelector('.toc-sheet-scroll');
    const here = sheet.querySelector('.toc-link.is-active');
    if (!sheet.hidden && list && here) keepInView(list, here);
  }, signal);
  listen(sheet, 'click', (e) => e.target === sheet && closeSheet(), signal);
  listen(document, 'keydown', (e) => e.key === 'Escape' && closeSheet(), signal);

  /**
   * The text has loaded: contents for an outline of more than one entry, and the headings
   * (levels 1-2) whose sections the spy marks. `goTo(id)` scrolls to a heading.
   */
  function showOutline({ outline, headingEls, reader, goTo }) {
    headings = headingEls;
    if (outline.length <= 1) return;
    reader.classList.add('has-toc');
    tocSide.append(h('p', { class: 'toc-label', lang, text: t(lang, 'law_contents') }), tocList(outline, goTo));
    tocSide.hidden = false;
    sheet.append(
      h(
        'div',
        { class: 'toc-sheet-panel' },
        h(
          'div',
          { class: 'toc-sheet-head' },
          h('p', { class: 'toc-label', text: t(lang, 'law_contents') }),
          h('button', { type: 'button', class: 'toc-close', 'aria-label': t(lang, 'law_contents_close'), on: { click: closeSheet } }, icon('close')),
        ),
        h('div', { class: 'scroller toc-sheet-scroll', lang: docLang }, tocList(outline, (hid) => {
          closeSheet();
          goTo(hid);
        })),
      ),
    );
    contentsButton.hidden = false;
    contentsButton.setAttribute('aria-expanded', 'false');
  }

  return { progress, tocSide, toTop, sheet, spy, queueSpy, showOutline };
}
