// Home menu: film title and four large tiles.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { posterImage } from '../chrome.js';
import { joinMeta } from '../format.js';
import { label } from '../pack.js';
import { languageName } from '../languages.js';

function tile({ testid, iconName, label, hint, onPick }) {
  return h(
    'button',
    { type: 'button', class: 'tile', testid, on: { click: onPick } },
    h('span', { class: 'tile-icon' }, icon(iconName)),
    h('span', { class: 'tile-text' }, h('span', { class: 'tile-label', text: label }), hint ? h('span', { class: 'tile-hint', text: hint }) : null),
    h('span', { class: 'tile-arrow' }, icon('chevron')),
  );
}

export function mount(root, { pack }, actions) {
  const film = pack.film;
  const docs = pack.legislation.length;

  const screen = h('div', { class: 'home' });
  const backdrop = h('div', { class: 'home-backdrop', 'aria-hidden': 'true' });
  backdrop.append(posterImage(film.posterUrl, { class: 'home-backdrop-img' }, backdrop));

  const posterFrame = h('div', { class: 'home-poster' });
  posterFrame.append(posterImage(film.posterUrl, { class: 'home-poster-img', alt: `Poster: ${film.title}` }, screen));

  const tiles = h(
    'nav',
    { class: 'home-tiles', 'aria-label': 'Menu' },
    tile({ testid: 'nav-trailer', iconName: 'film', label: label(pack, 'watch_trailer', 'Watch the trailer'), hint: 'With sound', onPick: () => actions.go('trailer') }),
    tile({ testid: 'nav-credits', iconName: 'credits', label: label(pack, 'credits', 'Credits'), hint: 'The people behind the film', onPick: () => actions.go('credits') }),
    tile({
      testid: 'nav-law',
      iconName: 'law',
      label: label(pack, 'the_law', 'The law'),
      hint: docs === 1 ? 'Read the legislation' : docs > 1 ? `${docs} documents to read` : 'Read the legislation',
      onPick: () => actions.go('law'),
    }),
    tile({ testid: 'nav-about', iconName: 'info', label: label(pack, 'about_the_film', 'About the film'), hint: 'Synopsis and key facts', onPick: () => actions.go('about') }),
  );

  const meta = joinMeta(film.year, film.country);
  const main = h(
    'div',
    { class: 'home-main' },
    h('header', { class: 'home-head' }, meta ? h('p', { class: 'eyebrow', text: meta }) : null, h('h1', { class: 'home-title', text: film.title })),
    tiles,
  );

  const languages =
    pack.languages.length > 1
      ? h(
          'nav',
        { class: 'home-languages', 'aria-label': 'Language / Язык' },
        pack.languages.map((tag) =>
          h('button', {
            type: 'button',
            class: 'language-button',
            testid: `lang-${tag}`,
            lang: tag,
            'aria-pressed': String(tag === pack.language),
            text: languageName(tag),
            on: { click: () => actions.setLanguage(tag) },
          }),
        ),
      )
      : null;

  screen.append(backdrop, posterFrame, main);
  if (languages) screen.append(languages);
  root.append(screen);
  return { unmount() {} };
}
