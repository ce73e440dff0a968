// What the Statistics card says, from the stats part of an operator_panel answer: today's counts
// beside the whole period's, in words and numbers staff can read at a glance. Pure, so the
// figures are tested without a DOM.
import { formatDuration } from '../../format.js';

const NONE = '\u2013';

/** A count as staff read it ("1,234"), or a dash when the core gave none. */
export const count = (n) => (typeof n === 'number' && Number.isFinite(n) ? Math.max(0, Math.floor(n)).toLocaleString('en') : NONE);

const average = (d) => (d.sessions > 0 ? formatDuration(d.sessionSecs / d.sessions) : NONE);

/** The four most counted keys ("law 3, about 1"), or a dash. */
const top = (counts) =>
  Object.entries(counts && typeof counts === 'object' ? counts : {})
    .filter(([, n]) => typeof n === 'number')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([key, n]) => `${key} ${count(n)}`)
    .join(', ') || NONE;

/**
 * @param {unknown} raw the panel's `stats`
 * @returns {{ uptime: string, since: string, rows: [string, string, string, string][] }} rows of
 *   [what, today, whole period, test id]
 */
export function statsTable(raw) {
  const s = raw && typeof raw === 'object' ? raw : {};
  const today = s.today && typeof s.today === 'object' ? s.today : {};
  const total = s.total && typeof s.total === 'object' ? s.total : {};
  // Today's figures keep the plain test ids; the whole-period ones add "-total".
  const rows = [
    ['Attract loops', count(today.attractLoops), count(total.attractLoops), 'op-stat-attract-loops'],
    ['Trailer starts', count(today.trailerStarts), count(total.trailerStarts), 'op-stat-trailer-starts'],
    ['Trailers watched to the end', count(today.trailerCompletions), count(total.trailerCompletions), 'op-stat-trailer-completions'],
    ['Visitor sessions', count(today.sessions), count(total.sessions), 'op-stat-sessions'],
    ['Average session', average(today), average(total), 'op-stat-session-average'],
    ['Screens visited', top(today.screens), top(total.screens), 'op-stat-screens'],
    ['Languages chosen', top(today.languages), top(total.languages), 'op-stat-languages'],
  ];
  return {
    uptime: formatDuration(s.uptimeSecs),
    since: typeof s.since === 'string' && s.since ? `Since ${s.since}` : 'All days',
    rows,
  };
}
