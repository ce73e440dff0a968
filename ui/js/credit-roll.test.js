import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRoll } from './credit-roll.js';

/** Runs frames every 16 ms from `from` to `to`, the scroller following what the roll asks. */
function run(roll, from, to, scroller) {
  for (let time = from; time <= to; time += 16) {
    const top = roll.step(time, scroller.top, scroller.max);
    if (top !== null) scroller.top = top;
  }
}

test('waits a moment at the top, then rolls at its speed', () => {
  const roll = createRoll({ speed: 50, startDelayMs: 1000, now: 0 });
  const scroller = { top: 0, max: 5000 };
  run(roll, 0, 990, scroller);
  assert.equal(scroller.top, 0);
  assert.equal(roll.state, 'waiting');
  run(roll, 1000, 3000, scroller);
  assert.equal(roll.state, 'rolling');
  assert.ok(Math.abs(scroller.top - 100) < 2, `two seconds at 50 px/s: ${scroller.top}`);
});

test('a touch pauses it; it resumes later from wherever the visitor left it', () => {
  const roll = createRoll({ speed: 50, startDelayMs: 0, resumeAfterMs: 3000, now: 0 });
  const scroller = { top: 0, max: 5000 };
  run(roll, 0, 1000, scroller);
  roll.interact(1000);
  assert.equal(roll.state, 'paused');
  const held = scroller.top;
  run(roll, 1016, 3900, scroller);
  assert.equal(scroller.top, held, 'still while paused');
  scroller.top = 40; // the visitor scrolled back up meanwhile
  run(roll, 4000, 5000, scroller);
  assert.equal(roll.state, 'rolling');
  assert.ok(scroller.top > 40 && scroller.top < 100, `carries on from 40: ${scroller.top}`);
});

test('every touch restarts the pause', () => {
  const roll = createRoll({ speed: 50, startDelayMs: 0, resumeAfterMs: 3000, now: 0 });
  const scroller = { top: 0, max: 5000 };
  roll.interact(0);
  run(roll, 0, 2000, scroller);
  roll.interact(2000);
  run(roll, 2016, 4900, scroller);
  assert.equal(roll.state, 'paused');
  assert.equal(scroller.top, 0);
});

test('stops at the end and stays there until restarted', () => {
  const roll = createRoll({ speed: 100, startDelayMs: 0, now: 0 });
  const scroller = { top: 0, max: 150 };
  run(roll, 0, 3000, scroller);
  assert.equal(roll.state, 'ended');
  assert.equal(scroller.top, 150);
  roll.interact(3000);
  assert.equal(roll.state, 'ended', 'a touch at the end does not restart it');
  scroller.top = 0;
  roll.restart(3000);
  assert.equal(roll.state, 'waiting');
  run(roll, 3000, 3500, scroller);
  assert.ok(scroller.top > 0 && scroller.top < 150);
});

test('nothing to roll: ends at once; a stalled frame does not jump', () => {
  const still = createRoll({ speed: 100, startDelayMs: 0, now: 0 });
  assert.equal(still.step(10, 0, 0), null);
  assert.equal(still.state, 'ended');

  const roll = createRoll({ speed: 100, startDelayMs: 0, maxStepMs: 100, now: 0 });
  roll.step(0, 0, 5000);
  const top = roll.step(5000, 0, 5000);
  assert.ok(top <= 10, `one frame moves at most 100 ms worth: ${top}`);
});

test('moved from outside while rolling, it carries on from the new place', () => {
  const roll = createRoll({ speed: 50, startDelayMs: 0, now: 0 });
  const scroller = { top: 0, max: 5000 };
  run(roll, 0, 1000, scroller);
  scroller.top = 4000;
  run(roll, 1016, 2000, scroller);
  assert.ok(scroller.top > 4000 && scroller.top < 4100, `${scroller.top}`);
  // Whole-pixel rounding by the engine is not a move.
  const r2 = createRoll({ speed: 50, startDelayMs: 0, now: 0 });
  const s2 = { top: 0, max: 5000 };
  for (let time = 0; time <= 2000; time += 16) {
    const top = r2.step(time, s2.top, s2.max);
    if (top !== null) s2.top = Math.floor(top);
  }
  assert.ok(s2.top >= 95, `rounding down every frame does not stall the roll: ${s2.top}`);
});
