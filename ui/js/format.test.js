import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTime, timeReadout, splitParagraphs, joinMeta, formatDuration, formatDate, sourceHost } from './format.js';

test('formatTime gives mm:ss', () => {
  assert.equal(formatTime(0), '00:00');
  assert.equal(formatTime(5), '00:05');
  assert.equal(formatTime(59.99), '00:59');
  assert.equal(formatTime(60), '01:00');
  assert.equal(formatTime(125.4), '02:05');
  assert.equal(formatTime(3599), '59:59');
});

test('formatTime switches to h:mm:ss from one hour', () => {
  assert.equal(formatTime(3600), '1:00:00');
  assert.equal(formatTime(3 * 3600 + 62), '3:01:02');
});

test('formatTime tolerates unknown or bad values', () => {
  assert.equal(formatTime(Number.NaN), '00:00');
  assert.equal(formatTime(Infinity), '00:00');
  assert.equal(formatTime(-3), '00:00');
  assert.equal(formatTime(undefined), '00:00');
});

test('timeReadout gives elapsed, remaining and fraction', () => {
  const r = timeReadout(42, 115);
  assert.equal(r.elapsed, '00:42');
  assert.equal(r.remaining, '\u221201:13');
  assert.ok(Math.abs(r.fraction - 42 / 115) < 1e-9);
  assert.equal(r.known, true);
});

test('timeReadout rounds remaining up and reaches zero only at the end', () => {
  assert.equal(timeReadout(0, 90).remaining, '\u221201:30');
  assert.equal(timeReadout(0.2, 90).remaining, '\u221201:30');
  assert.equal(timeReadout(89.5, 90).remaining, '\u221200:01');
  assert.equal(timeReadout(90, 90).remaining, '\u221200:00');
});

test('timeReadout clamps past the end and before the start', () => {
  const end = timeReadout(95, 90);
  assert.equal(end.elapsed, '01:30');
  assert.equal(end.fraction, 1);
  const start = timeReadout(-1, 90);
  assert.equal(start.elapsed, '00:00');
  assert.equal(start.fraction, 0);
});

test('timeReadout while the duration is unknown', () => {
  const r = timeReadout(3, Number.NaN);
  assert.equal(r.known, false);
  assert.equal(r.elapsed, '00:03');
  assert.equal(r.remaining, '\u2212--:--');
  assert.equal(r.fraction, 0);
  assert.equal(timeReadout(3, Infinity).known, false);
  assert.equal(timeReadout(3, 0).known, false);
});

test('splitParagraphs splits on blank lines and joins wrapped lines', () => {
  const text = 'First line\nstill first.\n\nSecond paragraph.\n   \n\nThird.\n';
  assert.deepEqual(splitParagraphs(text), ['First line still first.', 'Second paragraph.', 'Third.']);
});

test('splitParagraphs handles CRLF, leading blank lines and non-strings', () => {
  assert.deepEqual(splitParagraphs('\r\n\r\nA\r\nB\r\n\r\nC'), ['A B', 'C']);
  assert.deepEqual(splitParagraphs('   '), []);
  assert.deepEqual(splitParagraphs(null), []);
  assert.deepEqual(splitParagraphs(42), []);
});

test('joinMeta skips empty parts', () => {
  assert.equal(joinMeta(2010, 'The Netherlands'), '2010 \u00b7 The Netherlands');
  assert.equal(joinMeta(null, ' ', 'The Netherlands', undefined), 'The Netherlands');
  assert.equal(joinMeta(Number.NaN), '');
});

test('formatDuration reads at a glance', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(45.9), '45 s');
  assert.equal(formatDuration(60), '1 min');
  assert.equal(formatDuration(12 * 60 + 30), '12 min');
  assert.equal(formatDuration(3600), '1 h');
  assert.equal(formatDuration(2 * 3600 + 5 * 60), '2 h 5 min');
  assert.equal(formatDuration(86400), '1 d');
  assert.equal(formatDuration(3 * 86400 + 4 * 3600 + 59), '3 d 4 h');
  assert.equal(formatDuration(-1), '0 s');
  assert.equal(formatDuration(undefined), '0 s');
});

test('formatDate honours the precision the pack gives, per language', () => {
  assert.equal(formatDate('2009', 'en'), '2009');
  assert.equal(formatDate('2009-11', 'en'), 'November 2009');
  assert.equal(formatDate('2009-11-16', 'en'), '16 November 2009');
  assert.equal(formatDate('2009', 'ru'), '2009');
  assert.equal(formatDate('2009-11', 'ru'), 'ноябрь 2009 г.');
  assert.equal(formatDate('2009-11-16', 'ru'), '16 ноября 2009 г.');
  // A region the visitor's tag names wins over the kiosk's choice for the bare language.
  assert.equal(formatDate('2009-11-16', 'en-US'), 'November 16, 2009');
});

test('formatDate never shifts a date across a time zone boundary', () => {
  // First and last days of a year and a month are the ones a local-time conversion would move.
  assert.equal(formatDate('2010-01-01', 'en'), '1 January 2010');
  assert.equal(formatDate('2009-12-31', 'en'), '31 December 2009');
  assert.equal(formatDate('2012-12', 'en'), 'December 2012');
  assert.equal(formatDate('1972-04-08', 'ru'), '8 апреля 1972 г.');
});

test('formatDate shows anything that is not a real ISO date as given', () => {
  assert.equal(formatDate('16 Nov 2009', 'en'), '16 Nov 2009');
  assert.equal(formatDate('2009-13', 'en'), '2009-13');
  assert.equal(formatDate('2009-02-30', 'en'), '2009-02-30');
  assert.equal(formatDate(null, 'en'), '');
  assert.equal(formatDate(' 2009 ', undefined), '2009');
  assert.equal(formatDate('2009-11', 'not a tag!'), 'November 2009');
});

test('sourceHost keeps the host a visitor can read', () => {
  assert.equal(sourceHost('https://en.wikipedia.org/wiki/Sergei_Magnitsky'), 'en.wikipedia.org');
  assert.equal(sourceHost('http://www.washingtonpost.com/wp-dyn/content/article.html'), 'washingtonpost.com');
  assert.equal(sourceHost('https://lawandorderinrussia.org/?p=1145'), 'lawandorderinrussia.org');
  assert.equal(sourceHost('not a url'), 'not a url');
  assert.equal(sourceHost(''), '');
  assert.equal(sourceHost(undefined), '');
});
