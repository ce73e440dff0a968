import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDimmer } from './dimmer.js';

/** A clock the test moves by hand. */
function fakeClock() {
  let now = 0;
  const timers = new Map();
  let next = 1;
  return {
    setTimer: (fn, ms) => {
      timers.set(next, { fn, at: now + ms });
      return next++;
    },
    clearTimer: (id) => timers.delete(id),
    advance(ms) {
      now += ms;
      for (const [id, { fn, at }] of [...timers]) {
        if (at <= now) {
          timers.delete(id);
          fn();
        }
      }
    },
  };
}

test('the slate shows, goes dark after a while, and a touch shows it again for as long', () => {
  const clock = fakeClock();
  const states = [];
  const dimmer = createDimmer({ show: (dark) => states.push(dark), after: 8000, ...clock });
  assert.deepEqual(states, [false]);
  clock.advance(7999);
  assert.deepEqual(states, [false]);
  clock.advance(1);
  assert.deepEqual(states, [false, true]);
  dimmer.wake();
  clock.advance(5000);
  dimmer.wake();
  clock.advance(7999);
  assert.deepEqual(states, [false, true, false, false], 'each touch starts the moment again');
  clock.advance(1);
  assert.deepEqual(states.at(-1), true);
  dimmer.stop();
  dimmer.wake();
  dimmer.stop();
  clock.advance(10000);
  assert.equal(states.at(-1), false, 'stopped: nothing changes it any more');
});
