// Where the kiosk goes when nobody uses it, and where a screen that breaks sends the visitor:
// never an error, always somewhere calm. Pure, so each case is tested.
import { STAFF_SCREENS } from '../screens/registry.js';

/**
 * The rest screen: a black standby for a window with no part to play, closed outside the
 * opening hours, the attract loop with a pack, the calm slate without one.
 * @param {{ open: boolean }} opening
 * @param {boolean} hasPack
 * @param {string} [role] this window's part (app/two-screens.js)
 */
export function restScreenFor(opening, hasPack, role = 'kiosk') {
  if (role === 'standby') return 'standby';
  return !opening.open ? 'closed' : hasPack ? 'attract' : 'fatal';
}

/**
 * Where to go after screen `name` failed in `phase`, or null to stay: rest screens that break
 * leave the calm slate; an operator screen that breaks goes to rest; a broken home falls back to
 * the attract loop; any other screen sends the visitor home. `later` says the navigation waits
 * for the failed one to finish.
 * @param {string} name
 * @param {'mount'|'unmount'|'unknown'} phase
 * @param {{ hasPack: boolean, rest: string }} kiosk
 * @returns {{ screen: string, later: boolean } | null}
 */
export function fallbackAfterError(name, phase, { hasPack, rest }) {
  // A screen that fails to clean up is logged; the navigation it was part of goes on.
  if (phase === 'unmount' || name === 'fatal') return null;
  if (name === 'attract' || name === 'closed' || (!hasPack && !STAFF_SCREENS.has(name))) return { screen: 'fatal', later: false };
  const screen = STAFF_SCREENS.has(name) ? rest : name === 'home' ? 'attract' : 'home';
  return { screen, later: true };
}
