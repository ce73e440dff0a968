//! The kiosk's clock: whether it is open now under the operator's opening hours (outside them the UI
//! shows a calm "closed" slate and the display may sleep), and when the daily restart falls due.

use crate::settings::OpeningHours;
use serde::Serialize;

/// What the UI needs: open now, or closed and when it opens again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Opening {
    pub open: bool,
    pub opens_at: Option<String>,
}

impl Opening {
    pub const ALWAYS: Opening = Opening {
        open: true,
        opens_at: None,
    };
}

/// The opening state under `hours` (none = always open) at `minute_of_day`.
pub fn opening_at(hours: Option<&OpeningHours>, minute_of_day: u16) -> Opening {
    match hours {
        Some(hours) if !hours.is_open_at(minute_of_day) => Opening {
            open: false,
            opens_at: Some(hours.opens.clone()),
        },
        _ => Opening::ALWAYS,
    }
}

/// Whether the clock moved through minute `at` between two looks at it (`previous` excluded, `now`
/// included), across midnight too. The same minute twice is no movement.
pub fn passed(at: u16, previous: u16, now: u16) -> bool {
    match previous.cmp(&now) {
        std::cmp::Ordering::Equal => false,
        std::cmp::Ordering::Less => previous < at && at <= now,
        std::cmp::Ordering::Greater => at > previous || at <= now,
    }
}

/// A restart that is due waits for the kiosk to be at rest (no visitor in the middle of a visit),
/// but never longer than this.
pub const RESTART_MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// The operator's daily restart: when it falls due, and whether the moment has come.
#[derive(Debug, Default)]
pub struct DailyRestart {
    due_since: Option<std::time::Instant>,
}

impl DailyRestart {
    /// One look at the clock. `at` is the restart time (minute of day) or none; `at_rest` says
    /// nobody is using the kiosk. True: restart now.
    pub fn check(
        &mut self,
        at: Option<u16>,
        previous_minute: u16,
        now_minute: u16,
        at_rest: bool,
        now: std::time::Instant,
    ) -> bool {
        let Some(at) = at else {
            self.due_since = None;
            return false;
        };
        if self.due_since.is_none() && passed(at, previous_minute, now_minute) {
            self.due_since = Some(now);
        }
        self.due_since
            .is_some_and(|since| at_rest || now.duration_since(since) >= RESTART_MAX_WAIT)
    }
}

/// Minutes since local midnight now.
pub fn local_minute_of_day() -> u16 {
    use chrono::Timelike;
    let now = chrono::Local::now();
    (now.hour() * 60 + now.minute()) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_restart_time_is_passed_once_also_across_midnight() {
        assert!(passed(240, 239, 240));
        assert!(!passed(240, 240, 240), "the same minute twice");
        assert!(!passed(240, 240, 241), "already passed at the last look");
        assert!(passed(240, 230, 250), "a late look still catches it");
        assert!(passed(0, 1439, 0), "midnight");
        assert!(passed(5, 1430, 10), "across midnight");
        assert!(!passed(1000, 1430, 10));
    }

    #[test]
    fn a_due_restart_waits_for_the_kiosk_to_rest_but_not_forever() {
        let t0 = std::time::Instant::now();
        let mut restart = DailyRestart::default();
        assert!(!restart.check(Some(240), 238, 239, true, t0), "not yet");
        assert!(
            !restart.check(Some(240), 239, 240, false, t0),
            "a visitor is watching"
        );
        let later = t0 + std::time::Duration::from_secs(600);
        assert!(!restart.check(Some(240), 249, 250, false, later));
        assert!(
            restart.check(Some(240), 250, 251, true, later),
            "at rest: now"
        );

        let mut restart = DailyRestart::default();
        restart.check(Some(240), 239, 240, false, t0);
        assert!(restart.check(Some(240), 269, 270, false, t0 + RESTART_MAX_WAIT));

        let mut off = DailyRestart::default();
        assert!(!off.check(None, 239, 240, true, t0));
    }

    fn hours(opens: &str, closes: &str) -> OpeningHours {
        OpeningHours {
            opens: opens.into(),
            closes: closes.into(),
        }
    }

    fn at(text: &str) -> u16 {
        crate::settings::parse_time_of_day(text).unwrap()
    }

    #[test]
    fn closed_says_when_it_opens_and_no_hours_means_always_open() {
        assert_eq!(
            opening_at(Some(&hours("10:00", "22:00")), at("08:00")),
            Opening {
                open: false,
                opens_at: Some("10:00".into())
            }
        );
        assert_eq!(opening_at(None, at("03:00")), Opening::ALWAYS);
    }
}
