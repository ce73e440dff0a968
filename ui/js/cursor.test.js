import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCursorHider } from './cursor.js';

function fakeTimers() {
  let now = 0;
  const pending = new Map();
  let next = 1;
  return {
    setTimer(fn, ms) {
      const id = next++;
      pending.set(id, { fn, at: now + ms });
      return id;
    },
    clearTimer(id) {
      pending.delete(id);
    },
    advance(ms) {
      now += ms;
      for (const [id, t] of [...pending]) {
        if (t.at <= now) {
          pending.delete(id);
          t.fn();
        }
      }
    },
  };
}

test('the pointer hides after three quiet seconds and shows again on movement', () => {
  const timers = fakeTimers();
  const states = [];
  const hider = createCursorHider({ setHidden: (h) => states.push(h), ...timers });
  timers.advance(2999);
  assert.deepEqual(states, []);
  timers.advance(1);
  assert.deepEqual(states, [true]);
  hider.moved();
  assert.deepEqual(states, [true, false]);
  timers.advance(1500);
  hider.moved(); // movement keeps it visible
  timers.advance(2999);
  assert.deepEqual(states, [true, false]);
  timers.advance(1);
  assert.deepEqual(states, [true, false, true]);
  hider.stop();
  hider.moved();
  hider.stop();
  timers.advance(10_000);
  assert.deepEqual(states, [true, false, true, false]);
});
