// The kiosk application: loads the pack and settings, wires the router, the idle timer
// and the lockdown, and keeps the visitor away from anything that looks like an error.
import * as api from './api.js';
import { h } from './dom.js';
import { createRouter } from './router.js';
import { createIdleTimer, normalizeIdleTimeoutSecs } from './idle.js';
import { installLockdown } from './lockdown.js';
import { createCursorHider } from './cursor.js';
import { normalizePack } from './pack.js';
import * as attract from './screens/attract.js';
import * as home from './screens/home.js';
import * as trailer from './screens/trailer.js';
import * as credits from './screens/credits.js';
import * as law from './screens/law.js';
import * as about from './screens/about.js';
import * as fatal from './screens/fatal.js';

const SCREENS = { attract, home, trailer, credits, law, about };
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'];
const RETRY_MS = 30_000;
const TITLE_KEY = 'screening-kiosk.film-title';

function log(...args) {
  try {
    console.warn('[kiosk]', ...args);
  } catch {
    /* no console */
  }
}

function rememberTitle(title) {
  try {
    localStorage.setItem(TITLE_KEY, title);
  } catch {
    /* storage unavailable */
  }
}

function rememberedTitle() {
  try {
    return localStorage.getItem(TITLE_KEY) || '';
  } catch {
    return '';
  }
}

/**
 * Start the kiosk.
 * @param {{ root: HTMLElement, doc?: Document }} opts
 */
export async function start({ root, doc = document }) {
  const body = doc.body;
  installLockdown(doc);
  const cursor = createCursorHider({ setHidden: (hidden) => body.classList.toggle('cursor-hidden', hidden) });
  doc.addEventListener('mousemove', () => cursor.moved(), { passive: true });

  // Nothing may surface as a dialog or a debug page: log and carry on.
  window.addEventListener('error', (e) => {
    log('error', e.message);
    e.preventDefault();
  });
  window.addEventListener('unhandledrejection', (e) => {
    log('unhandled rejection', e.reason);
    e.preventDefault();
  });

  const setScreenName = (name) => {
    body.dataset.screen = name;
  };
  // index.html starts on "attract" so the page is styled right from the first paint, but the
  // attract screen only exists once the pack has loaded: until then the body says "loading",
  // so nothing (an end-to-end test included) waits for "attract" and finds no attract screen.
  setScreenName('loading');

  let fatalShown = false;
  let booted = false;
  let retry = null;

  function showFatal(title) {
    fatalShown = true;
    setScreenName('fatal');
    const container = h('main', { class: 'screen screen-fatal' });
    root.replaceChildren(container);
    fatal.mount(container, { title });
    if (!retry && !booted) {
      retry = setInterval(async () => {
        try {
          const pack = normalizePack(await api.getPack());
          clearInterval(retry);
          retry = null;
          boot(pack, await settingsOrDefault());
        } catch {
          /* still not ready: stay on the slate */
        }
      }, RETRY_MS);
    }
  }

  async function settingsOrDefault() {
    try {
      return await api.getSettings();
    } catch (err) {
      log('settings unavailable, using defaults', err);
      return {};
    }
  }

  // A new pack arrived while booted: it is shown at the next attract loop (the attract video
  // wrapping around, or a return to attract), never in the middle of a visit.
  let swapPending = false;
  let swapToPack = null;
  api.onPackChanged(() => {
    if (!booted) {
      // The slate is up because no good pack existed: show the new one at once.
      api.getPack().then((raw) => {
        if (booted) return;
        if (retry) clearInterval(retry);
        retry = null;
        return settingsOrDefault().then((settings) => boot(normalizePack(raw), settings));
      }, (err) => log('new pack unavailable', err));
      return;
    }
    swapPending = true;
    if (body.dataset.screen === 'attract' && !attractHasVideo()) swapToPack?.();
  });
  const attractHasVideo = () => {
    const video = root.querySelector('[data-testid="attract-video"]');
    return Boolean(video && video.currentSrc && !video.error);
  };

  function boot(pack, settings) {
    fatalShown = false;
    booted = true;
    const lawCache = new Map();

    /** Makes `next` the pack every screen reads (a new pack, or the same one in another language). */
    function show(next) {
      pack = next;
      lawCache.clear();
      rememberTitle(pack.film.title);
      doc.title = pack.film.title;
      body.lang = pack.language || '';
    }
    show(pack);

    let swapping = false;
    swapToPack = async () => {
      if (!swapPending || swapping) return;
      swapping = true;
      try {
        const next = normalizePack(await api.getPack());
        swapPending = false;
        show(next);
        router.go('attract');
      } catch (err) {
        // The core only announces packs that passed validation; if reading it still fails, keep
        // showing the current one and try again at the next loop.
        log('new pack unavailable; keeping the current one', err);
      } finally {
        swapping = false;
      }
    };

    const idle = createIdleTimer({
      timeoutMs: normalizeIdleTimeoutSecs(settings?.idleTimeoutSecs) * 1000,
      // The next visitor starts in the pack's default language.
      onIdle: () => {
        if (pack.language && pack.defaultLanguage && pack.language !== pack.defaultLanguage) {
          api.getPack().then(
            (raw) => {
              show(normalizePack(raw));
              router.go('attract');
            },
            () => router.go('attract'),
          );
        } else {
          router.go('attract');
        }
      },
    });
    const activity = () => idle.activity();
    for (const type of ACTIVITY_EVENTS) {
      doc.addEventListener(type, activity, { capture: true, passive: true });
    }

    const actions = {
      go: (name, params) => router.go(name, params),
      pauseIdle: (reason) => idle.pause(reason),
      /** The attract video reached its end: the one moment a new pack may replace the old. */
      attractLooped: () => swapToPack(),
      resumeIdle: (reason) => idle.resume(reason),
      /** A visitor picked a language: the same screens, the pack's texts in that language. */
      async setLanguage(tag) {
        try {
          show(normalizePack(await api.getPack(tag)));
          router.go(body.dataset.screen === 'attract' ? 'home' : body.dataset.screen);
        } catch (err) {
          log('language unavailable; keeping the current one', err);
        }
      },
      loadLaw(id) {
        if (!lawCache.has(id)) {
          const p = api.getLaw(id, pack.language);
          lawCache.set(id, p);
          p.catch(() => lawCache.delete(id)); // try again next time
        }
        return lawCache.get(id);
      },
    };

    const router = createRouter({
      root,
      screens: SCREENS,
      createContainer: (name) => h('main', { class: `screen screen-${name}` }),
      setScreenName,
      context: (name, params) => ({ props: { pack, params: params || {} }, actions }),
      onShow: (name) => {
        idle.stop();
        idle.clearPauses();
        if (name !== 'attract') idle.start();
        else if (swapPending) setTimeout(() => swapToPack(), 0);
      },
      onError: (name, err, phase) => {
        log(`screen "${name}" failed (${phase})`, err);
        // A screen that fails to clean up is logged; the navigation it was part of goes on.
        if (fatalShown || phase === 'unmount') return;
        // A broken screen sends the visitor home; a broken home falls back to the attract loop.
        const fallback = name === 'home' ? 'attract' : name === 'attract' ? null : 'home';
        if (fallback) setTimeout(() => router.go(fallback), 0);
        else {
          router.clear();
          showFatal(pack.film.title);
        }
      },
    });

    router.go('attract');
  }

  let pack;
  const settingsPromise = settingsOrDefault();
  try {
    pack = normalizePack(await api.getPack());
  } catch (err) {
    log('content pack unavailable', err);
    showFatal(rememberedTitle());
    return;
  }
  boot(pack, await settingsPromise);
}
