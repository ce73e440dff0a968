// The law screen's first view: the pack's documents, each with its citation, its status and the
// language it is written in, so a visitor knows what they open before they open it.
import { h } from '../../dom.js';
import { icon } from '../../icons.js';
import { label } from '../../pack.js';
import { t } from '../../strings.js';
import { badge, languageNote } from './parts.js';

/**
 * @param {{ pack: object, lang: string, onOpen: (id: string) => void }} opts
 * @returns {HTMLElement} the view, for the stage
 */
export function lawList({ pack, lang, onOpen }) {
  const docs = pack.legislation;
  const list = h(
    'ul',
    { class: 'law-doc-list', testid: 'law-doc-list' },
    docs.map((d) =>
      h(
        'li',
        null,
        h(
          'button',
          { type: 'button', class: 'law-doc', testid: `law-doc-${d.id}`, on: { click: () => onOpen(d.id) } },
          h(
            'span',
            { class: 'law-doc-text' },
            h('span', { class: 'law-doc-title', lang: d.language || null, text: d.title }),
            d.citation ? h('span', { class: 'law-doc-citation', lang: d.language || null, text: d.citation }) : null,
            languageNote(d, pack.language),
          ),
          badge(lang, d.status),
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
  // The list must be findable even when empty (end-to-end hook).
  if (!docs.length) wrap.append(h('div', { class: 'law-doc-list', testid: 'law-doc-list', hidden: true }));
  return h('div', { class: 'scroller law-list-scroller' }, wrap);
}
