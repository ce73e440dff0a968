//! Opening hours as the operator sets them: daily, in local time, `"HH:MM"`, and what they mean
//! for a given minute. The clock that follows them is `unattended::schedule`.

use serde::{Deserialize, Serialize};

/// Daily opening hours in local time, `"HH:MM"` 24-hour. `closes` earlier than `opens` means open
/// over midnight (a late screening venue: 18:00 to 02:00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpeningHours {
    pub opens: String,
    pub closes: String,
}

/// Minutes since midnight of an `"HH:MM"` time.
pub fn parse_time_of_day(text: &str) -> Result<u16, String> {
    let invalid = || format!("{text:?} is not a time of day as HH:MM (00:00 to 23:59)");
    let (hours, minutes) = text.split_once(':').ok_or_else(invalid)?;
    if hours.len() != 2 || minutes.len() != 2 {
        return Err(invalid());
    }
    let hours: u16 = hours.parse().map_err(|_| invalid())?;
    let minutes: u16 = minutes.parse().map_err(|_| invalid())?;
    if hours > 23 || minutes > 59 {
        return Err(invalid());
    }
    Ok(hours * 60 + minutes)
}

impl OpeningHours {
    pub fn validate(&self) -> Result<(), String> {
        let opens = parse_time_of_day(&self.opens).map_err(|e| format!("opens: {e}"))?;
        let closes = parse_time_of_day(&self.closes).map_err(|e| format!("closes: {e}"))?;
        if opens == closes {
            return Err(format!(
                "opening hours open and close at the same time ({}); to stay open all day, switch \
                 opening hours off",
                self.opens
            ));
        }
        Ok(())
    }

    /// Whether the kiosk is open at `minute_of_day` (0..1440); invalid hours count as always open,
    /// because a typo must never close a kiosk for a whole festival day.
    pub fn is_open_at(&self, minute_of_day: u16) -> bool {
        let (Ok(opens), Ok(closes)) = (
            parse_time_of_day(&self.opens),
            parse_time_of_day(&self.closes),
        ) else {
            return true;
        };
        if opens < closes {
            (opens..closes).contains(&minute_of_day)
        } else {
            minute_of_day >= opens || minute_of_day < closes
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(opens: &str, closes: &str) -> OpeningHours {
        OpeningHours {
            opens: opens.into(),
            closes: closes.into(),
        }
    }

    fn at(text: &str) -> u16 {
        parse_time_of_day(text).unwrap()
    }

    #[test]
    fn daytime_hours_include_the_opening_minute_and_exclude_the_closing_one() {
        let day = hours("10:00", "22:00");
        assert!(!day.is_open_at(at("09:59")));
        assert!(day.is_open_at(at("10:00")));
        assert!(day.is_open_at(at("21:59")));
        assert!(!day.is_open_at(at("22:00")));
        assert!(!day.is_open_at(at("00:00")));
    }

    #[test]
    fn hours_past_midnight_stay_open_across_it() {
        let late = hours("18:00", "02:00");
        assert!(late.is_open_at(at("23:30")));
        assert!(late.is_open_at(at("00:00")));
        assert!(late.is_open_at(at("01:59")));
        assert!(!late.is_open_at(at("02:00")));
        assert!(!late.is_open_at(at("12:00")));
    }

    #[test]
    fn malformed_times_are_refused_with_the_text_and_never_close_the_kiosk() {
        for bad in ["24:00", "9:00", "10:60", "10.00", "", "ab:cd"] {
            let error = hours(bad, "22:00").validate().unwrap_err();
            assert!(error.contains(&format!("{bad:?}")), "{error}");
            assert!(hours(bad, "22:00").is_open_at(at("05:00")));
        }
        assert!(hours("10:00", "10:00")
            .validate()
            .unwrap_err()
            .contains("same time"));
    }
}
