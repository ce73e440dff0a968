// The Fleet card: whether this kiosk is in a festival's fleet and how it follows the anchor's
// plan (the pack asked for against the pack shown, and why they differ), so staff at the kiosk
// can tell a slow sync from a refused pack or a broken fleet.toml without the anchor's report.
import { h } from '../../dom.js';
import { definitionList, section } from './controls.js';
import { fleetSummary } from './fleet-summary.js';

export function createFleetCard() {
  const box = h('div', { class: 'op-fleet', testid: 'op-fleet' });
  let el = null;

  /** Draws the `fleet` of an operator_panel answer. */
  function render(p) {
    const s = fleetSummary(p.fleet);
    // Nothing is better than a wrong "not in a fleet" from a core that does not say.
    if (el) el.hidden = s.kind === 'unknown';
    box.dataset.state = s.kind === 'fleet' ? s.state : s.kind;
    if (s.kind !== 'fleet') {
      box.dataset.tone = '';
      box.replaceChildren(...(s.kind === 'alone' ? alone() : []));
      return;
    }
    box.dataset.tone = s.cardTone;
    const parts = [
      h(
        'p',
        { class: 'op-fleet-state', testid: 'op-fleet-state', data: { state: s.state, tone: s.tone } },
        h('span', { class: 'op-fleet-headline', text: s.detail ? `${s.headline}:` : s.headline }),
        s.detail ? ' ' : null,
        s.detail ? h('span', { class: 'op-fleet-detail', testid: 'op-fleet-detail', 'data-selectable': '', text: s.detail }) : null,
      ),
      s.advice ? h('p', { class: 'op-hint', testid: 'op-fleet-advice', text: s.advice }) : null,
      s.heartbeatProblem
        ? h(
            'div',
            { class: 'op-refusal', testid: 'op-fleet-heartbeat' },
            h('p', { class: 'op-subhead op-subhead-bad', text: 'The heartbeat cannot be written' }),
            h('pre', { class: 'op-report', 'data-selectable': '', text: s.heartbeatProblem }),
            h('p', { class: 'op-hint', text: 'The anchor will call this kiosk silent until it is written again: check the status folder and its disk.' }),
          )
        : null,
      definitionList('op-fleet-info', [
        ['Kiosk', s.kioskName, 'op-fleet-name'],
        ['Kiosk id', s.kioskId, 'op-fleet-id'],
        ['Fleet asks for', s.desired, 'op-fleet-pack'],
        ['Showing', s.shown, 'op-fleet-shown'],
        ['Maintenance', s.maintenanceText, 'op-fleet-maintenance'],
        ['Packs folder', s.packsDir, 'op-fleet-packs-dir'],
        ['Status folder', s.statusDir, 'op-fleet-status-dir'],
      ]),
      h('p', { class: 'op-hint' }, 'Every kiosk of the fleet, on the anchor: ', h('code', { text: 'screening-kiosk fleet' })),
    ];
    box.replaceChildren(...parts.filter(Boolean));
  }

  function card() {
    el = section('Fleet', 'op-section-fleet', box);
    return el;
  }

  return { card, render };
}

/** A kiosk on its own: one line, so staff know the kiosk could join a fleet and how. */
function alone() {
  return [
    h('p', { class: 'op-fleet-alone', testid: 'op-fleet-state', data: { state: 'alone' }, text: 'Not in a fleet: this kiosk shows the pack of its own Content folder.' }),
    h(
      'p',
      { class: 'op-hint' },
      'To follow a festival\u2019s packs from one laptop, run ',
      h('code', { text: 'screening-kiosk fleet join' }),
      ' on this machine and restart the kiosk (docs/fleet.md).',
    ),
  ];
}
