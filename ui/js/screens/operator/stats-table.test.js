import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, statsTable } from './stats-table.js';

const byId = (table) => Object.fromEntries(table.rows.map(([, day, all, id]) => [id, [day, all]]));

test('counts read as staff read them, a dash where the core gave none', () => {
  assert.equal(count(1234), '1,234');
  assert.equal(count(2.9), '2');
  assert.equal(count(-3), '0');
  assert.equal(count(undefined), '\u2013');
  assert.equal(count(NaN), '\u2013');
});

test('today beside the whole period, the busiest four screens first', () => {
  const table = statsTable({
    uptimeSecs: 3700,
    since: '2026-01-01',
    today: { attractLoops: 1234, sessions: 2, sessionSecs: 100, screens: { law: 3, about: 1, home: 5, trailer: 2, credits: 1 } },
    total: { attractLoops: 5000, languages: { ru: 2, en: 7 } },
  });
  assert.equal(table.uptime, '1 h 1 min');
  assert.equal(table.since, 'Since 2026-01-01');
  const rows = byId(table);
  assert.deepEqual(rows['op-stat-attract-loops'], ['1,234', '5,000']);
  assert.deepEqual(rows['op-stat-session-average'], ['50 s', '\u2013']);
  assert.deepEqual(rows['op-stat-screens'], ['home 5, law 3, trailer 2, about 1', '\u2013']);
  assert.deepEqual(rows['op-stat-languages'], ['\u2013', 'en 7, ru 2']);
  assert.equal(table.rows.length, 7);
});

test('nothing from the core is a table of dashes over all days', () => {
  const table = statsTable(null);
  assert.equal(table.since, 'All days');
  assert.ok(table.rows.every(([, day, all]) => day === '\u2013' && all === '\u2013'));
});
