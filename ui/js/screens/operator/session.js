// The operator's session: the token operator_unlock gave, the one way out of the panel, and the
// timers that end or keep it alive. The core refuses a stale token with `unauthorized`, and then
// the panel simply closes (the PIN pad is one gesture away).
import * as api from '../../api.js';
import { createIdleTimer } from '../../idle.js';
import { listen } from '../../dom.js';

export const PANEL_IDLE_MS = 2 * 60_000;
// The core forgets a token after 5 minutes without an operator command. Staff busy filling in
// the form send none, so while they are active the panel re-reads itself once in a while: the
// session stays alive and the statistics stay fresh.
const KEEPALIVE_MS = 60_000;
const KEEPALIVE_CHECK_MS = 15_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'scroll'];

/**
 * @param {{ token: string, leaveOperator: () => void }} opts
 */
export function createSession({ token, leaveOperator }) {
  let left = false;
  let lastCommandAt = Date.now();
  let lastActivityAt = 0;

  const leave = () => {
    if (left) return;
    left = true;
    leaveOperator();
  };

  return {
    token,
    leave,
    /** Every operator command goes through here: it counts as session activity, and a refused token closes the panel. */
    command(promise) {
      lastCommandAt = Date.now();
      return promise.catch((err) => {
        if (err?.code === 'unauthorized') leave();
        throw err;
      });
    },
    async lockAndLeave() {
      if (left) return;
      try {
        await api.operatorLock(token);
      } catch {
        /* the token dies on its own 5 minutes later */
      }
      leave();
    },
    /** The operator touched or typed something. */
    active() {
      lastActivityAt = Date.now();
    },
    /** Staff are busy in the form, and the core has heard nothing for a while. */
    needsKeepalive() {
      return lastActivityAt > lastCommandAt && Date.now() - lastCommandAt >= KEEPALIVE_MS;
    },
  };
}

/**
 * Locks the panel after PANEL_IDLE_MS without input, and calls `keepalive` while the operator is
 * active but sends no command. Stops with `signal`; `stop()` ends the timers.
 */
export function watchSession(session, { signal, keepalive }) {
  const inactivity = createIdleTimer({ timeoutMs: PANEL_IDLE_MS, onIdle: session.lockAndLeave });
  const active = () => {
    session.active();
    inactivity.activity();
  };
  for (const type of ACTIVITY_EVENTS) {
    listen(document, type, active, signal, { capture: true, passive: true });
  }
  inactivity.start();
  const timer = setInterval(() => {
    if (session.needsKeepalive()) keepalive();
  }, KEEPALIVE_CHECK_MS);
  return {
    stop() {
      inactivity.stop();
      clearInterval(timer);
    },
  };
}
