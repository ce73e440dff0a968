//! `screening-kiosk fleet plays --csv`: every kiosk's proof of play (`plays/YYYY-MM-DD.jsonl`) in
//! one CSV for the festival's spreadsheet, sorted by start then kiosk. A line that is not a play
//! of its folder's kiosk is left out and counted, with a warning naming the file and line.
//!
//! Staff open the file in spreadsheets, so a text field starting with a character a spreadsheet
//! reads as a formula gets a leading apostrophe, and control characters are escaped (the CSV may
//! go to a terminal).

use super::read;
use crate::content::printable;
use crate::fleet::status::{PlayItem, PlayRecord, PlayTrigger};
use chrono::{NaiveDate, SecondsFormat};
use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The CSV's header row, in order.
pub const COLUMNS: [&str; 11] = [
    "play_id",
    "kiosk_id",
    "pack",
    "item",
    "language",
    "captions",
    "started",
    "ended",
    "duration_secs",
    "completed",
    "trigger",
];

/// Warnings about skipped lines printed per file; the rest are counted in one line.
const WARNINGS_PER_FILE: usize = 20;

/// `plays/<day>.jsonl` of a status folder.
pub fn day_file(folder: &Path, day: NaiveDate) -> PathBuf {
    folder
        .join(crate::fleet::status::PLAYS_DIR)
        .join(format!("{}.jsonl", day.format("%Y-%m-%d")))
}

/// The merged CSV and what it took to make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaysCsv {
    pub csv: Vec<u8>,
    /// Rows under the header.
    pub plays: usize,
    /// Lines left out: not a play record, or a play of another kiosk.
    pub skipped_lines: usize,
    /// Files or folders that could not be read at all (each warned about).
    pub unreadable: usize,
}

impl PlaysCsv {
    /// Whether anything was left out, which `fleet plays` reports with exit code 1.
    pub fn is_complete(&self) -> bool {
        self.skipped_lines == 0 && self.unreadable == 0
    }
}

/// Every play of every `status-*` folder of `status_dir` (of `day` only, when given), warnings about
/// what was left out written to `warnings`. Errs only when `status_dir` cannot be listed.
pub fn merge_plays(
    status_dir: &Path,
    day: Option<NaiveDate>,
    warnings: &mut impl Write,
) -> io::Result<PlaysCsv> {
    let listing = read::list_status_folders(status_dir)?;
    let mut warn = |text: String| {
        let _ = writeln!(warnings, "screening-kiosk: {}", printable(&text));
    };
    for problem in &listing.problems {
        warn(format!("{}: {}", problem.file.display(), problem.message));
    }
    let mut plays = Vec::new();
    let (mut skipped_lines, mut unreadable) = (0, 0);
    for folder in &listing.folders {
        if let Some(problem) = &folder.refused {
            warn(format!("{}: {}", problem.file.display(), problem.message));
            unreadable += 1;
            continue;
        }
        let files = match day {
            Some(day) => Ok(vec![(day, day_file(&folder.path, day))]),
            None => read::day_files(&folder.path),
        };
        let files = match files {
            Ok(files) => files,
            Err(why) => {
                warn(format!("{}: {why}", folder.path.display()));
                unreadable += 1;
                continue;
            }
        };
        for (_, path) in files {
            let file = match read::read_plays_file(&folder.path, &path) {
                Ok(Some(file)) => file,
                Ok(None) => continue,
                Err(why) => {
                    warn(format!("{}: {why}", path.display()));
                    unreadable += 1;
                    continue;
                }
            };
            if file.truncated {
                warn(format!(
                    "{}: larger than {} bytes; only that much is read",
                    path.display(),
                    crate::fleet::status::MAX_PLAYS_BYTES_PER_DAY
                ));
            }
            let mut skipped_here = 0;
            for (index, line) in file.bytes.split(|b| *b == b'\n').enumerate() {
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let why = match serde_json::from_slice::<PlayRecord>(line) {
                    Ok(play) if play.kiosk_id == folder.id => {
                        plays.push(play);
                        continue;
                    }
                    Ok(play) => format!(
                        "a play of kiosk {:?}, not of this folder's {:?}",
                        play.kiosk_id, folder.id
                    ),
                    Err(e) => format!("not a play record: {e}"),
                };
                skipped_here += 1;
                if skipped_here <= WARNINGS_PER_FILE {
                    warn(format!(
                        "{}:{}: line skipped: {why}",
                        path.display(),
                        index + 1
                    ));
                }
            }
            if skipped_here > WARNINGS_PER_FILE {
                warn(format!(
                    "{}: {} more line(s) skipped",
                    path.display(),
                    skipped_here - WARNINGS_PER_FILE
                ));
            }
            skipped_lines += skipped_here;
        }
    }
    plays.sort_by(|a, b| {
        (a.started, &a.kiosk_id, &a.play_id).cmp(&(b.started, &b.kiosk_id, &b.play_id))
    });
    Ok(PlaysCsv {
        csv: to_csv(&plays)?,
        plays: plays.len(),
        skipped_lines,
        unreadable,
    })
}

/// The CSV of `plays` in their order, header first.
pub fn to_csv(plays: &[PlayRecord]) -> io::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for play in plays {
        let item = match play.item {
            PlayItem::Attract => "attract",
            PlayItem::Trailer => "trailer",
        };
        let trigger = match play.trigger {
            PlayTrigger::Loop => "loop",
            PlayTrigger::Visitor => "visitor",
        };
        writer.write_record(
            [
                spreadsheet_text(&play.play_id),
                spreadsheet_text(&play.kiosk_id),
                spreadsheet_text(&play.pack),
                Cow::Borrowed(item),
                play.language
                    .as_deref()
                    .map_or(Cow::Borrowed(""), spreadsheet_text),
                Cow::Borrowed(if play.captions { "true" } else { "false" }),
                Cow::Owned(play.started.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
                Cow::Owned(play.ended.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
                Cow::Owned(play.duration_secs.to_string()),
                Cow::Borrowed(if play.completed { "true" } else { "false" }),
                Cow::Borrowed(trigger),
            ]
            .iter()
            .map(|field| field.as_bytes()),
        )?;
    }
    writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
}

/// A text field as a spreadsheet should show it: never read as a formula, no control character.
/// OWASP also lists a leading tab and carriage return; those are escaped before the check.
pub fn spreadsheet_text(text: &str) -> Cow<'_, str> {
    let text = printable(text);
    if text.starts_with(['=', '+', '-', '@']) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn play(kiosk: &str, started_secs: i64, pack: &str) -> PlayRecord {
        let started = Utc.timestamp_opt(1_750_000_000 + started_secs, 0).unwrap();
        PlayRecord {
            play_id: format!("{kiosk}-1-{started_secs}"),
            kiosk_id: kiosk.into(),
            pack: pack.into(),
            item: PlayItem::Trailer,
            language: Some("en".into()),
            captions: true,
            started,
            ended: started + chrono::Duration::seconds(49),
            duration_secs: 49.4,
            completed: true,
            trigger: PlayTrigger::Visitor,
        }
    }

    #[test]
    fn a_field_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe() {
        for hostile in ["=HYPERLINK(\"x\")", "+1", "-1+2", "@SUM(A1)"] {
            let safe = spreadsheet_text(hostile);
            assert_eq!(safe, format!("'{hostile}"));
        }
        assert_eq!(spreadsheet_text("\t=1"), "\\t=1", "no tab leads a field");
        assert_eq!(spreadsheet_text("trailer@3"), "trailer@3");
    }

    #[test]
    fn the_csv_quotes_commas_quotes_and_newlines_by_rfc_4180() {
        let mut record = play("foyer-1", 0, "pack, \"the\" best\nedition");
        record.language = Some("=cmd|' /C calc'!A0".into());
        let csv = String::from_utf8(to_csv(&[record]).unwrap()).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next().unwrap(), COLUMNS.join(","));
        let row = csv.split_once('\n').unwrap().1;
        // The newline inside the pack's name is escaped (a control character), the rest quoted.
        assert!(row.contains(r#","pack, ""the"" best\nedition","#), "{row}");
        assert!(row.contains(",'=cmd|' /C calc'!A0,"), "{row}");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let fields: Vec<String> = reader
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(fields.len(), COLUMNS.len());
        assert_eq!(fields[2], "pack, \"the\" best\\nedition");
        assert_eq!(fields[6], "2025-06-15T15:06:40Z");
        assert_eq!(fields[8], "49.4");
    }

    #[test]
    fn plays_merge_sorted_by_start_then_kiosk_and_a_bad_line_is_counted_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2025, 6, 15).unwrap();
        for (kiosk, lines) in [
            (
                "b-kiosk",
                vec![play("b-kiosk", 10, "p@1"), play("b-kiosk", 0, "p@1")],
            ),
            ("a-kiosk", vec![play("a-kiosk", 10, "p@1")]),
        ] {
            let path = day_file(&dir.path().join(format!("status-{kiosk}")), day);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let mut text: String = lines
                .iter()
                .map(|p| serde_json::to_string(p).unwrap() + "\n")
                .collect();
            if kiosk == "b-kiosk" {
                text.push_str("{\"playId\": broken\n");
                text.push_str(&(serde_json::to_string(&play("a-kiosk", 5, "p@1")).unwrap() + "\n"));
            }
            std::fs::write(path, text).unwrap();
        }
        let mut warnings = Vec::new();
        let merged = merge_plays(dir.path(), None, &mut warnings).unwrap();
        let warnings = String::from_utf8(warnings).unwrap();
        assert_eq!((merged.plays, merged.skipped_lines), (3, 2), "{warnings}");
        assert!(!merged.is_complete());
        let b_file = day_file(&dir.path().join("status-b-kiosk"), day);
        assert!(
            warnings.contains(&format!(
                "{}:3: line skipped: not a play record",
                b_file.display()
            )),
            "{warnings}"
        );
        assert!(
            warnings.contains(&format!(
                "{}:4: line skipped: a play of kiosk \"a-kiosk\"",
                b_file.display()
            )),
            "{warnings}"
        );
        let csv = String::from_utf8(merged.csv).unwrap();
        let order: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap())
            .collect();
        assert_eq!(order, ["b-kiosk-1-0", "a-kiosk-1-10", "b-kiosk-1-10"]);

        let other_day = NaiveDate::from_ymd_opt(2025, 6, 16).unwrap();
        let none = merge_plays(dir.path(), Some(other_day), &mut Vec::new()).unwrap();
        assert_eq!((none.plays, none.skipped_lines), (0, 0));
    }
}
