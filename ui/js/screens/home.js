// Home menu: film title and four large tiles; in the top corner the visitor's own choices
// (language, contrast, text size); after the trailer, a way to watch it again.
import { h } from '../dom.js';
import { icon } from '../icons.js';
import { posterImage } from '../chrome.js';
import { joinMeta } from '../format.js';
import { label } from '../pack.js';
import { languageName } from '../languages.js';
import { plural, stringsLanguage, t } from '../strings.js';

function tile({ testid, iconName, label, hint, onPick }) {
  return h(
    'button',
    { type: 'button', class: 'tile', testid, on: { click: onPick } },
    h('span', { class: 'tile-icon' }, icon(iconName)),
    h('span', { class: 'tile-text' }, h('span', { class: 'tile-label', text: label }), hint ? h('span', { class: 'tile-hint', text: hint }) : null),
    h('span', { class: 'tile-arrow' }, icon('chevron')),
  );
}

/** A toggle that shows its state in words and shape as well as colour (aria-pressed drives the CSS). */
function toggle({ testid, iconName, text, pressed, onToggle }) {
  const button = h(
    'button',
    { type: 'button', class: 'option-toggle', testid, 'aria-pressed': String(pressed) },
    h('span', { class: 'option-check', 'aria-hidden': 'true' }),
    icon(iconName),
    h('span', { class: 'option-label', text }),
  );
  button.addEventListener('click', () => {
    const on = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(on));
    onToggle(on);
  });
  return button;
}

export function mount(root, { pack, params = {}, language, access = {} }, actions) {
  const film = pack.film;
  const docs = pack.legislation.length;
  const lang = stringsLanguage(pack.language || language);

  const screen = h('div', { class: 'home' });
  const backdrop = h('div', { class: 'home-backdrop', 'aria-hidden': 'true' });
  backdrop.append(posterImage(film.posterUrl, { class: 'home-backdrop-img' }, backdrop));

  const posterFrame = h('div', { class: 'home-poster' });
  posterFrame.append(posterImage(film.posterUrl, { class: 'home-poster-img', alt: t(lang, 'poster_alt', { title: film.title }) }, screen));

  const tiles = h(
    'nav',
    { class: 'home-tiles', 'aria-label': t(lang, 'menu') },
    tile({
      testid: 'nav-trailer',
      iconName: 'film',
      label: label(pack, 'watch_trailer', t(lang, 'watch_trailer')),
      hint: t(lang, 'watch_trailer_hint'),
      onPick: () => actions.watchTrailer(),
    }),
    tile({
      testid: 'nav-credits',
      iconName: 'credits',
      label: label(pack, 'credits', t(lang, 'credits')),
      hint: t(lang, 'credits_hint'),
      onPick: () => actions.go('credits'),
    }),
    tile({
      testid: 'nav-law',
      iconName: 'law',
      label: label(pack, 'the_law', t(lang, 'the_law')),
      hint: docs > 1 ? plural(lang, 'law_hint_documents', docs) : t(lang, 'law_hint'),
      onPick: () => actions.go('law'),
    }),
    tile({
      testid: 'nav-about',
      iconName: 'info',
      label: label(pack, 'about_the_film', t(lang, 'about_the_film')),
      hint: t(lang, 'about_hint'),
      onPick: () => actions.go('about'),
    }),
  );

  // Only right after the trailer ended: the one thing that visitor most likely wants next.
  const watchAgain = params.watchAgain
    ? h(
        'button',
        { type: 'button', class: 'watch-again', testid: 'watch-again', on: { click: () => actions.watchTrailer() } },
        icon('replay'),
        h('span', { text: t(lang, 'watch_again') }),
      )
    : null;

  const meta = joinMeta(film.year, film.country);
  const main = h(
    'div',
    { class: 'home-main' },
    h('header', { class: 'home-head' }, meta ? h('p', { class: 'eyebrow', text: meta }) : null, h('h1', { class: 'home-title', text: film.title })),
    watchAgain,
    tiles,
  );

  // Each language is named in itself, so a visitor finds theirs whatever is showing now.
  const languages =
    pack.languages.length > 1
      ? h(
          'nav',
          { class: 'home-languages', 'aria-label': t(lang, 'language') },
          h('span', { class: 'home-languages-icon' }, icon('globe')),
          pack.languages.map((tag) =>
            h('button', {
              type: 'button',
              class: 'language-button',
              testid: `lang-${tag}`,
              lang: tag,
              'aria-pressed': String(tag === pack.language),
              text: languageName(tag),
              on: { click: () => tag !== pack.language && actions.setLanguage(tag) },
            }),
          ),
        )
      : null;

  const display = h(
    'div',
    { class: 'home-display', role: 'group', 'aria-label': t(lang, 'display_options') },
    toggle({
      testid: 'access-contrast',
      iconName: 'contrast',
      text: t(lang, 'high_contrast'),
      pressed: Boolean(access.highContrast),
      onToggle: (on) => actions.setAccess?.('highContrast', on),
    }),
    toggle({
      testid: 'access-text',
      iconName: 'text-size',
      text: t(lang, 'larger_text'),
      pressed: Boolean(access.largeText),
      onToggle: (on) => actions.setAccess?.('largeText', on),
    }),
  );

  const options = h('div', { class: 'home-options' }, languages, display);

  // First in the DOM: a visitor who cannot read the current language reaches the picker first.
  screen.append(backdrop, options, posterFrame, main);
  root.append(screen);
  return { unmount() {} };
}
