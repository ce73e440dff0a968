// Idle timer: returns the kiosk to the attract loop after a period without visitors.
//
// A small state machine with an injectable clock and timer functions so it can be
// tested without waiting. States: stopped -> running (armed) <-> paused (one or more
// named reasons, e.g. "trailer" while the trailer plays with sound) -> fired (stopped).
//
// Activity is cheap to report (it only records a timestamp); a single timer is kept
// armed and re-armed for the remainder when it wakes up early.

export const DEFAULT_IDLE_TIMEOUT_SECS = 90;
// Short values are allowed on purpose: end-to-end tests use a few seconds.
const MIN_IDLE_TIMEOUT_SECS = 1;
const MAX_IDLE_TIMEOUT_SECS = 24 * 60 * 60;

/**
 * Turn whatever `getSettings().idleTimeoutSecs` returned into a sane number of seconds.
 * @param {unknown} value
 * @param {number} [fallback]
 * @returns {number}
 */
export function normalizeIdleTimeoutSecs(value, fallback = DEFAULT_IDLE_TIMEOUT_SECS) {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return fallback;
  return Math.min(MAX_IDLE_TIMEOUT_SECS, Math.max(MIN_IDLE_TIMEOUT_SECS, n));
}

/**
 * @param {object} opts
 * @param {number} opts.timeoutMs
 * @param {() => void} opts.onIdle called once when the timeout elapses without activity
 * @param {() => number} [opts.now] clock in milliseconds
 * @param {(fn: () => void, ms: number) => unknown} [opts.setTimer]
 * @param {(handle: unknown) => void} [opts.clearTimer]
 */
export function createIdleTimer({
  timeoutMs,
  onIdle,
  now = () => Date.now(),
  setTimer = (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimer = (h) => globalThis.clearTimeout(h),
}) {
  let limit = timeoutMs;
  let running = false;
  let last = 0;
  let handle = null;
  const reasons = new Set();

  function disarm() {
    if (handle !== null) {
      clearTimer(handle);
      handle = null;
    }
  }

  function arm(ms) {
    disarm();
    handle = setTimer(wake, Math.max(0, ms));
  }

  function wake() {
    handle = null;
    if (!running || reasons.size > 0) return;
    const elapsed = now() - last;
    if (elapsed >= limit) {
      running = false;
      onIdle();
    } else {
      arm(limit - elapsed);
    }
  }

  return {
    /** Start counting from now (also used to restart after firing). */
    start() {
      running = true;
      last = now();
      if (reasons.size === 0) arm(limit);
    },
    /** Stop counting entirely (e.g. while the attract loop is showing). */
    stop() {
      running = false;
      disarm();
    },
    /** A visitor did something: the countdown starts again. */
    activity() {
      last = now();
      if (running && reasons.size === 0 && handle === null) arm(limit);
    },
    /** Suspend the countdown for a named reason (several may overlap). */
    pause(reason = 'default') {
      reasons.add(reason);
      disarm();
    },
    /** Lift one pause; when none remain the full timeout starts again. */
    resume(reason = 'default') {
      if (!reasons.delete(reason)) return;
      if (running && reasons.size === 0) {
        last = now();
        arm(limit);
      }
    },
    /** Drop every pause (e.g. when a screen is replaced); counting resumes if running. */
    clearPauses() {
      if (reasons.size === 0) return;
      reasons.clear();
      if (running) {
        last = now();
        arm(limit);
      }
    },
    /** Change the timeout; the countdown restarts. */
    setTimeoutMs(ms) {
      limit = ms;
      if (running && reasons.size === 0) {
        last = now();
        arm(limit);
      }
    },
    get running() {
      return running;
    },
    get paused() {
      return reasons.size > 0;
    },
    /** Milliseconds left before firing, or null when stopped or paused. */
    remainingMs() {
      if (!running || reasons.size > 0) return null;
      return Math.max(0, limit - (now() - last));
    },
  };
}
