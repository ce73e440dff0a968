// The Recent log card: the last lines of the kiosk's log, so staff can tell what went wrong
// without a terminal, and where the whole file is.
import { h } from '../../dom.js';

/** Draws the log lines of an operator_panel answer into `box`. */
export function renderLog(box, p) {
  const lines = Array.isArray(p.logLines) ? p.logLines.filter((l) => typeof l === 'string') : [];
  const file = typeof p.logFile === 'string' ? p.logFile : '';
  // Focusable, so that staff without a pointer can scroll it too once it overflows.
  const pre = h('pre', {
    class: 'op-report op-log',
    testid: 'op-log',
    'data-selectable': '',
    tabindex: '0',
    role: 'region',
    'aria-label': 'Recent log lines',
    text: lines.length ? lines.join('\n') : 'The log is empty.',
  });
  box.replaceChildren(pre, file ? h('p', { class: 'op-hint', testid: 'op-log-file', text: `Full log: ${file}` }) : null);
  // The newest lines matter most: start at the bottom.
  requestAnimationFrame(() => {
    pre.scrollTop = pre.scrollHeight;
  });
}
