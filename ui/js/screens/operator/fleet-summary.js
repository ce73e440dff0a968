// What the Fleet card says, from the `fleet` part of an operator_panel answer: whether the kiosk
// is in a festival's fleet, and how it follows the anchor's plan, in words staff read at a glance
// with a tone (ok, waiting, alert). Pure, so every state's wording is tested without a DOM.

const NONE = '\u2013';

const text = (v) => (typeof v === 'string' ? v.trim() : '');

/**
 * Per state the core reports (fleet/status.rs `FleetState`): the tone, the headline and what
 * staff can do about it. The headline comes first on the card; the core's detail follows it.
 */
const STATES = Object.freeze({
  current: { tone: 'ok', headline: () => "Showing the fleet's pack", advice: '' },
  waiting: {
    tone: 'waiting',
    headline: () => 'Waiting',
    advice: 'Nothing changes on screen until the pack has arrived whole; the pack on show stays.',
  },
  refused: {
    tone: 'alert',
    headline: (desired) => (desired ? `Refused ${desired}` : 'Refused the pack'),
    advice: 'The last good pack stays on screen. Fix the pack on the anchor and publish it as a new version.',
  },
  'no-plan': {
    tone: 'waiting',
    headline: () => 'No plan for this kiosk',
    advice: "The pack on show stays until the anchor's fleet.toml names one for this kiosk.",
  },
  'bad-plan': {
    tone: 'alert',
    headline: () => 'fleet.toml is wrong',
    advice: 'Fix fleet.toml on the anchor: the message names the line.',
  },
  // A fleet kiosk reports this only before its first look at the plan.
  local: { tone: 'waiting', headline: () => 'Showing a pack from a local folder', advice: '' },
});

/** What to do: the state's advice, or for the one waiting staff can end at this kiosk, that. */
function adviceFor(state, detail, known) {
  // The core's wording, as docs/fleet.md's troubleshooting table lists it.
  if (state === 'waiting' && detail.startsWith('cannot ask Syncthing')) {
    return "Start this kiosk's Syncthing (for the kiosk user); the pack on show stays meanwhile.";
  }
  return known ? known.advice : '';
}

/**
 * @param {unknown} raw the panel's `fleet`: `null` for a kiosk on its own, absent from a core
 *   older than the field
 * @returns {{ kind: 'unknown' } | { kind: 'alone' } | {
 *   kind: 'fleet', kioskId: string, kioskName: string, desired: string, shown: string,
 *   packsDir: string, statusDir: string, state: string, tone: 'ok' | 'waiting' | 'alert',
 *   headline: string, detail: string, line: string, advice: string, maintenance: boolean,
 *   maintenanceText: string, heartbeatProblem: string, cardTone: 'ok' | 'waiting' | 'alert' }}
 */
export function fleetSummary(raw) {
  // Only an explicit null says "on its own": an older core says nothing, and claiming the kiosk
  // is alone when it may be in a fleet would send staff the wrong way.
  if (raw === null) return { kind: 'alone' };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { kind: 'unknown' };
  const progress = raw.progress && typeof raw.progress === 'object' ? raw.progress : {};
  const kioskId = text(raw.kioskId) || NONE;
  const desired = text(progress.desired);
  const state = text(progress.state) || 'unknown';
  const known = Object.hasOwn(STATES, state) ? STATES[state] : null;
  // A state a newer core added is shown by its name rather than guessed at.
  const tone = known ? known.tone : 'waiting';
  const detail = text(progress.detail);
  const maintenance = progress.maintenance === true;
  const heartbeatProblem = text(raw.heartbeatProblem);
  const headline = known ? known.headline(desired) : `State: ${state}`;
  return {
    kind: 'fleet',
    kioskId,
    kioskName: text(raw.kioskName) || kioskId,
    desired: desired || 'None named',
    shown: text(raw.shown) || 'No fleet pack (Content says what is on screen)',
    packsDir: text(raw.packsDir) || NONE,
    statusDir: text(raw.statusDir) || NONE,
    state,
    tone,
    headline,
    detail,
    line: `${headline}${detail ? `: ${detail}` : ''}`,
    advice: adviceFor(state, detail, known),
    maintenance,
    maintenanceText: maintenance ? 'On: closed slate, display asleep' : 'Off',
    heartbeatProblem,
    cardTone: heartbeatProblem ? 'alert' : tone,
  };
}
