import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNewPinFlow, isValidPin, padKeyFromKeyboard, pressPinKey, retryDelaySecs, retryMessage } from './pin-entry.js';

test('a PIN is 4 to 8 digits', () => {
  for (const ok of ['0000', '1234', '12345678']) assert.equal(isValidPin(ok), true, ok);
  for (const bad of ['', '123', '123456789', '12a4', ' 1234', '１２３４', null, 1234]) assert.equal(isValidPin(bad), false, String(bad));
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
  assert.deepEqual(flow.submit('2468'), { next: 'confirm' });
  assert.equal(flow.step, 'confirm');
  assert.deepEqual(flow.submit('2468'), { done: '2468' });
  assert.equal(flow.step, 'choose');
});

test('new PIN flow: a mismatch starts over, a short PIN is refused where it is typed', () => {
  const flow = createNewPinFlow();
  assert.deepEqual(flow.submit('12'), { error: 'too-short' });
  assert.equal(flow.step, 'choose');
  flow.submit('1111');
  assert.deepEqual(flow.submit('123'), { error: 'too-short' });
  assert.equal(flow.step, 'confirm', 'a short confirmation does not lose the first entry');
  assert.deepEqual(flow.submit('2222'), { error: 'mismatch' });
  assert.equal(flow.step, 'choose');
  flow.submit('1111');
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
