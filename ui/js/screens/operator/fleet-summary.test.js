import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fleetSummary } from './fleet-summary.js';

const panel = (progress, extra = {}) => ({
  kioskId: 'foyer-1',
  kioskName: 'Foyer, left',
  packsDir: '/home/kiosk/Sync/kiosk-packs',
  statusDir: '/home/kiosk/Sync/status-foyer-1',
  shown: null,
  progress: { desired: null, detail: null, maintenance: false, ...progress },
  heartbeatProblem: null,
  ...extra,
});

test('a kiosk on its own says so; an older core that sends no fleet says nothing', () => {
  assert.deepEqual(fleetSummary(null), { kind: 'alone' });
  for (const raw of [undefined, 'fleet', 3, [], true]) assert.deepEqual(fleetSummary(raw), { kind: 'unknown' }, String(raw));
});

test('showing the wanted pack is ok, with who the kiosk is and where its folders are', () => {
  const s = fleetSummary(panel({ desired: 'justice-for-sergei@3', state: 'current' }, { shown: 'justice-for-sergei@3' }));
  assert.equal(s.kind, 'fleet');
  assert.equal(s.tone, 'ok');
  assert.equal(s.cardTone, 'ok');
  assert.equal(s.line, "Showing the fleet's pack");
  assert.equal(s.advice, '');
  assert.equal(s.kioskId, 'foyer-1');
  assert.equal(s.kioskName, 'Foyer, left');
  assert.equal(s.desired, 'justice-for-sergei@3');
  assert.equal(s.shown, 'justice-for-sergei@3');
  assert.equal(s.packsDir, '/home/kiosk/Sync/kiosk-packs');
  assert.equal(s.statusDir, '/home/kiosk/Sync/status-foyer-1');
  assert.equal(s.maintenanceText, 'Off');
});

test('each state reads in plain words with its tone', () => {
  const cases = [
    [{ desired: 'justice-for-sergei@3', state: 'waiting', detail: 'syncing: 3 files (41 MB) still to come' }, 'waiting', 'Waiting: syncing: 3 files (41 MB) still to come'],
    [{ desired: 'justice-for-sergei@4', state: 'refused', detail: 'no checksums.sha256' }, 'alert', 'Refused justice-for-sergei@4: no checksums.sha256'],
    [{ state: 'no-plan', detail: 'no fleet.toml in /p yet' }, 'waiting', 'No plan for this kiosk: no fleet.toml in /p yet'],
    [{ state: 'bad-plan', detail: 'fleet.toml: unknown key packk; following the last plan that could be read' }, 'alert', 'fleet.toml is wrong: fleet.toml: unknown key packk; following the last plan that could be read'],
    [{ state: 'local' }, 'waiting', 'Showing a pack from a local folder'],
  ];
  for (const [progress, tone, line] of cases) {
    const s = fleetSummary(panel(progress));
    assert.equal(s.tone, tone, progress.state);
    assert.equal(s.line, line);
    assert.equal(s.state, progress.state);
  }
  // Whatever is wrong, staff are told what the screen does meanwhile or what to fix.
  for (const state of ['waiting', 'refused', 'no-plan', 'bad-plan']) assert.ok(fleetSummary(panel({ state })).advice, state);
  // A wait staff can end here, at the kiosk, says so.
  const unreachable = fleetSummary(panel({ state: 'waiting', detail: 'cannot ask Syncthing: connection refused' }));
  assert.match(unreachable.advice, /Syncthing/);
  assert.notEqual(unreachable.advice, fleetSummary(panel({ state: 'waiting', detail: 'syncing: 1 file still to come' })).advice);
});

test('no pack named, maintenance on and a failing heartbeat are all said', () => {
  const s = fleetSummary(panel({ state: 'current', desired: 'a@1', maintenance: true }, { heartbeatProblem: ' disk full ' }));
  assert.equal(s.maintenance, true);
  assert.match(s.maintenanceText, /^On/);
  assert.equal(s.heartbeatProblem, 'disk full');
  assert.equal(s.tone, 'ok', 'the state keeps its own tone');
  assert.equal(s.cardTone, 'alert', 'the card as a whole is not ok while the anchor hears nothing');
  assert.equal(fleetSummary(panel({ state: 'no-plan' })).desired, 'None named');
  assert.match(fleetSummary(panel({ state: 'current' })).shown, /^No fleet pack/);
});

test('a state a newer core added, or a broken answer, is shown for what it is', () => {
  const newer = fleetSummary(panel({ state: 'paused', detail: 'by the anchor' }));
  assert.equal(newer.tone, 'waiting');
  assert.equal(newer.line, 'State: paused: by the anchor');
  const broken = fleetSummary({ kioskId: 7, progress: 'x', heartbeatProblem: {} });
  assert.equal(broken.kind, 'fleet');
  assert.equal(broken.kioskId, '\u2013');
  assert.equal(broken.kioskName, '\u2013');
  assert.equal(broken.state, 'unknown');
  assert.equal(broken.line, 'State: unknown');
  assert.equal(broken.heartbeatProblem, '');
  assert.equal(broken.maintenance, false);
  // An inherited name is not a state.
  assert.equal(fleetSummary(panel({ state: 'toString' })).headline, 'State: toString');
});
