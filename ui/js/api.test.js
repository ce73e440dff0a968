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
