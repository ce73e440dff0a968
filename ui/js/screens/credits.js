// Credits: groups -> roles -> names, centred, in the typography of a film's end titles.
import { h } from '../dom.js';
import { topBar } from '../chrome.js';
import { joinMeta } from '../format.js';

export function mount(root, { pack }, actions) {
  const film = pack.film;
  const bar = topBar({ onBack: () => actions.go('home') });

  const groups = pack.credits.map((g) =>
    h(
      'section',
      { class: 'credit-group' },
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

  const body = h(
    'div',
    { class: 'credits-roll', testid: 'credits' },
    h(
      'header',
      { class: 'credits-head' },
      h('p', { class: 'eyebrow', text: 'Credits' }),
      h('h1', { class: 'credits-title', text: film.title }),
      h('p', { class: 'credits-meta', text: joinMeta(film.year, film.country) }),
    ),
    groups.length ? groups : h('p', { class: 'credits-empty', text: 'Credits will be added soon.' }),
    h('p', { class: 'credits-end', 'aria-hidden': 'true', text: '\u2766' }),
  );

  const scroller = h('div', { class: 'scroller credits-scroller' }, body);
  root.append(h('div', { class: 'credits' }, bar.el, scroller));
  return { unmount() {} };
}
