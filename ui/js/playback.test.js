import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handoffDue, loopCheck, touchToBeginLines, trackModes, wordsShowing } from './playback.js';
import { t } from './strings.js';

test('the next copy of the loop starts within the lead of the end, not before', () => {
  assert.equal(handoffDue(47.9, 49, 1), false);
  assert.equal(handoffDue(48, 49, 1), true);
  assert.equal(handoffDue(49, 49, 1), true);
  assert.equal(handoffDue(0, Number.NaN, 1), false, 'duration unknown yet');
  assert.equal(handoffDue(0, Number.POSITIVE_INFINITY, 1), false, 'a stream has no end');
  assert.equal(handoffDue(Number.NaN, 49, 1), false);
  assert.equal(handoffDue(0.2, 1, 1), false, 'a clip shorter than the lead hands over from its middle');
  assert.equal(handoffDue(0.5, 1, 1), true);
});

test('the loop check plays a stopped copy and nudges one that stands still with a picture', () => {
  const playing = { paused: false, ended: false, readyState: 4, currentTime: 3.2 };
  assert.equal(loopCheck({ ...playing, paused: true }, 3.2), 'play');
  assert.equal(loopCheck({ ...playing, ended: true }, 3.2), 'play');
  assert.equal(loopCheck(playing, 1.2), null, 'moving');
  assert.equal(loopCheck(playing, null), null, 'first look');
  assert.equal(loopCheck(playing, 3.2), 'nudge');
  assert.equal(loopCheck({ ...playing, readyState: 2 }, 3.2), 'nudge', 'the stuck start: a picture, waiting for ever');
  assert.equal(loopCheck({ ...playing, readyState: 1, currentTime: 0 }, 0), null, 'still loading: no picture yet');
});

test('the words show first, then leave the film alone, round and round', () => {
  assert.equal(wordsShowing(0, 7000, 13000), true);
  assert.equal(wordsShowing(6999, 7000, 13000), true);
  assert.equal(wordsShowing(7000, 7000, 13000), false);
  assert.equal(wordsShowing(19999, 7000, 13000), false);
  assert.equal(wordsShowing(20000, 7000, 13000), true, 'back at the next round');
  assert.equal(wordsShowing(Number.NaN, 7000, 13000), true);
  assert.equal(wordsShowing(50000, 7000, 0), true, 'no quiet phase configured');
});

test('touch to begin cycles through the pack languages, the current one first', () => {
  const pack = { language: 'ru', languages: ['en', 'ru'], labels: {} };
  assert.deepEqual(touchToBeginLines(pack), [
    { lang: 'ru', text: t('ru', 'touch_to_begin') },
    { lang: 'en', text: t('en', 'touch_to_begin') },
  ]);
  assert.notEqual(t('ru', 'touch_to_begin'), t('en', 'touch_to_begin'));
});

test("the pack's rewording is used for the language it was loaded in", () => {
  const pack = { language: 'en', languages: ['en', 'ru'], labels: { touch_to_begin: 'Tap to watch' } };
  assert.deepEqual(touchToBeginLines(pack), [
    { lang: 'en', text: 'Tap to watch' },
    { lang: 'ru', text: t('ru', 'touch_to_begin') },
  ]);
});

test('a language without kiosk strings reads English, marked as English, once', () => {
  const pack = { language: 'en', languages: ['en', 'nl'], labels: {} };
  assert.deepEqual(touchToBeginLines(pack), [{ lang: 'en', text: t('en', 'touch_to_begin') }]);
  const dutchFirst = { language: 'nl', languages: ['nl', 'ru'], labels: {} };
  assert.deepEqual(touchToBeginLines(dutchFirst), [
    { lang: 'en', text: t('en', 'touch_to_begin') },
    { lang: 'ru', text: t('ru', 'touch_to_begin') },
  ]);
  assert.deepEqual(touchToBeginLines(null), [{ lang: 'en', text: t('en', 'touch_to_begin') }]);
});

test('caption tracks: the chosen language shows when captions are on, the rest are disabled', () => {
  const tracks = [{ language: 'en' }, { language: 'ru' }];
  assert.deepEqual(trackModes(tracks, { on: true, language: 'ru' }), ['disabled', 'showing']);
  assert.deepEqual(trackModes(tracks, { on: true, language: 'en' }), ['showing', 'disabled']);
  assert.deepEqual(trackModes(tracks, { on: false, language: 'en' }), ['disabled', 'disabled']);
  assert.deepEqual(trackModes(tracks, { on: true, language: 'de' }), ['disabled', 'disabled']);
  assert.deepEqual(trackModes([...tracks, { language: 'ru' }], { on: true, language: 'ru' }), ['disabled', 'showing', 'disabled']);
  assert.deepEqual(trackModes([], { on: true, language: 'en' }), []);
});
