import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApi, toApiError } from './api.js';

function recorder(answer) {
  const calls = [];
  const invoke = (cmd, args) => {
    calls.push(args === undefined ? [cmd] : [cmd, args]);
    return typeof answer === 'function' ? answer(cmd, args) : Promise.resolve(answer);
  };
  return { calls, api: createApi(() => invoke) };
}

test('uses the contract command names and argument shapes', async () => {
  const { calls, api } = recorder({ ok: true });
  await api.getPack();
  await api.getLaw('global-magnitsky');
  await api.getSettings();
  assert.deepEqual(calls, [['get_pack'], ['get_law', { id: 'global-magnitsky' }], ['get_settings']]);
});

test('getLawQr sends only the document id; the core resolves the URL', async () => {
  const { calls, api } = recorder({ svg: '<svg/>', url: 'https://example.org' });
  assert.deepEqual(await api.getLawQr('global-magnitsky'), { svg: '<svg/>', url: 'https://example.org' });
  assert.deepEqual(calls, [['get_law_qr', { id: 'global-magnitsky' }]]);
});

test('resolves with what the core returns', async () => {
  const { api } = recorder({ idleTimeoutSecs: 90 });
  assert.deepEqual(await api.getSettings(), { idleTimeoutSecs: 90 });
});

test('rejections are normalised to { code, message }', async () => {
  const { api } = recorder(() => Promise.reject({ code: 'not_found', message: 'no such law', extra: 1 }));
  await assert.rejects(api.getLaw('x'), (e) => {
    assert.deepEqual(e, { code: 'not_found', message: 'no such law' });
    return true;
  });
  const { api: api2 } = recorder(() => Promise.reject('pack is broken'));
  await assert.rejects(api2.getPack(), { code: 'unknown', message: 'pack is broken' });
});

test('a throwing invoke becomes a rejection, not an exception', async () => {
  const api = createApi(() => () => {
    throw new Error('ipc down');
  });
  await assert.rejects(api.getPack(), { code: 'unknown', message: 'ipc down' });
});

test('without Tauri (no invoke) every call rejects calmly', async () => {
  const api = createApi(() => undefined);
  await assert.rejects(api.getPack(), { code: 'no_ipc' });
  const api2 = createApi(() => {
    throw new Error('no window');
  });
  await assert.rejects(api2.getSettings(), { code: 'no_ipc' });
});

test('toApiError', () => {
  assert.deepEqual(toApiError({ code: 'io', message: 'disk' }), { code: 'io', message: 'disk' });
  assert.deepEqual(toApiError({ code: 'io' }), { code: 'io', message: '' });
  assert.deepEqual(toApiError(null), { code: 'unknown', message: '' });
});

test('onPackChanged subscribes to the core event and hands over the generation', async () => {
  const subscriptions = [];
  const listen = (name, callback) => {
    subscriptions.push(name);
    callback({ event: name, payload: 7 });
    return Promise.resolve(() => subscriptions.push('unlisten'));
  };
  const api = createApi(() => undefined, () => listen);
  const seen = [];
  const unlisten = await api.onPackChanged((generation) => seen.push(generation));
  assert.deepEqual(subscriptions, ['pack-changed']);
  assert.deepEqual(seen, [7]);
  unlisten();
  assert.deepEqual(subscriptions, ['pack-changed', 'unlisten']);
});

test('onPackChanged is a harmless no-op where events are unavailable', async () => {
  const api = createApi(() => undefined);
  const unlisten = await api.onPackChanged(() => assert.fail('must not be called'));
  assert.equal(typeof unlisten, 'function');
  const failing = createApi(() => undefined, () => () => Promise.reject(new Error('denied')));
  assert.equal(typeof (await failing.onPackChanged(() => {})), 'function');
});

test('a visitor language travels with get_pack and get_law', async () => {
  const { calls, api } = recorder({ ok: true });
  await api.getPack('ru');
  await api.getLaw('global-magnitsky', 'ru');
  assert.deepEqual(calls, [
    ['get_pack', { language: 'ru' }],
    ['get_law', { id: 'global-magnitsky', language: 'ru' }],
  ]);
});

test('rate_limited keeps retryAfterSecs; other extra fields still go', () => {
  assert.deepEqual(toApiError({ code: 'rate_limited', message: 'wait', retryAfterSecs: 8, extra: 1 }), {
    code: 'rate_limited',
    message: 'wait',
    retryAfterSecs: 8,
  });
  assert.deepEqual(toApiError({ code: 'rate_limited', message: 'wait', retryAfterSecs: 'soon' }), { code: 'rate_limited', message: 'wait' });
});

test('a rate-limited unlock rejects with the delay', async () => {
  const { api } = recorder(() => Promise.reject({ code: 'rate_limited', message: 'too many', retryAfterSecs: 16 }));
  await assert.rejects(api.operatorUnlock('1234'), { code: 'rate_limited', message: 'too many', retryAfterSecs: 16 });
});

test('settings, opening and play counts use the contract names and shapes', async () => {
  const { calls, api } = recorder({ open: true, opensAt: null });
  await api.getOpening();
  assert.equal(await api.recordPlay('trailer-start'), undefined);
  assert.equal(await api.recordPlay('screen-visit', { screen: 'law' }), undefined);
  assert.deepEqual(calls, [
    ['get_opening'],
    ['record_play', { event: { kind: 'trailer-start' } }],
    ['record_play', { event: { kind: 'screen-visit', screen: 'law' } }],
  ]);
});

test('recordPlay never rejects: statistics must not disturb the visitor', async () => {
  const { api } = recorder(() => Promise.reject({ code: 'io', message: 'disk full' }));
  assert.equal(await api.recordPlay('attract-loop'), undefined);
  assert.equal(await createApi(() => undefined).recordPlay('attract-loop'), undefined);
  const throwing = createApi(() => () => {
    throw new Error('ipc down');
  });
  assert.equal(await throwing.recordPlay('trailer-complete'), undefined);
});

test('operator commands use the contract names and argument shapes', async () => {
  const { calls, api } = recorder({ token: 't0k' });
  const settings = { volume: 50 };
  await api.operatorStatus();
  await api.operatorSetFirstPin('2468');
  await api.operatorUnlock('1234');
  await api.operatorPanel('t0k');
  await api.operatorSaveSettings('t0k', settings);
  await api.operatorCheckFolder('t0k', '/srv/pack');
  await api.operatorReload('t0k');
  await api.operatorChangePin('t0k', '8642');
  await api.operatorLock('t0k');
  await api.operatorExit('t0k');
  assert.deepEqual(calls, [
    ['operator_status'],
    ['operator_set_first_pin', { pin: '2468' }],
    ['operator_unlock', { pin: '1234' }],
    ['operator_panel', { token: 't0k' }],
    ['operator_save_settings', { token: 't0k', settings }],
    ['operator_check_folder', { token: 't0k', path: '/srv/pack' }],
    ['operator_reload', { token: 't0k' }],
    ['operator_change_pin', { token: 't0k', pin: '8642' }],
    ['operator_lock', { token: 't0k' }],
    ['operator_exit', { token: 't0k' }],
  ]);
});

test('an expired token rejects with unauthorized', async () => {
  const { api } = recorder(() => Promise.reject({ code: 'unauthorized', message: 'expired' }));
  await assert.rejects(api.operatorPanel('old'), { code: 'unauthorized', message: 'expired' });
});

test('settings-changed and opening-changed hand over their payloads', async () => {
  const subscriptions = [];
  const payloads = { 'settings-changed': { volume: 40 }, 'opening-changed': { open: false, opensAt: '10:00' } };
  const listen = (name, callback) => {
    subscriptions.push(name);
    callback({ event: name, payload: payloads[name] });
    return Promise.resolve(() => {});
  };
  const api = createApi(() => undefined, () => listen);
  const seen = [];
  await api.onSettingsChanged((s) => seen.push(s));
  await api.onOpeningChanged((o) => seen.push(o));
  assert.deepEqual(subscriptions, ['settings-changed', 'opening-changed']);
  assert.deepEqual(seen, [{ volume: 40 }, { open: false, opensAt: '10:00' }]);
  const none = createApi(() => undefined);
  assert.equal(typeof (await none.onSettingsChanged(() => {})), 'function');
  assert.equal(typeof (await none.onOpeningChanged(() => {})), 'function');
});

test('heartbeat and logToCore use the contract names and never reject', async () => {
  const { calls, api } = recorder(undefined);
  const report = { screen: 'attract', video: { currentTime: 3.5, paused: false, ended: false } };
  assert.equal(await api.heartbeat(report), undefined);
  assert.equal(await api.logToCore('error', 'boom'), undefined);
  assert.equal(await api.reportMediaError('http://127.0.0.1:1/t/media/1-trailer-0', 4, 'unsupported'), undefined);
  assert.deepEqual(calls, [
    ['heartbeat', { report }],
    ['plugin:log|log', { level: 5, message: 'boom', location: 'page' }],
    ['report_media_error', { url: 'http://127.0.0.1:1/t/media/1-trailer-0', code: 4, message: 'unsupported' }],
  ]);
  const failing = recorder(() => Promise.reject({ code: 'internal', message: 'x' })).api;
  assert.equal(await failing.heartbeat(report), undefined);
  assert.equal(await failing.logToCore('warn', 'x'.repeat(5000)), undefined);
});

test('regression: with two screens each window heard the events the core sent the other', async () => {
  const targets = [];
  const listen = (name, _callback, options) => {
    targets.push([name, options?.target ?? null]);
    return Promise.resolve(() => {});
  };
  await createApi(() => undefined, () => listen, () => 'film').onFilmScreenPlay(() => {});
  await createApi(() => undefined, () => listen).onRoleChanged(() => {});
  assert.deepEqual(targets, [
    ['film-screen-play', 'film'],
    ['role-changed', null],
  ]);
});

test('the touch screen asks for the big screen and hears whether it plays there', async () => {
  const calls = [];
  const api = createApi(() => (cmd, args) => {
    calls.push([cmd, args]);
    return Promise.resolve(cmd === 'film_screen_play');
  });
  assert.equal(await api.filmScreenPlay({ language: 'ru', captions: 1 }), true);
  assert.deepEqual(calls[0], ['film_screen_play', { request: { language: 'ru', captions: true } }]);
  assert.equal(await createApi(() => () => Promise.reject({ code: 'io' })).filmScreenPlay({}), false);
  assert.equal(await createApi(() => () => Promise.resolve('film')).windowRole(), 'film');
  assert.equal(await createApi(() => () => Promise.resolve('other')).windowRole(), 'kiosk');
});
