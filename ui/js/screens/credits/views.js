// The credits' two views of the same groups -> roles -> names: the roll, set like a film's end
// titles, and the list of cards to browse at one's own pace. Only the elements; credits.js
// decides which shows and credits/roll.js moves the roll.
import { h } from '../../dom.js';
import { icon } from '../../icons.js';
import { joinMeta } from '../../format.js';
import { t } from '../../strings.js';

function creditGroups(pack, cls) {
  return pack.credits.map((g) =>
    h(
      'section',
      { class: ['credit-group', cls] },
      g.heading ? h('h2', { class: 'credit-heading', text: g.heading }) : null,
      g.logos.length
        ? h(
            'div',
            { class: 'credit-logos' },
            g.logos.map((l) => h('img', { class: 'credit-logo', src: l.url, alt: l.alt, draggable: 'false' })),
          )
        : null,
      h(
        'dl',
        { class: 'credit-entries' },
        g.entries.map((e) =>
          h(
            'div',
            { class: 'credit-entry' },
            e.role ? h('dt', { class: 'credit-role', text: e.role }) : null,
            e.names.map((n) => h('dd', { class: 'credit-name', text: n })),
          ),
        ),
      ),
    ),
  );
}

/**
 * @param {{ pack: object, lang: string, heading: string }} opts
 * @returns {{ rollScroller: HTMLElement, listScroller: HTMLElement, again: HTMLButtonElement }}
 */
export function creditViews({ pack, lang, heading }) {
  const film = pack.film;
  const empty = !pack.credits.length;
  const head = () =>
    h(
      'header',
      { class: 'credits-head' },
      h('p', { class: 'eyebrow', text: heading }),
      h('h1', { class: 'credits-title', text: film.title }),
      h('p', { class: 'credits-meta', text: joinMeta(film.year, film.country) }),
    );

  const again = h(
    'button',
    { type: 'button', class: 'credits-again', testid: 'credits-again' },
    icon('replay'),
    h('span', { text: t(lang, 'credits_again') }),
  );
  const rollScroller = h(
    'div',
    { class: 'scroller credits-scroller', testid: 'credits-roll' },
    h(
      'div',
      { class: 'credits-roll' },
      head(),
      empty ? h('p', { class: 'credits-empty', text: t(lang, 'credits_empty') }) : creditGroups(pack, 'credit-group-roll'),
      h('p', { class: 'credits-end', 'aria-hidden': 'true', text: '\u2766' }),
      empty ? null : again,
    ),
  );
  const listScroller = h(
    'div',
    // Focusable, so a keyboard can scroll a list longer than the screen.
    { class: 'scroller credits-list-scroller', testid: 'credits-list', hidden: true, tabindex: '0', role: 'group', 'aria-label': t(lang, 'credits_list') },
    h('div', { class: 'credits-list-inner' }, head(), h('div', { class: 'credits-list' }, creditGroups(pack, 'credit-card'))),
  );
  return { rollScroller, listScroller, again };
}
