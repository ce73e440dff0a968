// Line icons drawn for the kiosk (24x24 grid, stroke = currentColor). Built as DOM, no markup strings.
import { s } from './dom.js';

const SHAPES = {
  play: [['path', { d: 'M8 5.5v13l10.5-6.5z', fill: 'currentColor', stroke: 'none' }]],
  pause: [
    ['rect', { x: 6.5, y: 5, width: 3.8, height: 14, rx: 1, fill: 'currentColor', stroke: 'none' }],
    ['rect', { x: 13.7, y: 5, width: 3.8, height: 14, rx: 1, fill: 'currentColor', stroke: 'none' }],
  ],
  back: [['path', { d: 'M14.5 5.5 8 12l6.5 6.5' }]],
  chevron: [['path', { d: 'm9.5 5.5 6.5 6.5-6.5 6.5' }]],
  up: [['path', { d: 'M5.5 14.5 12 8l6.5 6.5' }]],
  close: [['path', { d: 'M6 6l12 12M18 6 6 18' }]],
  film: [
    ['rect', { x: 2.75, y: 5, width: 18.5, height: 14, rx: 2.25 }],
    ['path', { d: 'M10 9.25v5.5l4.75-2.75z', fill: 'currentColor' }],
  ],
  credits: [['path', { d: 'M7 6.5h10M9 10.5h6M6 14.5h12M9.5 18.5h5' }]],
  law: [
    ['path', { d: 'M12 4v15.5M7.5 19.5h9M5 7.5h14M12 4.75v.01' }],
    ['path', { d: 'M5 7.5 2.75 13a2.25 2.25 0 0 0 4.5 0z' }],
    ['path', { d: 'M19 7.5 16.75 13a2.25 2.25 0 0 0 4.5 0z' }],
  ],
  info: [
    ['circle', { cx: 12, cy: 12, r: 9 }],
    ['path', { d: 'M12 11v5.5' }],
    ['circle', { cx: 12, cy: 7.75, r: 0.6, fill: 'currentColor' }],
  ],
  contents: [['path', { d: 'M9 7h10M9 12h10M9 17h10M5 7h.01M5 12h.01M5 17h.01' }]],
  backspace: [
    ['path', { d: 'M9 5.5h10.25a1.75 1.75 0 0 1 1.75 1.75v9.5a1.75 1.75 0 0 1-1.75 1.75H9L3 12z' }],
    ['path', { d: 'm11.5 9.5 5 5M16.5 9.5l-5 5' }],
  ],
  lock: [
    ['rect', { x: 5, y: 10.5, width: 14, height: 10, rx: 2 }],
    ['path', { d: 'M8.5 10.5V7.75a3.5 3.5 0 0 1 7 0v2.75' }],
  ],
  power: [['path', { d: 'M12 3.5v8M7.05 6.5a7 7 0 1 0 9.9 0' }]],
  key: [
    ['circle', { cx: 8, cy: 15, r: 4 }],
    ['path', { d: 'm10.85 12.15 8.4-8.4M16.5 6.5l2.5 2.5M14 9l2 2' }],
  ],
  // A fingertip pressing, with the ripple of the touch above it: reads as "touch here" without words.
  hand: [
    ['path', { class: 'icon-hand-ripple', d: 'M6.6 6.1a5 5 0 0 1 7.8 0' }],
    ['path', { d: 'M9 15.5V8.25a1.5 1.5 0 0 1 3 0v4.25' }],
    ['path', { d: 'M12 12.25v-1a1.5 1.5 0 0 1 3 0v1.5' }],
    ['path', { d: 'M15 12.5a1.5 1.5 0 0 1 3 0v2.75a6.25 6.25 0 0 1-6.25 6.25h-.5a5.75 5.75 0 0 1-4.6-2.3l-2.3-3.06a1.5 1.5 0 0 1 2.3-1.92L9 15.5' }],
  ],
  replay: [
    ['path', { d: 'M4.75 12a7.25 7.25 0 1 0 2.2-5.2' }],
    ['path', { d: 'M6.75 3.25v3.9h3.9' }],
  ],
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
  captions: [
    ['rect', { x: 2.75, y: 5.25, width: 18.5, height: 13.5, rx: 2.25 }],
    ['path', { d: 'M10.25 10.1a2.4 2.4 0 1 0 0 3.8M16.75 10.1a2.4 2.4 0 1 0 0 3.8' }],
  ],
};

/**
 * An inline SVG icon, hidden from assistive technology (buttons carry their own labels).
 * @param {keyof SHAPES} name
 * @param {string} [extraClass]
 */
export function icon(name, extraClass) {
  const parts = SHAPES[name] || [];
  return s(
    'svg',
    {
      class: ['icon', `icon-${name}`, extraClass],
      viewBox: '0 0 24 24',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': 1.75,
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
      'aria-hidden': 'true',
      focusable: 'false',
    },
    parts.map(([tag, props]) => s(tag, props)),
  );
}
