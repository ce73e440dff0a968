// Whether this launch of the kiosk plays films beneath the page (film_status' engine, which never
// changes while it runs). Asked once as the page loads, long before a film is wanted, so that a
// screen can choose its player as it mounts, without a round trip to the core first. And the
// mark that makes the page see-through while a film plays beneath it.
import * as api from './api.js';

/** @type {'native' | 'webview' | null} */
let known = null;

/** Settles once the engine is known, or the core could not say. */
export const engineKnown = api.filmStatus().then(
  (status) => {
    if (status?.engine === 'native' || status?.engine === 'webview') known = status.engine;
  },
  () => {},
);

/** 'native' (films play beneath the page), 'webview' (in it), or null while not known. */
export function launchEngine() {
  return known;
}

/**
 * Marks the whole page see-through (`<html data-film="native">`, base styles in the screens'
 * sheets) while a film plays beneath it, or opaque again.
 * @param {HTMLElement} screen the screen's own element, which takes `is-native` too
 * @param {boolean} on
 */
export function markFilmBeneath(screen, on) {
  screen.classList.toggle('is-native', on);
  if (on) document.documentElement.dataset.film = 'native';
  else delete document.documentElement.dataset.film;
}
