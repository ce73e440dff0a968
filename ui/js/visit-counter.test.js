import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVisitCounter } from './visit-counter.js';

function counter() {
  let clock = 0;
  const records = [];
  const visits = createVisitCounter({
    visitorScreens: new Set(['home', 'trailer', 'law']),
    now: () => clock,
    record: (kind, detail) => records.push([kind, detail]),
  });
  return { visits, records, advance: (ms) => (clock += ms) };
}

test('a visit counts each screen once and its length when the kiosk returns to rest', () => {
  const { visits, records, advance } = counter();
  visits.shown('attract');
  advance(5000);
  visits.shown('home');
  advance(20_000);
  visits.shown('law');
  visits.shown('law'); // a language switch shows the same screen again
  advance(75_400);
  visits.shown('attract');
  assert.deepEqual(records, [
    ['screen-visit', { screen: 'home' }],
    ['screen-visit', { screen: 'law' }],
    ['session-end', { secs: 95 }],
  ]);
});

test('rest screens without a visit, and staff screens, count nothing', () => {
  const { visits, records, advance } = counter();
  for (const name of ['attract', 'pin', 'operator', 'closed', 'attract', 'fatal']) {
    visits.shown(name);
    advance(1000);
  }
  assert.deepEqual(records, []);
});

test('a visit interrupted by the operator ends at the next rest screen', () => {
  const { visits, records, advance } = counter();
  visits.shown('home');
  advance(3000);
  visits.shown('pin');
  advance(3000);
  visits.shown('closed');
  assert.deepEqual(records.at(-1), ['session-end', { secs: 6 }]);
});
