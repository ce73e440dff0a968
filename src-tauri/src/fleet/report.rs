//! `screening-kiosk fleet`: the anchor laptop's view of every kiosk, read from the status folders
//! Syncthing brings it (`STATUS_DIR/status-<kiosk-id>/`, see `status`). Pure Rust: it reads files
//! and renders text, JSON (`--format json`) or a self-contained HTML page (`html`), and merges the
//! proof of play into one CSV (`plays`). The time is always a parameter, so tests are exact.
//!
//! Every byte of a status folder came from another machine: a heartbeat larger than
//! `status::MAX_HEARTBEAT_BYTES` is refused unread, a symlink is never followed, a FIFO never
//! blocks, and a broken file costs its kiosk a row with a problem, never the report.
//!
//! When a kiosk was last seen: Syncthing copies a file's modification time from the sender, so
//! the modification time only repeats the kiosk's clock. The anchor's own record of the arrival is
//! the file's status-change time (Unix; elsewhere the modification time stands in). A kiosk counts
//! as seen at the earlier of its `writtenAt` and that arrival, so neither a kiosk clock running
//! ahead nor a tool touching the file on the anchor makes a dead kiosk look alive.
//!
//! The JSON report (`--format json`), one object:
//! - `generated_at` (RFC 3339, UTC), `status_dir`, `silent_after_secs` (the `--silent-after`
//!   override, or null);
//! - `summary`: `kiosks`, and one count per verdict: `ok`, `waiting`, `refused`, `problem`,
//!   `silent`;
//! - `kiosks`: one row per `status-*` folder, sorted by `kiosk_id`, each with `kiosk_id` (from the
//!   folder's name), `folder`, `verdict` (`ok` | `waiting` | `refused` | `problem` | `silent`; the
//!   most urgent that applies, silent first), `name`, `app_version`, `written_at` (the kiosk's
//!   clock), `arrived_at` (the anchor's), `last_seen`, `last_seen_secs_ago`, `silent_after_secs`,
//!   `clock_skew_secs` (`written_at` minus `arrived_at`: positive when the kiosk's clock is ahead),
//!   `uptime_secs`, `showing`, `display_power`, `maintenance`, `pack_shown`, `pack_desired`,
//!   `fleet_state`, `fleet_detail`, `last_fault` (`at`, `fault`, `recovery`), `plays_today`,
//!   `plays_today_from` (`plays-file` | `heartbeat`), `free_disk_bytes`, and `problems`;
//! - `problems`: what is wrong with STATUS_DIR itself (no status folder, too many).
//!
//! A problem is `{file, line, column, message}`: the full path of the file at fault, serde_json's
//! line and column when it could not parse it (otherwise null), and what is wrong.

mod html;
pub mod plays;
mod read;
mod text;

use super::status::{
    self, DisplayPower, FaultRecord, FleetState, Heartbeat, PlayItem, PlayRecord, Showing,
};
use crate::content::printable;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub use read::MAX_KIOSK_FOLDERS;

/// The shortest silence that makes a kiosk silent when nothing overrides it.
pub const MIN_SILENT_AFTER_SECS: u64 = 180;
/// Heartbeats missed before a kiosk is called silent.
pub const SILENT_AFTER_INTERVALS: u64 = 3;
/// However long a kiosk says it waits between heartbeats, a day of silence is silent.
pub const MAX_SILENT_AFTER_SECS: u64 = 24 * 60 * 60;
/// A heartbeat written further ahead of its arrival than this comes from a clock running ahead.
pub const CLOCK_AHEAD_TOLERANCE_SECS: i64 = 120;

/// What the reader of a report may choose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Seconds without a heartbeat before a kiosk is silent, for every kiosk (`--silent-after`).
    pub silent_after_secs: Option<u64>,
}

/// The most urgent thing to know about a kiosk, least urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Heard from recently, showing the pack the fleet asks for (or a local one).
    Ok,
    /// Still receiving the desired pack; not an alarm.
    Waiting,
    /// Refused the desired pack: it shows the last good one.
    Refused,
    /// Its heartbeat cannot be trusted or read (see its problems).
    Problem,
    /// No heartbeat for longer than its silence threshold.
    Silent,
}

impl Verdict {
    /// Whether a cron job should hear about it (`fleet` exits 1).
    pub fn alerts(self) -> bool {
        !matches!(self, Verdict::Ok | Verdict::Waiting)
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Waiting => "waiting",
            Verdict::Refused => "refused",
            Verdict::Problem => "problem",
            Verdict::Silent => "silent",
        }
    }
}

/// Something wrong with one file: the full path, where in it when known, and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusProblem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl StatusProblem {
    fn new(file: &Path, message: impl Into<String>) -> Self {
        StatusProblem {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// serde_json's message without its " at line L column C", which goes into the fields.
    fn json(file: &Path, what: &str, error: &serde_json::Error) -> Self {
        let full = error.to_string();
        let position = format!(" at line {} column {}", error.line(), error.column());
        let message = full.strip_suffix(&position).unwrap_or(&full);
        StatusProblem {
            file: file.to_path_buf(),
            line: (error.line() > 0).then_some(error.line()),
            column: (error.line() > 0).then_some(error.column()),
            message: format!("{what}: {message}"),
        }
    }
}

/// One line, whatever the path or message holds: control characters escaped (see `printable`).
impl fmt::Display for StatusProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", printable(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", printable(&self.message))
    }
}

/// Where a kiosk's count of today's trailer plays came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaysSource {
    /// Today's `plays/YYYY-MM-DD.jsonl` (UTC day), one line per play.
    PlaysFile,
    /// The heartbeat's own `today` counts, when no plays file is there yet.
    Heartbeat,
}

/// One kiosk, as the table shows it. Strings are as the kiosk wrote them: escape before showing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KioskRow {
    pub kiosk_id: String,
    pub folder: PathBuf,
    pub verdict: Verdict,
    pub name: Option<String>,
    pub app_version: Option<String>,
    pub written_at: Option<DateTime<Utc>>,
    pub arrived_at: Option<DateTime<Utc>>,
    pub last_seen: Option<DateTime<Utc>>,
    pub last_seen_secs_ago: Option<u64>,
    pub silent_after_secs: u64,
    pub clock_skew_secs: Option<i64>,
    pub uptime_secs: Option<u64>,
    pub showing: Option<Showing>,
    pub display_power: Option<DisplayPower>,
    pub maintenance: bool,
    pub pack_shown: Option<String>,
    pub pack_desired: Option<String>,
    pub fleet_state: Option<FleetState>,
    pub fleet_detail: Option<String>,
    pub last_fault: Option<FaultRecord>,
    pub plays_today: Option<u64>,
    pub plays_today_from: Option<PlaysSource>,
    pub free_disk_bytes: Option<u64>,
    pub problems: Vec<StatusProblem>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub kiosks: usize,
    pub ok: usize,
    pub waiting: usize,
    pub refused: usize,
    pub problem: usize,
    pub silent: usize,
}

/// The whole fleet at one moment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FleetReport {
    pub generated_at: DateTime<Utc>,
    pub status_dir: PathBuf,
    pub silent_after_secs: Option<u64>,
    pub summary: Summary,
    pub kiosks: Vec<KioskRow>,
    pub problems: Vec<StatusProblem>,
}

impl FleetReport {
    /// Whether anything deserves an alert: a kiosk silent, refused or with a problem, or a problem
    /// with STATUS_DIR itself.
    pub fn alerts(&self) -> bool {
        !self.problems.is_empty() || self.kiosks.iter().any(|k| k.verdict.alerts())
    }

    /// `N kiosks: X silent, Y refused, Z waiting, P with a problem, K ok`.
    pub fn summary_line(&self) -> String {
        let s = &self.summary;
        format!(
            "{} kiosk{}: {} silent, {} refused, {} waiting, {} with a problem, {} ok",
            s.kiosks,
            if s.kiosks == 1 { "" } else { "s" },
            s.silent,
            s.refused,
            s.waiting,
            s.problem,
            s.ok
        )
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }

    /// The table for a terminal, one line per kiosk, then what needs explaining, then the summary.
    pub fn to_text(&self) -> String {
        text::table(self)
    }

    /// The self-contained page for staff; times shown at `offset` (the anchor's time zone).
    pub fn to_html(&self, offset: FixedOffset) -> String {
        html::page(self, offset)
    }
}

/// Reads every `status-*` folder of `status_dir` as of `now`. Errs only when `status_dir` itself
/// cannot be listed; everything wrong inside it is a problem in the report.
pub fn read_fleet(
    status_dir: &Path,
    now: DateTime<Utc>,
    options: Options,
) -> io::Result<FleetReport> {
    let listing = read::list_status_folders(status_dir)?;
    let mut problems = listing.problems;
    let kiosks: Vec<KioskRow> = listing
        .folders
        .iter()
        .map(|folder| read_kiosk(folder, now, options))
        .collect();
    if kiosks.is_empty() && problems.is_empty() {
        problems.push(StatusProblem::new(
            status_dir,
            "no status-<kiosk-id> folder here: is this the folder Syncthing receives the kiosks' status folders in?",
        ));
    }
    let mut summary = Summary {
        kiosks: kiosks.len(),
        ..Summary::default()
    };
    for kiosk in &kiosks {
        *match kiosk.verdict {
            Verdict::Ok => &mut summary.ok,
            Verdict::Waiting => &mut summary.waiting,
            Verdict::Refused => &mut summary.refused,
            Verdict::Problem => &mut summary.problem,
            Verdict::Silent => &mut summary.silent,
        } += 1;
    }
    Ok(FleetReport {
        generated_at: now,
        status_dir: status_dir.to_path_buf(),
        silent_after_secs: options.silent_after_secs,
        summary,
        kiosks,
        problems,
    })
}

/// A heartbeat as read, with when it reached this disk.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub heartbeat: Heartbeat,
    /// The anchor's clock when the file landed (see the module's notes).
    pub arrived_at: Option<DateTime<Utc>>,
}

fn read_kiosk(folder: &read::StatusFolder, now: DateTime<Utc>, options: Options) -> KioskRow {
    let heartbeat_path = folder.path.join(status::HEARTBEAT_FILE);
    let heartbeat = match &folder.refused {
        Some(problem) => Err(problem.clone()),
        None => read_heartbeat(&heartbeat_path),
    };
    let today = now.date_naive();
    let plays_in_file = match &folder.refused {
        Some(_) => None,
        None => count_trailer_plays(&folder.path, &folder.id, today),
    };
    judge(
        &folder.id,
        &folder.path,
        heartbeat,
        plays_in_file,
        now,
        options,
    )
}

fn read_heartbeat(path: &Path) -> Result<Received, StatusProblem> {
    let file = read::read_heartbeat_file(path).map_err(|why| StatusProblem::new(path, why))?;
    Ok(Received {
        heartbeat: parse_heartbeat(path, &file.bytes)?,
        arrived_at: file.arrived_at,
    })
}

/// The heartbeat in `bytes`, or what is wrong with it: not JSON, another format, another shape.
pub fn parse_heartbeat(path: &Path, bytes: &[u8]) -> Result<Heartbeat, StatusProblem> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| StatusProblem::json(path, "heartbeat is not valid JSON", &e))?;
    match value.get("format").and_then(serde_json::Value::as_u64) {
        None => {
            return Err(StatusProblem::new(
                path,
                "heartbeat has no format number: not a screening-kiosk heartbeat",
            ))
        }
        Some(format) if format != u64::from(status::STATUS_FORMAT) => {
            return Err(StatusProblem::new(
                path,
                format!(
                    "heartbeat is format {format}; this screening-kiosk reads format {}: update the anchor's screening-kiosk to the kiosks' version",
                    status::STATUS_FORMAT
                ),
            ))
        }
        Some(_) => {}
    }
    // Parsed again from the bytes so a wrong field is reported with its line and column.
    serde_json::from_slice(bytes).map_err(|e| StatusProblem::json(path, "not a heartbeat", &e))
}

/// Today's trailer plays in `plays/<today>.jsonl`, or `None` when there is no such file to read.
fn count_trailer_plays(folder: &Path, kiosk_id: &str, today: NaiveDate) -> Option<u64> {
    let path = plays::day_file(folder, today);
    let file = read::read_plays_file(folder, &path).ok()??;
    let count = file
        .bytes
        .split(|b| *b == b'\n')
        .filter_map(|line| serde_json::from_slice::<PlayRecord>(line).ok())
        .filter(|play| play.item == PlayItem::Trailer && play.kiosk_id == kiosk_id)
        .count();
    Some(count as u64)
}

/// The row for one kiosk from what was read: pure, so the rules can be tested to the second.
pub fn judge(
    kiosk_id: &str,
    folder: &Path,
    heartbeat: Result<Received, StatusProblem>,
    plays_in_file: Option<u64>,
    now: DateTime<Utc>,
    options: Options,
) -> KioskRow {
    let mut row = KioskRow {
        kiosk_id: kiosk_id.to_string(),
        folder: folder.to_path_buf(),
        verdict: Verdict::Problem,
        name: None,
        app_version: None,
        written_at: None,
        arrived_at: None,
        last_seen: None,
        last_seen_secs_ago: None,
        silent_after_secs: options.silent_after_secs.unwrap_or(MIN_SILENT_AFTER_SECS),
        clock_skew_secs: None,
        uptime_secs: None,
        showing: None,
        display_power: None,
        maintenance: false,
        pack_shown: None,
        pack_desired: None,
        fleet_state: None,
        fleet_detail: None,
        last_fault: None,
        plays_today: plays_in_file,
        plays_today_from: plays_in_file.map(|_| PlaysSource::PlaysFile),
        free_disk_bytes: None,
        problems: Vec::new(),
    };
    let Received {
        heartbeat,
        arrived_at,
    } = match heartbeat {
        Ok(received) => received,
        Err(problem) => {
            row.problems.push(problem);
            return row;
        }
    };
    let heartbeat_path = folder.join(status::HEARTBEAT_FILE);
    if heartbeat.kiosk_id != kiosk_id {
        row.problems.push(StatusProblem::new(
            &heartbeat_path,
            format!(
                "heartbeat is kiosk {:?}'s, not {kiosk_id:?}'s (a copied status folder, or two kiosks with one id?)",
                heartbeat.kiosk_id
            ),
        ));
    }
    row.silent_after_secs = options.silent_after_secs.unwrap_or_else(|| {
        heartbeat
            .interval_secs
            .saturating_mul(SILENT_AFTER_INTERVALS)
            .clamp(MIN_SILENT_AFTER_SECS, MAX_SILENT_AFTER_SECS)
    });
    row.written_at = Some(heartbeat.written_at);
    row.arrived_at = arrived_at;
    let last_seen = arrived_at.map_or(heartbeat.written_at, |arrived| {
        arrived.min(heartbeat.written_at)
    });
    row.last_seen = Some(last_seen);
    let ago = u64::try_from((now - last_seen).num_seconds()).unwrap_or(0);
    row.last_seen_secs_ago = Some(ago);
    if let Some(arrived) = arrived_at {
        let skew = (heartbeat.written_at - arrived).num_seconds();
        row.clock_skew_secs = Some(skew);
        if skew > CLOCK_AHEAD_TOLERANCE_SECS {
            row.problems.push(StatusProblem::new(
                &heartbeat_path,
                format!(
                    "clock ahead by {}: written at {} by the kiosk's clock, arrived at {} by this one's",
                    duration_words(skew.unsigned_abs()),
                    heartbeat.written_at.format("%Y-%m-%d %H:%M:%S UTC"),
                    arrived.format("%Y-%m-%d %H:%M:%S UTC"),
                ),
            ));
        }
    }
    if plays_in_file.is_none() && heartbeat.today.day == Some(now.date_naive()) {
        row.plays_today = Some(heartbeat.today.trailer_starts);
        row.plays_today_from = Some(PlaysSource::Heartbeat);
    }
    row.verdict = if ago > row.silent_after_secs {
        Verdict::Silent
    } else if !row.problems.is_empty() {
        Verdict::Problem
    } else {
        match heartbeat.fleet.state {
            FleetState::Refused | FleetState::BadPlan => Verdict::Refused,
            FleetState::Waiting => Verdict::Waiting,
            FleetState::Local | FleetState::Current | FleetState::NoPlan => Verdict::Ok,
        }
    };
    row.name = Some(heartbeat.kiosk_name);
    row.app_version = Some(heartbeat.app_version);
    row.uptime_secs = Some(heartbeat.uptime_secs);
    row.showing = Some(heartbeat.showing);
    row.display_power = Some(heartbeat.display_power);
    row.maintenance = heartbeat.fleet.maintenance;
    row.pack_shown = heartbeat.pack.map(|pack| pack.name);
    row.pack_desired = heartbeat.fleet.desired;
    row.fleet_state = Some(heartbeat.fleet.state);
    row.fleet_detail = heartbeat.fleet.detail;
    row.last_fault = heartbeat.last_fault;
    row.free_disk_bytes = heartbeat.free_disk_bytes;
    row
}

/// `45 s`, `12 min`, `2 h 5 min`, `3 d 4 h`: as precise as a glance needs.
pub fn duration_words(secs: u64) -> String {
    const MINUTE: u64 = 60;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    match secs {
        s if s < MINUTE => format!("{s} s"),
        s if s < HOUR => format!("{} min", s / MINUTE),
        s if s < DAY => match (s % HOUR) / MINUTE {
            0 => format!("{} h", s / HOUR),
            m => format!("{} h {m} min", s / HOUR),
        },
        s => match (s % DAY) / HOUR {
            0 => format!("{} d", s / DAY),
            h => format!("{} d {h} h", s / DAY),
        },
    }
}

/// Free disk in decimal units, as file managers show it.
pub fn bytes_words(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// At most `max` characters of `text`, with an ellipsis when cut: a hostile kiosk may write a name
/// as long as its whole heartbeat.
pub fn clipped(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((at, _)) if text[at..].chars().nth(1).is_some() => {
            std::borrow::Cow::Owned(format!("{}…", &text[..at]))
        }
        _ => std::borrow::Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fleet::status::{FleetProgress, PackShown, TodayCounts};
    use chrono::{Duration, TimeZone};

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_750_000_000 + secs, 0).unwrap()
    }

    fn heartbeat(id: &str, written_at: DateTime<Utc>) -> Heartbeat {
        Heartbeat {
            format: status::STATUS_FORMAT,
            kiosk_id: id.into(),
            kiosk_name: format!("Kiosk {id}"),
            app_version: "0.1.0".into(),
            written_at,
            uptime_secs: 3600,
            interval_secs: 60,
            pack: Some(PackShown {
                name: "trailer@3".into(),
                digest: None,
            }),
            fleet: FleetProgress {
                desired: Some("trailer@3".into()),
                state: FleetState::Current,
                detail: None,
                maintenance: false,
            },
            showing: Showing::Attract,
            display_power: DisplayPower::On,
            last_fault: None,
            free_disk_bytes: Some(41_200_000_000),
            today: TodayCounts::default(),
        }
    }

    /// The row of a heartbeat written at `written` that arrived at `arrived`, judged at `now`.
    fn row_of(beat: Heartbeat, arrived: i64, now: i64, options: Options) -> KioskRow {
        let id = beat.kiosk_id.clone();
        let received = Received {
            heartbeat: beat,
            arrived_at: Some(at(arrived)),
        };
        let folder = Path::new("/sync").join(format!("status-{id}"));
        judge(&id, &folder, Ok(received), None, at(now), options)
    }

    #[test]
    fn a_kiosk_is_silent_after_three_of_its_intervals_and_not_a_second_before() {
        let fine = row_of(heartbeat("foyer-1", at(0)), 1, 180, Options::default());
        assert_eq!(fine.verdict, Verdict::Ok);
        assert_eq!(fine.silent_after_secs, 180);
        let silent = row_of(heartbeat("foyer-1", at(0)), 1, 181, Options::default());
        assert_eq!(silent.verdict, Verdict::Silent);
        assert_eq!(silent.last_seen_secs_ago, Some(181));

        let mut slow = heartbeat("foyer-1", at(0));
        slow.interval_secs = 300;
        assert_eq!(
            row_of(slow.clone(), 1, 899, Options::default()).verdict,
            Verdict::Ok
        );
        assert_eq!(
            row_of(slow.clone(), 1, 901, Options::default()).verdict,
            Verdict::Silent
        );
        slow.interval_secs = u64::MAX;
        assert_eq!(
            row_of(slow, 1, 0, Options::default()).silent_after_secs,
            MAX_SILENT_AFTER_SECS
        );

        let mut quick = heartbeat("foyer-1", at(0));
        quick.interval_secs = 5;
        assert_eq!(
            row_of(quick, 1, 0, Options::default()).silent_after_secs,
            MIN_SILENT_AFTER_SECS
        );
        let asked = Options {
            silent_after_secs: Some(30),
        };
        assert_eq!(
            row_of(heartbeat("foyer-1", at(0)), 1, 31, asked).verdict,
            Verdict::Silent
        );
    }

    #[test]
    fn a_kiosk_is_seen_only_as_recently_as_both_its_clock_and_the_arrival_say() {
        // Touched on the anchor long after the kiosk fell silent: still silent.
        let touched = row_of(heartbeat("foyer-1", at(0)), 3000, 3000, Options::default());
        assert_eq!(touched.verdict, Verdict::Silent);
        assert_eq!(touched.last_seen, Some(at(0)));
        // A clock an hour ahead: seen when it arrived, and flagged.
        let ahead = row_of(heartbeat("foyer-1", at(3600)), 0, 10, Options::default());
        assert_eq!(ahead.last_seen, Some(at(0)));
        assert_eq!(ahead.clock_skew_secs, Some(3600));
        assert_eq!(ahead.verdict, Verdict::Problem);
        assert!(
            ahead.problems[0]
                .message
                .starts_with("clock ahead by 1 h: written at"),
            "{:?}",
            ahead.problems
        );
        assert_eq!(
            ahead.problems[0].file,
            Path::new("/sync/status-foyer-1/heartbeat.json")
        );
        // Within the tolerance it is only a figure.
        let close = row_of(
            heartbeat("foyer-1", at(CLOCK_AHEAD_TOLERANCE_SECS)),
            0,
            10,
            Options::default(),
        );
        assert_eq!(close.verdict, Verdict::Ok);
        assert!(close.problems.is_empty());
    }

    #[test]
    fn the_verdict_is_the_most_urgent_thing_about_a_kiosk() {
        let with_state = |state: FleetState| {
            let mut beat = heartbeat("foyer-1", at(0));
            beat.fleet.state = state;
            beat.fleet.detail = Some("trailer.mp4 is not as checksums.sha256 says".into());
            beat
        };
        let judged = |beat, now| row_of(beat, 0, now, Options::default()).verdict;
        assert_eq!(
            judged(with_state(FleetState::Refused), 10),
            Verdict::Refused
        );
        assert_eq!(
            judged(with_state(FleetState::Waiting), 10),
            Verdict::Waiting
        );
        assert_eq!(judged(with_state(FleetState::NoPlan), 10), Verdict::Ok);
        assert_eq!(judged(with_state(FleetState::Local), 10), Verdict::Ok);
        assert_eq!(
            judged(with_state(FleetState::Refused), 1000),
            Verdict::Silent
        );
        let mut other = with_state(FleetState::Refused);
        other.kiosk_id = "foyer-2".into();
        let row = judge(
            "foyer-1",
            Path::new("/sync/status-foyer-1"),
            Ok(Received {
                heartbeat: other,
                arrived_at: Some(at(0)),
            }),
            None,
            at(10),
            Options::default(),
        );
        assert_eq!(row.verdict, Verdict::Problem);
        assert!(row.problems[0]
            .message
            .contains("kiosk \"foyer-2\"'s, not \"foyer-1\"'s"));
        assert!(!Verdict::Waiting.alerts() && !Verdict::Ok.alerts());
        assert!(Verdict::Refused.alerts() && Verdict::Problem.alerts() && Verdict::Silent.alerts());
    }

    #[test]
    fn plays_today_come_from_the_plays_file_else_from_todays_heartbeat_counts() {
        let mut beat = heartbeat("foyer-1", at(0));
        beat.today = TodayCounts {
            day: Some(at(0).date_naive()),
            trailer_starts: 7,
            ..TodayCounts::default()
        };
        let row = row_of(beat.clone(), 0, 10, Options::default());
        assert_eq!(
            (row.plays_today, row.plays_today_from),
            (Some(7), Some(PlaysSource::Heartbeat))
        );
        beat.today.day = Some(at(0).date_naive() - Duration::days(1));
        assert_eq!(
            row_of(beat.clone(), 0, 10, Options::default()).plays_today,
            None
        );
        let received = Received {
            heartbeat: beat,
            arrived_at: Some(at(0)),
        };
        let row = judge(
            "foyer-1",
            Path::new("/s"),
            Ok(received),
            Some(3),
            at(10),
            Options::default(),
        );
        assert_eq!(
            (row.plays_today, row.plays_today_from),
            (Some(3), Some(PlaysSource::PlaysFile))
        );
    }

    #[test]
    fn a_broken_heartbeat_is_named_with_its_line_and_column() {
        let path = Path::new("/sync/status-foyer-1/heartbeat.json");
        let syntax =
            parse_heartbeat(path, b"{\n  \"format\": 1,\n  \"kioskId\": oops\n}").unwrap_err();
        assert_eq!((syntax.line, syntax.column), (Some(3), Some(14)));
        assert_eq!(
            syntax.to_string(),
            "/sync/status-foyer-1/heartbeat.json:3:14: heartbeat is not valid JSON: expected value"
        );
        let newer = parse_heartbeat(path, br#"{"format": 2, "whatever": true}"#).unwrap_err();
        assert!(
            newer
                .message
                .starts_with("heartbeat is format 2; this screening-kiosk reads format 1"),
            "{newer}"
        );
        let not_one = parse_heartbeat(path, b"[1, 2]").unwrap_err();
        assert!(not_one.message.contains("no format number"), "{not_one}");
        let mut value = serde_json::to_value(heartbeat("foyer-1", at(0))).unwrap();
        value["uptimeSecs"] = serde_json::json!("a while");
        let text = serde_json::to_string_pretty(&value).unwrap();
        let shape = parse_heartbeat(path, text.as_bytes()).unwrap_err();
        let line = text.lines().position(|l| l.contains("a while")).unwrap() + 1;
        assert_eq!(shape.line, Some(line), "{shape}");
        assert!(
            shape
                .message
                .starts_with("not a heartbeat: invalid type: string \"a while\""),
            "{shape}"
        );
        let deep = "[".repeat(100_000);
        assert!(parse_heartbeat(path, deep.as_bytes()).is_err());
    }

    fn write_kiosk(dir: &Path, id: &str, beat: &Heartbeat) -> PathBuf {
        let folder = dir.join(format!("status-{id}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join(status::HEARTBEAT_FILE),
            serde_json::to_vec(beat).unwrap(),
        )
        .unwrap();
        folder
    }

    #[cfg(unix)]
    #[test]
    fn hostile_status_folders_cost_their_own_row_and_nothing_is_followed_or_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let outside = tempfile::tempdir().unwrap();
        let secret = write_kiosk(outside.path(), "stolen", &heartbeat("stolen", now));
        write_kiosk(dir.path(), "fine", &heartbeat("fine", now));
        std::os::unix::fs::symlink(&secret, dir.path().join("status-linked-folder")).unwrap();
        let linked = dir.path().join("status-linked-file");
        std::fs::create_dir(&linked).unwrap();
        std::os::unix::fs::symlink(secret.join("heartbeat.json"), linked.join("heartbeat.json"))
            .unwrap();
        let fifo = dir.path().join("status-fifo");
        std::fs::create_dir(&fifo).unwrap();
        // mkfifo(1) rather than rustix: rustix has no mkfifoat or mknodat on macOS.
        let made = std::process::Command::new("mkfifo")
            .arg(fifo.join("heartbeat.json"))
            .status()
            .unwrap();
        assert!(made.success());
        let huge = dir.path().join("status-huge");
        std::fs::create_dir(&huge).unwrap();
        let file = std::fs::File::create(huge.join("heartbeat.json")).unwrap();
        file.set_len(10 * 1024 * 1024).unwrap();
        std::fs::create_dir(dir.path().join("status-Not_An_Id")).unwrap();
        std::fs::create_dir(dir.path().join(".stfolder")).unwrap();
        std::fs::write(dir.path().join("status-a-file"), b"not a folder").unwrap();

        let report = read_fleet(dir.path(), now, Options::default()).unwrap();
        let rows: Vec<(&str, Verdict)> = report
            .kiosks
            .iter()
            .map(|k| (k.kiosk_id.as_str(), k.verdict))
            .collect();
        assert_eq!(
            rows,
            [
                ("Not_An_Id", Verdict::Problem),
                ("fifo", Verdict::Problem),
                ("fine", Verdict::Ok),
                ("huge", Verdict::Problem),
                ("linked-file", Verdict::Problem),
                ("linked-folder", Verdict::Problem),
            ]
        );
        let message = |id: &str| {
            let kiosk = report.kiosks.iter().find(|k| k.kiosk_id == id).unwrap();
            assert!(kiosk.name.is_none(), "{id} was read: {kiosk:?}");
            kiosk.problems[0].to_string()
        };
        assert!(message("fifo").ends_with("heartbeat is not a regular file; not read"));
        assert_eq!(
            message("huge"),
            format!(
                "{}: heartbeat is 10485760 bytes, more than a heartbeat's 65536: not read",
                huge.join("heartbeat.json").display()
            )
        );
        assert!(message("linked-file").contains("heartbeat is a symlink; not followed"));
        assert!(message("linked-folder").contains("status folder is a symlink; not followed"));
        assert!(message("Not_An_Id").contains("not status-<kiosk-id>"));
        assert!(report.alerts());
    }

    #[test]
    fn an_empty_status_dir_alerts_and_a_missing_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let report = read_fleet(dir.path(), Utc::now(), Options::default()).unwrap();
        assert!(report.alerts());
        assert!(report.problems[0]
            .message
            .starts_with("no status-<kiosk-id> folder here"));
        assert!(read_fleet(&dir.path().join("gone"), Utc::now(), Options::default()).is_err());
    }

    #[test]
    fn the_text_table_is_sorted_escaped_and_ends_with_the_summary() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let mut refused = heartbeat("b-refused", now);
        refused.fleet.state = FleetState::Refused;
        refused.fleet.desired = Some("trailer@4".into());
        refused.fleet.detail = Some("trailer@4: manifest.toml:3:1: missing field `id`".into());
        write_kiosk(dir.path(), "b-refused", &refused);
        let mut hostile = heartbeat("a-hostile", now);
        hostile.kiosk_name = "\x1b[2J\x1b[31mALL FINE\nc-forged OK".into();
        write_kiosk(dir.path(), "a-hostile", &hostile);
        write_kiosk(
            dir.path(),
            "c-silent",
            &heartbeat("c-silent", now - Duration::hours(2)),
        );
        let report = read_fleet(dir.path(), now, Options::default()).unwrap();
        let text = report.to_text();
        assert!(!text.contains('\x1b'), "{text:?}");
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("KIOSK      STATUS   LAST SEEN"),
            "{text}"
        );
        assert!(
            lines[1].starts_with("a-hostile  OK       0 s ago"),
            "{text}"
        );
        assert!(
            lines[1].ends_with("\\u{1b}[2J\\u{1b}[31mALL FINE\\nc-forged OK"),
            "{text}"
        );
        assert!(lines[2].starts_with("b-refused  REFUSED"), "{text}");
        assert!(lines[2].contains("trailer@3 (wants trailer@4)"), "{text}");
        assert!(
            lines[3].starts_with("c-silent   SILENT   2 h ago"),
            "{text}"
        );
        assert!(
            text.contains(
                "\n  b-refused: refused: trailer@4: manifest.toml:3:1: missing field `id`\n"
            ),
            "{text}"
        );
        assert_eq!(
            lines.last().unwrap(),
            &"3 kiosks: 1 silent, 1 refused, 0 waiting, 0 with a problem, 1 ok"
        );
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(json["summary"]["kiosks"], 3);
        assert_eq!(json["kiosks"][2]["verdict"], "silent");
        assert_eq!(json["kiosks"][1]["fleet_state"], "refused");
        assert_eq!(
            json["kiosks"][0]["name"],
            "\x1b[2J\x1b[31mALL FINE\nc-forged OK"
        );
    }

    #[test]
    fn the_page_escapes_what_kiosks_wrote_and_loads_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc::now();
        let mut hostile = heartbeat("foyer-1", now);
        hostile.kiosk_name = "<script>alert(1)</script>".into();
        hostile.fleet.desired = Some("\"><img src=https://example.com/x>".into());
        hostile.fleet.state = FleetState::Waiting;
        hostile.fleet.detail = Some("<b>4 of 9 files</b> & counting".into());
        write_kiosk(dir.path(), "foyer-1", &hostile);
        let report = read_fleet(dir.path(), now, Options::default()).unwrap();
        let page = report.to_html(FixedOffset::east_opt(2 * 3600).unwrap());
        assert!(page.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        ));
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
        assert!(
            page.contains("&quot;&gt;&lt;img src=https://example.com/x&gt;"),
            "{page}"
        );
        assert!(
            page.contains("&lt;b&gt;4 of 9 files&lt;/b&gt; &amp; counting"),
            "{page}"
        );
        for forbidden in ["<script", "<img", "<link", "src=\"", "url(", "@import"] {
            assert!(!page.contains(forbidden), "{forbidden} in the page");
        }
        assert!(
            page.contains("<span class=\"badge\">waiting</span>"),
            "a word, not only a colour"
        );
    }

    #[test]
    fn long_strings_are_clipped_with_an_ellipsis() {
        assert_eq!(clipped("abcdef", 4), "abc…");
        assert_eq!(clipped("abcd", 4), "abcd");
        assert_eq!(clipped("ééééé", 3), "éé…");
        assert_eq!(duration_words(59), "59 s");
        assert_eq!(duration_words(7500), "2 h 5 min");
        assert_eq!(duration_words(2 * 86400 + 3600), "2 d 1 h");
        assert_eq!(bytes_words(41_234_000_000), "41.2 GB");
    }
}
