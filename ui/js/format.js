// Small text formatting helpers shared by the screens. Pure functions, no DOM.

const MINUS = '\u2212';

function wholeSeconds(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return 0;
  return Math.floor(seconds);
}

/**
 * Format a media time as mm:ss (or h:mm:ss from one hour on).
 * Non-finite or negative input (e.g. a video whose duration is not known yet) gives "00:00".
 * @param {number} seconds
 * @returns {string}
 */
export function formatTime(seconds) {
  const total = wholeSeconds(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  if (h > 0) return `${h}:${String(m).padStart(2, '0')}:${ss}`;
  return `${String(m).padStart(2, '0')}:${ss}`;
}

/**
 * Elapsed / remaining readout for a player.
 * Remaining is rounded up so that a running clock reaches "−00:00" only at the very end.
 * @param {number} current currentTime in seconds
 * @param {number} duration duration in seconds (NaN/Infinity while unknown)
 * @returns {{ elapsed: string, remaining: string, fraction: number, known: boolean }}
 */
export function timeReadout(current, duration) {
  const known = typeof duration === 'number' && Number.isFinite(duration) && duration > 0;
  const cur = typeof current === 'number' && Number.isFinite(current) && current > 0 ? current : 0;
  if (!known) {
    return { elapsed: formatTime(cur), remaining: `${MINUS}--:--`, fraction: 0, known: false };
  }
  const clamped = Math.min(cur, duration);
  const left = Math.max(0, Math.ceil(duration - clamped - 1e-6));
  return {
    elapsed: formatTime(clamped),
    remaining: `${MINUS}${formatTime(left)}`,
    fraction: clamped / duration,
    known: true,
  };
}

/**
 * Split plain text into paragraphs on blank lines (lines that are empty or only whitespace).
 * Single newlines inside a paragraph become spaces; surrounding whitespace is trimmed.
 * @param {unknown} text
 * @returns {string[]}
 */
export function splitParagraphs(text) {
  if (typeof text !== 'string') return [];
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').replace(/[ \t]+/g, ' ').trim())
    .filter((p) => p !== '');
}

/**
 * "2010 · The Netherlands" from whichever parts are present.
 * @param {...unknown} parts
 * @returns {string}
 */
export function joinMeta(...parts) {
  return parts
    .filter((p) => (typeof p === 'number' && Number.isFinite(p)) || (typeof p === 'string' && p.trim() !== ''))
    .map((p) => String(p).trim())
    .join(' \u00b7 ');
}

/**
 * A long duration for staff, coarse enough to read at a glance: "3 d 4 h", "2 h 5 min",
 * "12 min", "45 s".
 * @param {unknown} seconds
 * @returns {string}
 */
export function formatDuration(seconds) {
  const total = wholeSeconds(seconds);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${total} s`;
}

// A language alone names no region; for English that would be US order ("November 16, 2009"),
// where the film's Europe (and the pack's own prose) writes "16 November 2009".
const DATE_LOCALE = { en: 'en-GB' };

/**
 * A date from a content pack, as precise as the pack gives it ("2009", "2009-11", "2009-11-16"),
 * written the way the visitor's language writes dates: "16 November 2009", "ноябрь 2009 г.".
 * The date is a calendar date, not an instant: it is formatted in UTC so no time zone moves it.
 * @param {unknown} iso
 * @param {unknown} language a BCP 47 tag
 * @returns {string} the input as given when it is not such a date, '' for nothing
 */
export function formatDate(iso, language) {
  if (typeof iso !== 'string') return '';
  const text = iso.trim();
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!m) return text;
  const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null];
  const date = new Date(Date.UTC(year, (month || 1) - 1, day || 1));
  // Rejects 2009-13 and 2009-02-30 rather than showing a neighbouring date.
  if (date.getUTCFullYear() !== year || (month && date.getUTCMonth() !== month - 1) || (day && date.getUTCDate() !== day)) return text;
  const options = { timeZone: 'UTC', year: 'numeric' };
  if (month) options.month = 'long';
  if (day) options.day = 'numeric';
  const tag = typeof language === 'string' && language.trim() ? language.trim() : 'en';
  try {
    return new Intl.DateTimeFormat(DATE_LOCALE[tag] || tag, options).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-GB', options).format(date);
  }
}

/**
 * Where a source lives, as a visitor can read it: "en.wikipedia.org" for a long URL. The kiosk
 * never opens links, so the host is all it shows.
 * @param {unknown} url
 * @returns {string}
 */
export function sourceHost(url) {
  if (typeof url !== 'string' || !url.trim()) return '';
  try {
    const host = new URL(url.trim()).hostname;
    return host.replace(/^www\./, '') || url.trim();
  } catch {
    return url.trim();
  }
}
