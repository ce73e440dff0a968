// The trailer's play/pause button, and what playing means for the rest of the screen: the
// progress bar redrawn every frame while it plays (timeupdate alone comes four times a second,
// too seldom for a smooth bar), and once more when it stops. Not over a film the core plays
// beneath the page: there each paint of the page is blended over every frame of the film on
// the CPU, and a bar redrawn 60 times a second cost most of a core (docs/performance.md); the
// core's four reports a second redraw it instead.
import { h } from '../../dom.js';
import { icon } from '../../icons.js';
import { t } from '../../strings.js';

/**
 * @param {object} opts
 * @param {string} opts.lang the pack's language for this visit
 * @param {string} opts.uiLang the language the kiosk's own words are in
 * @param {() => void} opts.render redraws the progress bar
 * @param {(playing: boolean) => void} opts.markScreen shows playing or not on the screen
 * @param {(playing: boolean) => void} opts.holdIdle the idle timeout waits while it plays
 * @param {boolean} [opts.everyFrame] redraw the bar on every frame while it plays
 */
export function createPlayButton({ lang, uiLang, render, markScreen, holdIdle, everyFrame = true }) {
  let raf = 0;
  const ppIcon = h('span', { class: 'pp-icon' }, icon('play'));
  const ppLabel = h('span', { class: 'pp-label', text: t(lang, 'trailer_play') });
  const el = h('button', { type: 'button', class: 'play-pause', testid: 'trailer-play-pause', lang: uiLang, 'aria-label': t(lang, 'trailer_play') }, ppIcon, ppLabel);

  function tick() {
    render();
    raf = requestAnimationFrame(tick);
  }

  return {
    el,
    /** The video started or stopped playing. */
    set(playing) {
      markScreen(playing);
      ppIcon.replaceChildren(icon(playing ? 'pause' : 'play'));
      const words = t(lang, playing ? 'trailer_pause' : 'trailer_play');
      ppLabel.textContent = words;
      el.setAttribute('aria-label', words);
      cancelAnimationFrame(raf);
      raf = 0;
      holdIdle(playing);
      if (playing && everyFrame) raf = requestAnimationFrame(tick);
      else render();
    },
    /** Whether the bar is redrawn every frame already. */
    ticking: () => raf !== 0,
    stop() {
      cancelAnimationFrame(raf);
      raf = 0;
    },
  };
}
