// "Touch to begin" in each of the pack's languages in turn, so every visitor reads an invitation
// in their own. Every line sits in the same grid cell, so the pill keeps the width of the longest
// and nothing moves when the language changes.
import { h } from '../../dom.js';
import { icon } from '../../icons.js';
import { touchToBeginLines } from '../../playback.js';

// Each language stays long enough to read twice at a glance.
const CYCLE_MS = 4000;

/** @returns {{ el: HTMLElement, stop(): void }} */
export function createTouchToBegin(pack) {
  const lines = touchToBeginLines(pack).map((line, i) =>
    h('span', { class: ['cta-line', i === 0 && 'is-current'], lang: line.lang, 'aria-hidden': i === 0 ? null : 'true', text: line.text }),
  );
  const el = h(
    'div',
    { class: 'attract-cta', testid: 'touch-to-begin' },
    h('span', { class: 'cta-icon' }, icon('hand')),
    h('span', { class: 'cta-text' }, lines),
  );
  let shown = 0;
  const cycle =
    lines.length > 1
      ? setInterval(() => {
          lines[shown].classList.remove('is-current');
          lines[shown].setAttribute('aria-hidden', 'true');
          shown = (shown + 1) % lines.length;
          lines[shown].classList.add('is-current');
          lines[shown].removeAttribute('aria-hidden');
        }, CYCLE_MS)
      : null;
  return {
    el,
    stop() {
      if (cycle) clearInterval(cycle);
    },
  };
}
