// About the film: poster, synopsis and key facts.
import { h } from '../dom.js';
import { topBar, posterImage } from '../chrome.js';
import { joinMeta, splitParagraphs } from '../format.js';

export function mount(root, { pack }, actions) {
  const film = pack.film;
  const bar = topBar({ onBack: () => actions.go('home') });
  const screen = h('div', { class: 'about' });

  const figure = h('figure', { class: 'about-poster' });
  figure.append(posterImage(film.posterUrl, { class: 'about-poster-img', testid: 'about-poster', alt: `Poster: ${film.title}` }, screen));

  const paragraphs = splitParagraphs(film.synopsis);
  const synopsis = h(
    'div',
    { class: 'about-synopsis', testid: 'about-synopsis' },
    paragraphs.map((p) => h('p', { text: p })),
  );

  const facts = h(
    'dl',
    { class: 'about-facts', testid: 'about-facts' },
    film.facts.map((f) => h('div', { class: 'fact' }, h('dt', { text: f.label }), h('dd', { text: f.value }))),
  );

  const meta = joinMeta(film.year, film.country);
  const text = h(
    'div',
    { class: 'about-text' },
    h('p', { class: 'eyebrow', text: 'About the film' }),
    h('h1', { class: 'about-title', text: film.title }),
    meta ? h('p', { class: 'about-meta', text: meta }) : null,
    synopsis,
    film.facts.length ? h('h2', { class: 'section-label', text: 'Key facts' }) : null,
    facts,
  );

  screen.append(bar.el, h('div', { class: 'scroller about-scroller' }, h('div', { class: 'about-layout' }, figure, text)));
  root.append(screen);
  return { unmount() {} };
}
