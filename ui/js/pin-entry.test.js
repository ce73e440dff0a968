import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNewPinFlow, isValidPin, lengthMessage, NEW_PIN_MIN_LENGTH, padKeyFromKeyboard, pressPinKey, retryDelaySecs, retryMessage } from './pin-entry.js';

test('the unlock pad takes 4 to 8 digits, so PINs set before the 6-digit minimum still work', () => {
  for (const ok of ['0000', '1234', '12345678']) assert.equal(isValidPin(ok), true, ok);
  for (const bad of ['', '123', '123456789', '12a4', ' 1234', '１２３４', null, 1234]) assert.equal(isValidPin(bad), false, String(bad));
});

test('a new PIN is 6 to 8 digits, and the pad says so', () => {
  assert.equal(NEW_PIN_MIN_LENGTH, 6);
  assert.equal(isValidPin('1234', NEW_PIN_MIN_LENGTH), false);
  assert.equal(isValidPin('123456', NEW_PIN_MIN_LENGTH), true);
  assert.deepEqual(pressPinKey('12345', 'ok', NEW_PIN_MIN_LENGTH), { digits: '12345', action: 'too-short' });
  assert.equal(lengthMessage(NEW_PIN_MIN_LENGTH), 'Enter 6 to 8 digits');
  assert.equal(lengthMessage(), 'Enter 4 to 8 digits');
});

test('digits append up to 8, backspace removes the last', () => {
  let d = '';
  for (const k of '123456789') d = pressPinKey(d, k).digits;
  assert.equal(d, '12345678', 'the ninth digit is dropped');
  assert.deepEqual(pressPinKey(d, 'backspace'), { digits: '1234567', action: null });
  assert.deepEqual(pressPinKey('', 'backspace'), { digits: '', action: null });
});

test('OK submits a complete PIN and refuses a short one', () => {
  assert.deepEqual(pressPinKey('1234', 'ok'), { digits: '1234', action: 'submit' });
  assert.deepEqual(pressPinKey('123', 'ok'), { digits: '123', action: 'too-short' });
  assert.deepEqual(pressPinKey('123', 'cancel'), { digits: '', action: 'cancel' });
  assert.deepEqual(pressPinKey('123', 'bogus'), { digits: '123', action: null });
});

test('physical keys map onto the pad', () => {
  assert.equal(padKeyFromKeyboard({ key: '7' }), '7');
  assert.equal(padKeyFromKeyboard({ key: 'Enter' }), 'ok');
  assert.equal(padKeyFromKeyboard({ key: 'Backspace' }), 'backspace');
  assert.equal(padKeyFromKeyboard({ key: 'Delete' }), 'backspace');
  assert.equal(padKeyFromKeyboard({ key: 'Escape' }), 'cancel');
  assert.equal(padKeyFromKeyboard({ key: 'a' }), null);
  assert.equal(padKeyFromKeyboard({ key: '7', ctrlKey: true }), null);
  assert.equal(padKeyFromKeyboard({ key: 'O', ctrlKey: true, altKey: true, shiftKey: true }), null);
  assert.equal(padKeyFromKeyboard(null), null);
});

test('new PIN flow: choose, confirm, done', () => {
  const flow = createNewPinFlow();
  assert.equal(flow.step, 'choose');
  assert.deepEqual(flow.submit('246813'), { next: 'confirm' });
  assert.equal(flow.step, 'confirm');
  assert.deepEqual(flow.submit('246813'), { done: '246813' });
  assert.equal(flow.step, 'choose');
});

test('new PIN flow: a mismatch starts over, a short PIN is refused where it is typed', () => {
  const flow = createNewPinFlow();
  assert.deepEqual(flow.submit('12'), { error: 'too-short' });
  assert.deepEqual(flow.submit('2468'), { error: 'too-short' }, 'four digits open the pad but are too few for a new PIN');
  assert.equal(flow.step, 'choose');
  flow.submit('111111');
  assert.deepEqual(flow.submit('123'), { error: 'too-short' });
  assert.equal(flow.step, 'confirm', 'a short confirmation does not lose the first entry');
  assert.deepEqual(flow.submit('222222'), { error: 'mismatch' });
  assert.equal(flow.step, 'choose');
  flow.submit('111111');
  flow.reset();
  assert.equal(flow.step, 'choose');
});

test('rate limit delay and message', () => {
  assert.equal(retryDelaySecs({ code: 'rate_limited', retryAfterSecs: 12 }), 12);
  assert.equal(retryDelaySecs({ retryAfterSecs: 0.2 }), 1);
  assert.equal(retryDelaySecs({ retryAfterSecs: 2.5 }), 3);
  assert.equal(retryDelaySecs({}), 30);
  assert.equal(retryDelaySecs({ retryAfterSecs: -1 }), 30);
  assert.equal(retryDelaySecs(null), 30);
  assert.equal(retryMessage(9), 'Too many attempts. Try again in 9 s');
});
