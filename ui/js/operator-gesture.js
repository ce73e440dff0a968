// The hidden way into operator mode. Staff press and hold the top-left corner, then tap the
// other three corners clockwise; a visitor poking at the screen never does that by accident,
// and a kiosk usually has no keyboard for a shortcut. A keyboard chord is offered as well for
// staff who plug one in.
//
// Pure: fed with pointer positions, times and the viewport size, so it can be tested without a
// DOM or real time. No timers either: a hold is judged when the finger lifts, and a step that
// comes too late is judged when it comes.

export const HOLD_MS = 3000;
export const STEP_MS = 4000;
export const CORNER_FRACTION = 0.15;
export const CORNER_MAX_PX = 160;

// After the hold, clockwise from the corner that was held.
const STEPS = ['top-right', 'bottom-right', 'bottom-left'];

/**
 * Side of the square corner zones: 15 % of the shorter side, at most 160 px, so the zones stay
 * reachable on a small screen and out of the way on a big one.
 * @param {number} width
 * @param {number} height
 */
export function cornerSize(width, height) {
  return Math.min(CORNER_FRACTION * Math.min(width, height), CORNER_MAX_PX);
}

/**
 * Which corner zone a point falls in, if any.
 * @returns {'top-left'|'top-right'|'bottom-right'|'bottom-left'|null}
 */
export function cornerAt(x, y, width, height) {
  if (![x, y, width, height].every(Number.isFinite) || width <= 0 || height <= 0) return null;
  const z = cornerSize(width, height);
  const left = x < z;
  const right = x >= width - z;
  const top = y < z;
  const bottom = y >= height - z;
  if (top && left) return 'top-left';
  if (top && right) return 'top-right';
  if (bottom && right) return 'bottom-right';
  if (bottom && left) return 'bottom-left';
  return null;
}

/**
 * @param {{ holdMs?: number, stepMs?: number }} [opts]
 */
export function createOperatorGesture({ holdMs = HOLD_MS, stepMs = STEP_MS } = {}) {
  // idle | pressing { since, x, y, width, height } | armed { next, last }
  let state = { phase: 'idle' };

  const reset = () => {
    state = { phase: 'idle' };
  };

  /**
   * A finger or the mouse button went down.
   * @param {{ x: number, y: number, t: number, width: number, height: number }} p
   * @returns {{ consumed: boolean, triggered: boolean }} consumed: the press was a step of the
   *   gesture (its click should not reach the screen); triggered: the gesture is complete
   */
  function down({ x, y, t, width, height }) {
    const corner = cornerAt(x, y, width, height);
    if (state.phase === 'armed') {
      if (t - state.last <= stepMs && corner === STEPS[state.next]) {
        const next = state.next + 1;
        if (next === STEPS.length) {
          reset();
          return { consumed: true, triggered: true };
        }
        state = { phase: 'armed', next, last: t };
        return { consumed: true, triggered: false };
      }
      // A wrong or late tap starts over; it may itself be the start of a new hold.
      reset();
    }
    if (corner === 'top-left') state = { phase: 'pressing', since: t, x, y, width, height };
    else reset();
    return { consumed: false, triggered: false };
  }

  /**
   * The finger or button came up.
   * @param {{ x: number, y: number, t: number, width: number, height: number }} p
   * @returns {{ consumed: boolean, triggered: boolean }} consumed: a hold just completed
   */
  function up({ x, y, t, width, height }) {
    if (state.phase !== 'pressing') return { consumed: false, triggered: false };
    // Released outside the corner: the finger slid away, which is not a hold.
    if (cornerAt(x, y, width, height) === 'top-left' && t - state.since >= holdMs) {
      state = { phase: 'armed', next: 0, last: t };
      return { consumed: true, triggered: false };
    }
    reset();
    return { consumed: false, triggered: false };
  }

  /**
   * The browser took the pointer away (pointercancel, which carries no reliable position):
   * judged as a release where the press began.
   * @param {number} t
   */
  function cancel(t) {
    if (state.phase !== 'pressing') return { consumed: false, triggered: false };
    const { x, y, width, height } = state;
    return up({ x, y, t, width, height });
  }

  return {
    down,
    up,
    cancel,
    reset,
    /** 'idle' | 'pressing' | 'armed' (for tests and debugging). */
    get phase() {
      return state.phase;
    },
  };
}

/**
 * When an input event happened, on the `performance.now()` clock: the event's own `timeStamp`
 * rather than the moment the page got round to it. A web process busy with video can hand a press
 * over hundreds of milliseconds late, and a hold timed from delivery then comes out short.
 * @param {{ timeStamp?: number }} e
 * @param {() => number} now the fallback clock, for an event without a usable time
 */
export function eventTime(e, now) {
  const t = e?.timeStamp;
  return Number.isFinite(t) && t > 0 ? t : now();
}

/**
 * Ctrl+Alt+Shift+O. Matched on the physical key as well as the character, so it works whatever
 * keyboard layout the kiosk has (Ctrl+Alt+Shift+O gives "Щ" on a Russian layout).
 * @param {{ key?: string, code?: string, ctrlKey?: boolean, altKey?: boolean, shiftKey?: boolean, metaKey?: boolean }} e
 */
export function isOperatorChord(e) {
  if (!e || !e.ctrlKey || !e.altKey || !e.shiftKey || e.metaKey) return false;
  return e.code === 'KeyO' || (typeof e.key === 'string' && e.key.toLowerCase() === 'o');
}
