// The operator's settings and the opening hours, as the core announces them: applied at once to
// whatever plays, except what waits for the next visitor. Events may overtake the answers asked
// for at start; the newer word wins.
import * as api from '../api.js';
import { applyAudio } from '../chrome.js';
import { normalizeOpening, normalizeSettings } from '../settings.js';
import { STAFF_SCREENS } from '../screens/registry.js';

/**
 * @param {object} opts
 * @param {{ settings: object, opening: object }} opts.kiosk the shared state; both are set here
 * @param {HTMLElement} opts.root where the screens are
 * @param {{ setTimeoutMs(ms: number): void }} opts.idle
 * @param {() => string | undefined} opts.screenName
 * @param {(name: string) => void} opts.go
 * @param {() => Promise<void>} opts.goRest
 * @param {() => void} opts.resetAccess
 * @param {() => Promise<boolean>} opts.resetLanguage
 */
export function createLiveSettings({ kiosk, root, idle, screenName, go, goRest, resetAccess, resetLanguage }) {
  let settingsAnnounced = false;
  let openingAnnounced = false;

  function applySettings(raw) {
    kiosk.settings = normalizeSettings(raw);
    idle.setTimeoutMs(kiosk.settings.idleTimeoutSecs * 1000);
    // Volume and attract sound take effect at once on whatever plays; the default language
    // waits for the next visitor (goRest), captions for the next trailer.
    for (const video of root.querySelectorAll('video[data-audio]')) applyAudio(video, video.dataset.audio, kiosk.settings);
  }

  function applyOpening(raw) {
    const before = kiosk.opening;
    kiosk.opening = normalizeOpening(raw);
    const current = screenName();
    // Boot and the operator's way out both go to the rest screen, which reads `opening`.
    if (current === 'loading' || STAFF_SCREENS.has(current)) return;
    if (!kiosk.opening.open) {
      if (current !== 'closed' || before.opensAt !== kiosk.opening.opensAt) go('closed');
      resetAccess();
      resetLanguage().then((changed) => changed && screenName() === 'closed' && go('closed'));
    } else if (current === 'closed') {
      goRest();
    }
  }

  return {
    applySettings,

    /** Subscribes to settings-changed and opening-changed. */
    listen() {
      api.onSettingsChanged((raw) => {
        settingsAnnounced = true;
        applySettings(raw);
      });
      api.onOpeningChanged((raw) => {
        openingAnnounced = true;
        applyOpening(raw);
      });
    },

    /** The answers asked for at start, unless an event said newer already. */
    started(settingsRaw, openingRaw) {
      if (!settingsAnnounced) applySettings(settingsRaw);
      if (!openingAnnounced) kiosk.opening = normalizeOpening(openingRaw);
    },
  };
}
