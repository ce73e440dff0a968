// The law screen's second view: one document, its head, its text and the tools to read it
// (contents.js, search.js, text-size.js). Law texts stay in their own language; the reader's
// chrome speaks the visitor's. Excerpts are labelled as excerpts here as in the list.
import { h } from '../../dom.js';
import { prepareLaw } from '../../law-outline.js';
import { segmentsOf } from '../../law-search.js';
import { t } from '../../strings.js';
import { createContents } from './contents.js';
import { renderDocument } from './document.js';
import { createReaderHead } from './reader-head.js';
import { offsetIn, scrollBehavior } from './scroll.js';
import { createSearch } from './search.js';
import { wireTextSize } from './text-size.js';

/**
 * Shows document `id` on `stage`.
 * @param {object} opts
 * @param {HTMLElement} opts.stage
 * @param {string} opts.id
 * @param {object} opts.pack
 * @param {string} opts.lang the visitor's strings language
 * @param {ReturnType<import('./tools.js').createReaderTools>} opts.tools the top bar's
 * @param {{ value: number }} opts.textSize
 * @param {(id: string) => Promise<object>} opts.loadLaw
 * @param {AbortSignal} opts.signal this view's: ends its listeners
 * @param {() => boolean} opts.current whether this reader is still the one on screen
 */
export function showReader({ stage, id, pack, lang, tools, textSize, loadLaw, signal, current }) {
  const docs = pack.legislation;
  const meta = docs.find((d) => d.id === id) || { id, title: '', citation: '', sourceUrl: '', status: 'excerpt', note: null, language: null };
  const docLang = meta.language || null;

  const head = createReaderHead({ meta, lang, packLanguage: pack.language });
  const body = h(
    'div',
    { class: 'law-body is-loading', testid: 'law-body', 'data-selectable': '', lang: docLang },
    h('p', { class: 'law-loading', lang, text: t(lang, 'law_loading') }),
  );
  const article = h('article', { class: 'law-article', 'data-text-size': String(textSize.value) }, head.el, body);
  const scroller = h('div', { class: 'scroller law-scroller' }, article);
  const contents = createContents({ lang, docLang, scroller, contentsButton: tools.contentsButton, signal });
  const reader = h('div', { class: 'law-reader' }, contents.progress, contents.tocSide, scroller, contents.toTop, contents.sheet);
  stage.replaceChildren(reader);
  scroller.scrollTop = 0;

  const scrollToId = (hid) => {
    const target = body.querySelector(`#${CSS.escape(hid)}`);
    if (!target) return;
    scroller.scrollTo({ top: Math.max(0, offsetIn(scroller, target) - 24), behavior: scrollBehavior() });
    // Keyboard and screen-reader users land where the eye does.
    target.focus({ preventScroll: true });
  };

  wireTextSize({
    article,
    tools,
    scroller,
    size: textSize,
    textEls: () => search.segmentEls(),
    moved: () => {
      search.revealCurrent();
      contents.queueSpy();
    },
    signal,
  });
  const search = createSearch({ tools, lang, scroller, signal });

  head.loadQr(id, current);

  loadLaw(id).then(
    (law) => {
      if (!current()) return;
      head.fill({ ...meta, ...law, title: law.title || meta.title });
      const prepared = prepareLaw(law.blocks);
      body.classList.remove('is-loading');
      const rendered = renderDocument(prepared.blocks);
      search.setText(segmentsOf(prepared.blocks), rendered.segmentEls);
      if (rendered.nodes.length) body.replaceChildren(...rendered.nodes);
      else body.replaceChildren(h('p', { class: 'law-unavailable', lang, text: t(lang, 'law_empty') }));
      const headingEls = prepared.blocks
        .filter((b) => b.kind === 'heading' && b.depth <= 2)
        .map((b) => body.querySelector(`#${CSS.escape(b.id)}`))
        .filter(Boolean);
      contents.showOutline({ outline: prepared.outline, headingEls, reader, goTo: scrollToId });
      search.applyPending();
      contents.spy();
    },
    () => {
      if (!current()) return;
      body.classList.remove('is-loading');
      body.replaceChildren(h('p', { class: 'law-unavailable', lang, text: t(lang, 'law_unavailable') }));
    },
  );
}
