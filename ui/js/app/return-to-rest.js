// A visit ends by itself: after the idle timeout (with "Still there?" counting down its last
// seconds first) the kiosk goes back to rest, in the default language and without the last
// visitor's display choices.
import { createIdleTimer, warningMsFor } from '../idle.js';
import { createStillThere } from '../still-there.js';
import { VISIT_SCREENS } from '../screens/registry.js';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'];

/**
 * @param {object} opts
 * @param {Document} opts.doc
 * @param {{ pack: object | null, settings: object }} opts.kiosk
 * @param {() => string | undefined} opts.screenName
 * @param {(name: string) => void} opts.go
 * @param {() => string} opts.restScreen
 * @param {() => void} opts.resetAccess
 * @param {() => Promise<boolean>} opts.resetLanguage
 */
export function createReturnToRest({ doc, kiosk, screenName, go, restScreen, resetAccess, resetLanguage }) {
  /** Back to rest (attract, closed or fatal) in the default language, without the last visitor's display choices. */
  function goRest() {
    const from = screenName();
    resetAccess();
    return resetLanguage().then(() => {
      // Someone went somewhere else meanwhile (the operator gesture, a closing): leave them there.
      if (screenName() === from) go(restScreen());
    });
  }

  // A visit is not ended without warning: "Still there?" counts down the last seconds first.
  const stillThere = createStillThere({
    parent: doc.body,
    remainingMs: () => idle.remainingMs(),
    language: () => kiosk.pack?.language || kiosk.settings.defaultLanguage,
    onStay: () => idle.activity(),
  });
  const idle = createIdleTimer({
    timeoutMs: kiosk.settings.idleTimeoutSecs * 1000,
    warningMs: warningMsFor,
    onWarn: (ms) => stillThere.show(ms),
    onWarnEnd: () => stillThere.hide(),
    // The countdown stays on screen until the rest screen replaces the visit (shown).
    onIdle: () => goRest().finally(() => stillThere.remove()),
  });
  const activity = () => idle.activity();
  for (const type of ACTIVITY_EVENTS) {
    doc.addEventListener(type, activity, { capture: true, passive: true });
  }

  return {
    goRest,
    idle,
    /** A screen is on show: the timer runs on the visit screens only, from a fresh start. */
    shown(name) {
      stillThere.remove();
      idle.stop();
      idle.clearPauses();
      if (VISIT_SCREENS.has(name)) idle.start();
    },
  };
}
