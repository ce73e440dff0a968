// Icons only home, credits and about use, drawn like icons.js (24x24 grid, stroke =
// currentColor, hidden from assistive technology: the buttons carry their own names).
import { s } from './dom.js';

const SHAPES = {
  globe: [
    ['circle', { cx: 12, cy: 12, r: 9 }],
    ['path', { d: 'M3 12h18M12 3c2.5 2.6 3.75 5.6 3.75 9s-1.25 6.4-3.75 9c-2.5-2.6-3.75-5.6-3.75-9S9.5 5.6 12 3z' }],
  ],
  contrast: [
    ['circle', { cx: 12, cy: 12, r: 8.5 }],
    ['path', { d: 'M12 3.5a8.5 8.5 0 0 1 0 17z', fill: 'currentColor', stroke: 'none' }],
  ],
  'text-size': [
    ['path', { d: 'M3.5 18.5 8 7l4.5 11.5M5.2 14.5h5.6' }],
    ['path', { d: 'M13.5 18.5 17 9.5l3.5 9M14.8 15.5h4.4' }],
  ],
  replay: [
    ['path', { d: 'M4.5 12a7.5 7.5 0 1 0 2.2-5.3' }],
    ['path', { d: 'M6.2 3.2v3.9h3.9' }],
  ],
};

/** @param {keyof SHAPES} name */
export function tourIcon(name) {
  return s(
    'svg',
    {
      class: ['icon', `icon-${name}`],
      viewBox: '0 0 24 24',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': 1.75,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
      'aria-hidden': 'true',
      focusable: 'false',
    },
    (SHAPES[name] || []).map(([tag, props]) => s(tag, props)),
  );
}
