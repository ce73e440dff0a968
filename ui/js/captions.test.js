import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cuesAt, pickCaptionLanguage } from './captions.js';

const captions = [{ language: 'en' }, { language: 'ru' }];

test("the visitor's language wins when the pack has captions in it", () => {
  assert.equal(pickCaptionLanguage(captions, 'ru'), 'ru');
});

test('otherwise the first caption language, and none without captions', () => {
  assert.equal(pickCaptionLanguage(captions, 'de'), 'en');
  assert.equal(pickCaptionLanguage([], 'en'), null);
});

test('a cue shows from its start until its end, stacked cues together, in file order', () => {
  const cues = [
    { start: 1, end: 4, text: 'first' },
    { start: 2, end: 3, text: '[music]' },
    { start: 4, end: 5, text: 'second' },
  ];
  assert.deepEqual(cuesAt(cues, 0.5), []);
  assert.deepEqual(cuesAt(cues, 1), ['first']);
  assert.deepEqual(cuesAt(cues, 2.5), ['first', '[music]']);
  assert.deepEqual(cuesAt(cues, 4), ['second']);
  assert.deepEqual(cuesAt(cues, 5), []);
  assert.deepEqual(cuesAt(cues, Number.NaN), []);
});
