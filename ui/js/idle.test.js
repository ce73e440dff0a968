import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIdleTimer, countdownSeconds, normalizeIdleTimeoutSecs, warningMsFor, DEFAULT_IDLE_TIMEOUT_SECS } from './idle.js';

// A fake clock with a timer queue we advance by hand.
function fakeClock() {
  let t = 0;
  let nextId = 1;
  const timers = new Map();
  return {
    now: () => t,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { fn, at: t + ms });
      return id;
    },
    clearTimer: (id) => timers.delete(id),
    pending: () => timers.size,
    advance(ms) {
      const end = t + ms;
      for (;;) {
        let due = null;
        for (const [id, tm] of timers) if (tm.at <= end && (!due || tm.at < due[1].at)) due = [id, tm];
        if (!due) break;
        timers.delete(due[0]);
        t = due[1].at;
        due[1].fn();
      }
      t = end;
    },
  };
}

function setup(timeoutMs = 1000) {
  const clock = fakeClock();
  let fired = 0;
  const idle = createIdleTimer({
    timeoutMs,
    onIdle: () => fired++,
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  return { clock, idle, fired: () => fired };
}

test('does nothing until started', () => {
  const { clock, fired } = setup();
  clock.advance(5000);
  assert.equal(fired(), 0);
});

test('fires once after the timeout without activity', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  clock.advance(999);
  assert.equal(fired(), 0);
  clock.advance(1);
  assert.equal(fired(), 1);
  clock.advance(10_000);
  assert.equal(fired(), 1, 'fires only once, then stays stopped');
  assert.equal(idle.running, false);
});

test('activity resets the countdown', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  clock.advance(800);
  idle.activity();
  clock.advance(800);
  assert.equal(fired(), 0);
  idle.activity();
  clock.advance(999);
  assert.equal(fired(), 0);
  clock.advance(1);
  assert.equal(fired(), 1);
});

test('many activity reports keep a single timer armed', () => {
  const { clock, idle } = setup(1000);
  idle.start();
  for (let i = 0; i < 50; i++) {
    clock.advance(10);
    idle.activity();
  }
  assert.equal(clock.pending(), 1);
});

test('pause suspends the countdown; resume restarts the full timeout', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  clock.advance(900);
  idle.pause('trailer');
  assert.equal(idle.paused, true);
  assert.equal(idle.remainingMs(), null);
  clock.advance(60_000);
  assert.equal(fired(), 0, 'no timeout while the trailer plays');
  idle.resume('trailer');
  clock.advance(999);
  assert.equal(fired(), 0, 'a full timeout after resuming, not the 100 ms that were left');
  clock.advance(1);
  assert.equal(fired(), 1);
});

test('activity while paused does not re-arm the timer', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  idle.pause('trailer');
  idle.activity();
  clock.advance(5000);
  assert.equal(fired(), 0);
  assert.equal(clock.pending(), 0);
});

test('overlapping pauses: only the last resume restarts the countdown', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  idle.pause('a');
  idle.pause('b');
  idle.resume('a');
  clock.advance(5000);
  assert.equal(fired(), 0);
  idle.resume('b');
  clock.advance(1000);
  assert.equal(fired(), 1);
});

test('resume for a reason that was never paused changes nothing', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  clock.advance(600);
  idle.resume('trailer');
  clock.advance(400);
  assert.equal(fired(), 1, 'the countdown was not restarted');
});

test('stop disarms; start counts again from zero', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  clock.advance(500);
  idle.stop();
  clock.advance(5000);
  assert.equal(fired(), 0);
  idle.start();
  clock.advance(999);
  assert.equal(fired(), 0);
  clock.advance(1);
  assert.equal(fired(), 1);
});

test('remainingMs reports time left', () => {
  const { clock, idle } = setup(1000);
  assert.equal(idle.remainingMs(), null);
  idle.start();
  clock.advance(250);
  assert.equal(idle.remainingMs(), 750);
});

test('setTimeoutMs changes the limit and restarts the countdown', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  clock.advance(500);
  idle.setTimeoutMs(3000);
  clock.advance(2999);
  assert.equal(fired(), 0);
  clock.advance(1);
  assert.equal(fired(), 1);
});

test('normalizeIdleTimeoutSecs accepts sane numbers and falls back otherwise', () => {
  assert.equal(normalizeIdleTimeoutSecs(90), 90);
  assert.equal(normalizeIdleTimeoutSecs(45.5), 45.5);
  assert.equal(normalizeIdleTimeoutSecs('120'), 120);
  assert.equal(normalizeIdleTimeoutSecs(undefined), DEFAULT_IDLE_TIMEOUT_SECS);
  assert.equal(normalizeIdleTimeoutSecs(null), DEFAULT_IDLE_TIMEOUT_SECS);
  assert.equal(normalizeIdleTimeoutSecs(0), DEFAULT_IDLE_TIMEOUT_SECS);
  assert.equal(normalizeIdleTimeoutSecs(-5), DEFAULT_IDLE_TIMEOUT_SECS);
  assert.equal(normalizeIdleTimeoutSecs(Number.NaN), DEFAULT_IDLE_TIMEOUT_SECS);
  assert.equal(normalizeIdleTimeoutSecs('soon'), DEFAULT_IDLE_TIMEOUT_SECS);
  assert.equal(normalizeIdleTimeoutSecs(''), DEFAULT_IDLE_TIMEOUT_SECS);
  assert.equal(normalizeIdleTimeoutSecs(3), 3, 'short timeouts are kept (end-to-end tests use them)');
  assert.equal(normalizeIdleTimeoutSecs(0.2), 1, 'below a second: clamped');
  assert.equal(normalizeIdleTimeoutSecs(1e9), 86400, 'clamped to a day');
});

test('clearPauses drops every pause and restarts the countdown', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  idle.pause('a');
  idle.pause('b');
  clock.advance(5000);
  idle.clearPauses();
  assert.equal(idle.paused, false);
  clock.advance(999);
  assert.equal(fired(), 0);
  clock.advance(1);
  assert.equal(fired(), 1);
});

test('setTimeoutMs while stopped only changes the limit for the next start', () => {
  const { clock, idle, fired } = setup(1000);
  idle.setTimeoutMs(5000);
  clock.advance(10_000);
  assert.equal(fired(), 0, 'not started by a settings change');
  idle.start();
  clock.advance(4999);
  assert.equal(fired(), 0);
  clock.advance(1);
  assert.equal(fired(), 1);
});

test('setTimeoutMs while paused keeps the pause and uses the new limit after it', () => {
  const { clock, idle, fired } = setup(1000);
  idle.start();
  idle.pause('trailer');
  idle.setTimeoutMs(2000);
  clock.advance(10_000);
  assert.equal(fired(), 0);
  idle.resume('trailer');
  clock.advance(1999);
  assert.equal(fired(), 0);
  clock.advance(1);
  assert.equal(fired(), 1);
});

// ---------- "Still there?" ----------

function setupWarning(timeoutMs) {
  const clock = fakeClock();
  const log = [];
  const idle = createIdleTimer({
    timeoutMs,
    onIdle: () => log.push('idle'),
    warningMs: warningMsFor,
    onWarn: (ms) => log.push(`warn:${ms}`),
    onWarnEnd: () => log.push('end'),
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
  });
  return { clock, idle, log };
}

test('the warning covers the last 10 s, or the last third of a shorter timeout', () => {
  assert.equal(warningMsFor(90_000), 10_000);
  assert.equal(warningMsFor(30_000), 10_000);
  assert.equal(warningMsFor(9000), 3000);
  assert.equal(warningMsFor(3000), 1000);
  assert.equal(warningMsFor(0), 0);
  assert.equal(warningMsFor(Number.NaN), 0);
  assert.equal(warningMsFor(undefined), 0);
});

test('the countdown shows whole seconds, rounded up, and 0 only at the end', () => {
  assert.equal(countdownSeconds(10_000), 10);
  assert.equal(countdownSeconds(9001), 10);
  assert.equal(countdownSeconds(9000), 9);
  assert.equal(countdownSeconds(9000.0000001), 9, 'a timer waking a hair early shows no extra second');
  assert.equal(countdownSeconds(1), 1);
  assert.equal(countdownSeconds(0), 0);
  assert.equal(countdownSeconds(-5), 0);
  assert.equal(countdownSeconds(null), 0);
  assert.equal(countdownSeconds(Number.POSITIVE_INFINITY), 0);
});

test('the warning starts before the timeout and the timeout still fires on time', () => {
  const { clock, idle, log } = setupWarning(30_000);
  idle.start();
  clock.advance(19_999);
  assert.deepEqual(log, []);
  assert.equal(idle.warning, false);
  clock.advance(1);
  assert.deepEqual(log, ['warn:10000']);
  assert.equal(idle.warning, true);
  assert.equal(idle.remainingMs(), 10_000);
  clock.advance(9999);
  assert.deepEqual(log, ['warn:10000']);
  clock.advance(1);
  assert.deepEqual(log, ['warn:10000', 'idle'], 'no warning end when the timeout fires: the visit ends');
  assert.equal(idle.warning, false);
  assert.equal(idle.running, false);
});

test('activity during the warning ends it and restarts the whole timeout', () => {
  const { clock, idle, log } = setupWarning(9000);
  idle.start();
  clock.advance(7000);
  assert.deepEqual(log, ['warn:3000']);
  idle.activity();
  assert.deepEqual(log, ['warn:3000', 'end']);
  clock.advance(5999);
  assert.deepEqual(log, ['warn:3000', 'end'], 'the next warning is a full 6 s away');
  clock.advance(1);
  assert.deepEqual(log, ['warn:3000', 'end', 'warn:3000']);
  clock.advance(3000);
  assert.deepEqual(log, ['warn:3000', 'end', 'warn:3000', 'idle']);
});

test('activity before the warning only postpones it', () => {
  const { clock, idle, log } = setupWarning(9000);
  idle.start();
  clock.advance(5000);
  idle.activity();
  clock.advance(5999);
  assert.deepEqual(log, []);
  clock.advance(1);
  assert.deepEqual(log, ['warn:3000']);
});

test('a pause or a stop ends the warning; nothing fires while paused', () => {
  const { clock, idle, log } = setupWarning(9000);
  idle.start();
  clock.advance(6500);
  idle.pause('trailer');
  assert.deepEqual(log, ['warn:3000', 'end']);
  clock.advance(60_000);
  assert.deepEqual(log, ['warn:3000', 'end']);
  idle.resume('trailer');
  clock.advance(6000);
  assert.deepEqual(log, ['warn:3000', 'end', 'warn:3000']);
  idle.stop();
  assert.deepEqual(log, ['warn:3000', 'end', 'warn:3000', 'end']);
  clock.advance(60_000);
  assert.equal(log.length, 4);
});

test('no warning callbacks without warningMs (the timer behaves as before)', () => {
  const clock = fakeClock();
  let fired = 0;
  const idle = createIdleTimer({ timeoutMs: 9000, onIdle: () => fired++, now: clock.now, setTimer: clock.setTimer, clearTimer: clock.clearTimer });
  idle.start();
  clock.advance(8999);
  assert.equal(idle.warning, false);
  clock.advance(1);
  assert.equal(fired, 1);
});
