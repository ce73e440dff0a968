// Larger or smaller law text for the visitor who needs it, without losing their place: the line
// being read stays where it was on screen. screens/law-reader-text.css sets the type size per step; the
// column is measured in ch, so every step keeps the same number of characters per line where the
// screen is wide enough.
import { listen } from '../../dom.js';

export const TEXT_SIZES = 5;
export const DEFAULT_TEXT_SIZE = 1;

/**
 * @param {object} opts
 * @param {HTMLElement} opts.article carries data-text-size
 * @param {{ smaller: HTMLButtonElement, larger: HTMLButtonElement }} opts.tools
 * @param {HTMLElement} opts.scroller
 * @param {{ value: number }} opts.size kept while the visitor moves between documents
 * @param {() => HTMLElement[]} opts.textEls the text's elements in reading order
 * @param {() => void} opts.moved after a change (the current match, the contents)
 * @param {AbortSignal} opts.signal
 */
export function wireTextSize({ article, tools, scroller, size, textEls, moved, signal }) {
  const { smaller, larger } = tools;
  function show() {
    article.dataset.textSize = String(size.value);
    smaller.disabled = size.value <= 0;
    larger.disabled = size.value >= TEXT_SIZES - 1;
  }
  function set(next) {
    if (next < 0 || next >= TEXT_SIZES || next === size.value) return;
    // Keep the line the visitor was reading where it was on screen.
    const top = scroller.getBoundingClientRect().top;
    const anchor = textEls().find((el) => el.getBoundingClientRect().bottom > top);
    const before = anchor ? anchor.getBoundingClientRect().top - top : 0;
    size.value = next;
    show();
    if (anchor && scroller.scrollTop > 0) scroller.scrollTop += anchor.getBoundingClientRect().top - top - before;
    moved();
  }
  show();
  listen(smaller, 'click', () => set(size.value - 1), signal);
  listen(larger, 'click', () => set(size.value + 1), signal);
}
