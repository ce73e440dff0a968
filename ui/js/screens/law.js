// The law: a list of documents, then a reader with a table of contents.
// Excerpts are always labelled as excerpts, in the list and in the reader.
import { h, listen, prefersReducedMotion } from '../dom.js';
import { icon } from '../icons.js';
import { topBar } from '../chrome.js';
import { prepareLaw } from '../law-outline.js';
import { statusLabel } from '../pack.js';
import { originalLanguageNote } from '../languages.js';

/** "Shown in its original language: English" when the visitor reads another language. */
function languageNote(doc, pack) {
  const text = originalLanguageNote(doc.language, pack.language);
  return text ? h('span', { class: 'law-language-note', testid: 'law-language-note', text }) : null;
}

function badge(status, testid) {
  const full = status === 'full';
  return h('span', { class: ['badge', full ? 'badge-full' : 'badge-excerpt'], testid, text: statusLabel(status) });
}

function renderBlock(b) {
  switch (b.kind) {
    case 'heading':
      return h(b.tag, { id: b.id, class: ['law-h', `law-h${b.depth}`], text: b.text });
    case 'paragraph':
      return h('p', { text: b.text });
    case 'list':
      return h(b.ordered ? 'ol' : 'ul', null, b.items.map((i) => h('li', { text: i })));
    case 'preformatted':
      return h('pre', { text: b.text });
    default:
      return null;
  }
}

export function mount(root, { pack, params = {} }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const docs = pack.legislation;
  let view = null; // 'list' | 'reader'
  let viewAc = null; // listeners that belong to the current view
  let request = 0;

  const contentsButton = h(
    'button',
    { type: 'button', class: 'contents-button', hidden: true, 'aria-haspopup': 'dialog' },
    icon('contents'),
    h('span', { text: 'Contents' }),
  );
  const bar = topBar({
    onBack: () => (view === 'reader' ? showList() : actions.go('home')),
    trailing: contentsButton,
  });
  const stage = h('div', { class: 'law-stage' });
  const screen = h('div', { class: 'law' }, bar.el, stage);
  root.append(screen);

  function newView(name) {
    viewAc?.abort();
    viewAc = new AbortController();
    request++;
    view = name;
    screen.dataset.view = name;
    contentsButton.hidden = true;
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
              h('span', { class: 'law-doc-title', text: d.title }),
              d.citation ? h('span', { class: 'law-doc-citation', text: d.citation }) : null,
              languageNote(d, pack),
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
        h('p', { class: 'eyebrow', text: 'The law' }),
        h('h1', { class: 'law-list-title', text: 'Read the legislation' }),
        h('p', {
          class: 'law-list-intro',
          text: docs.length
            ? 'Texts of the law connected to the film. Documents marked \u201cExcerpt\u201d show selected parts only.'
            : 'The texts of the law will be added to this kiosk soon.',
        }),
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
    const meta = docs.find((d) => d.id === id) || { id, title: '', citation: '', sourceUrl: '', status: 'excerpt', note: null };

    const status = badge(meta.status, 'law-status');
    const title = h('h1', { class: 'law-title', testid: 'law-title', text: meta.title });
    const citation = h('p', { class: 'law-citation', text: meta.citation });
    const source = h('p', { class: 'law-source' }, h('span', { class: 'law-source-label', text: 'Source ' }), h('span', { class: 'law-source-url', text: meta.sourceUrl }));
    const note = h('p', { class: 'law-note', text: meta.note || '' });
    const readerLanguageNote = languageNote(meta, pack);
    const excerptNotice = h('p', { class: 'excerpt-notice', text: 'Excerpt \u2014 this is not the full text of the law. Selected parts are shown.' });
    const body = h('div', { class: 'law-body is-loading', testid: 'law-body', 'data-selectable': '' }, h('p', { class: 'law-loading', text: 'Opening the document\u2026' }));

    function fillHead(d) {
      status.className = ['badge', d.status === 'full' ? 'badge-full' : 'badge-excerpt'].join(' ');
      status.textContent = statusLabel(d.status);
      title.textContent = d.title || meta.title;
      citation.textContent = d.citation || '';
      citation.hidden = !citation.textContent;
      source.lastChild.textContent = d.sourceUrl || '';
      source.hidden = !d.sourceUrl;
      note.textContent = d.note || '';
      note.hidden = !d.note;
      excerptNotice.hidden = d.status === 'full';
    }
    fillHead(meta);

    const article = h('article', { class: 'law-article' }, h('header', { class: 'law-head' }, status, title, citation, readerLanguageNote, source, note, excerptNotice), body);
    const scroller = h('div', { class: 'scroller law-scroller' }, article);
    const tocSide = h('aside', { class: 'law-toc', hidden: true, 'aria-label': 'Contents' });
    const toTop = h('button', { type: 'button', class: 'to-top', hidden: true, 'aria-label': 'Back to the top' }, icon('up'), h('span', { text: 'Top' }));
    const sheet = h('div', { class: 'toc-sheet', hidden: true, role: 'dialog', 'aria-label': 'Contents' });
    const reader = h('div', { class: 'law-reader' }, tocSide, scroller, toTop, sheet);
    stage.replaceChildren(reader);
    scroller.scrollTop = 0;

    const behavior = () => (prefersReducedMotion() ? 'auto' : 'smooth');
    const scrollToId = (hid) => {
      const target = body.querySelector(`#${CSS.escape(hid)}`);
      if (!target) return;
      const top = target.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
      scroller.scrollTo({ top: Math.max(0, top - 24), behavior: behavior() });
    };

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
    let spyQueued = false;
    const spy = () => {
      spyQueued = false;
      toTop.hidden = scroller.scrollTop < scroller.clientHeight * 0.8;
      if (!headings.length) return;
      const line = scroller.getBoundingClientRect().top + scroller.clientHeight * 0.25;
      let active = headings[0].id;
      for (const el of headings) {
        if (el.getBoundingClientRect().top <= line) active = el.id;
        else break;
      }
      for (const b of tocButtons) b.classList.toggle('is-active', b.dataset.target === active);
    };
    listen(scroller, 'scroll', () => {
      if (!spyQueued) {
        spyQueued = true;
        requestAnimationFrame(spy);
      }
    }, vsignal, { passive: true });
    listen(toTop, 'click', () => scroller.scrollTo({ top: 0, behavior: behavior() }), vsignal);

    const closeSheet = () => {
      sheet.hidden = true;
      contentsButton.setAttribute('aria-expanded', 'false');
    };
    listen(contentsButton, 'click', () => {
      sheet.hidden = !sheet.hidden;
      contentsButton.setAttribute('aria-expanded', String(!sheet.hidden));
    }, vsignal);
    listen(sheet, 'click', (e) => e.target === sheet && closeSheet(), vsignal);
    listen(document, 'keydown', (e) => e.key === 'Escape' && closeSheet(), vsignal);

    actions.loadLaw(id).then(
      (law) => {
        if (signal.aborted || vsignal.aborted || mine !== request) return;
        fillHead({ ...meta, ...law, title: law.title || meta.title });
        const prepared = prepareLaw(law.blocks);
        outline = prepared.outline;
        body.classList.remove('is-loading');
        const nodes = prepared.blocks.map(renderBlock).filter(Boolean);
        if (nodes.length) body.replaceChildren(...nodes);
        else body.replaceChildren(h('p', { class: 'law-unavailable', text: 'The text of this document will be added soon.' }));
        headings = prepared.blocks.filter((b) => b.kind === 'heading' && b.depth <= 2).map((b) => body.querySelector(`#${CSS.escape(b.id)}`)).filter(Boolean);
        if (outline.length > 1) {
          reader.classList.add('has-toc');
          tocSide.append(h('p', { class: 'toc-label', text: 'Contents' }), tocList(scrollToId));
          tocSide.hidden = false;
          sheet.append(
            h(
              'div',
              { class: 'toc-sheet-panel' },
              h(
                'div',
                { class: 'toc-sheet-head' },
                h('p', { class: 'toc-label', text: 'Contents' }),
                h('button', { type: 'button', class: 'toc-close', 'aria-label': 'Close contents', on: { click: closeSheet } }, icon('close')),
              ),
              h('div', { class: 'scroller toc-sheet-scroll' }, tocList((hid) => {
                closeSheet();
                scrollToId(hid);
              })),
            ),
          );
          contentsButton.hidden = false;
          contentsButton.setAttribute('aria-expanded', 'false');
        }
        spy();
      },
      () => {
        if (signal.aborted || vsignal.aborted || mine !== request) return;
        body.classList.remove('is-loading');
        body.replaceChildren(
          h('p', { class: 'law-unavailable', text: 'This document cannot be shown on this kiosk at the moment.' }),
        );
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
