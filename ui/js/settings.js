// The operator's settings (docs/ipc.md, get_settings) as the UI uses them, the opening state,
// and the operator panel's form <-> settings conversion. Pure functions, no DOM.
import { normalizeIdleTimeoutSecs } from './idle.js';

export const DEFAULT_VOLUME = 80;
export const IDLE_MIN_SECS = 10;
export const IDLE_MAX_SECS = 3600;

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

function optString(v) {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** "HH:MM" (24 h), or null. An <input type="time"> may add seconds: they are dropped. */
export function normalizeTime(v) {
  if (typeof v !== 'string') return null;
  const hm = v.trim().slice(0, 5);
  return TIME.test(hm) ? hm : null;
}

function normalizeHours(v) {
  if (!v || typeof v !== 'object') return null;
  const opens = normalizeTime(v.opens);
  const closes = normalizeTime(v.closes);
  return opens && closes ? { opens, closes } : null;
}

/**
 * Whatever get_settings / settings-changed gave (or nothing, when the core is older or down),
 * with every field present and typed. Missing or odd values fall back to what the core's own
 * defaults are, so the kiosk behaves as before operator settings existed.
 * @param {unknown} raw
 */
export function normalizeSettings(raw) {
  const s = raw && typeof raw === 'object' ? raw : {};
  const vol = typeof s.volume === 'number' && Number.isFinite(s.volume) ? Math.round(s.volume) : DEFAULT_VOLUME;
  return {
    idleTimeoutSecs: normalizeIdleTimeoutSecs(s.idleTimeoutSecs),
    volume: Math.min(100, Math.max(0, vol)),
    attractAudio: s.attractAudio === true,
    defaultLanguage: optString(s.defaultLanguage),
    captionsDefault: s.captionsDefault === true,
    display: optString(s.display),
    filmDisplay: optString(s.filmDisplay),
    whenDisplayGone: s.whenDisplayGone === 'wait' ? 'wait' : 'move',
    openingHours: normalizeHours(s.openingHours),
    startAtLogin: s.startAtLogin === true,
    contentDir: optString(s.contentDir),
    dailyRestart: normalizeTime(s.dailyRestart),
    // Set by `screening-kiosk fleet join`, not by the panel: kept as the core sent it, so saving
    // the panel's other settings never takes a kiosk out of its fleet.
    fleet: s.fleet && typeof s.fleet === 'object' && !Array.isArray(s.fleet) ? s.fleet : null,
  };
}

/**
 * get_opening / opening-changed. Anything unclear counts as open: a kiosk that wrongly shows
 * "Closed" during opening hours is worse than one left running.
 * @param {unknown} raw
 * @returns {{ open: boolean, opensAt: string | null }}
 */
export function normalizeOpening(raw) {
  const o = raw && typeof raw === 'object' ? raw : {};
  const open = o.open !== false;
  return { open, opensAt: open ? null : normalizeTime(o.opensAt) };
}

/**
 * How a video plays: the trailer always with sound, the attract loop only when the operator
 * asked for it.
 * @param {'trailer' | 'attract'} kind
 * @param {{ volume: number, attractAudio: boolean }} settings normalised
 * @returns {{ muted: boolean, volume: number }} volume in 0..1 as HTMLMediaElement wants it
 */
export function audioFor(kind, settings) {
  const volume = Math.min(1, Math.max(0, (settings?.volume ?? DEFAULT_VOLUME) / 100));
  const muted = kind === 'attract' ? settings?.attractAudio !== true : false;
  return { muted, volume };
}

/**
 * The language a new visitor starts in: the operator's choice when the pack has it, else the
 * pack's own default. Null when nothing is known (a pack without languages).
 * @param {{ languages: string[], defaultLanguage: string | null }} pack normalised
 * @param {{ defaultLanguage: string | null }} settings normalised
 */
export function visitorLanguage(pack, settings) {
  const wanted = settings?.defaultLanguage;
  if (wanted && (!pack?.languages?.length || pack.languages.includes(wanted))) return wanted;
  return pack?.defaultLanguage || null;
}

/**
 * The operator panel's form fields turned into the settings object operator_save_settings takes.
 * Fields the form does not show are kept from `base`. An empty content folder means the bundled
 * pack (null); opening hours switched off mean always open (null).
 * @param {object} base the settings the panel was opened with
 * @param {{ volume: string|number, attractAudio: boolean, defaultLanguage: string, captionsDefault: boolean,
 *           idleTimeoutSecs: string|number, display: string, filmDisplay: string, whenDisplayGone: string,
 *           hoursEnabled: boolean, opens: string,
 *           closes: string, startAtLogin: boolean, contentDir: string, restartEnabled: boolean,
 *           restartAt: string }} form
 * @returns {{ settings: object } | { error: string, field: string }}
 */
export function settingsFromForm(base, form) {
  const whole = (v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN);
  const volume = whole(form.volume);
  if (!Number.isInteger(volume) || volume < 0 || volume > 100) {
    return { field: 'volume', error: 'Volume must be a whole number from 0 to 100.' };
  }
  const idle = whole(form.idleTimeoutSecs);
  if (!Number.isInteger(idle) || idle < IDLE_MIN_SECS || idle > IDLE_MAX_SECS) {
    return { field: 'idleTimeoutSecs', error: `Idle timeout must be a whole number of seconds from ${IDLE_MIN_SECS} to ${IDLE_MAX_SECS}.` };
  }
  const display = optString(form.display);
  const filmDisplay = optString(form.filmDisplay);
  if (filmDisplay && filmDisplay === display) {
    return { field: 'filmDisplay', error: 'The film screen must be another display than the touch screen.' };
  }
  let openingHours = null;
  if (form.hoursEnabled) {
    const opens = normalizeTime(form.opens);
    const closes = normalizeTime(form.closes);
    if (!opens || !closes) return { field: 'openingHours', error: 'Opening hours need an opening and a closing time.' };
    if (opens === closes) return { field: 'openingHours', error: 'Opening and closing times must differ.' };
    openingHours = { opens, closes };
  }
  let dailyRestart = null;
  if (form.restartEnabled) {
    dailyRestart = normalizeTime(form.restartAt);
    if (!dailyRestart) return { field: 'dailyRestart', error: 'The daily restart needs a time.' };
  }
  return {
    settings: {
      ...(base && typeof base === 'object' ? base : {}),
      volume,
      attractAudio: Boolean(form.attractAudio),
      defaultLanguage: optString(form.defaultLanguage),
      captionsDefault: Boolean(form.captionsDefault),
      idleTimeoutSecs: idle,
      display,
      filmDisplay,
      whenDisplayGone: form.whenDisplayGone === 'wait' ? 'wait' : 'move',
      openingHours,
      startAtLogin: Boolean(form.startAtLogin),
      contentDir: optString(form.contentDir),
      dailyRestart,
    },
  };
}

/** The display's power as the core reports it, in words for staff. */
export function displayPowerText(state) {
  switch (state) {
    case 'on':
      return 'The display is on and kept awake.';
    case 'asleep':
      return 'Closed: the display is switched off until opening.';
    case 'blanked':
      return 'Closed: this system cannot switch the display off, so the slate is black until opening.';
    case 'unmanaged':
      return 'A windowed launch: the display is left to the system.';
    default:
      return '';
  }
}
