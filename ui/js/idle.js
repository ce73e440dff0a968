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

// "Still there?": before the timeout ends a visit, the visitor gets a countdown they can stop
// with a touch. Long enough to notice and react, never most of a short timeout.
export const STILL_THERE_MAX_MS = 10_000;

/**
 * How long before the timeout the "Still there?" warning starts: the last 10 s, or the last third
 * of a shorter timeout.
 * @param {number} timeoutMs
 * @returns {number} milliseconds (0 = no warning)
 */
export function warningMsFor(timeoutMs) {
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) return 0;
  return Math.min(STILL_THERE_MAX_MS, timeoutMs / 3);
}

/**
 * The whole seconds a countdown shows with `ms` left: it reads 10 for the first second of a 10 s
 * warning and 1 for the last, and 0 only once the time is up.
 * @param {unknown} ms
 * @returns {number}
 */
export function countdownSeconds(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) return 0;
  // A timer that wakes a hair early must not show one second more than it should.
  return Math.ceil(ms / 1000 - 1e-6);
}

/**
 * @param {object} opts
 * @param {number} opts.timeoutMs
 * @param {() => void} opts.onIdle called once when the timeout elapses without activity
 * @param {(timeoutMs: number) => number} [opts.warningMs] how long before the timeout to warn (see
 *   warningMsFor); none when absent
 * @param {(remainingMs: number) => void} [opts.onWarn] the warning starts
 * @param {() => void} [opts.onWarnEnd] the warning ends without the timeout firing (activity, a
 *   pause, a stop); when the timeout fires it is not called: whoever handles onIdle moves on
 * @param {() => number} [opts.now] clock in milliseconds
 * @param {(fn: () => void, ms: number) => unknown} [opts.setTimer]
 * @param {(handle: unknown) => void} [opts.clearTimer]
 */
export function createIdleTimer({
  timeoutMs,
  onIdle,
  warningMs,
  onWarn,
  onWarnEnd,
  now = () => Date.now(),
  setTimer = (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimer = (h) => globalThis.clearTimeout(h),
}) {
  let limit = timeoutMs;
  let running = false;
  let last = 0;
  let handle = null;
  let warning = false;
  const reasons = new Set();

  const warnWindow = () => {
    const w = warningMs ? Number(warningMs(limit)) : 0;
    return Number.isFinite(w) && w > 0 ? Math.min(w, limit) : 0;
  };

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

  /** Arm for the next thing due: the warning, or the timeout itself. */
  function armNext() {
    const elapsed = now() - last;
    const warnAt = limit - warnWindow();
    arm(!warning && warnAt < limit && elapsed < warnAt ? warnAt - elapsed : limit - elapsed);
  }

  function endWarning() {
    if (!warning) return;
    warning = false;
    onWarnEnd?.();
  }

  function wake() {
    handle = null;
    if (!running || reasons.size > 0) return;
    const elapsed = now() - last;
    if (elapsed >= limit) {
      running = false;
      warning = false;
      onIdle();
      return;
    }
    const w = warnWindow();
    if (!warning && w > 0 && elapsed >= limit - w) {
      warning = true;
      onWarn?.(limit - elapsed);
    }
    armNext();
  }

  return {
    /** Start counting from now (also used to restart after firing). */
    start() {
      running = true;
      last = now();
      endWarning();
      if (reasons.size === 0) armNext();
    },
    /** Stop counting entirely (e.g. while the attract loop is showing). */
    stop() {
      running = false;
      disarm();
      endWarning();
    },
    /** A visitor did something: the countdown starts again (and a warning goes away). */
    activity() {
      last = now();
      if (warning) {
        endWarning();
        if (running && reasons.size === 0) armNext();
      } else if (running && reasons.size === 0 && handle === null) {
        armNext();
      }
    },
    /** Suspend the countdown for a named reason (several may overlap). */
    pause(reason = 'default') {
      reasons.add(reason);
      disarm();
      endWarning();
    },
    /** Lift one pause; when none remain the full timeout starts again. */
    resume(reason = 'default') {
      if (!reasons.delete(reason)) return;
      if (running && reasons.size === 0) {
        last = now();
        armNext();
      }
    },
    /** Drop every pause (e.g. when a screen is replaced); counting resumes if running. */
    clearPauses() {
      if (reasons.size === 0) return;
      reasons.clear();
      if (running) {
        last = now();
        armNext();
      }
    },
    /** Change the timeout; the countdown restarts. */
    setTimeoutMs(ms) {
      limit = ms;
      if (running && reasons.size === 0) {
        last = now();
        endWarning();
        armNext();
      }
    },
    get running() {
      return running;
    },
    get paused() {
      return reasons.size > 0;
    },
    /** Whether the "Still there?" warning is on. */
    get warning() {
      return warning;
    },
    /** Milliseconds left before firing, or null when stopped or paused. */
    remainingMs() {
      if (!running || reasons.size > 0) return null;
      return Math.max(0, limit - (now() - last));
    },
  };
}
