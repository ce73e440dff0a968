import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickRendition, playableRenditions } from './rendition.js';

const MP4 = { url: 'http://127.0.0.1:1/t/media/trailer-0', mime: 'video/mp4; codecs="avc1.4D401F, mp4a.40.2"' };
const WEBM = { url: 'http://127.0.0.1:1/t/media/trailer-1', mime: 'video/webm; codecs="vp9, opus"' };

test('picks the first rendition the engine can play, in manifest order', () => {
  assert.equal(pickRendition([MP4, WEBM], () => 'probably'), MP4);
});

test('skips renditions whose mime canPlayType answers with an empty string', () => {
  const canPlay = (mime) => (mime.startsWith('video/webm') ? 'maybe' : '');
  assert.equal(pickRendition([MP4, WEBM], canPlay), WEBM);
});

test('"maybe" is good enough, as for <source> selection', () => {
  assert.equal(pickRendition([MP4], () => 'maybe'), MP4);
});

test('returns null when nothing is playable', () => {
  assert.equal(pickRendition([MP4, WEBM], () => ''), null);
});

test('returns null for missing or malformed input', () => {
  assert.equal(pickRendition(undefined, () => 'probably'), null);
  assert.equal(pickRendition([], () => 'probably'), null);
  assert.equal(pickRendition([MP4], undefined), null);
});

test('ignores entries without a url or mime and survives a throwing canPlayType', () => {
  const calls = [];
  const canPlay = (mime) => {
    calls.push(mime);
    if (mime.startsWith('video/mp4')) throw new Error('boom');
    return 'probably';
  };
  const got = pickRendition([null, { mime: WEBM.mime }, { url: 'x', mime: '' }, MP4, WEBM], canPlay);
  assert.equal(got, WEBM);
  assert.deepEqual(calls, [MP4.mime, WEBM.mime]);
});

test('passes the full mime string including codecs to canPlayType', () => {
  let seen = null;
  pickRendition([MP4], (m) => {
    seen = m;
    return '';
  });
  assert.equal(seen, MP4.mime);
});

test('playableRenditions lists every playable rendition in order (fallbacks)', () => {
  const OGG = { url: 'http://127.0.0.1:1/t/media/trailer-2', mime: 'video/ogg; codecs="theora"' };
  const canPlay = (m) => (m.startsWith('video/ogg') ? '' : m.startsWith('video/mp4') ? 'probably' : 'maybe');
  assert.deepEqual(playableRenditions([MP4, OGG, WEBM], canPlay), [MP4, WEBM]);
  assert.deepEqual(playableRenditions([OGG], canPlay), []);
  assert.deepEqual(playableRenditions(null, canPlay), []);
});
