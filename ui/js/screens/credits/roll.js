// Moves the credits roll (credit-roll.js decides where it should be): a slow scroll that starts
// after a moment, holds while the visitor touches or scrolls it, and resumes on its own. Not
// under prefers-reduced-motion, where the roll is a plain page.
import { listen, prefersReducedMotion } from '../../dom.js';
import { createRoll } from '../../credit-roll.js';

// Slow enough to read a name twice as it passes; in rem so it looks the same on every screen.
const ROLL_REM_PER_SEC = 1.5;
const START_DELAY_MS = 1800;
const RESUME_AFTER_MS = 4000;

function remPx() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/**
 * @param {object} opts
 * @param {HTMLElement} opts.screen whose touches, wheels, keys and focus hold the roll
 * @param {HTMLElement} opts.panel shows the state in data-roll
 * @param {HTMLElement} opts.rollScroller what rolls
 * @param {HTMLButtonElement} opts.again starts it over
 * @param {boolean} opts.empty nothing to roll
 * @param {AbortSignal} opts.signal
 * @returns {{ start(): void, stop(): void, off(): void }}
 */
export function createRollDriver({ screen, panel, rollScroller, again, empty, signal }) {
  const animate = !prefersReducedMotion() && !empty;
  let roll = null;
  let frame = 0;
  const setRollState = (state) => {
    panel.dataset.roll = state;
  };

  function tick(time) {
    frame = 0;
    if (!roll) return;
    const max = rollScroller.scrollHeight - rollScroller.clientHeight;
    const top = roll.step(time, rollScroller.scrollTop, max);
    if (top !== null) rollScroller.scrollTop = top;
    setRollState(roll.state);
    if (roll.state !== 'ended') frame = requestAnimationFrame(tick);
  }
  function start() {
    if (!animate) {
      setRollState('off');
      return;
    }
    roll = createRoll({ speed: ROLL_REM_PER_SEC * remPx(), startDelayMs: START_DELAY_MS, resumeAfterMs: RESUME_AFTER_MS, now: performance.now() });
    setRollState(roll.state);
    if (!frame) frame = requestAnimationFrame(tick);
  }
  function stop() {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    roll = null;
  }
  const hold = () => {
    if (!roll) return;
    roll.interact(performance.now());
    setRollState(roll.state);
  };
  for (const type of ['pointerdown', 'wheel', 'touchstart', 'keydown', 'focusin']) listen(screen, type, hold, signal, { passive: true });

  // The roll moving is not a visitor doing something: its scroll events must not hold off the
  // idle timer (app.js counts scrolls as activity), or a roll left alone would keep the kiosk
  // on this screen until it ended. A visitor's own scrolling pauses the roll first, so it counts.
  listen(
    window,
    'scroll',
    (e) => {
      if (e.target === rollScroller && roll && roll.state === 'rolling') e.stopImmediatePropagation();
    },
    signal,
    { capture: true },
  );

  listen(
    again,
    'click',
    () => {
      rollScroller.scrollTop = 0;
      if (roll) roll.restart(performance.now());
      else start();
      if (roll && !frame) frame = requestAnimationFrame(tick);
    },
    signal,
  );

  return {
    start,
    stop,
    /** The list is on show: no roll. */
    off() {
      stop();
      setRollState('off');
    },
  };
}
