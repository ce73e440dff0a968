// Pure decisions of the attract loop and the trailer player, kept out of the screens so node can
// test them: when the next copy of the loop starts, what "Touch to begin" cycles through, and
// which caption track shows.
import { label } from './pack.js';
import { stringsLanguage, t } from './strings.js';

/**
 * Whether the copy waiting underneath should start now: within `leadSecs` of the visible copy's
 * end, so it is already playing when the visible one runs out.
 * @param {number} currentTime
 * @param {number} duration NaN or Infinity while unknown
 * @param {number} leadSecs
 */
export function handoffDue(currentTime, duration, leadSecs) {
  if (!Number.isFinite(duration) || duration <= 0 || !Number.isFinite(currentTime)) return false;
  // A clip shorter than the lead would hand over at once, forever: never before its middle.
  const lead = Math.min(leadSecs, duration / 2);
  return currentTime >= duration - lead;
}

/**
 * What the attract loop's periodic check does with the copy on screen: `play` it when something
 * paused or ended it; `nudge` it when it claims to play, has a picture, and has not moved since
 * the last check. At start-up WebKitGTK's GStreamer player can stop at HAVE_CURRENT_DATA,
 * "waiting" for ever and not paused, before it has shown a frame (it looks like WebKit bugs
 * 245739 and 300041: the end of buffering missed while the pipeline still changes state); a pause
 * and a play get it going, a seek to the same time does not. A copy still loading (no picture
 * yet) is left alone: that is not a stall.
 * @param {{ paused: boolean, ended: boolean, readyState: number, currentTime: number }} video
 * @param {number | null} lastTime its position at the previous check, null when there was none
 * @returns {'play' | 'nudge' | null}
 */
export function loopCheck(video, lastTime) {
  if (video.paused || video.ended) return 'play';
  const HAVE_CURRENT_DATA = 2;
  if (video.readyState < HAVE_CURRENT_DATA || lastTime === null) return null;
  return video.currentTime === lastTime ? 'nudge' : null;
}

/**
 * Whether the attract screen's words (and the layers under them) show `msPlaying` after the
 * trailer started: `showMs` on, then `quietMs` with the film alone on screen, round and round.
 * @param {number} msPlaying
 * @param {number} showMs
 * @param {number} quietMs
 */
export function wordsShowing(msPlaying, showMs, quietMs) {
  if (!(msPlaying >= 0) || !(quietMs > 0)) return true;
  return msPlaying % (showMs + quietMs) < showMs;
}

/**
 * "Touch to begin" in every language of the pack, the visitor's own first: the pack's rewording
 * for the language it was loaded in, the kiosk's wording for the others. `lang` names the
 * language the words are really in (a language the kiosk has no strings for reads English), and
 * the same words never appear twice.
 * @param {{ language: string | null, languages: string[], labels?: object }} pack
 * @returns {{ lang: string, text: string }[]}
 */
export function touchToBeginLines(pack) {
  const current = pack?.language || null;
  const languages = [current, ...(pack?.languages || [])].filter((l) => typeof l === 'string' && l);
  const out = [];
  for (const language of languages) {
    const own = language === current ? label(pack, 'touch_to_begin', null) : null;
    const line = own ? { lang: language, text: own } : { lang: stringsLanguage(language), text: t(language, 'touch_to_begin') };
    if (!out.some((o) => o.text === line.text)) out.push(line);
  }
  return out.length ? out : [{ lang: stringsLanguage(current), text: t(current, 'touch_to_begin') }];
}

/**
 * The mode for each caption track: the chosen language showing when captions are on, every other
 * track disabled (hidden tracks would still fire cue events for nothing).
 * @param {{ language: string }[]} tracks
 * @param {{ on: boolean, language: string | null }} choice
 * @returns {('showing' | 'disabled')[]}
 */
export function trackModes(tracks, { on, language }) {
  let shown = false;
  return [...tracks].map((track) => {
    // Two tracks in one language (a pack may ship both): show only the first.
    const show = on && !shown && track.language === language;
    if (show) shown = true;
    return show ? 'showing' : 'disabled';
  });
}
