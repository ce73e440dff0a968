// The Statistics card: proof of play for whoever pays for the screening, refreshed with the panel.
import { h } from '../../dom.js';
import { definitionList } from './controls.js';
import { statsTable } from './stats-table.js';

/** Draws the stats of an operator_panel answer into `box`. */
export function renderStats(box, p) {
  const { uptime, since, rows } = statsTable(p.stats);
  box.replaceChildren(
    definitionList('op-stats-list', [['Running for', uptime, 'op-stat-uptime']]),
    h(
      'table',
      { class: 'op-stats-table', testid: 'op-stats-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Counted' }), h('th', { scope: 'col', text: 'Today' }), h('th', { scope: 'col', text: since }))),
      h(
        'tbody',
        {},
        rows.map(([name, day, all, id]) =>
          h('tr', {}, h('th', { scope: 'row', text: name }), h('td', { testid: id, text: day }), h('td', { testid: `${id}-total`, text: all })),
        ),
      ),
    ),
    h('p', { class: 'op-hint', text: 'Saved every minute and at exit. For a spreadsheet: screening-kiosk stats --csv' }),
  );
}
