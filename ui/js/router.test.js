import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRouter } from './router.js';

function harness(overrides = {}) {
  const log = [];
  const root = { children: [], replaceChildren: (...n) => (root.children = n) };
  const body = { screen: undefined };
  const screen = (name) => ({
    mount(container, props, actions) {
      log.push(`mount ${name} ${JSON.stringify(props)}`);
      container.mounted = name;
      return { unmount: () => log.push(`unmount ${name}`) };
    },
  });
  const screens = { attract: screen('attract'), home: screen('home'), law: screen('law'), ...overrides.screens };
  const errors = [];
  const shown = [];
  let router;
  router = createRouter({
    root,
    screens,
    createContainer: (name) => ({ name }),
    setScreenName: (name) => (body.screen = name),
    context: (name, params) => ({ props: params, actions: { go: (...a) => router.go(...a) } }),
    onShow: (name) => shown.push(name),
    onError: (name, err, phase) => errors.push([name, err.message, phase]),
  });
  return { router, root, body, log, errors, shown };
}

test('go mounts the screen, names it on the body and replaces the root content', () => {
  const { router, root, body, log } = harness();
  assert.equal(router.go('home'), true);
  assert.equal(body.screen, 'home');
  assert.equal(router.current, 'home');
  assert.equal(root.children.length, 1);
  assert.equal(root.children[0].mounted, 'home');
  assert.deepEqual(log, ['mount home {}']);
});

test('the previous screen is unmounted before the next one mounts', () => {
  const { router, log, body } = harness();
  router.go('attract');
  router.go('law', { doc: 'global-magnitsky' });
  assert.deepEqual(log, ['mount attract {}', 'unmount attract', 'mount law {"doc":"global-magnitsky"}']);
  assert.equal(body.screen, 'law');
});

test('an unknown screen is reported and nothing changes', () => {
  const { router, errors, body } = harness();
  router.go('home');
  assert.equal(router.go('nowhere'), false);
  assert.equal(body.screen, 'home');
  assert.equal(router.current, 'home');
  assert.deepEqual(errors, [['nowhere', 'unknown screen: nowhere', 'unknown']]);
});

test('a screen that throws while mounting is reported, the body still names it', () => {
  const { router, errors, body } = harness({
    screens: {
      broken: {
        mount() {
          throw new Error('kaput');
        },
      },
    },
  });
  assert.equal(router.go('broken'), false);
  assert.equal(body.screen, 'broken');
  assert.deepEqual(errors, [['broken', 'kaput', 'mount']]);
  // and navigating on still works
  assert.equal(router.go('home'), true);
});

test('a throwing unmount does not block navigation', () => {
  const { router, errors, body } = harness({
    screens: {
      sticky: {
        mount: () => ({
          unmount() {
            throw new Error('stuck');
          },
        }),
      },
    },
  });
  router.go('sticky');
  assert.equal(router.go('home'), true);
  assert.equal(body.screen, 'home');
  assert.deepEqual(errors, [['sticky', 'stuck', 'unmount']]);
});

test('navigation requested during a mount runs after it, in order', () => {
  const { router, log, body, shown } = harness({
    screens: {
      bounce: {
        mount(_c, _p, actions) {
          log.push('mount bounce');
          actions.go('home');
          return { unmount: () => log.push('unmount bounce') };
        },
      },
    },
  });
  router.go('bounce');
  assert.deepEqual(log, ['mount bounce', 'unmount bounce', 'mount home {}']);
  assert.equal(body.screen, 'home');
  assert.deepEqual(shown, ['bounce', 'home']);
});

test('clear unmounts the current screen and empties the root', () => {
  const { router, root, log } = harness();
  router.go('home');
  router.clear();
  assert.equal(router.current, null);
  assert.equal(root.children.length, 0);
  assert.deepEqual(log, ['mount home {}', 'unmount home']);
});
