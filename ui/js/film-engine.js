// Whether this launch of the kiosk plays films beneath the page (film_status' engine, which never
// changes while it runs). Asked once as the page loads, long before a film is wanted, so that a
// screen can choose its player as it mounts, without a round trip to the core first.
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
