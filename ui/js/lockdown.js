// Kiosk lockdown inside the page: no context menu, no drag and drop, no zoom, no browser
// shortcuts (reload, close, print, find, devtools, history navigation), no navigation away.
// The Rust side locks the window itself; this covers what reaches the web view.

const BROWSER_KEYS = new Set([
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserStop',
  'BrowserSearch',
  'BrowserFavorites',
  'BrowserHome',
  'ContextMenu',
  'Find',
  'Print',
  'Help',
  'Open',
  'Save',
  'Close',
  'New',
  'ZoomIn',
  'ZoomOut',
  'ZoomToggle',
]);
const MODIFIERS = new Set(['Control', 'Meta', 'Alt', 'AltGraph', 'Shift', 'OS', 'Hyper', 'Super']);

/**
 * Should this key event be swallowed?
 * Blocks function keys (F5 reload, F11 full screen, F12 devtools, F7 caret browsing...),
 * every Ctrl/Cmd combination (Ctrl+R, W, P, F, S, O, N, T, U, L, +, -, 0, Shift+I...),
 * Alt combinations (Alt+Left/Right history), dedicated browser keys, and Backspace outside
 * editable fields (old "go back" binding). Plain keys (Tab, Enter, Space, arrows, Escape,
 * letters) stay usable.
 * @param {{key?: string, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean}} e
 * @param {{editable?: boolean}} [ctx]
 */
export function isBlockedShortcut(e, ctx = {}) {
  const key = typeof e?.key === 'string' ? e.key : '';
  if (/^F([1-9]|1\d|2[0-4])$/.test(key)) return true;
  if (BROWSER_KEYS.has(key)) return true;
  if (MODIFIERS.has(key)) return false;
  if (e.ctrlKey || e.metaKey) return true;
  if (e.altKey) return true;
  if (key === 'Backspace' && !ctx.editable) return true;
  return false;
}

function isEditable(target) {
  if (!target || typeof target.closest !== 'function') return false;
  return Boolean(target.closest('input, textarea, [contenteditable=""], [contenteditable="true"]'));
}

/**
 * Install the lockdown listeners on a document.
 * @param {Document} doc
 * @returns {() => void} uninstall
 */
export function installLockdown(doc = document) {
  const ac = new AbortController();
  const active = { capture: true, passive: false, signal: ac.signal };
  const prevent = (e) => e.preventDefault();

  for (const type of ['contextmenu', 'dragstart', 'dragover', 'drop', 'auxclick']) {
    doc.addEventListener(type, prevent, active);
  }
  // Safari/WebKit pinch gestures.
  for (const type of ['gesturestart', 'gesturechange', 'gestureend']) {
    doc.addEventListener(type, prevent, active);
  }
  // Ctrl + wheel (and trackpad pinch, which arrives as ctrl+wheel) zooms.
  doc.addEventListener('wheel', (e) => e.ctrlKey && e.preventDefault(), active);
  // Two-finger pinch on a touch screen.
  doc.addEventListener('touchmove', (e) => e.touches && e.touches.length > 1 && e.preventDefault(), active);
  // Middle-click autoscroll.
  doc.addEventListener('mousedown', (e) => e.button === 1 && e.preventDefault(), active);
  doc.addEventListener(
    'keydown',
    (e) => {
      if (isBlockedShortcut(e, { editable: isEditable(e.target) })) e.preventDefault();
    },
    active,
  );
  // Text selection only where a screen allows it (the law body).
  doc.addEventListener(
    'selectstart',
    (e) => {
      const t = e.target && e.target.nodeType === 3 ? e.target.parentElement : e.target;
      if (!t || typeof t.closest !== 'function' || !t.closest('[data-selectable]')) e.preventDefault();
    },
    active,
  );
  // Belt and braces: nothing in the kiosk may navigate away.
  doc.addEventListener(
    'click',
    (e) => {
      const t = e.target;
      if (t && typeof t.closest === 'function' && t.closest('a[href], area[href]')) e.preventDefault();
    },
    active,
  );
  doc.addEventListener('submit', prevent, active);
  return () => ac.abort();
}
