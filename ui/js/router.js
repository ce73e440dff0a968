// Screen switcher. Exactly one screen is mounted at a time; the previous one is always
// unmounted first (so its videos, timers and listeners are released), and the body's
// data-screen attribute always names the screen on show.

/**
 * @param {object} opts
 * @param {{ replaceChildren(...nodes: unknown[]): void }} opts.root where screens are mounted
 * @param {Record<string, { mount(root: unknown, props: object, actions: object): { unmount?(): void } | void }>} opts.screens
 * @param {(name: string) => unknown} opts.createContainer makes the element a screen mounts into
 * @param {(name: string) => void} opts.setScreenName e.g. sets document.body.dataset.screen
 * @param {(name: string, params: object) => { props: object, actions: object }} opts.context
 * @param {(name: string, params: object) => void} [opts.onShow] after a screen has mounted
 * @param {(name: string, error: unknown, phase: 'mount'|'unmount'|'unknown') => void} [opts.onError]
 *   a screen failed to mount or unmount, or does not exist
 */
export function createRouter({ root, screens, createContainer, setScreenName, context, onShow, onError }) {
  let current = null;
  let navigating = false;
  let queued = null;

  function report(name, err, phase) {
    try {
      onError?.(name, err, phase);
    } catch {
      /* never let error reporting break navigation */
    }
  }

  function unmountCurrent() {
    if (!current) return;
    const { name, handle } = current;
    current = null;
    try {
      handle?.unmount?.();
    } catch (err) {
      report(name, err, 'unmount');
    }
  }

  function show(name, params) {
    const screen = screens[name];
    if (!screen || typeof screen.mount !== 'function') {
      report(name, new Error(`unknown screen: ${name}`), 'unknown');
      return false;
    }
    unmountCurrent();
    const container = createContainer(name);
    root.replaceChildren(container);
    setScreenName(name);
    current = { name, params, handle: null };
    try {
      const { props, actions } = context(name, params);
      const handle = screen.mount(container, props, actions);
      if (current && current.name === name) current.handle = handle || null;
      else handle?.unmount?.();
    } catch (err) {
      report(name, err, 'mount');
      return false;
    }
    onShow?.(name, params);
    return true;
  }

  return {
    /**
     * Show a screen. Navigation requested while a screen is mounting (e.g. a video that
     * fails synchronously) is queued and runs right after.
     * @returns {boolean} whether the screen mounted
     */
    go(name, params = {}) {
      if (navigating) {
        queued = [name, params];
        return true;
      }
      navigating = true;
      let ok;
      try {
        ok = show(name, params);
        while (queued) {
          const [n, p] = queued;
          queued = null;
          ok = show(n, p);
        }
      } finally {
        navigating = false;
      }
      return ok;
    },
    /** Unmount whatever is on show (used before the fatal slate). */
    clear() {
      unmountCurrent();
      root.replaceChildren();
    },
    get current() {
      return current ? current.name : null;
    },
  };
}
