// The law: a list of documents, then a reader with contents, search, text size, a reading
// progress bar and a QR code to the official source. Excerpts are always labelled as excerpts, in
// the list and in the reader. Law texts stay in their own language; the reader's chrome speaks the
// visitor's.
import { h, s, listen, prefersReducedMotion } from '../dom.js';
import { icon } from '../icons.js';
import { topBar } from '../chrome.js';
import { prepareLaw } from '../law-outline.js';
import { findMatches, segmentsOf, splitText, stepMatch } from '../law-search.js';
import { label } from '../pack.js';
import { originalLanguageNote } from '../languages.js';
import { stringsLanguage, t } from '../strings.js';
import { getLawQr } from '../api.js';

// law-reader.css sets the type size per step; the column is measured in ch, so every step keeps
// the same number of characters per line where the screen is wide enough.
const TEXT_SIZES = 5;
const DEFAULT_TEXT_SIZE = 1;
// Typing pauses this long before the page repaints its highlights.
const SEARCH_DELAY_MS = 120;
const QR_PREFIX = 'data:image/svg+xml;charset=utf-8,';

function searchIcon() {
  return s(
    'svg',
    { class: 'icon law-search-icon', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'aria-hidden': 'true', focusable: 'false' },
    s('circle', { cx: 10.5, cy: 10.5, r: 6 }),
    s('path', { d: 'm15 15 5 5' }),
  );
}

/**
 * The document's blocks as elements, plus the element that holds each search segment's text
 * (law-search.js segmentsOf order), so highlights can be painted into exactly those.
 */
function renderDocument(blocks) {
  const nodes = [];
  const segmentEls = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading': {
        // tabindex -1: the contents move focus here without adding a tab stop per heading.
        const el = h(b.tag, { id: b.id, class: ['law-h', `law-h${b.depth}`], tabindex: '-1', text: b.text });
        nodes.push(el);
        segmentEls.push(el);
        break;
      }
      case 'paragraph': {
        const el = h('p', { text: b.text });
        nodes.push(el);
        segmentEls.push(el);
        break;
      }
      case 'list': {
        const items = b.items.map((i) => h('li', { text: i }));
        nodes.push(h(b.ordered ? 'ol' : 'ul', null, items));
        segmentEls.push(...items);
        break;
      }
      case 'preformatted': {
        const el = h('pre', { text: b.text });
        nodes.push(el);
        segmentEls.push(el);
        break;
      }
      default:
    }
  }
  return { nodes, segmentEls };
}

export function mount(root, { pack, params = {}, language }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const docs = pack.legislation;
  const lang = stringsLanguage(pack.language || language);
  let view = null; // 'list' | 'reader'
  let viewAc = null; // listeners that belong to the current view
  let request = 0;
  // Kept while the visitor moves between documents; the next visitor starts at the default.
  let textSize = DEFAULT_TEXT_SIZE;

  const statusText = (status) => t(lang, status === 'full' ? 'law_status_full' : 'law_status_excerpt');
  function badge(status, testid) {
    return h('span', { class: ['badge', status === 'full' ? 'badge-full' : 'badge-excerpt'], testid, text: statusText(status) });
  }
  function languageNote(doc) {
    const text = originalLanguageNote(doc.language, pack.language);
    return text ? h('span', { class: 'law-language-note', testid: 'law-language-note', text }) : null;
  }

  // ---------- Reader tools in the top bar (shown with a document) ----------

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
  const searchPrev = h(
    'button',
    { type: 'button', class: 'law-tool law-search-step', testid: 'law-search-prev', 'aria-label': t(lang, 'law_search_previous'), disabled: true },
    icon('up'),
  );
  const searchNext = h(
    'button',
    { type: 'button', class: 'law-tool law-search-step', testid: 'law-search-next', 'aria-label': t(lang, 'law_search_next'), disabled: true },
    icon('up', 'icon-down'),
  );
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
  const smaller = h(
    'button',
    { type: 'button', class: 'law-tool law-size-button', testid: 'law-text-smaller' },
    h('span', { class: 'law-size-glyph law-size-glyph-small', 'aria-hidden': 'true', text: 'A\u2212' }),
    // Named by hidden text, not aria-label: the visible "A−" is a picture of the action, not words.
    h('span', { class: 'visually-hidden', text: t(lang, 'law_text_smaller') }),
  );
  const larger = h(
    'button',
    { type: 'button', class: 'law-tool law-size-button', testid: 'law-text-larger' },
    h('span', { class: 'law-size-glyph law-size-glyph-large', 'aria-hidden': 'true', text: 'A+' }),
    h('span', { class: 'visually-hidden', text: t(lang, 'law_text_larger') }),
  );
  const sizeGroup = h('div', { class: 'law-size', role: 'group', 'aria-label': t(lang, 'law_text_size'), lang }, smaller, larger);
  const tools = h('div', { class: 'law-tools', hidden: true }, searchForm, sizeGroup);

  const contentsButton = h(
    'button',
    { type: 'button', class: 'contents-button', hidden: true, 'aria-haspopup': 'dialog', lang },
    icon('contents'),
    h('span', { text: t(lang, 'law_contents') }),
  );
  const bar = topBar({
    onBack: () => (view === 'reader' ? showList() : actions.go('home')),
    trailing: [tools, contentsButton],
    language: lang,
  });
  const stage = h('div', { class: 'law-stage' });
  const screen = h('div', { class: 'law', lang }, bar.el, stage);
  root.append(screen);
  // The form never submits: Enter steps to the next match instead.
  listen(searchForm, 'submit', (e) => e.preventDefault(), signal);

  function newView(name) {
    viewAc?.abort();
    viewAc = new AbortController();
    request++;
    view = name;
    screen.dataset.view = name;
    contentsButton.hidden = true;
    tools.hidden = name !== 'reader';
    return viewAc.signal;
  }

  function showList() {
    newView('list');
    const list = h(
      'ul',
      { class: 'law-doc-list', testid: 'law-doc-list' },
      docs.map((d) =>
        h(
          'li',
          null,
          h(
            'button',
            { type: 'button', class: 'law-doc', testid: `law-doc-${d.id}`, on: { click: () => showReader(d.id) } },
            h(
              'span',
              { class: 'law-doc-text' },
              h('span', { class: 'law-doc-title', lang: d.language || null, text: d.title }),
              d.citation ? h('span', { class: 'law-doc-citation', lang: d.language || null, text: d.citation }) : null,
              languageNote(d),
            ),
            badge(d.status),
            h('span', { class: 'law-doc-arrow' }, icon('chevron')),
          ),
        ),
      ),
    );
    const wrap = h(
      'div',
      { class: 'law-list-wrap' },
      h(
        'header',
        { class: 'law-list-head' },
        h('p', { class: 'eyebrow', text: label(pack, 'the_law', t(lang, 'the_law')) }),
        h('h1', { class: 'law-list-title', text: t(lang, 'law_list_title') }),
        h('p', { class: 'law-list-intro', text: docs.length ? t(lang, 'law_list_intro') : t(lang, 'law_list_empty') }),
      ),
      docs.length ? list : null,
    );
    stage.replaceChildren(h('div', { class: 'scroller law-list-scroller' }, wrap));
    // The list must be findable even when empty (end-to-end hook).
    if (!docs.length) wrap.append(h('div', { class: 'law-doc-list', testid: 'law-doc-list', hidden: true }));
  }

  function showReader(id) {
    const vsignal = newView('reader');
    const mine = request;
    const current = () => !signal.aborted && !vsignal.aborted && mine === request;
    const meta = docs.find((d) => d.id === id) || { id, title: '', citation: '', sourceUrl: '', status: 'excerpt', note: null, language: null };
    const docLang = meta.language || null;

    // ----- Head: status, title, citation, source and QR -----
    const status = badge(meta.status, 'law-status');
    const title = h('h1', { class: 'law-title', testid: 'law-title', lang: docLang, text: meta.title });
    const citation = h('p', { class: 'law-citation', lang: docLang, text: meta.citation });
    const note = h('p', { class: 'law-note', text: meta.note || '' });
    const excerptNotice = h('p', { class: 'excerpt-notice', testid: 'law-excerpt-notice', text: t(lang, 'law_excerpt_notice') });
    const sourceUrl = h('span', { class: 'law-source-url', testid: 'law-source-url', lang: 'en', text: meta.sourceUrl });
    const source = h('p', { class: 'law-source' }, h('span', { class: 'law-source-label', text: t(lang, 'law_source') }), sourceUrl);
    const qrFrame = h('div', { class: 'law-qr-frame', hidden: true });
    const sourceCard = h(
      'div',
      { class: 'law-source-card', testid: 'law-source-card' },
      qrFrame,
      h(
        'div',
        { class: 'law-source-text' },
        h('p', { class: 'law-qr-caption', testid: 'law-qr-caption', text: t(lang, 'law_qr_caption') }),
        h('p', { class: 'law-qr-hint', text: t(lang, 'law_qr_hint') }),
        source,
      ),
    );

    function fillHead(d) {
      status.className = ['badge', d.status === 'full' ? 'badge-full' : 'badge-excerpt'].join(' ');
      status.textContent = statusText(d.status);
      title.textContent = d.title || meta.title;
      citation.textContent = d.citation || '';
      citation.hidden = !citation.textContent;
      sourceUrl.textContent = d.sourceUrl || '';
      sourceCard.hidden = !d.sourceUrl;
      note.textContent = d.note || '';
      note.hidden = !d.note;
      excerptNotice.hidden = d.status === 'full';
    }
    fillHead(meta);

    const body = h(
      'div',
      { class: 'law-body is-loading', testid: 'law-body', 'data-selectable': '', lang: docLang },
      h('p', { class: 'law-loading', lang, text: t(lang, 'law_loading') }),
    );
    const article = h(
      'article',
      { class: 'law-article', 'data-text-size': String(textSize) },
      h('header', { class: 'law-head' }, status, title, citation, languageNote(meta), note, excerptNotice, sourceCard),
      body,
    );
    const scroller = h('div', { class: 'scroller law-scroller' }, article);
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
    const reader = h('div', { class: 'law-reader' }, progress, tocSide, scroller, toTop, sheet);
    stage.replaceChildren(reader);
    scroller.scrollTop = 0;

    const behavior = () => (prefersReducedMotion() ? 'auto' : 'smooth');
    /** Where `el` sits in the scrolled text, in scroll coordinates. */
    const offsetIn = (el) => el.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;

    const scrollToId = (hid) => {
      const target = body.querySelector(`#${CSS.escape(hid)}`);
      if (!target) return;
      scroller.scrollTo({ top: Math.max(0, offsetIn(target) - 24), behavior: behavior() });
      // Keyboard and screen-reader users land where the eye does.
      target.focus({ preventScroll: true });
    };

    // ----- Contents, active section, progress -----
    let tocButtons = [];
    function tocList(onPick) {
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

    let outline = [];
    let headings = [];
    let activeId = null;
    let spyQueued = false;
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
    /** Scrolls `container` just enough to show `el` (scrollIntoView would move the page too). */
    function keepInView(container, el) {
      if (!container.clientHeight) return;
      const c = container.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      if (r.top < c.top) container.scrollTop -= c.top - r.top + 16;
      else if (r.bottom > c.bottom) container.scrollTop += r.bottom - c.bottom + 16;
    }
    const queueSpy = () => {
      if (!spyQueued) {
        spyQueued = true;
        requestAnimationFrame(spy);
      }
    };
    listen(scroller, 'scroll', queueSpy, vsignal, { passive: true });
    listen(window, 'resize', queueSpy, vsignal, { passive: true });
    listen(toTop, 'click', () => scroller.scrollTo({ top: 0, behavior: behavior() }), vsignal);

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
    }, vsignal);
    listen(sheet, 'click', (e) => e.target === sheet && closeSheet(), vsignal);
    listen(document, 'keydown', (e) => e.key === 'Escape' && closeSheet(), vsignal);

    // ----- Text size -----
    function showTextSize() {
      article.dataset.textSize = String(textSize);
      smaller.disabled = textSize <= 0;
      larger.disabled = textSize >= TEXT_SIZES - 1;
    }
    function setTextSize(next) {
      if (next < 0 || next >= TEXT_SIZES || next === textSize) return;
      // Keep the line the visitor was reading where it was on screen.
      const top = scroller.getBoundingClientRect().top;
      const anchor = segmentEls.find((el) => el.getBoundingClientRect().bottom > top);
      const before = anchor ? anchor.getBoundingClientRect().top - top : 0;
      textSize = next;
      showTextSize();
      if (anchor && scroller.scrollTop > 0) scroller.scrollTop += anchor.getBoundingClientRect().top - top - before;
      if (currentMatch >= 0) revealMatch(currentMatch);
      queueSpy();
    }
    showTextSize();
    listen(smaller, 'click', () => setTextSize(textSize - 1), vsignal);
    listen(larger, 'click', () => setTextSize(textSize + 1), vsignal);

    // ----- Search -----
    let segments = [];
    let segmentEls = [];
    let matches = [];
    let marks = [];
    let currentMatch = -1;
    const painted = new Set();
    let searchTimer = 0;

    function unpaint() {
      for (const k of painted) segmentEls[k].textContent = segments[k].text;
      painted.clear();
      marks = [];
    }
    function paint() {
      unpaint();
      const bySegment = new Map();
      matches.forEach((m, index) => {
        if (!bySegment.has(m.segment)) bySegment.set(m.segment, []);
        bySegment.get(m.segment).push({ start: m.start, end: m.end, index });
      });
      marks = new Array(matches.length);
      for (const [k, ranges] of bySegment) {
        const pieces = splitText(segments[k].text, ranges).map((p) => {
          if (p.match === null) return document.createTextNode(p.text);
          const mark = h('mark', { class: 'law-match', text: p.text });
          marks[p.match] = mark;
          return mark;
        });
        segmentEls[k].replaceChildren(...pieces);
        painted.add(k);
      }
    }
    function revealMatch(i) {
      const mark = marks[i];
      if (!mark) return;
      const top = offsetIn(mark) - scroller.clientHeight * 0.35;
      scroller.scrollTo({ top: Math.max(0, top), behavior: behavior() });
    }
    function setCurrent(i) {
      marks[currentMatch]?.classList.remove('is-current');
      marks[currentMatch]?.removeAttribute('aria-current');
      currentMatch = i;
      const mark = marks[i];
      if (mark) {
        mark.classList.add('is-current');
        mark.setAttribute('aria-current', 'true');
        revealMatch(i);
      }
      showCount();
    }
    function showCount() {
      const query = searchInput.value.trim();
      searchClear.hidden = searchInput.value === '';
      const counted = matches.length > 0;
      searchPrev.disabled = !counted;
      searchNext.disabled = !counted;
      if (counted) searchCount.textContent = t(lang, 'law_search_count', { current: currentMatch + 1, total: matches.length });
      else searchCount.textContent = query.length >= 2 && segments.length ? t(lang, 'law_search_none') : '';
      searchCount.dataset.total = String(matches.length);
    }
    function runSearch() {
      clearTimeout(searchTimer);
      searchTimer = 0;
      matches = findMatches(segments, searchInput.value);
      currentMatch = -1;
      paint();
      if (matches.length) setCurrent(0);
      else showCount();
    }
    function clearSearch() {
      searchInput.value = '';
      runSearch();
    }
    const step = (dir) => matches.length && setCurrent(stepMatch(currentMatch, matches.length, dir));
    searchInput.value = '';
    listen(searchInput, 'input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
      searchClear.hidden = searchInput.value === '';
    }, vsignal);
    listen(searchInput, 'keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        // A query typed faster than the repaint is searched first, then stepped through.
        if (searchTimer) runSearch();
        else step(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        clearSearch();
      }
    }, vsignal);
    listen(searchPrev, 'click', () => step(-1), vsignal);
    listen(searchNext, 'click', () => step(1), vsignal);
    listen(searchClear, 'click', () => {
      clearSearch();
      searchInput.focus();
    }, vsignal);
    vsignal.addEventListener('abort', () => clearTimeout(searchTimer));
    showCount();

    // ----- The QR code to the official source -----
    getLawQr(id).then(
      (qr) => {
        if (!current() || !qr || typeof qr.svg !== 'string' || !qr.svg) return;
        const img = h('img', {
          class: 'law-qr',
          testid: 'law-qr',
          alt: t(lang, 'law_qr_alt'),
          draggable: 'false',
          decoding: 'async',
          src: QR_PREFIX + encodeURIComponent(qr.svg),
        });
        img.addEventListener('error', () => (qrFrame.hidden = true), { once: true });
        qrFrame.replaceChildren(img);
        qrFrame.hidden = false;
        if (typeof qr.url === 'string' && qr.url) sourceUrl.textContent = qr.url;
      },
      () => {
        // Without a code the source stays readable as text.
      },
    );

    // ----- The text -----
    actions.loadLaw(id).then(
      (law) => {
        if (!current()) return;
        fillHead({ ...meta, ...law, title: law.title || meta.title });
        const prepared = prepareLaw(law.blocks);
        outline = prepared.outline;
        body.classList.remove('is-loading');
        const rendered = renderDocument(prepared.blocks);
        segments = segmentsOf(prepared.blocks);
        segmentEls = rendered.segmentEls;
        if (rendered.nodes.length) body.replaceChildren(...rendered.nodes);
        else body.replaceChildren(h('p', { class: 'law-unavailable', lang, text: t(lang, 'law_empty') }));
        headings = prepared.blocks
          .filter((b) => b.kind === 'heading' && b.depth <= 2)
          .map((b) => body.querySelector(`#${CSS.escape(b.id)}`))
          .filter(Boolean);
        if (outline.length > 1) {
          reader.classList.add('has-toc');
          tocSide.append(h('p', { class: 'toc-label', lang, text: t(lang, 'law_contents') }), tocList(scrollToId));
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
              h('div', { class: 'scroller toc-sheet-scroll', lang: docLang }, tocList((hid) => {
                closeSheet();
                scrollToId(hid);
              })),
            ),
          );
          contentsButton.hidden = false;
          contentsButton.setAttribute('aria-expanded', 'false');
        }
        // A query typed while the text loaded applies to it now.
        if (searchInput.value.trim()) runSearch();
        spy();
      },
      () => {
        if (!current()) return;
        body.classList.remove('is-loading');
        body.replaceChildren(h('p', { class: 'law-unavailable', lang, text: t(lang, 'law_unavailable') }));
      },
    );
  }

  const initial = typeof params.doc === 'string' && docs.some((d) => d.id === params.doc) ? params.doc : null;
  if (initial) showReader(initial);
  else showList();

  return {
    unmount() {
      viewAc?.abort();
      ac.abort();
    },
  };
}
