// Which module draws each screen of the registry. Kept apart from registry.js because importing
// the screens pulls in the DOM helpers and the IPC wrapper, which node tests of the registry do
// not need.
import { SCREEN_NAMES } from './registry.js';
import * as attract from './attract.js';
import * as home from './home.js';
import * as trailer from './trailer.js';
import * as nowPlaying from './now-playing.js';
import * as credits from './credits.js';
import * as law from './law.js';
import * as about from './about.js';
import * as fatal from './fatal.js';
import * as closed from './closed.js';
import * as standby from './standby.js';
import * as pin from './pin.js';
import * as operator from './operator.js';
import * as operatorSetup from './operator-setup.js';

const BY_NAME = {
  attract,
  home,
  trailer,
  'now-playing': nowPlaying,
  credits,
  law,
  about,
  fatal,
  closed,
  standby,
  pin,
  operator,
  'operator-setup': operatorSetup,
};

/** The router's screens: every registry name, and only those, with its module. */
export const SCREEN_MODULES = Object.freeze(Object.fromEntries(SCREEN_NAMES.map((name) => [name, BY_NAME[name]])));
