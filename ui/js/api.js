// The only place that talks to the Rust core. Every IPC call goes through here.
// Commands and shapes: docs/ipc.md.

/**
 * Normalise anything a rejected invoke may give us into { code, message }, keeping the few extra
 * fields the contract defines (rate_limited carries retryAfterSecs) and nothing else.
 */
export function toApiError(err) {
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    const out = { code: err.code, message: typeof err.message === 'string' ? err.message : '' };
    if (typeof err.retryAfterSecs === 'number' && Number.isFinite(err.retryAfterSecs)) out.retryAfterSecs = err.retryAfterSecs;
    return out;
  }
  if (typeof err === 'string') return { code: 'unknown', message: err };
  if (err instanceof Error) return { code: 'unknown', message: err.message };
  return { code: 'unknown', message: '' };
}

/** tauri-plugin-log's level numbers. */
const LOG_LEVELS = Object.freeze({ info: 3, warn: 4, error: 5 });

/** The kinds record_play counts (docs/ipc.md); the last three carry a detail. */
export const PLAY_KINDS = Object.freeze([
  'attract-loop',
  'trailer-start',
  'trailer-complete',
  'screen-visit',
  'language-chosen',
  'session-end',
]);

/**
 * Build the API on top of an invoke function (injectable for tests).
 * @param {() => ((cmd: string, args?: object) => Promise<unknown>) | undefined} resolveInvoke
 * @param {() => ((event: string, handler: (e: { payload: unknown }) => void, options?: { target: string }) => Promise<() => void>) | undefined} [resolveListen]
 * @param {() => string | undefined} [resolveLabel] this window's label: with two screens the core
 *   sends some events to one window, and a listener without a target would hear them all
 */
export function createApi(resolveInvoke, resolveListen = () => undefined, resolveLabel = () => undefined) {
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

  /**
   * Calls `handler(payload)` for every `event` the core emits. Resolves to an unsubscribe
   * function (a no-op where events are unavailable or refused).
   */
  function subscribe(event, handler) {
    let listen;
    try {
      listen = resolveListen();
    } catch {
      listen = undefined;
    }
    if (typeof listen !== 'function') return Promise.resolve(() => {});
    let label;
    try {
      label = resolveLabel();
    } catch {
      label = undefined;
    }
    return Promise.resolve()
      .then(() =>
        typeof label === 'string' && label
          ? listen(event, (e) => handler(e?.payload), { target: label })
          : listen(event, (e) => handler(e?.payload)),
      )
      .catch(() => () => {});
  }

  const str = (v) => String(v ?? '');

  return {
    /** The content pack: film, trailer renditions, credits, legislation list. */
    getPack: (language) => (language ? call('get_pack', { language: String(language) }) : call('get_pack')),
    /** One legislation document with its body as blocks. */
    getLaw: (id, language) =>
      call('get_law', language ? { id: String(id), language: String(language) } : { id: String(id) }),
    /** { svg, url }: a QR code to the document's official source, drawn by the core. */
    getLawQr: (id) => call('get_law_qr', { id: String(id) }),
    /** The operator's settings as this launch uses them. */
    getSettings: () => call('get_settings'),
    /** { open, opensAt }: whether the opening hours have the kiosk open now. */
    getOpening: () => call('get_opening'),
    /**
     * Tells the core's watchdog the page is alive, what it shows and how its video is doing
     * (docs/ipc.md). Never rejects: a missed beat is the watchdog's business, not the visitor's.
     * @param {{ screen: string, video: { currentTime: number, paused: boolean, ended: boolean } | null }} report
     */
    reportMediaError: (url, code, message) =>
      call('report_media_error', { url: String(url), code: Number(code) || 0, message: String(message).slice(0, 500) }).then(
        () => undefined,
        () => undefined,
      ),

    heartbeat: (report) => call('heartbeat', { report }).then(
      () => undefined,
      () => undefined,
    ),

    /**
     * Asks the core to play the attract film beneath the page (trailer URLs as getPack gave
     * them, best first). Resolves to { engine: 'native' | 'webview', reason }: with 'webview' the
     * page plays it itself. Never rejects: a core that cannot answer means the page plays it.
     * @param {string[]} renditions
     */
    filmStart: (renditions) =>
      call('film_start', { renditions: renditions.map(String) }).then(
        (answer) => (answer?.engine === 'native' ? { engine: 'native', reason: null } : { engine: 'webview', reason: String(answer?.reason ?? '') }),
        (e) => ({ engine: 'webview', reason: e.message || e.code }),
      ),
    /** The native film, if one plays, stops. Never rejects. */
    filmStop: () => call('film_stop').then(
      () => undefined,
      () => undefined,
    ),
    /** { engine, nativeOff, native: { role, url, playing, paused, position, duration, loops, framesRendered, framesDropped } | null }. */
    filmStatus: () => call('film_status'),

    /**
     * Asks the core to play the visitor's trailer once, with sound, beneath the page in `rect`
     * (the stage, CSS pixels). Resolves like filmStart; never rejects.
     * @param {string[]} renditions
     * @param {{ x: number, y: number, width: number, height: number }} rect
     */
    trailerStart: (renditions, rect) =>
      call('trailer_start', { renditions: renditions.map(String), rect }).then(
        (answer) => (answer?.engine === 'native' ? { engine: 'native', reason: null } : { engine: 'webview', reason: String(answer?.reason ?? '') }),
        (e) => ({ engine: 'webview', reason: e.message || e.code }),
      ),
    /**
     * Play, pause or seek the trailer beneath the page. Resolves to whether one plays there.
     * @param {{ action: 'play' } | { action: 'pause' } | { action: 'seek', seconds: number }} control
     */
    trailerControl: (control) => call('trailer_control', { control }).then(
      (playing) => playing === true,
      () => false,
    ),
    /** The stage moved: the trailer beneath it follows. Never rejects. */
    trailerPlace: (rect) => call('trailer_place', { rect }).then(
      () => undefined,
      () => undefined,
    ),
    /**
     * The cues of a caption file (its URL as getPack gave it), for captions the page draws:
     * [{ start, end, text }], seconds and plain text.
     */
    getCaptions: (url) => call('get_captions', { url: str(url) }),

    /**
     * Writes a line to the kiosk's log file (tauri-plugin-log), so page errors are on record where
     * the operator looks. Never rejects.
     * @param {'error' | 'warn' | 'info'} level
     * @param {string} message
     */
    logToCore: (level, message) =>
      call('plugin:log|log', { level: LOG_LEVELS[level] ?? LOG_LEVELS.info, message: String(message).slice(0, 2000), location: 'page' }).then(
        () => undefined,
        () => undefined,
      ),

    /**
     * Count a play for the operator's statistics. Fire and forget: statistics never get in the
     * way of the visitor, so this always resolves (to undefined).
     * @param {string} kind one of PLAY_KINDS
     * @param {{ screen?: string, language?: string, secs?: number }} [detail] what screen-visit,
     *   language-chosen and session-end need
     */
    recordPlay: (kind, detail = {}) => call('record_play', { event: { ...detail, kind: String(kind) } }).then(
      () => undefined,
      () => undefined,
    ),

    /**
     * { pin }: 'unset' on a first run (the setup screen replaces the attract loop), 'set', or
     * 'damaged' (the PIN screen shows a note for staff; no PIN opens the panel until set-pin).
     */
    operatorStatus: () => call('operator_status'),
    /** First run only. Resolves to { token }. */
    operatorSetFirstPin: (pin) => call('operator_set_first_pin', { pin: str(pin) }),
    /** Resolves to { token }; rejects with wrong_pin, or rate_limited + retryAfterSecs. */
    operatorUnlock: (pin) => call('operator_unlock', { pin: str(pin) }),
    /** Everything the operator panel shows. */
    operatorPanel: (token) => call('operator_panel', { token: str(token) }),
    /** Resolves to the settings as saved. */
    operatorSaveSettings: (token, settings) => call('operator_save_settings', { token: str(token), settings }),
    /** { ok, report } for a pack folder, installing nothing. */
    operatorCheckFolder: (token, path) => call('operator_check_folder', { token: str(token), path: str(path) }),
    /** { ok, report }: reloads the pack now. */
    operatorReload: (token) => call('operator_reload', { token: str(token) }),
    operatorChangePin: (token, pin) => call('operator_change_pin', { token: str(token), pin: str(pin) }),
    /** The token stops working. */
    operatorLock: (token) => call('operator_lock', { token: str(token) }),
    /** The kiosk closes. */
    operatorExit: (token) => call('operator_exit', { token: str(token) }),

    /** `handler(generation)` whenever the core has validated and installed a new content pack. */
    onPackChanged: (handler) => subscribe('pack-changed', handler),
    /** This window's part: 'kiosk' (one screen), 'reader' (the touch screen of two), 'film' or 'standby'. */
    windowRole: () =>
      call('window_role').then(
        (role) => (['kiosk', 'reader', 'film', 'standby'].includes(role) ? role : 'kiosk'),
        () => 'kiosk',
      ),
    /**
     * The touch screen's visitor asked for the trailer: resolves true when the film screen plays
     * it, false when this screen must (one screen, or the film screen's display is gone).
     * @param {{ language: string | null, captions: boolean }} request
     */
    filmScreenPlay: ({ language, captions }) =>
      call('film_screen_play', { request: { language: language ? String(language) : null, captions: Boolean(captions) } }).then(
        (played) => played === true,
        () => false,
      ),
    /** The film screen goes back to its loop. Never rejects. */
    filmScreenRest: () => call('film_screen_rest').then(
      () => undefined,
      () => undefined,
    ),
    /** The film screen's trailer ended (its own page says so). Never rejects. */
    filmScreenDone: () => call('film_screen_done').then(
      () => undefined,
      () => undefined,
    ),
    /** `handler(role)` when this window's part changes (a monitor came or went). */
    onRoleChanged: (handler) => subscribe('role-changed', handler),
    /** `handler({ language, captions })`: the film screen plays the trailer. */
    onFilmScreenPlay: (handler) => subscribe('film-screen-play', handler),
    /** `handler()`: the film screen goes back to its loop. */
    onFilmScreenRest: (handler) => subscribe('film-screen-rest', handler),
    /** `handler()`: the trailer on the film screen ended. */
    onFilmScreenDone: (handler) => subscribe('film-screen-done', handler),

    /** `handler(settings)` whenever the operator saved new settings. */
    onSettingsChanged: (handler) => subscribe('settings-changed', handler),
    /** `handler({ open, opensAt })` whenever the opening hours open or close the kiosk. */
    onOpeningChanged: (handler) => subscribe('opening-changed', handler),
    /** `handler()` when the native film shows its first frame. */
    onFilmPlaying: (handler) => subscribe('film-playing', handler),
    /** `handler(loops)` at each loop point of the native film. */
    onFilmLooped: (handler) => subscribe('film-looped', handler),
    /** `handler(reason)` when no rendition plays natively any more: the page must play the film. */
    onFilmFellBack: (handler) => subscribe('film-fell-back', handler),
    /** `handler()` when the trailer beneath the page shows its first frame. */
    onTrailerPlaying: (handler) => subscribe('trailer-playing', handler),
    /** `handler({ position, duration, paused })` a few times a second while it plays. */
    onTrailerProgress: (handler) => subscribe('trailer-progress', handler),
    /** `handler()` when the trailer beneath the page reached its end. */
    onTrailerEnded: (handler) => subscribe('trailer-ended', handler),
    /** `handler({ reason, position })` when it failed: the page plays it on from `position`. */
    onTrailerFellBack: (handler) => subscribe('trailer-fell-back', handler),
  };
}

const api = createApi(
  () => globalThis.window?.__TAURI__?.core?.invoke,
  () => globalThis.window?.__TAURI__?.event?.listen,
  () => globalThis.window?.__TAURI_INTERNALS__?.metadata?.currentWebview?.label,
);

export const getPack = api.getPack;
export const getLaw = api.getLaw;
export const getLawQr = api.getLawQr;
export const getSettings = api.getSettings;
export const getOpening = api.getOpening;
export const recordPlay = api.recordPlay;
export const heartbeat = api.heartbeat;
export const reportMediaError = api.reportMediaError;
export const logToCore = api.logToCore;
export const filmStart = api.filmStart;
export const filmStop = api.filmStop;
export const filmStatus = api.filmStatus;
export const onFilmPlaying = api.onFilmPlaying;
export const onFilmLooped = api.onFilmLooped;
export const onFilmFellBack = api.onFilmFellBack;
export const trailerStart = api.trailerStart;
export const trailerControl = api.trailerControl;
export const trailerPlace = api.trailerPlace;
export const getCaptions = api.getCaptions;
export const onTrailerPlaying = api.onTrailerPlaying;
export const onTrailerProgress = api.onTrailerProgress;
export const onTrailerEnded = api.onTrailerEnded;
export const onTrailerFellBack = api.onTrailerFellBack;
export const windowRole = api.windowRole;
export const filmScreenPlay = api.filmScreenPlay;
export const filmScreenRest = api.filmScreenRest;
export const filmScreenDone = api.filmScreenDone;
export const onRoleChanged = api.onRoleChanged;
export const onFilmScreenPlay = api.onFilmScreenPlay;
export const onFilmScreenRest = api.onFilmScreenRest;
export const onFilmScreenDone = api.onFilmScreenDone;
export const operatorStatus = api.operatorStatus;
export const operatorSetFirstPin = api.operatorSetFirstPin;
export const operatorUnlock = api.operatorUnlock;
export const operatorPanel = api.operatorPanel;
export const operatorSaveSettings = api.operatorSaveSettings;
export const operatorCheckFolder = api.operatorCheckFolder;
export const operatorReload = api.operatorReload;
export const operatorChangePin = api.operatorChangePin;
export const operatorLock = api.operatorLock;
export const operatorExit = api.operatorExit;
export const onPackChanged = api.onPackChanged;
export const onSettingsChanged = api.onSettingsChanged;
export const onOpeningChanged = api.onOpeningChanged;
