// The closed slate's calm: shown for a moment, then black, and shown again for a moment by a
// touch. Where the kiosk cannot switch the display off, this is all the night looks like; where it
// can, the display is off anyway. Pure: the clock is injected, so the rule is tested without one.

/** How long the slate stays readable after it appears or after a touch. */
export const SLATE_SHOWN_MS = 8000;

/**
 * @param {object} opts
 * @param {(dark: boolean) => void} opts.show  applies the state (dark = black, words hidden)
 * @param {number} [opts.after] ms before it goes dark
 * @param {(fn: () => void, ms: number) => unknown} [opts.setTimer]
 * @param {(id: unknown) => void} [opts.clearTimer]
 */
export function createDimmer({ show, after = SLATE_SHOWN_MS, setTimer = setTimeout, clearTimer = clearTimeout }) {
  let timer = null;
  function wake() {
    if (timer !== null) clearTimer(timer);
    show(false);
    timer = setTimer(() => {
      timer = null;
      show(true);
    }, after);
  }
  function stop() {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }
  wake();
  return { wake, stop };
}
