//! The parts the kiosk's windows play: one screen is the whole kiosk (`kiosk`); two screens are a
//! touch screen (`reader`: home, law, credits, about) and a big screen (`film`: the loop, and the
//! trailer a visitor starts on the touch screen). Which window plays which part on which monitor
//! follows the monitors that are connected and what the operator chose for one that is gone; a
//! window with no part to play waits hidden (`standby`). Pure decisions here; `displays` carries
//! them out.

use crate::settings::WhenDisplayGone;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

/// The big screen's window; the touch screen's (or the one screen's) is `MAIN_WINDOW`.
pub const FILM_WINDOW: &str = "film";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScreenRole {
    Kiosk,
    Reader,
    Film,
    Standby,
}

/// Which chosen display a window covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cover {
    /// The `display` setting (the primary when it is not connected).
    TouchDisplay,
    /// The `filmDisplay` setting.
    FilmDisplay,
    Hidden,
}

/// What each window does for one layout of monitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrangement {
    pub main: (ScreenRole, Cover),
    /// `None`: one screen, no film window.
    pub film: Option<(ScreenRole, Cover)>,
}

/// What the monitors connected now offer the chosen displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offered {
    /// The touch screen's display is connected (the primary always is).
    pub touch: bool,
    /// The film display is connected, and is not the monitor the touch screen is on.
    pub film: bool,
}

/// The parts for one layout. Two screens where both are there; else `Move` gives the whole kiosk
/// to the screen that remains, and `Wait` keeps each role on its own display, the one whose
/// display is gone hidden until it returns. With neither chosen display there, the whole kiosk
/// goes to the primary: a kiosk must always show something.
pub fn arrange(two_screens: bool, offered: Offered, when_gone: WhenDisplayGone) -> Arrangement {
    use Cover::*;
    use ScreenRole::*;
    if !two_screens {
        return Arrangement {
            main: (Kiosk, TouchDisplay),
            film: None,
        };
    }
    let (main, film) = match (offered.touch, offered.film, when_gone) {
        (true, true, _) => ((Reader, TouchDisplay), (Film, FilmDisplay)),
        (true, false, WhenDisplayGone::Move) => ((Kiosk, TouchDisplay), (Standby, Hidden)),
        (true, false, WhenDisplayGone::Wait) => ((Reader, TouchDisplay), (Standby, Hidden)),
        (false, true, WhenDisplayGone::Move) => ((Kiosk, FilmDisplay), (Standby, Hidden)),
        (false, true, WhenDisplayGone::Wait) => ((Standby, Hidden), (Film, FilmDisplay)),
        (false, false, _) => ((Kiosk, TouchDisplay), (Standby, Hidden)),
    };
    Arrangement {
        main,
        film: Some(film),
    }
}

/// The part each window plays now, for its page to ask (`window_role`) and for the core to
/// route the visitor's trailer to the big screen.
#[derive(Default)]
pub struct RoleBoard {
    roles: Mutex<BTreeMap<String, ScreenRole>>,
    /// Windows whose page has asked for its part: it listens for the core's events from then on.
    listening: Mutex<BTreeSet<String>>,
}

impl RoleBoard {
    /// The window's part; a window the board has not heard of yet is the one screen's kiosk (the
    /// film window is always placed before it opens).
    pub fn role_of(&self, label: &str) -> ScreenRole {
        self.roles
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(label)
            .copied()
            .unwrap_or(if label == FILM_WINDOW {
                ScreenRole::Standby
            } else {
                ScreenRole::Kiosk
            })
    }

    /// Notes a window's part; true when it changed.
    pub fn set(&self, label: &str, role: ScreenRole) -> bool {
        let mut roles = self.roles.lock().unwrap_or_else(PoisonError::into_inner);
        roles.insert(label.to_string(), role) != Some(role)
    }

    pub fn forget(&self, label: &str) {
        self.roles
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(label);
        self.page_gone(label);
    }

    /// The page of window `label` asked for its part (`window_role`, once its listeners are up).
    pub fn page_listens(&self, label: &str) {
        self.listening
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(label.to_string());
    }

    /// The window closed (or the watchdog replaces it): its next page has to ask again.
    pub fn page_gone(&self, label: &str) {
        self.listening
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(label);
    }

    /// The big screen plays the loop now and its page hears the core, so a trailer started on the
    /// touch screen goes there; an event sent to a page still loading would be lost.
    pub fn film_screen_ready(&self) -> bool {
        self.role_of(FILM_WINDOW) == ScreenRole::Film
            && self
                .listening
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(FILM_WINDOW)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Cover::*;
    use ScreenRole::*;

    const BOTH: Offered = Offered {
        touch: true,
        film: true,
    };
    const TOUCH_ONLY: Offered = Offered {
        touch: true,
        film: false,
    };
    const FILM_ONLY: Offered = Offered {
        touch: false,
        film: true,
    };
    const NEITHER: Offered = Offered {
        touch: false,
        film: false,
    };

    #[test]
    fn one_screen_is_the_whole_kiosk_whatever_is_connected() {
        for offered in [BOTH, TOUCH_ONLY, FILM_ONLY, NEITHER] {
            for gone in [WhenDisplayGone::Move, WhenDisplayGone::Wait] {
                let arranged = arrange(false, offered, gone);
                assert_eq!(arranged.main, (Kiosk, TouchDisplay));
                assert_eq!(arranged.film, None);
            }
        }
    }

    #[test]
    fn two_screens_are_a_reader_and_a_film_screen_while_both_are_there() {
        for gone in [WhenDisplayGone::Move, WhenDisplayGone::Wait] {
            assert_eq!(
                arrange(true, BOTH, gone),
                Arrangement {
                    main: (Reader, TouchDisplay),
                    film: Some((Film, FilmDisplay)),
                }
            );
        }
    }

    #[test]
    fn a_gone_display_moves_the_whole_kiosk_to_the_one_that_remains() {
        let film_gone = arrange(true, TOUCH_ONLY, WhenDisplayGone::Move);
        assert_eq!(film_gone.main, (Kiosk, TouchDisplay));
        assert_eq!(film_gone.film, Some((Standby, Hidden)));
        let touch_gone = arrange(true, FILM_ONLY, WhenDisplayGone::Move);
        assert_eq!(touch_gone.main, (Kiosk, FilmDisplay));
        assert_eq!(touch_gone.film, Some((Standby, Hidden)));
    }

    #[test]
    fn a_role_told_to_wait_hides_until_its_display_returns_and_the_other_keeps_its_part() {
        let film_gone = arrange(true, TOUCH_ONLY, WhenDisplayGone::Wait);
        assert_eq!(film_gone.main, (Reader, TouchDisplay));
        assert_eq!(film_gone.film, Some((Standby, Hidden)));
        let touch_gone = arrange(true, FILM_ONLY, WhenDisplayGone::Wait);
        assert_eq!(touch_gone.main, (Standby, Hidden));
        assert_eq!(touch_gone.film, Some((Film, FilmDisplay)));
    }

    #[test]
    fn with_neither_chosen_display_the_primary_shows_the_whole_kiosk() {
        for gone in [WhenDisplayGone::Move, WhenDisplayGone::Wait] {
            let arranged = arrange(true, NEITHER, gone);
            assert_eq!(arranged.main, (Kiosk, TouchDisplay));
            assert_eq!(arranged.film, Some((Standby, Hidden)));
        }
    }

    #[test]
    fn the_board_knows_each_windows_part_and_when_it_changes() {
        let board = RoleBoard::default();
        assert_eq!(board.role_of("main"), Kiosk);
        assert!(!board.film_screen_ready());
        assert!(board.set(FILM_WINDOW, Film));
        assert!(!board.set(FILM_WINDOW, Film), "the same part is no change");
        assert!(!board.film_screen_ready(), "its page is still loading");
        board.page_listens(FILM_WINDOW);
        assert!(board.film_screen_ready());
        board.page_gone(FILM_WINDOW);
        assert!(
            !board.film_screen_ready(),
            "the watchdog replaced the window"
        );
        board.page_listens(FILM_WINDOW);
        board.forget(FILM_WINDOW);
        assert!(!board.film_screen_ready());
    }
}
