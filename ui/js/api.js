// The only place that talks to the Rust core. Every IPC call goes through here.
// Commands and shapes: docs/ipc.md.

/** Normalise anything a rejected invoke may give us into { code, message }. */
export function toApiError(err) {
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    return { code: err.code, message: typeof err.message === 'string' ? err.message : '' };
  }
  if (typeof err === 'string') return { code: 'unknown', message: err };
  if (err instanceof Error) return { code: 'unknown', message: err.message };
  return { code: 'unknown', message: '' };
}

/**
 * Build the API on top of an invoke function (injectable for tests).
 * @param {() => ((cmd: string, args?: object) => Promise<unknown>) | undefined} resolveInvoke
 */
export function createApi(resolveInvoke, resolveListen = () => undefined) {
  function call(cmd, args) {
    let invoke;
    try {
      invoke = resolveInvoke();
    } catch {
      invoke = undefined;
    }
    if (typeof invoke !== 'function') {
      return Promise.reject({ code: 'no_ipc', message: 'The kiosk core is not available.' });
    }
    return new Promise((resolve, reject) => {
      Promise.resolve()
        .then(() => (args === undefined ? invoke(cmd) : invoke(cmd, args)))
        .then(resolve, (e) => reject(toApiError(e)));
    });
  }
  return {
    /** The content pack: film, trailer renditions, credits, legislation list. */
    getPack: (language) => (language ? call('get_pack', { language: String(language) }) : call('get_pack')),
    /** One legislation document with its body as blocks. */
    getLaw: (id, language) =>
      call('get_law', language ? { id: String(id), language: String(language) } : { id: String(id) }),
    /** Kiosk settings, e.g. { idleTimeoutSecs }. */
    getSettings: () => call('get_settings'),
    /**
     * Calls `handler(generation)` whenever the core has validated and installed a new content pack.
     * Resolves to an unsubscribe function (a no-op where events are unavailable).
     */
    onPackChanged(handler) {
      let listen;
      try {
        listen = resolveListen();
      } catch {
        listen = undefined;
      }
      if (typeof listen !== 'function') return Promise.resolve(() => {});
      return Promise.resolve()
        .then(() => listen('pack-changed', (event) => handler(event?.payload)))
        .catch(() => () => {});
    },
  };
}

const api = createApi(
  () => globalThis.window?.__TAURI__?.core?.invoke,
  () => globalThis.window?.__TAURI__?.event?.listen,
);

export const getPack = api.getPack;
export const getLaw = api.getLaw;
export const getSettings = api.getSettings;
export const onPackChanged = api.onPackChanged;
