// Attract loop: the trailer plays full-bleed, on repeat (muted unless the operator turned its
// sound on), under the film title and a "Touch to begin" that cycles through the pack's
// languages. Any tap, click or key press goes to the home menu. The film (beneath the page or
// in it, screens/attract/film.js) and the cycling invitation are in screens/attract/. With two
// screens the big one (`film` role) only loops, with nothing to touch, and the touch screen
// (`reader`) shows the poster and the invitation without a film of its own.
import { h, listen } from '../dom.js';
import { posterImage } from '../chrome.js';
import { joinMeta } from '../format.js';
import { createAttractFilm } from './attract/film.js';
import { createTouchToBegin } from './attract/touch-to-begin.js';

export function mount(root, { pack, settings, role }, actions) {
  const ac = new AbortController();
  const { signal } = ac;
  const film = pack.film;

  const stage = h('div', { class: 'attract', testid: 'attract', role: 'button', tabindex: '0' });

  const backdrop = h('div', { class: 'attract-backdrop' });
  backdrop.append(posterImage(film.posterUrl, { class: 'attract-poster' }, backdrop));

  const meta = joinMeta(film.year, film.country);
  const title = h(
    'div',
    { class: 'attract-titles' },
    meta ? h('p', { class: 'eyebrow', text: meta }) : null,
    h('h1', { class: 'attract-title', text: film.title }),
  );
  const touchable = role !== 'film';
  const cta = touchable ? createTouchToBegin(pack) : { el: null, stop() {} };

  stage.append(backdrop, h('div', { class: 'attract-shade' }), h('div', { class: 'attract-content' }, title, cta.el));
  root.append(stage);
  // Last: the page's own videos, when it plays them, go in right after the backdrop.
  const loop = role === 'reader' ? { stop() {} } : createAttractFilm({
    stage,
    backdrop,
    renditions: pack.trailer.renditions,
    settings,
    /** The loop point: statistics, and the one moment a newly installed pack may take over (app.js). */
    looped: () => actions.attractLooped?.(),
    mediaFailed: actions.mediaFailed,
    signal,
  });

  let left = false;
  const begin = () => {
    if (left || !touchable) return;
    left = true;
    actions.go('home');
  };
  // Navigate on click (after the finger lifts), not pointerdown, so the same touch can't
  // land on a home tile that appears under the finger.
  listen(stage, 'click', begin, signal);
  listen(document, 'keydown', (e) => {
    if (e.repeat) return;
    if (['Control', 'Shift', 'Alt', 'Meta', 'AltGraph'].includes(e.key)) return;
    e.preventDefault();
    begin();
  }, signal);

  return {
    unmount() {
      ac.abort();
      loop.stop();
      cta.stop();
    },
  };
}
