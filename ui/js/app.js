// The kiosk application: loads the pack, the operator's settings and the opening state, wires the
// router, the idle timer, the lockdown and the hidden way into operator mode, and keeps the
// visitor away from anything that looks like an error. Each concern is a module of app/; this
// file is the order they start in, and the actions the screens may call.
import * as api from './api.js';
import { h } from './dom.js';
import { createRouter } from './router.js';
import { installLockdown } from './lockdown.js';
import { createCursorHider } from './cursor.js';
import { normalizeOpening, normalizeSettings } from './settings.js';
import { createVisitCounter } from './visit-counter.js';
import { SCREEN_MODULES } from './screens/modules.js';
import { REST_SCREENS, STAFF_SCREENS, VISIT_SCREENS } from './screens/registry.js';
import { log, trapErrors } from './app/log.js';
import { rememberedTitle } from './app/title-memory.js';
import { createAccess } from './app/access.js';
import { fallbackAfterError, restScreenFor } from './app/rest.js';
import { createTwoScreens } from './app/two-screens.js';
import { createPackKeeper } from './app/pack-keeper.js';
import { createReturnToRest } from './app/return-to-rest.js';
import { createLiveSettings } from './app/live-settings.js';
import { startHeartbeat } from './app/heartbeat.js';
import { wireOperatorEntry } from './app/operator-entry.js';

/**
 * Start the kiosk.
 * @param {{ root: HTMLElement, doc?: Document }} opts
 */
export async function start({ root, doc = document }) {
  const body = doc.body;
  installLockdown(doc);
  const cursor = createCursorHider({ setHidden: (hidden) => body.classList.toggle('cursor-hidden', hidden) });
  doc.addEventListener('mousemove', () => cursor.moved(), { passive: true });
  trapErrors(window);

  const setScreenName = (name) => {
    body.dataset.screen = name;
  };
  const screenName = () => body.dataset.screen;
  // index.html starts on "loading" and so does this: the first real screen only exists once the
  // pack (or its absence) is known, so nothing (an end-to-end test included) waits for
  // "attract" and finds no attract screen.
  setScreenName('loading');

  /**
   * What every screen reads; `pack` is null until one has loaded (the fatal slate shows
   * meanwhile); `role` is this window's part (app/two-screens.js).
   */
  const kiosk = { pack: null, settings: normalizeSettings(undefined), opening: normalizeOpening(undefined), role: 'kiosk' };
  const go = (name, params) => router.go(name, params);
  const restScreen = () => restScreenFor(kiosk.opening, Boolean(kiosk.pack), kiosk.role);
  const access = createAccess(body);
  const packs = createPackKeeper({ kiosk, doc, root, screenName, go, restScreen });
  const rest = createReturnToRest({ doc, kiosk, screenName, go, restScreen, resetAccess: access.reset, resetLanguage: packs.resetLanguage });
  const live = createLiveSettings({ kiosk, root, idle: rest.idle, screenName, go, goRest: rest.goRest, resetAccess: access.reset, resetLanguage: packs.resetLanguage });
  live.listen();
  packs.listen();
  const screens = createTwoScreens({ kiosk, body, screenName, go, restScreen, useLanguage: packs.useLanguage });
  screens.listen();

  const actions = {
    go,
    pauseIdle: (reason) => rest.idle.pause(reason),
    resumeIdle: (reason) => rest.idle.resume(reason),
    /** The attract video reached its end: a loop for the statistics, and the one moment a new pack may replace the old. */
    attractLooped: () => {
      api.recordPlay('attract-loop');
      packs.swapToPack();
    },
    /** A trailer rendition failed to load or decode: the core logs it and counts it. */
    mediaFailed: (url, error) => {
      packs.mediaFailed();
      api.reportMediaError(url, error?.code ?? 0, error?.message || 'no details');
    },
    /** The visitor asked for the trailer: on the big screen when there is one, else here. */
    watchTrailer: () => screens.watchTrailer(),
    /** The trailer reached its end: the menu again, or on the big screen its loop. */
    trailerEnded: () => screens.trailerEnded(),
    /** The visitor stopped the trailer on the big screen from the touch screen. */
    stopFilmScreen: () => screens.stopFilmScreen(),
    /** Fire and forget: statistics for the operator panel. */
    recordPlay: (kind, detail) => {
      api.recordPlay(kind, detail);
    },
    /** A visitor picked a language: the same screens, the pack's texts in that language. */
    setLanguage: (tag) => packs.setLanguage(tag),
    /** A visitor's display choice: `highContrast` or `largeText`, on or off, until the next rest. */
    setAccess: (name, on) => access.set(name, on),
    loadLaw: (id) => packs.loadLaw(id),
    /** The operator is done (Cancel, Lock, a timeout, a refused token): back to rest. */
    leaveOperator: () => rest.goRest(),
  };

  const visits = createVisitCounter({ visitorScreens: VISIT_SCREENS, now: () => performance.now(), record: api.recordPlay });
  startHeartbeat(root, screenName);

  const router = createRouter({
    root,
    screens: SCREEN_MODULES,
    createContainer: (name) => h('main', { class: `screen screen-${name}` }),
    setScreenName,
    context: (name, params) => ({
      props: {
        pack: kiosk.pack,
        params: params || {},
        settings: kiosk.settings,
        // The big screen's trailer has its captions as the touch screen's visitor had them.
        captionsDefault: typeof params?.captions === 'boolean' ? params.captions : kiosk.settings.captionsDefault,
        role: kiosk.role,
        opening: kiosk.opening,
        title: kiosk.pack?.film.title || rememberedTitle(),
        language: kiosk.pack?.language || kiosk.settings.defaultLanguage,
        access: access.snapshot(),
      },
      actions,
    }),
    onShow: (name) => {
      screens.shown(name, REST_SCREENS.has(name));
      // The big screen is no visit of its own and has nobody to time out: the touch screen has.
      if (screens.countsVisits()) {
        visits.shown(name);
        rest.shown(name);
      }
      if (name === 'attract') packs.attractShown();
      if (name === 'fatal' && !kiosk.pack) packs.retryUntilPack();
    },
    onError: (name, err, phase) => {
      log(`screen "${name}" failed (${phase})`, err);
      const next = fallbackAfterError(name, phase, { hasPack: Boolean(kiosk.pack), rest: restScreen() });
      if (!next) return;
      if (next.later) setTimeout(() => router.go(next.screen), 0);
      else router.go(next.screen);
    },
  });

  wireOperatorEntry(doc, {
    enabled: () => screens.countsVisits() && screenName() !== 'loading' && !STAFF_SCREENS.has(screenName()),
    open: () => router.go('pin'),
  });

  // ---------- Boot ----------

  const quietly = (what) => (err) => {
    log(`${what} unavailable, using defaults`, err);
    return undefined;
  };
  const [settingsRaw, openingRaw, status, role] = await Promise.all([
    api.getSettings().catch(quietly('settings')),
    api.getOpening().catch(quietly('opening hours')),
    api.operatorStatus().catch(quietly('operator status')),
    api.windowRole(),
  ]);
  screens.setRole(role);
  live.started(settingsRaw, openingRaw);
  try {
    const first = await packs.firstPack();
    if (!kiosk.pack) packs.show(first);
  } catch (err) {
    log('content pack unavailable', err);
  }
  if (screenName() !== 'loading') return;
  // First run: no way into the panel exists until a PIN does, so choosing one comes first. Only a
  // verified first run: a damaged record (`damaged`) or an unknown state keeps the setup away.
  if (status?.pin === 'unset' && screens.countsVisits()) router.go('operator-setup');
  else router.go(restScreen());
}
