// The kiosk application: loads the pack, the operator's settings and the opening state, wires the
// router, the idle timer, the lockdown and the hidden way into operator mode, and keeps the
// visitor away from anything that looks like an error.
import * as api from './api.js';
import { h } from './dom.js';
import { createRouter } from './router.js';
import { createIdleTimer, warningMsFor } from './idle.js';
import { createStillThere } from './still-there.js';
import { installLockdown } from './lockdown.js';
import { createCursorHider } from './cursor.js';
import { normalizePack } from './pack.js';
import { createOperatorGesture, eventTime, isOperatorChord } from './operator-gesture.js';
import { normalizeOpening, normalizeSettings, visitorLanguage } from './settings.js';
import { applyAudio } from './chrome.js';
import { createVisitCounter } from './visit-counter.js';
import { SCREEN_MODULES } from './screens/modules.js';
import { STAFF_SCREENS, VISIT_SCREENS } from './screens/registry.js';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'];
const RETRY_MS = 30_000;
const TITLE_KEY = 'screening-kiosk.film-title';

const HEARTBEAT_MS = 3000;

function describe(value) {
  if (value instanceof Error) return value.message;
  if (value && typeof value === 'object' && typeof value.message === 'string') return value.message;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Something went wrong that the visitor must not see: the console and the kiosk's log file get it. */
function log(...args) {
  try {
    console.warn('[kiosk]', ...args);
  } catch {
    /* no console */
  }
  api.logToCore('warn', args.map(describe).join(' '));
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
  const screenName = () => body.dataset.screen;
  // index.html starts on "loading" and so does this: the first real screen only exists once the
  // pack (or its absence) is known, so nothing (an end-to-end test included) waits for
  // "attract" and finds no attract screen.
  setScreenName('loading');

  /** The pack every screen reads; null until one has loaded (the fatal slate shows meanwhile). */
  let pack = null;
  let settings = normalizeSettings(undefined);
  let opening = normalizeOpening(undefined);
  // Events may overtake the answers asked for at start; the newer word wins.
  let settingsAnnounced = false;
  let openingAnnounced = false;
  const lawCache = new Map();

  /** Makes `next` the pack every screen reads (a new pack, or the same one in another language). */
  function show(next) {
    pack = next;
    lawCache.clear();
    rememberTitle(pack.film.title);
    doc.title = pack.film.title;
    body.lang = pack.language || '';
  }

  const packLanguageArg = () => settings.defaultLanguage || undefined;

  /** Where the kiosk rests when nobody is using it. */
  const restScreen = () => (!opening.open ? 'closed' : pack ? 'attract' : 'fatal');

  /**
   * The next visitor starts in the operator's default language (or the pack's): reload the pack
   * in it when the last visitor picked another. Never rejects.
   * @returns {Promise<boolean>} whether the pack changed language
   */
  let mediaFailedSinceLoad = false;

  async function resetLanguage() {
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

  // A visitor's display choices (home's "High contrast", "Larger text") last for their visit only.
  const access = { highContrast: false, largeText: false };
  function applyAccess() {
    body.classList.toggle('high-contrast', access.highContrast);
    body.classList.toggle('large-text', access.largeText);
  }
  function resetAccess() {
    access.highContrast = false;
    access.largeText = false;
    applyAccess();
  }

  /** Back to rest (attract, closed or fatal) in the default language, without the last visitor's display choices. */
  function goRest() {
    const from = screenName();
    resetAccess();
    return resetLanguage().then(() => {
      // Someone went somewhere else meanwhile (the operator gesture, a closing): leave them there.
      if (screenName() === from) router.go(restScreen());
    });
  }

  // ---------- Settings and opening hours ----------

  // A visit is not ended without warning: "Still there?" counts down the last seconds first.
  const stillThere = createStillThere({
    parent: body,
    remainingMs: () => idle.remainingMs(),
    language: () => pack?.language || settings.defaultLanguage,
    onStay: () => idle.activity(),
  });
  const idle = createIdleTimer({
    timeoutMs: settings.idleTimeoutSecs * 1000,
    warningMs: warningMsFor,
    onWarn: (ms) => stillThere.show(ms),
    onWarnEnd: () => stillThere.hide(),
    // The countdown stays on screen until the rest screen replaces the visit (onShow).
    onIdle: () => goRest().finally(() => stillThere.remove()),
  });
  const activity = () => idle.activity();
  for (const type of ACTIVITY_EVENTS) {
    doc.addEventListener(type, activity, { capture: true, passive: true });
  }

  function applySettings(raw) {
    settings = normalizeSettings(raw);
    idle.setTimeoutMs(settings.idleTimeoutSecs * 1000);
    // Volume and attract sound take effect at once on whatever plays; the default language
    // waits for the next visitor (goRest), captions for the next trailer.
    for (const video of root.querySelectorAll('video[data-audio]')) applyAudio(video, video.dataset.audio, settings);
  }

  function applyOpening(raw) {
    const before = opening;
    opening = normalizeOpening(raw);
    const current = screenName();
    // Boot and the operator's way out both go to restScreen(), which reads `opening`.
    if (current === 'loading' || STAFF_SCREENS.has(current)) return;
    if (!opening.open) {
      if (current !== 'closed' || before.opensAt !== opening.opensAt) router.go('closed');
      resetAccess();
      resetLanguage().then((changed) => changed && screenName() === 'closed' && router.go('closed'));
    } else if (current === 'closed') {
      goRest();
    }
  }

  api.onSettingsChanged((raw) => {
    settingsAnnounced = true;
    applySettings(raw);
  });
  api.onOpeningChanged((raw) => {
    openingAnnounced = true;
    applyOpening(raw);
  });

  // ---------- Content pack: first load, retry, hot swap ----------

  let retry = null;

  /** Load the first pack (boot, the retry while the fatal slate is up, or a pack announced then). */
  async function loadFirstPack() {
    const next = normalizePack(await api.getPack(packLanguageArg()));
    if (pack) return;
    if (retry) clearInterval(retry);
    retry = null;
    show(next);
    if (screenName() === 'fatal') router.go(restScreen());
  }

  function retryUntilPack() {
    if (retry || pack) return;
    retry = setInterval(() => {
      loadFirstPack().catch(() => {
        /* still not ready: stay on the slate */
      });
    }, RETRY_MS);
  }

  // A new pack arrived while one is showing: it replaces it at the next attract loop (the attract
  // video wrapping around, or a return to attract), never in the middle of a visit.
  let swapPending = false;
  let swapping = false;
  api.onPackChanged(() => {
    if (!pack) {
      // The slate is up because no good pack existed: show the new one at once.
      loadFirstPack().catch((err) => log('new pack unavailable', err));
      return;
    }
    swapPending = true;
    if (screenName() === 'attract' && !attractHasVideo()) swapToPack();
  });
  const attractHasVideo = () => {
    const video = root.querySelector('[data-testid="attract-video"]');
    return Boolean(video && video.currentSrc && !video.error);
  };

  async function swapToPack() {
    if (!swapPending || swapping || !pack) return;
    swapping = true;
    try {
      const next = normalizePack(await api.getPack(packLanguageArg()));
      // A visitor arrived while it loaded: the next loop will do.
      if (screenName() !== 'attract') return;
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
  }

  // ---------- Screens ----------

  const actions = {
    go: (name, params) => router.go(name, params),
    pauseIdle: (reason) => idle.pause(reason),
    resumeIdle: (reason) => idle.resume(reason),
    /** The attract video reached its end: a loop for the statistics, and the one moment a new pack may replace the old. */
    attractLooped: () => {
      api.recordPlay('attract-loop');
      swapToPack();
    },
    /** A trailer rendition failed to load or decode: the core logs it and counts it. */
    mediaFailed: (url, error) => {
      mediaFailedSinceLoad = true;
      api.reportMediaError(url, error?.code ?? 0, error?.message || 'no details');
    },
    /** Fire and forget: statistics for the operator panel. */
    recordPlay: (kind) => {
      api.recordPlay(kind);
    },
    /** A visitor picked a language: the same screens, the pack's texts in that language. */
    async setLanguage(tag) {
      try {
        show(normalizePack(await api.getPack(tag)));
        api.recordPlay('language-chosen', { language: tag });
        router.go(screenName() === 'attract' ? 'home' : screenName());
      } catch (err) {
        log('language unavailable; keeping the current one', err);
      }
    },
    /** A visitor's display choice: `highContrast` or `largeText`, on or off, until the next rest. */
    setAccess(name, on) {
      if (!Object.hasOwn(access, name)) return;
      access[name] = Boolean(on);
      applyAccess();
    },
    loadLaw(id) {
      if (!lawCache.has(id)) {
        const p = api.getLaw(id, pack.language);
        lawCache.set(id, p);
        p.catch(() => lawCache.delete(id)); // try again next time
      }
      return lawCache.get(id);
    },
    /** The operator is done (Cancel, Lock, a timeout, a refused token): back to rest. */
    leaveOperator: () => goRest(),
    /** The panel saved settings; the settings-changed event will say the same, this just does not wait for it. */
    applySettings: (raw) => applySettings(raw),
  };

  const visits = createVisitCounter({ visitorScreens: VISIT_SCREENS, now: () => performance.now(), record: api.recordPlay });

  // The core's watchdog expects this every few seconds; a page stuck in a script, or a video that
  // claims to play while its picture stands still, is reloaded (docs/ipc.md, heartbeat).
  const playingVideo = () => {
    const video = root.querySelector('[data-testid="attract-video"], [data-testid="trailer-video"]');
    if (!video || !video.currentSrc) return null;
    return { currentTime: video.currentTime, paused: video.paused, ended: video.ended };
  };
  setInterval(() => api.heartbeat({ screen: screenName() || '', video: playingVideo() }), HEARTBEAT_MS);

  const router = createRouter({
    root,
    screens: SCREEN_MODULES,
    createContainer: (name) => h('main', { class: `screen screen-${name}` }),
    setScreenName,
    context: (name, params) => ({
      props: {
        pack,
        params: params || {},
        settings,
        captionsDefault: settings.captionsDefault,
        opening,
        title: pack?.film.title || rememberedTitle(),
        language: pack?.language || settings.defaultLanguage,
        access: { ...access },
      },
      actions,
    }),
    onShow: (name) => {
      visits.shown(name);
      stillThere.remove();
      idle.stop();
      idle.clearPauses();
      if (VISIT_SCREENS.has(name)) idle.start();
      else if (name === 'attract' && swapPending) setTimeout(() => swapToPack(), 0);
      if (name === 'fatal' && !pack) retryUntilPack();
    },
    onError: (name, err, phase) => {
      log(`screen "${name}" failed (${phase})`, err);
      // A screen that fails to clean up is logged; the navigation it was part of goes on.
      if (phase === 'unmount' || name === 'fatal') return;
      // Rest screens that break leave the calm slate; an operator screen that breaks goes to
      // rest; a broken home falls back to the attract loop; any other screen sends the visitor home.
      if (name === 'attract' || name === 'closed' || (!pack && !STAFF_SCREENS.has(name))) {
        router.go('fatal');
        return;
      }
      const fallback = STAFF_SCREENS.has(name) ? restScreen() : name === 'home' ? 'attract' : 'home';
      setTimeout(() => router.go(fallback), 0);
    },
  });

  // ---------- The hidden way into operator mode ----------

  const gesture = createOperatorGesture();
  // A press that was part of the gesture must not also press what lies under it (the attract
  // screen's "touch to begin", Back, a language button in a corner).
  let swallowClick = false;
  const gestureOn = () => screenName() !== 'loading' && !STAFF_SCREENS.has(screenName());
  const now = () => performance.now();
  const where = (e) => ({ x: e.clientX, y: e.clientY, t: eventTime(e, now), width: window.innerWidth, height: window.innerHeight });
  const openOperator = () => {
    gesture.reset();
    router.go('pin');
  };
  const capture = { capture: true };
  doc.addEventListener('pointerdown', (e) => {
    swallowClick = false;
    if (!gestureOn() || !e.isPrimary || e.button > 0) return;
    const r = gesture.down(where(e));
    if (r.consumed) {
      swallowClick = true;
      e.stopPropagation();
    }
    if (r.triggered) openOperator();
  }, capture);
  doc.addEventListener('pointerup', (e) => {
    if (!gestureOn() || !e.isPrimary) return;
    if (gesture.up(where(e)).consumed) swallowClick = true;
  }, capture);
  doc.addEventListener('pointercancel', (e) => {
    if (!gestureOn() || !e.isPrimary) return;
    if (gesture.cancel(eventTime(e, now)).consumed) swallowClick = true;
  }, capture);
  doc.addEventListener('click', (e) => {
    if (!swallowClick) return;
    swallowClick = false;
    e.preventDefault();
    e.stopPropagation();
  }, capture);
  doc.addEventListener('keydown', (e) => {
    if (!isOperatorChord(e) || !gestureOn()) return;
    e.preventDefault();
    // Keeps the attract screen from taking the same key press as "touch to begin".
    e.stopPropagation();
    if (!e.repeat) openOperator();
  }, capture);

  // ---------- Boot ----------

  const quietly = (what) => (err) => {
    log(`${what} unavailable, using defaults`, err);
    return undefined;
  };
  const [settingsRaw, openingRaw, status] = await Promise.all([
    api.getSettings().catch(quietly('settings')),
    api.getOpening().catch(quietly('opening hours')),
    api.operatorStatus().catch(quietly('operator status')),
  ]);
  if (!settingsAnnounced) applySettings(settingsRaw);
  if (!openingAnnounced) opening = normalizeOpening(openingRaw);

  try {
    const first = normalizePack(await api.getPack(packLanguageArg()));
    if (!pack) show(first);
  } catch (err) {
    log('content pack unavailable', err);
  }
  if (screenName() !== 'loading') return;
  // First run: no way into the panel exists until a PIN does, so choosing one comes first.
  if (status && status.pinSet === false) router.go('operator-setup');
  else router.go(restScreen());
}
