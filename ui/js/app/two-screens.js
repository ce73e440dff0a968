// This window's part when the kiosk has two screens (the core decides it: kiosk/roles.rs), and
// how the touch screen and the big screen work together through the core, never page to page:
// the touch screen (`reader`) sends the visitor's trailer to the big screen (`film`) and shows
// "now playing" meanwhile; its rest sends the big screen back to its loop; the big screen's
// trailer ending brings the touch screen back to its menu. One screen (`kiosk`) is the whole
// kiosk, as ever; `standby` is a window with no part for now.
import * as defaultApi from '../api.js';
import { REST_SCREENS, STAFF_SCREENS } from '../screens/registry.js';

export const ROLES = Object.freeze(['kiosk', 'reader', 'film', 'standby']);

/** How long a trailer asked for while the big screen starts up is still wanted. */
const PENDING_PLAY_KEPT_MS = 15_000;

/**
 * @param {object} opts
 * @param {{ role: string, pack: object | null, settings: object }} opts.kiosk `role` is set here
 * @param {{ dataset: Record<string, string> }} opts.body its data-role names the part, for CSS
 * @param {() => string | undefined} opts.screenName
 * @param {(name: string, params?: object) => void} opts.go
 * @param {() => string} opts.restScreen
 * @param {(tag: string | null) => Promise<void>} opts.useLanguage
 * @param {object} [opts.api] the core (tests pass a fake)
 * @param {() => number} [opts.now] clock in milliseconds
 */
export function createTwoScreens({ kiosk, body, screenName, go, restScreen, useLanguage, api = defaultApi, now = () => Date.now() }) {
  const busy = () => {
    const current = screenName();
    return !current || current === 'loading' || STAFF_SCREENS.has(current);
  };

  function setRole(role) {
    kiosk.role = ROLES.includes(role) ? role : 'kiosk';
    body.dataset.role = kiosk.role;
  }

  /** The part changed (a monitor came or went): a window at rest rests anew in its new part. */
  function roleChanged(role) {
    const before = kiosk.role;
    setRole(role);
    if (before === kiosk.role || busy()) return;
    const current = screenName();
    if (current === 'now-playing') go('home');
    else if (kiosk.role === 'film' || kiosk.role === 'standby' || REST_SCREENS.has(current)) go(restScreen());
  }

  /**
   * A request that came while the big screen's page was still starting (the film window opens
   * when the operator sets two screens up, or after the watchdog replaced it): played as soon as
   * its loop is on, unless it is older than a visitor would wait.
   */
  let pending = null;

  /** The big screen is told to play the visitor's trailer. */
  async function playHere({ language, captions } = {}) {
    if (kiosk.role !== 'film') return;
    if (busy() || restScreen() !== 'attract' || screenName() !== 'attract') {
      pending = { request: { language, captions }, at: now() };
      return;
    }
    pending = null;
    await useLanguage(language || null);
    go('trailer', { captions: Boolean(captions) });
  }

  return {
    setRole,
    roleChanged,
    playHere,

    /** Subscribes to the core's role-changed and film-screen-* events. */
    listen() {
      api.onRoleChanged(roleChanged);
      api.onFilmScreenPlay(playHere);
      api.onFilmScreenRest(() => {
        pending = null;
        if (kiosk.role === 'film' && screenName() === 'trailer') go(restScreen());
      });
      api.onFilmScreenDone(() => {
        if (screenName() === 'now-playing') go('home', { watchAgain: true });
      });
    },

    /** Whether this window has visitors of its own: the idle timeout, visit counts, the operator gesture. */
    countsVisits: () => kiosk.role === 'kiosk' || kiosk.role === 'reader',

    /** A screen is on show: a touch screen at rest sends the big screen back to its loop too. */
    shown(name, atRest) {
      if (atRest && kiosk.role === 'reader') api.filmScreenRest();
      if (kiosk.role === 'film' && name === 'attract' && pending) {
        const { request, at } = pending;
        pending = null;
        if (now() - at <= PENDING_PLAY_KEPT_MS) setTimeout(() => playHere(request), 0);
      }
    },

    async watchTrailer() {
      if (kiosk.role !== 'reader') return go('trailer');
      const played = await api.filmScreenPlay({
        language: kiosk.pack?.language || null,
        captions: kiosk.settings.captionsDefault,
      });
      // No big screen to play it (its display is gone and it waits): here, then.
      return go(played ? 'now-playing' : 'trailer');
    },

    trailerEnded() {
      if (kiosk.role !== 'film') return go('home', { watchAgain: true });
      api.filmScreenDone();
      return go(restScreen());
    },

    stopFilmScreen() {
      api.filmScreenRest();
      go('home');
    },
  };
}
