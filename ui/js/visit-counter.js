// Proof of play for the operator's statistics: which screens visitors open and how long a visit
// lasts, from the sequence of screens shown. Nothing identifies a visitor; the core only ever
// hears "law was opened" or "a visit of 95 s ended".
import { REST_SCREENS } from './screens/registry.js';

/**
 * @param {{ visitorScreens: Set<string>, now: () => number, record: (kind: string, detail?: object) => void }} deps
 *   `now` in milliseconds; `record` is api.recordPlay
 */
export function createVisitCounter({ visitorScreens, now, record }) {
  let visitStartedAt = null;
  let last = null;
  return {
    /** Call on every screen change (the router's onShow). */
    shown(name) {
      // The same screen shown again (a language switch re-renders it) is not a new visit to it.
      if (name === last) return;
      last = name;
      if (visitorScreens.has(name)) {
        if (visitStartedAt === null) visitStartedAt = now();
        record('screen-visit', { screen: name });
      } else if (REST_SCREENS.has(name) && visitStartedAt !== null) {
        const secs = Math.max(0, Math.round((now() - visitStartedAt) / 1000));
        visitStartedAt = null;
        record('session-end', { secs });
      }
      // Staff screens neither start nor end a visit.
    },
  };
}
