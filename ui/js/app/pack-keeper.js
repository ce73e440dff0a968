// The content pack every screen reads: the first load (and its retry while the calm slate is
// up), a new pack swapped in only at the attract loop and never in the middle of a visit, the
// visitor's language, and the law texts of the pack on show.
import * as api from '../api.js';
import { isNewerPack, normalizePack } from '../pack.js';
import { visitorLanguage } from '../settings.js';
import { log } from './log.js';
import { rememberTitle } from './title-memory.js';

const RETRY_MS = 30_000;
/** While the core is still checking the first pack: look again this often (or when it announces one). */
const FIRST_PACK_POLL_MS = 250;

/**
 * @param {object} opts
 * @param {{ pack: object | null, settings: object }} opts.kiosk the shared state; `pack` is set here
 * @param {Document} opts.doc
 * @param {HTMLElement} opts.root where the screens are
 * @param {() => string | undefined} opts.screenName
 * @param {(name: string) => void} opts.go
 * @param {() => string} opts.restScreen
 */
export function createPackKeeper({ kiosk, doc, root, screenName, go, restScreen }) {
  const body = doc.body;
  const lawCache = new Map();
  let mediaFailedSinceLoad = false;
  let retry = null;
  // A new pack arrived while one is showing: it replaces it at the next attract loop (the attract
  // video wrapping around, or a return to attract), never in the middle of a visit.
  let swapPending = false;
  let swapping = false;
  /** Boot waiting for the core to finish checking the first pack. */
  let wakeFirstPack = null;

  const packLanguageArg = () => kiosk.settings.defaultLanguage || undefined;

  /** Makes `next` the pack every screen reads (a new pack, or the same one in another language). */
  function show(next) {
    kiosk.pack = next;
    lawCache.clear();
    rememberTitle(next.film.title);
    doc.title = next.film.title;
    body.lang = next.language || '';
  }

  /**
   * The next visitor starts in the operator's default language (or the pack's): reload the pack
   * in it when the last visitor picked another. Never rejects.
   * @returns {Promise<boolean>} whether the pack changed language
   */
  async function resetLanguage() {
    const { pack, settings } = kiosk;
    if (!pack) return false;
    const target = visitorLanguage(pack, settings) || pack.language;
    // A media failure may have taken a trailer rendition out of what the core offers: ask again.
    if (!mediaFailedSinceLoad && (!target || target === pack.language)) return false;
    mediaFailedSinceLoad = false;
    try {
      show(normalizePack(await api.getPack(target || undefined)));
      return true;
    } catch (err) {
      log('default language unavailable; keeping the current one', err);
      return false;
    }
  }

  /**
   * The pack for the first screen. The core checks it after the window opened, so "still being
   * checked" means wait: for its announcement, or a short while (a refusal is not announced).
   * Rejects with the core's error once the pack is refused or unreadable.
   */
  async function firstPack() {
    for (;;) {
      try {
        return normalizePack(await api.getPack(packLanguageArg()));
      } catch (err) {
        if (!err || err.code !== 'pack_loading') throw err;
      }
      await new Promise((resolve) => {
        wakeFirstPack = resolve;
        setTimeout(resolve, FIRST_PACK_POLL_MS);
      });
      wakeFirstPack = null;
    }
  }

  /** Load the first pack (boot, the retry while the fatal slate is up, or a pack announced then). */
  async function loadFirstPack() {
    const next = normalizePack(await api.getPack(packLanguageArg()));
    if (kiosk.pack) return;
    if (retry) clearInterval(retry);
    retry = null;
    show(next);
    if (screenName() === 'fatal') go(restScreen());
  }

  const attractHasVideo = () => {
    const video = root.querySelector('[data-testid="attract-video"]');
    return Boolean(video && video.currentSrc && !video.error);
  };

  async function swapToPack() {
    if (!swapPending || swapping || !kiosk.pack) return;
    swapping = true;
    try {
      const next = normalizePack(await api.getPack(packLanguageArg()));
      // A visitor arrived while it loaded: the next loop will do.
      if (screenName() !== 'attract') return;
      swapPending = false;
      show(next);
      go('attract');
    } catch (err) {
      // The core only announces packs that passed validation; if reading it still fails, keep
      // showing the current one and try again at the next loop.
      log('new pack unavailable; keeping the current one', err);
    } finally {
      swapping = false;
    }
  }

  return {
    resetLanguage,
    swapToPack,
    show,
    firstPack,
    /** The language to ask get_pack for: the operator's default, else the pack's. */
    languageArg: packLanguageArg,

    /** Subscribes to pack-changed. */
    listen() {
      api.onPackChanged((generation) => {
        if (wakeFirstPack) wakeFirstPack();
        if (!isNewerPack(kiosk.pack, generation)) return;
        if (!kiosk.pack) {
          // The slate is up because no good pack existed: show the new one at once.
          loadFirstPack().catch((err) => log('new pack unavailable', err));
          return;
        }
        swapPending = true;
        if (screenName() === 'attract' && !attractHasVideo()) swapToPack();
      });
    },

    /** The slate is up without a pack: try again every RETRY_MS until one loads. */
    retryUntilPack() {
      if (retry || kiosk.pack) return;
      retry = setInterval(() => {
        loadFirstPack().catch(() => {
          /* still not ready: stay on the slate */
        });
      }, RETRY_MS);
    },

    /** Attract is on show: a pending pack may replace the old one now. */
    attractShown() {
      if (swapPending) setTimeout(() => swapToPack(), 0);
    },

    /** A visitor picked a language: the same screens, the pack's texts in that language. */
    async setLanguage(tag) {
      try {
        show(normalizePack(await api.getPack(tag)));
        api.recordPlay('language-chosen', { language: tag });
        go(screenName() === 'attract' ? 'home' : screenName());
      } catch (err) {
        log('language unavailable; keeping the current one', err);
      }
    },

    /**
     * The pack in `tag` without going anywhere or counting a choice: the film screen showing the
     * trailer in the language its visitor reads the touch screen in. Never rejects.
     */
    async useLanguage(tag) {
      if (!tag || kiosk.pack?.language === tag) return;
      try {
        show(normalizePack(await api.getPack(tag)));
      } catch (err) {
        log('language unavailable; keeping the current one', err);
      }
    },

    /** A trailer rendition failed: the next rest asks the core for the pack again. */
    mediaFailed() {
      mediaFailedSinceLoad = true;
    },

    loadLaw(id) {
      if (!lawCache.has(id)) {
        const p = api.getLaw(id, kiosk.pack.language);
        lawCache.set(id, p);
        p.catch(() => lawCache.delete(id)); // try again next time
      }
      return lawCache.get(id);
    },
  };
}
