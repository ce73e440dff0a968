//! Proof of play: what the kiosk showed and how visitors used it, counted per local day, kept on
//! disk with the same power-loss-safe layer as the settings, shown in the operator panel and
//! exported as CSV. Nothing here can tell one visitor from another: only counts and durations.

use crate::settings::durable::{self, Source, Stored};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

pub const STATS_FILE: &str = "stats.json";

/// Days older than this are dropped, so a kiosk left running for years keeps a small file.
const KEPT_DAYS: usize = 400;
/// Distinct screens or languages counted per day; more would only come from a misbehaving page.
const MAX_KEYS_PER_DAY: usize = 64;
/// A session longer than a day is a stuck page, not a visitor.
const MAX_SESSION_SECS: u64 = 24 * 60 * 60;

/// One thing worth counting, as the page reports it (`{"kind": "screen-visit", "screen": "law"}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
// Fields beyond the variant's own are dropped by serde here; only the variant's fields are kept.
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PlayEvent {
    /// The attract video reached its end and began again.
    AttractLoop,
    /// The trailer began, in the visitor's language, with captions on or off (for the fleet's
    /// proof of play; older pages send neither).
    TrailerStart {
        #[serde(default)]
        language: Option<String>,
        #[serde(default)]
        captions: bool,
    },
    /// The trailer played to its end.
    TrailerComplete,
    ScreenVisit {
        screen: String,
    },
    LanguageChosen {
        language: String,
    },
    /// A visitor's session (from leaving the attract loop to the return to rest) ended.
    SessionEnd {
        secs: u64,
    },
}

impl PlayEvent {
    /// Refuses what no honest page sends, so nothing odd is ever written to disk.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            PlayEvent::ScreenVisit { screen } if !is_screen_name(screen) => {
                Err(format!("screen {screen:?} is not a screen name"))
            }
            PlayEvent::LanguageChosen { language }
            | PlayEvent::TrailerStart {
                language: Some(language),
                ..
            } if !crate::content::is_language_tag(language) => {
                Err(format!("language {language:?} is not a language tag"))
            }
            PlayEvent::SessionEnd { secs } if *secs > MAX_SESSION_SECS => {
                Err(format!("a session of {secs} s is longer than a day"))
            }
            _ => Ok(()),
        }
    }
}

fn is_screen_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The counts of one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DayCounts {
    pub attract_loops: u64,
    pub trailer_starts: u64,
    pub trailer_completions: u64,
    pub sessions: u64,
    /// All sessions together; with `sessions`, the average.
    pub session_secs: u64,
    pub longest_session_secs: u64,
    pub screens: BTreeMap<String, u64>,
    pub languages: BTreeMap<String, u64>,
}

impl DayCounts {
    fn record(&mut self, event: &PlayEvent) {
        match event {
            PlayEvent::AttractLoop => self.attract_loops += 1,
            PlayEvent::TrailerStart { .. } => self.trailer_starts += 1,
            PlayEvent::TrailerComplete => self.trailer_completions += 1,
            PlayEvent::ScreenVisit { screen } => count_key(&mut self.screens, screen),
            PlayEvent::LanguageChosen { language } => count_key(&mut self.languages, language),
            PlayEvent::SessionEnd { secs } => {
                self.sessions += 1;
                self.session_secs += secs;
                self.longest_session_secs = self.longest_session_secs.max(*secs);
            }
        }
    }

    fn add(&mut self, other: &DayCounts) {
        self.attract_loops += other.attract_loops;
        self.trailer_starts += other.trailer_starts;
        self.trailer_completions += other.trailer_completions;
        self.sessions += other.sessions;
        self.session_secs += other.session_secs;
        self.longest_session_secs = self.longest_session_secs.max(other.longest_session_secs);
        for (key, n) in &other.screens {
            *self.screens.entry(key.clone()).or_default() += n;
        }
        for (key, n) in &other.languages {
            *self.languages.entry(key.clone()).or_default() += n;
        }
    }
}

fn count_key(counts: &mut BTreeMap<String, u64>, key: &str) {
    if let Some(n) = counts.get_mut(key) {
        *n += 1;
    } else if counts.len() < MAX_KEYS_PER_DAY {
        counts.insert(key.to_string(), 1);
    }
}

/// Every day the kiosk counted, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatsBook {
    pub days: BTreeMap<NaiveDate, DayCounts>,
}

impl Stored for StatsBook {
    const KEY: &'static str = "stats";

    fn validate(&self) -> Result<(), String> {
        if self.days.len() > KEPT_DAYS + 1 {
            return Err(format!(
                "{} days counted, more than the {KEPT_DAYS} kept",
                self.days.len()
            ));
        }
        Ok(())
    }
}

impl StatsBook {
    pub fn record(&mut self, event: &PlayEvent, day: NaiveDate) {
        self.days.entry(day).or_default().record(event);
        while self.days.len() > KEPT_DAYS {
            self.days.pop_first();
        }
    }

    pub fn day(&self, day: NaiveDate) -> DayCounts {
        self.days.get(&day).cloned().unwrap_or_default()
    }

    pub fn total(&self) -> DayCounts {
        let mut total = DayCounts::default();
        for counts in self.days.values() {
            total.add(counts);
        }
        total
    }

    /// One row per day; the screens and languages ever seen each get a column, so a spreadsheet
    /// opens it as it is.
    pub fn to_csv(&self) -> String {
        let screens: std::collections::BTreeSet<&String> =
            self.days.values().flat_map(|d| d.screens.keys()).collect();
        let languages: std::collections::BTreeSet<&String> = self
            .days
            .values()
            .flat_map(|d| d.languages.keys())
            .collect();
        let mut header = vec![
            "date".to_string(),
            "attract_loops".into(),
            "trailer_starts".into(),
            "trailer_completions".into(),
            "sessions".into(),
            "session_seconds_total".into(),
            "session_seconds_longest".into(),
        ];
        header.extend(screens.iter().map(|s| format!("screen_{s}")));
        header.extend(languages.iter().map(|l| format!("language_{l}")));
        let mut csv = header.join(",");
        csv.push('\n');
        for (day, d) in &self.days {
            let mut row = vec![
                day.to_string(),
                d.attract_loops.to_string(),
                d.trailer_starts.to_string(),
                d.trailer_completions.to_string(),
                d.sessions.to_string(),
                d.session_secs.to_string(),
                d.longest_session_secs.to_string(),
            ];
            row.extend(
                screens
                    .iter()
                    .map(|s| d.screens.get(*s).copied().unwrap_or(0).to_string()),
            );
            row.extend(
                languages
                    .iter()
                    .map(|l| d.languages.get(*l).copied().unwrap_or(0).to_string()),
            );
            csv.push_str(&row.join(","));
            csv.push('\n');
        }
        csv
    }
}

/// What the operator panel shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsView {
    pub uptime_secs: u64,
    pub today: DayCounts,
    pub total: DayCounts,
    /// The first day counted, when any was.
    pub since: Option<NaiveDate>,
}

/// The running kiosk's statistics: counted in memory, written to disk by `flush` (the caller runs
/// it on a timer and at exit), so a power cut loses at most the counts since the last flush.
pub struct PlayStats {
    started: Instant,
    path: Option<PathBuf>,
    book: Mutex<(StatsBook, bool)>,
}

impl Default for PlayStats {
    /// Counts kept in memory only (tests, or no data folder).
    fn default() -> Self {
        Self {
            started: Instant::now(),
            path: None,
            book: Mutex::new((StatsBook::default(), false)),
        }
    }
}

impl PlayStats {
    /// The statistics saved in `path`; a damaged file falls back to its last good copy, and is logged.
    pub fn load(path: &Path) -> Self {
        let (book, source) = durable::load::<StatsBook>(path);
        match source {
            Source::Saved | Source::FirstRun => {}
            Source::LastGood { problem } => {
                log::warn!("statistics: {problem}; using the last good copy")
            }
            Source::Defaults { problem } => {
                log::error!("statistics: {problem}; counting starts again from zero")
            }
        }
        Self {
            started: Instant::now(),
            path: Some(path.to_path_buf()),
            book: Mutex::new((book, false)),
        }
    }

    pub fn record(&self, event: &PlayEvent, day: NaiveDate) -> Result<(), String> {
        event.validate()?;
        let mut book = self.book.lock().unwrap_or_else(|e| e.into_inner());
        book.0.record(event, day);
        book.1 = true;
        Ok(())
    }

    /// Writes the counts if anything changed since the last write.
    pub fn flush(&self) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let mut book = self.book.lock().unwrap_or_else(|e| e.into_inner());
        if !book.1 {
            return Ok(());
        }
        durable::save(path, &book.0)?;
        book.1 = false;
        Ok(())
    }

    pub fn view(&self, today: NaiveDate) -> StatsView {
        let book = self.book.lock().unwrap_or_else(|e| e.into_inner());
        StatsView {
            uptime_secs: self.started.elapsed().as_secs(),
            today: book.0.day(today),
            total: book.0.total(),
            since: book.0.days.keys().next().copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn event(value: serde_json::Value) -> PlayEvent {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn each_kind_counts_separately_per_day_and_kinds_arrive_in_kebab_case() {
        let stats = PlayStats::default();
        let monday = day("2026-11-23");
        let tuesday = day("2026-11-24");
        for kind in ["attract-loop", "attract-loop", "trailer-start"] {
            stats
                .record(&event(json!({ "kind": kind })), monday)
                .unwrap();
        }
        stats
            .record(&event(json!({ "kind": "trailer-complete" })), tuesday)
            .unwrap();
        let view = stats.view(tuesday);
        assert_eq!(
            (view.today.attract_loops, view.today.trailer_completions),
            (0, 1)
        );
        assert_eq!(
            (
                view.total.attract_loops,
                view.total.trailer_starts,
                view.total.trailer_completions
            ),
            (2, 1, 1)
        );
        assert_eq!(view.since, Some(monday));
        assert!(serde_json::from_value::<PlayEvent>(json!({ "kind": "visitor-name" })).is_err());
    }

    #[test]
    fn screens_languages_and_sessions_are_counted() {
        let mut book = StatsBook::default();
        let today = day("2026-11-26");
        for e in [
            json!({ "kind": "screen-visit", "screen": "law" }),
            json!({ "kind": "screen-visit", "screen": "law" }),
            json!({ "kind": "screen-visit", "screen": "credits" }),
            json!({ "kind": "language-chosen", "language": "ru" }),
            json!({ "kind": "session-end", "secs": 40 }),
            json!({ "kind": "session-end", "secs": 200 }),
        ] {
            book.record(&event(e), today);
        }
        let d = book.day(today);
        assert_eq!(d.screens.get("law"), Some(&2));
        assert_eq!(d.screens.get("credits"), Some(&1));
        assert_eq!(d.languages.get("ru"), Some(&1));
        assert_eq!(
            (d.sessions, d.session_secs, d.longest_session_secs),
            (2, 240, 200)
        );
    }

    #[test]
    fn odd_events_are_refused_before_they_reach_the_disk() {
        let stats = PlayStats::default();
        let today = day("2026-11-26");
        for bad in [
            json!({ "kind": "screen-visit", "screen": "<img src=x>" }),
            json!({ "kind": "screen-visit", "screen": "" }),
            json!({ "kind": "language-chosen", "language": "english please" }),
            json!({ "kind": "session-end", "secs": 90_000 }),
        ] {
            let e = event(bad.clone());
            assert!(stats.record(&e, today).is_err(), "{bad} is refused");
        }
        assert_eq!(stats.view(today).total, DayCounts::default());
    }

    #[test]
    fn a_flood_of_distinct_keys_and_years_of_days_stay_bounded() {
        let mut book = StatsBook::default();
        let first = day("2024-01-01");
        for n in 0..100 {
            book.record(
                &PlayEvent::ScreenVisit {
                    screen: format!("screen-{n}"),
                },
                first,
            );
        }
        assert_eq!(book.day(first).screens.len(), MAX_KEYS_PER_DAY);
        for n in 0..(KEPT_DAYS as u64 + 30) {
            book.record(&PlayEvent::AttractLoop, first + chrono::Days::new(n));
        }
        assert_eq!(book.days.len(), KEPT_DAYS);
        assert!(book.validate().is_ok());
        assert!(!book.days.contains_key(&first), "the oldest days go first");
    }

    #[test]
    fn csv_has_a_row_per_day_and_a_column_per_screen_and_language() {
        let mut book = StatsBook::default();
        book.record(&PlayEvent::AttractLoop, day("2026-11-25"));
        book.record(
            &PlayEvent::ScreenVisit {
                screen: "law".into(),
            },
            day("2026-11-26"),
        );
        book.record(
            &PlayEvent::LanguageChosen {
                language: "ru".into(),
            },
            day("2026-11-26"),
        );
        book.record(&PlayEvent::SessionEnd { secs: 75 }, day("2026-11-26"));
        assert_eq!(
            book.to_csv(),
            "date,attract_loops,trailer_starts,trailer_completions,sessions,session_seconds_total,session_seconds_longest,screen_law,language_ru\n\
             2026-11-25,1,0,0,0,0,0,0,0\n\
             2026-11-26,0,0,0,1,75,75,1,1\n"
        );
    }

    #[test]
    fn counts_survive_a_restart_and_a_damaged_file_falls_back_to_the_last_good_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STATS_FILE);
        let today = day("2026-11-26");

        let stats = PlayStats::load(&path);
        stats.record(&PlayEvent::AttractLoop, today).unwrap();
        stats.flush().unwrap();
        stats
            .record(
                &PlayEvent::TrailerStart {
                    language: None,
                    captions: false,
                },
                today,
            )
            .unwrap();
        stats.flush().unwrap();
        assert_eq!(PlayStats::load(&path).view(today).total.trailer_starts, 1);

        // A write cut short by a power failure (what the atomic save prevents, done by hand here).
        std::fs::write(&path, b"{\"stats\": {\"days\": {\"2026-11").unwrap();
        let after_damage = PlayStats::load(&path).view(today).total;
        assert_eq!(
            (after_damage.attract_loops, after_damage.trailer_starts),
            (1, 0),
            "the copy kept before the last save"
        );
    }

    #[test]
    fn nothing_is_written_when_nothing_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(STATS_FILE);
        PlayStats::load(&path).flush().unwrap();
        assert!(!path.exists());
    }
}
