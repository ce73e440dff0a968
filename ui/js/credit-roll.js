// The credits roll's clock: when it waits, rolls, pauses for a visitor's touch and stops at the
// end. Pure (the screen passes the time and the scroll range in), so it is tested without a page.

/**
 * @param {{ speed: number, startDelayMs?: number, resumeAfterMs?: number, maxStepMs?: number, now: number }} opts
 *   speed in pixels per second; a step never moves more than `maxStepMs` worth, so a stalled
 *   frame (a busy machine, a hidden page) does not make the roll jump.
 */
export function createRoll({ speed, startDelayMs = 1500, resumeAfterMs = 4000, maxStepMs = 100, now }) {
  let state = 'waiting'; // 'waiting' | 'rolling' | 'paused' | 'ended'
  let wakeAt = now + startDelayMs;
  let position = 0;
  let last = now;

  return {
    get state() {
      return state;
    },
    /**
     * One frame.
     * @param {number} time
     * @param {number} top where the scroller is now (a visitor may have moved it)
     * @param {number} max the largest scrollTop
     * @returns {number | null} the scrollTop to set, or null to leave it
     */
    step(time, top, max) {
      if (state === 'ended') return null;
      if (state === 'waiting' || state === 'paused') {
        if (time < wakeAt) return null;
        state = 'rolling';
        position = top;
        last = time;
      }
      if (max <= 0 || top >= max - 0.5) {
        state = 'ended';
        return null;
      }
      // Moved by something other than the roll (a scrollbar, the page): carry on from there.
      // WebKit rounds scrollTop to whole pixels, so a pixel or so is the roll's own rounding.
      if (Math.abs(top - position) > 2) position = top;
      const dt = Math.min(Math.max(time - last, 0), maxStepMs);
      last = time;
      position = Math.min(position + (speed * dt) / 1000, max);
      if (position >= max - 0.5) {
        state = 'ended';
        return max;
      }
      return position;
    },
    /** A visitor touched, scrolled or moved the focus: hold still, then carry on from where they left it. */
    interact(time) {
      if (state === 'ended') return;
      state = 'paused';
      wakeAt = time + resumeAfterMs;
    },
    /** From the top again (the caller scrolls back up), after the same short wait as at first. */
    restart(time) {
      state = 'waiting';
      wakeAt = time + startDelayMs;
      position = 0;
      last = time;
    },
  };
}
