// What went wrong that the visitor must not see goes to the console and the kiosk's log file, and
// nothing surfaces as a dialog or a debug page.
import * as api from '../api.js';

/** Any thrown or rejected value as one line of text. */
export function describe(value) {
  if (value instanceof Error) return value.message;
  if (value && typeof value === 'object' && typeof value.message === 'string') return value.message;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Something went wrong that the visitor must not see: the console and the kiosk's log file get it. */
export function log(...args) {
  try {
    console.warn('[kiosk]', ...args);
  } catch {
    /* no console */
  }
  api.logToCore('warn', args.map(describe).join(' '));
}

/** Uncaught errors and rejections are logged and go no further. */
export function trapErrors(win) {
  win.addEventListener('error', (e) => {
    log('error', e.message);
    e.preventDefault();
  });
  win.addEventListener('unhandledrejection', (e) => {
    log('unhandled rejection', e.reason);
    e.preventDefault();
  });
}
