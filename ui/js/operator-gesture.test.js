import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cornerAt, cornerSize, createOperatorGesture, eventTime, isOperatorChord, HOLD_MS, STEP_MS } from './operator-gesture.js';

const W = 1920;
const H = 1080;
const at = (x, y, t) => ({ x, y, t, width: W, height: H });
const TL = [10, 10];
const TR = [W - 10, 10];
const BR = [W - 10, H - 10];
const BL = [10, H - 10];

/** Press TL at t0 and release after `holdFor` ms; returns the time of the release. */
function hold(g, t0 = 0, holdFor = HOLD_MS) {
  g.down(at(...TL, t0));
  g.up(at(...TL, t0 + holdFor));
  return t0 + holdFor;
}

function tap(g, [x, y], t) {
  const r = g.down(at(x, y, t));
  g.up(at(x, y, t + 80));
  return r;
}

test('corner zones: 15 % of the shorter side, at most 160 px', () => {
  assert.equal(cornerSize(1920, 1080), 160);
  assert.equal(cornerSize(1080, 1920), 160);
  assert.equal(cornerSize(800, 600), 90);
  assert.equal(cornerAt(0, 0, W, H), 'top-left');
  assert.equal(cornerAt(159, 159, W, H), 'top-left');
  assert.equal(cornerAt(160, 10, W, H), null);
  assert.equal(cornerAt(W - 160, 10, W, H), 'top-right');
  assert.equal(cornerAt(W - 161, 10, W, H), null);
  assert.equal(cornerAt(W - 1, H - 1, W, H), 'bottom-right');
  assert.equal(cornerAt(0, H - 1, W, H), 'bottom-left');
  assert.equal(cornerAt(W / 2, H / 2, W, H), null);
  assert.equal(cornerAt(89, 89, 800, 600), 'top-left');
  assert.equal(cornerAt(91, 10, 800, 600), null);
  assert.equal(cornerAt(Number.NaN, 0, W, H), null);
  assert.equal(cornerAt(0, 0, 0, 0), null);
});

test('hold top-left for 3 s, then top-right, bottom-right, bottom-left: triggers', () => {
  const g = createOperatorGesture();
  let t = hold(g);
  assert.equal(g.phase, 'armed');
  assert.deepEqual(tap(g, TR, (t += 1000)), { consumed: true, triggered: false });
  assert.deepEqual(tap(g, BR, (t += 1000)), { consumed: true, triggered: false });
  assert.deepEqual(tap(g, BL, (t += 1000)), { consumed: true, triggered: true });
  assert.equal(g.phase, 'idle', 'starts over after triggering');
});

test('the completed hold is reported at release so its click can be swallowed', () => {
  const g = createOperatorGesture();
  assert.deepEqual(g.down(at(...TL, 0)), { consumed: false, triggered: false });
  assert.deepEqual(g.up(at(...TL, HOLD_MS)), { consumed: true, triggered: false });
});

test('a hold shorter than 3 s does not arm', () => {
  const g = createOperatorGesture();
  const t = hold(g, 0, HOLD_MS - 1);
  assert.equal(g.phase, 'idle');
  assert.equal(tap(g, TR, t + 100).consumed, false);
  assert.equal(tap(g, BR, t + 200).consumed, false);
  assert.equal(tap(g, BL, t + 300).triggered, false);
});

test('a hold that slides out of the corner does not arm', () => {
  const g = createOperatorGesture();
  g.down(at(...TL, 0));
  g.up(at(400, 400, HOLD_MS + 500));
  assert.equal(g.phase, 'idle');
});

test('a hold anywhere else does not arm', () => {
  const g = createOperatorGesture();
  g.down(at(...TR, 0));
  g.up(at(...TR, 5000));
  assert.equal(g.phase, 'idle');
});

test('a wrong tap resets', () => {
  const g = createOperatorGesture();
  let t = hold(g);
  tap(g, TR, (t += 500));
  assert.deepEqual(tap(g, BL, (t += 500)), { consumed: false, triggered: false }, 'skipped bottom-right');
  assert.equal(g.phase, 'idle');
  assert.equal(tap(g, BR, (t += 500)).consumed, false);
  assert.equal(tap(g, BL, (t += 500)).triggered, false);
});

test('a tap in the middle of the screen resets', () => {
  const g = createOperatorGesture();
  let t = hold(g);
  tap(g, TR, (t += 500));
  tap(g, [W / 2, H / 2], (t += 500));
  assert.equal(g.phase, 'idle');
});

test('each step must come within 4 s of the previous one', () => {
  const g = createOperatorGesture();
  let t = hold(g);
  assert.equal(tap(g, TR, (t += STEP_MS)).consumed, true, 'exactly 4 s is in time');
  assert.equal(tap(g, BR, (t += STEP_MS + 1)).consumed, false, 'too late');
  assert.equal(g.phase, 'idle');

  const g2 = createOperatorGesture();
  const t2 = hold(g2);
  assert.equal(tap(g2, TR, t2 + STEP_MS + 1).consumed, false, 'the first tap counts from the release of the hold');
});

test('a wrong tap in the top-left corner can start a new hold at once', () => {
  const g = createOperatorGesture();
  let t = hold(g);
  tap(g, TR, (t += 500));
  g.down(at(...TL, (t += 500)));
  assert.equal(g.phase, 'pressing');
  g.up(at(...TL, (t += HOLD_MS)));
  assert.equal(g.phase, 'armed');
  tap(g, TR, (t += 500));
  tap(g, BR, (t += 500));
  assert.equal(tap(g, BL, (t += 500)).triggered, true);
});

test('a cancelled press counts as released where it began', () => {
  const g = createOperatorGesture();
  g.down(at(...TL, 0));
  assert.deepEqual(g.cancel(HOLD_MS), { consumed: true, triggered: false });
  assert.equal(g.phase, 'armed');
  const g2 = createOperatorGesture();
  g2.down(at(...TL, 0));
  g2.cancel(100);
  assert.equal(g2.phase, 'idle');
});

test('works in portrait and on small screens (zones scale with the viewport)', () => {
  const g = createOperatorGesture();
  const p = (x, y, t) => ({ x, y, t, width: 600, height: 1000 });
  g.down(p(80, 80, 0));
  g.up(p(80, 80, HOLD_MS));
  assert.equal(g.down(p(520, 80, 4000)).consumed, true);
  assert.equal(g.down(p(520, 920, 5000)).consumed, true);
  assert.equal(g.down(p(80, 920, 6000)).triggered, true);
  const g2 = createOperatorGesture();
  g2.down(p(95, 95, 0));
  g2.up(p(95, 95, HOLD_MS));
  assert.equal(g2.phase, 'idle', '95 px is outside a 90 px zone');
});

test('reset() forgets progress', () => {
  const g = createOperatorGesture();
  const t = hold(g);
  g.reset();
  assert.equal(tap(g, TR, t + 100).consumed, false);
});

test('Ctrl+Alt+Shift+O opens operator mode, on any keyboard layout', () => {
  const chord = { ctrlKey: true, altKey: true, shiftKey: true };
  assert.equal(isOperatorChord({ ...chord, key: 'O', code: 'KeyO' }), true);
  assert.equal(isOperatorChord({ ...chord, key: 'o' }), true);
  assert.equal(isOperatorChord({ ...chord, key: 'Щ', code: 'KeyO' }), true);
  assert.equal(isOperatorChord({ ...chord, key: 'P', code: 'KeyP' }), false);
  assert.equal(isOperatorChord({ ctrlKey: true, altKey: true, key: 'o', code: 'KeyO' }), false);
  assert.equal(isOperatorChord({ ctrlKey: true, shiftKey: true, key: 'O', code: 'KeyO' }), false);
  assert.equal(isOperatorChord({ altKey: true, shiftKey: true, key: 'O', code: 'KeyO' }), false);
  assert.equal(isOperatorChord({ ...chord, metaKey: true, key: 'O', code: 'KeyO' }), false);
  assert.equal(isOperatorChord({ key: 'o' }), false);
  assert.equal(isOperatorChord(null), false);
});

test('a hold is timed from when the events happened, not from when a busy page got them', () => {
  const late = () => 99_999;
  assert.equal(eventTime({ timeStamp: 1234.5 }, late), 1234.5);
  assert.equal(eventTime({ timeStamp: 0 }, late), 99_999, 'no time given');
  assert.equal(eventTime({}, late), 99_999);
  // Pressed at 1000 and delivered 400 ms late at 1400; released at 4300 on time: still a hold.
  const g = createOperatorGesture();
  const press = (timeStamp) => ({ x: 10, y: 10, t: eventTime({ timeStamp }, late), width: W, height: H });
  g.down(press(1000));
  assert.equal(g.up(press(4300)).consumed, true);
});
