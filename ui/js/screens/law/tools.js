// The reader's tools in the top bar: search with its count and steps, the text size buttons and
// the contents button (for portrait, where the contents column does not fit). Made once per
// visit to the law screen and shown only with a document; each reader wires them anew.
import { h, s } from '../../dom.js';
import { icon } from '../../icons.js';
import { t } from '../../strings.js';

function searchIcon() {
  return s(
    'svg',
    { class: 'icon law-search-icon', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'aria-hidden': 'true', focusable: 'false' },
    s('circle', { cx: 10.5, cy: 10.5, r: 6 }),
    s('path', { d: 'm15 15 5 5' }),
  );
}

function stepButton(testid, label, glyph) {
  return h('button', { type: 'button', class: 'law-tool law-search-step', testid, 'aria-label': label, disabled: true }, glyph);
}

function sizeButton(testid, glyphClass, glyph, label) {
  return h(
    'button',
    { type: 'button', class: 'law-tool law-size-button', testid },
    h('span', { class: ['law-size-glyph', glyphClass], 'aria-hidden': 'true', text: glyph }),
    // Named by hidden text, not aria-label: the visible "A−" is a picture of the action, not words.
    h('span', { class: 'visually-hidden', text: label }),
  );
}

/** @param {string} lang the visitor's strings language */
export function createReaderTools(lang) {
  const searchInput = h('input', {
    type: 'search',
    class: 'law-search-input',
    testid: 'law-search',
    placeholder: t(lang, 'law_search'),
    'aria-label': t(lang, 'law_search'),
    autocomplete: 'off',
    autocorrect: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
  });
  const searchCount = h('span', { class: 'law-search-count', testid: 'law-search-count', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const searchPrev = stepButton('law-search-prev', t(lang, 'law_search_previous'), icon('up'));
  const searchNext = stepButton('law-search-next', t(lang, 'law_search_next'), icon('up', 'icon-down'));
  const searchClear = h(
    'button',
    { type: 'button', class: 'law-search-clear', testid: 'law-search-clear', 'aria-label': t(lang, 'law_search_clear'), hidden: true },
    icon('close'),
  );
  const searchForm = h(
    'form',
    { class: 'law-search', role: 'search', lang },
    h('div', { class: 'law-search-field', on: { click: (e) => e.target === e.currentTarget && searchInput.focus() } }, searchIcon(), searchInput, searchClear),
    searchCount,
    h('span', { class: 'law-search-steps' }, searchPrev, searchNext),
  );
  const smaller = sizeButton('law-text-smaller', 'law-size-glyph-small', 'A\u2212', t(lang, 'law_text_smaller'));
  const larger = sizeButton('law-text-larger', 'law-size-glyph-large', 'A+', t(lang, 'law_text_larger'));
  const sizeGroup = h('div', { class: 'law-size', role: 'group', 'aria-label': t(lang, 'law_text_size'), lang }, smaller, larger);
  const tools = h('div', { class: 'law-tools', hidden: true }, searchForm, sizeGroup);

  const contentsButton = h(
    'button',
    { type: 'button', class: 'contents-button', hidden: true, 'aria-haspopup': 'dialog', lang },
    icon('contents'),
    h('span', { text: t(lang, 'law_contents') }),
  );

  return { tools, contentsButton, searchForm, searchInput, searchCount, searchPrev, searchNext, searchClear, smaller, larger };
}
