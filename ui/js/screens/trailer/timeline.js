// The trailer's progress bar with the elapsed and remaining time at its two ends: a slider a
// visitor can drag, tap or step with the arrow keys, large enough for a finger.
import { h, listen } from '../../dom.js';
import { timeReadout } from '../../format.js';
import { t } from '../../strings.js';

const KEY_SEEK_SECS = 5;

/**
 * @param {{ video: HTMLVideoElement, lang: string, uiLang: string }} opts
 */
export function createTimeline({ video, lang, uiLang }) {
  const fill = h('span', { class: 'progress-fill' });
  const thumb = h('span', { class: 'progress-thumb' });
  const progress = h(
    'div',
    {
      class: 'trailer-progress',
      testid: 'trailer-progress',
      role: 'slider',
      tabindex: '0',
      lang: uiLang,
      'aria-label': t(lang, 'trailer_position'),
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': '0',
      'aria-valuetext': '00:00',
    },
    h('span', { class: 'progress-track' }, fill, thumb),
  );
  const elapsed = h('span', { class: 'time-elapsed', testid: 'trailer-elapsed', text: '00:00' });
  const remaining = h('span', { class: 'time-remaining', testid: 'trailer-remaining', text: '\u2212--:--' });
  // The times flank the bar (read as its two ends); the slider carries them for assistive technology.
  const el = h('div', { class: 'trailer-timeline' }, h('span', { class: 'trailer-time', 'aria-hidden': 'true' }, elapsed), progress, h('span', { class: 'trailer-time', 'aria-hidden': 'true' }, remaining));

  // What was drawn last: a redraw that changes nothing touches nothing, so the page is not
  // painted again for it (over a film beneath the page, every paint is one more full-screen
  // blend on the CPU).
  let drawn = { pct: -1, elapsed: '', remaining: '' };

  /** The bar and the times as the video stands now. */
  function render() {
    const r = timeReadout(video.currentTime, video.duration);
    const pct = Math.round(r.fraction * 1000) / 10;
    if (pct === drawn.pct && r.elapsed === drawn.elapsed && r.remaining === drawn.remaining) return;
    drawn = { pct, elapsed: r.elapsed, remaining: r.remaining };
    fill.style.transform = `scaleX(${pct / 100})`;
    thumb.style.left = `${pct}%`;
    elapsed.textContent = r.elapsed;
    remaining.textContent = r.remaining;
    progress.setAttribute('aria-valuenow', String(Math.round(pct)));
    progress.setAttribute('aria-valuetext', t(lang, 'trailer_position_value', { elapsed: r.elapsed, remaining: r.known ? r.remaining.slice(1) : '--:--' }));
  }

  function seekTo(seconds) {
    try {
      video.currentTime = seconds;
    } catch {
      /* not seekable yet */
    }
    render();
  }

  function seekToClientX(clientX) {
    const d = video.duration;
    if (!Number.isFinite(d) || d <= 0) return;
    const rect = progress.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / Math.max(1, rect.width)));
    seekTo(f * d);
  }

  /** Dragging, tapping and the keys; the listeners end with `signal`. */
  function wire(signal) {
    let dragging = false;
    listen(progress, 'pointerdown', (e) => {
      dragging = true;
      try {
        progress.setPointerCapture(e.pointerId);
      } catch {
        /* synthetic events have no capturable pointer */
      }
      progress.classList.add('is-dragging');
      seekToClientX(e.clientX);
    }, signal);
    listen(progress, 'pointermove', (e) => dragging && seekToClientX(e.clientX), signal);
    const endDrag = () => {
      dragging = false;
      progress.classList.remove('is-dragging');
    };
    listen(progress, 'pointerup', endDrag, signal);
    listen(progress, 'pointercancel', endDrag, signal);
    listen(progress, 'keydown', (e) => {
      const d = video.duration;
      if (!Number.isFinite(d)) return;
      const step = { ArrowLeft: -KEY_SEEK_SECS, ArrowDown: -KEY_SEEK_SECS, ArrowRight: KEY_SEEK_SECS, ArrowUp: KEY_SEEK_SECS }[e.key];
      if (e.key === 'Home') seekTo(0);
      else if (e.key === 'End') seekTo(Math.max(0, d - 0.1));
      else if (step) seekTo(Math.min(d, Math.max(0, video.currentTime + step)));
      else return;
      e.preventDefault();
    }, signal);
  }

  return { el, render, seekTo, wire };
}
