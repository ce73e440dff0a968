//! Command line: `screening-kiosk [--content DIR] [--windowed] [--idle-timeout SECS]` runs the kiosk;
//! `screening-kiosk check DIR` validates a pack without opening a window; `set-pin` sets the
//! operator PIN; `stats` prints the play statistics; `fleet STATUS_DIR` is the anchor laptop's view
//! of every kiosk, and `fleet plays STATUS_DIR --csv` their proof of play; `fleet id`, `fleet join`
//! and `fleet admit` pair a kiosk with the anchor through Syncthing (`fleet.rs`).

mod fleet;

use crate::content::{self, printable, LoadError, Problem};
use crate::fleet::report;
use crate::media::codecs;
use crate::operator::gate;
use crate::settings::durable;
use crate::unattended::stats;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "screening-kiosk",
    version,
    about = "Full-screen festival kiosk for the documentary Justice for Sergei"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Content pack folder to show (default: the pack bundled with the kiosk).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Run in an ordinary window that can be closed, for development.
    #[arg(long)]
    pub windowed: bool,
    /// Started by a supervisor that starts the kiosk again after it exits (systemd, launchd,
    /// restart-until-exit.ps1): while another copy runs, wait for it to end rather than leave.
    #[arg(long)]
    pub supervised: bool,
    /// Seconds without a touch before the kiosk returns to the trailer loop (overrides the setting).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(override_range()))]
    pub idle_timeout: Option<u32>,
    /// Who plays the attract film: `auto` lets the kiosk choose (GStreamer beneath the page where
    /// it has what it needs, on Linux), `webview` keeps it in the page's own <video>. The variable
    /// SCREENING_KIOSK_FILM=webview does the same.
    #[arg(long, value_enum, value_name = "ENGINE", default_value_t = FilmEngine::Auto)]
    pub film: FilmEngine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FilmEngine {
    Auto,
    Webview,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a content pack: exit 0 when valid, 1 when invalid (one line per problem), 2 when unreadable.
    Check {
        /// The content pack folder (the one holding manifest.toml).
        dir: PathBuf,
        /// `text` for people (one line per problem), `json` for tools.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Validate a content pack and write its checksum list (checksums.sha256), so `check` can later
    /// tell which file changed or was damaged in transit.
    Pack {
        /// The content pack folder (the one holding manifest.toml).
        dir: PathBuf,
    },
    /// Print the JSON Schema of manifest.toml, for editors and validation tools.
    Schema,
    /// Internal: read one video file's container header and print what it declares as JSON. The
    /// kiosk and `check` run it as a child process, under a memory and a time limit.
    #[command(name = "probe-media", hide = true)]
    ProbeMedia { file: PathBuf },
    /// Set or replace the operator PIN (6 to 8 digits), also when its record is damaged; a running
    /// kiosk uses it from the next PIN entry. Asks twice on a terminal; otherwise reads one line
    /// from standard input, so an installer can pipe it in. Only its Argon2 hash is stored.
    SetPin,
    /// Print the play statistics this kiosk counted: a summary, or with --csv one row per day for a
    /// spreadsheet. A running kiosk writes them every minute and when it exits.
    Stats {
        #[arg(long)]
        csv: bool,
    },
    /// On the anchor laptop: every kiosk's status from the status-<kiosk-id> folders Syncthing
    /// brings into STATUS_DIR (`fleet STATUS_DIR` is `fleet status STATUS_DIR`). Exits 0 when every
    /// kiosk is fine, 1 when one is silent, refused a pack or has a problem, 2 when STATUS_DIR cannot
    /// be read (or the page cannot be written).
    Fleet(FleetArgs),
}

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct FleetArgs {
    #[command(subcommand)]
    pub command: Option<FleetCommand>,
    #[command(flatten)]
    pub status: FleetStatusArgs,
}

#[derive(Debug, Subcommand)]
pub enum FleetCommand {
    /// One row per kiosk: last seen, what it shows, the pack it shows and the one it should, faults,
    /// plays today, free disk; then a summary of how many are silent, refused or waiting.
    Status(FleetStatusArgs),
    /// Every kiosk's proof of play (all days, or one) in one CSV, sorted by start then kiosk. Exits
    /// 1 when a line was skipped (each named on stderr), 2 when STATUS_DIR cannot be read.
    Plays(FleetPlaysArgs),
    /// Print this machine's Syncthing device id (on the anchor: the id `fleet join` takes). Exits 2
    /// when Syncthing cannot be reached or its config.xml is unusable.
    Id(fleet::IdArgs),
    /// On a kiosk: pair its Syncthing with the anchor (closed to the internet; the anchor added;
    /// kiosk-packs Receive Only, status-ID Send Only), write the kiosk's fleet settings beside its
    /// others, and print the `fleet admit` line to run on the anchor. Safe to run again. Exits 0
    /// when done, 1 for a bad value (kiosk id, device id, address, folder), 2 when Syncthing cannot
    /// be reached or refuses, its config.xml is unusable, or the settings file cannot be read or
    /// written (a usage error, such as a missing option, also exits 2).
    Join(Box<fleet::JoinArgs>),
    /// On the anchor: close its Syncthing to the internet, add the kiosk, share kiosk-packs with it
    /// (created Send Only if missing) and receive its status-ID folder under the status dir. Safe
    /// to run again. Exits 0 when done, 1 for a bad value, 2 when Syncthing cannot be reached or
    /// refuses, or its config.xml is unusable (a usage error also exits 2).
    Admit(Box<fleet::AdmitArgs>),
}

#[derive(Debug, Clone, clap::Args)]
pub struct FleetStatusArgs {
    /// The folder holding the kiosks' status-<kiosk-id> folders.
    #[arg(value_name = "STATUS_DIR", required = true)]
    pub dir: Option<PathBuf>,
    /// `text` for people (a table), `json` for tools.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Also write the report as a self-contained HTML page to FILE (replaced atomically).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Seconds without a heartbeat before a kiosk counts as silent (default: three of its
    /// heartbeat intervals, at least 180).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub silent_after: Option<u64>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct FleetPlaysArgs {
    /// The folder holding the kiosks' status-<kiosk-id> folders.
    #[arg(value_name = "STATUS_DIR")]
    pub dir: PathBuf,
    /// Write CSV (the one format so far; columns play_id, kiosk_id, pack, item, language,
    /// captions, started, ended, duration_secs, completed, trigger).
    #[arg(long)]
    pub csv: bool,
    /// Only the plays of this UTC day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub day: Option<chrono::NaiveDate>,
    /// Write the CSV to FILE (replaced atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// Runs a subcommand (anything but the kiosk itself); returns its exit code.
pub fn run_command(command: &Command) -> i32 {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    match command {
        Command::Check { dir, format } => check(dir, *format, &mut out, &mut err),
        Command::Pack { dir } => pack(dir, &mut out, &mut err),
        Command::Schema => {
            print!("{}", content::manifest_schema());
            EXIT_VALID
        }
        Command::ProbeMedia { file } => crate::media::isolation::serve_probe(file),
        Command::SetPin => set_pin(&mut std::io::stdin().lock(), &mut out, &mut err),
        Command::Stats { csv } => stats(*csv, &mut out, &mut err),
        Command::Fleet(args) => match &args.command {
            None => fleet_status(&args.status, chrono::Utc::now(), &mut out, &mut err),
            Some(FleetCommand::Status(status)) => {
                fleet_status(status, chrono::Utc::now(), &mut out, &mut err)
            }
            Some(FleetCommand::Plays(plays)) => fleet_plays(plays, &mut out, &mut err),
            Some(FleetCommand::Id(id)) => fleet::id(id, &mut out, &mut err),
            Some(FleetCommand::Join(join)) => fleet::join(join, &mut out, &mut err),
            Some(FleetCommand::Admit(admit)) => fleet::admit(admit, &mut out, &mut err),
        },
    }
}

/// `--idle-timeout`'s range, as clap's parser takes it (see `settings::IDLE_TIMEOUT_OVERRIDE_RANGE`).
fn override_range() -> std::ops::RangeInclusive<i64> {
    let range = crate::settings::IDLE_TIMEOUT_OVERRIDE_RANGE;
    i64::from(*range.start())..=i64::from(*range.end())
}

pub const EXIT_VALID: i32 = 0;
pub const EXIT_INVALID: i32 = 1;
pub const EXIT_UNREADABLE: i32 = 2;

/// Runs `check`, writing the report to `out` (json) or the verdict to `out` and problems to `err`
/// (text); returns the process exit code.
pub fn check(dir: &Path, format: ReportFormat, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let (code, problems, summary) = match content::load(dir) {
        Ok(pack) => {
            // Names from the pack and codecs from its files reach the terminal escaped.
            let mut summary = format!(
                "{}: valid content pack {:?}: {} trailer rendition(s), {} legislation document(s), {} credit group(s)",
                printable(&dir.display().to_string()),
                pack.manifest.id,
                pack.manifest.trailer.renditions.get_ref().len(),
                pack.manifest.legislation.len(),
                pack.manifest.credits.len(),
            );
            let renditions = pack.manifest.trailer.renditions.get_ref();
            for (rendition, info) in renditions.iter().zip(&pack.renditions) {
                let length = info.duration_secs.map_or_else(
                    || "length unknown".to_string(),
                    |secs| format!("{secs:.1} s"),
                );
                summary.push_str(&format!(
                    "\n  {}: {}, {}, {length}; {}",
                    printable(rendition.file.get_ref()),
                    info.container.name(),
                    printable(&info.codecs.join(" + ")),
                    codecs::PlaysOn(&info.codecs),
                ));
            }
            (EXIT_VALID, pack.warnings, summary)
        }
        Err(LoadError::Invalid(problems)) => {
            let summary = format!(
                "{}: invalid content pack: {} problem(s)",
                printable(&dir.display().to_string()),
                problems.len()
            );
            (EXIT_INVALID, problems, summary)
        }
        Err(LoadError::Unreadable(why)) => (EXIT_UNREADABLE, Vec::new(), unreadable(&why)),
    };
    let located = located(dir, problems);
    // Output is best effort: a closed pipe must not turn a verdict into a panic.
    match format {
        ReportFormat::Json => {
            let report = serde_json::json!({
                "pack": dir,
                "readable": code != EXIT_UNREADABLE,
                "valid": code == EXIT_VALID,
                "summary": summary,
                "problems": located,
            });
            let _ = writeln!(out, "{report:#}");
        }
        ReportFormat::Text => {
            for problem in &located {
                let _ = writeln!(err, "{problem}");
            }
            if code == EXIT_VALID {
                let _ = writeln!(out, "{summary}");
            } else {
                let _ = writeln!(err, "{summary}");
            }
        }
    }
    code
}

/// Problems name files relative to the pack; an operator running a command needs the full path.
fn located(dir: &Path, problems: Vec<Problem>) -> Vec<Problem> {
    problems
        .into_iter()
        .map(|mut problem| {
            problem.file = dir.join(&problem.file);
            problem
        })
        .collect()
}

fn unreadable(why: &str) -> String {
    format!("error: cannot read the content pack: {}", printable(why))
}

/// Runs `pack`: validates, then writes the checksum list; returns the process exit code.
pub fn pack(dir: &Path, out: &mut impl Write, err: &mut impl Write) -> i32 {
    match content::write_checksums(dir, durable::write_atomically) {
        Ok(count) => {
            let _ = writeln!(
                out,
                "{}: wrote {count} checksum(s) to {}",
                dir.display(),
                dir.join(content::CHECKSUM_FILE).display()
            );
            EXIT_VALID
        }
        Err(LoadError::Invalid(problems)) => {
            for problem in located(dir, problems) {
                let _ = writeln!(err, "{problem}");
            }
            let _ = writeln!(
                err,
                "{}: not packed: fix the problems above first",
                dir.display()
            );
            EXIT_INVALID
        }
        Err(LoadError::Unreadable(why)) => {
            let _ = writeln!(err, "{}", unreadable(&why));
            EXIT_UNREADABLE
        }
    }
}

/// `stats`: the statistics file in the data folder, as CSV or as a short summary.
pub fn stats(csv: bool, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let Some(dir) = crate::settings::data_dir() else {
        let _ = writeln!(
            err,
            "screening-kiosk: no data folder for this user (is HOME set?)"
        );
        return EXIT_UNREADABLE;
    };
    let path = dir.join(stats::STATS_FILE);
    let (book, source) = durable::load::<stats::StatsBook>(&path);
    match source {
        durable::Source::Saved | durable::Source::FirstRun => {}
        durable::Source::LastGood { problem } => {
            let _ = writeln!(
                err,
                "screening-kiosk: {problem}; showing the last good copy"
            );
        }
        durable::Source::Defaults { problem } => {
            let _ = writeln!(err, "screening-kiosk: {problem}");
            return EXIT_UNREADABLE;
        }
    }
    if csv {
        let _ = write!(out, "{}", book.to_csv());
        return EXIT_VALID;
    }
    let Some((first, last)) = book.days.keys().next().zip(book.days.keys().last()) else {
        let _ = writeln!(
            out,
            "No statistics yet ({} does not exist).",
            path.display()
        );
        return EXIT_VALID;
    };
    let total = book.total();
    let average = total.session_secs.checked_div(total.sessions).unwrap_or(0);
    let _ = writeln!(
        out,
        "{first} to {last} ({} day(s) counted)\n\
         attract loops:        {}\n\
         trailer starts:       {}\n\
         trailers played out:  {}\n\
         visitor sessions:     {} (average {average} s, longest {} s)",
        book.days.len(),
        total.attract_loops,
        total.trailer_starts,
        total.trailer_completions,
        total.sessions,
        total.longest_session_secs,
    );
    for (screen, n) in &total.screens {
        let _ = writeln!(out, "screen {screen}: {n}");
    }
    for (language, n) in &total.languages {
        let _ = writeln!(out, "language {language}: {n}");
    }
    EXIT_VALID
}

/// `fleet STATUS_DIR`: the report as of `now` on `out` (text or JSON), and as a page when asked.
pub fn fleet_status(
    args: &FleetStatusArgs,
    now: chrono::DateTime<chrono::Utc>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    let Some(dir) = &args.dir else {
        let _ = writeln!(err, "screening-kiosk: fleet: name the STATUS_DIR");
        return EXIT_UNREADABLE;
    };
    let options = report::Options {
        silent_after_secs: args.silent_after,
    };
    let fleet = match report::read_fleet(dir, now, options) {
        Ok(fleet) => fleet,
        Err(e) => {
            let _ = writeln!(
                err,
                "screening-kiosk: cannot read the status folder {}: {e}",
                printable(&dir.display().to_string())
            );
            return EXIT_UNREADABLE;
        }
    };
    if let Some(page) = &args.html {
        let offset = chrono::Offset::fix(now.with_timezone(&chrono::Local).offset());
        if let Err(e) = durable::write_atomically(page, fleet.to_html(offset).as_bytes()) {
            let _ = writeln!(
                err,
                "screening-kiosk: cannot write {}: {e}",
                printable(&page.display().to_string())
            );
            return EXIT_UNREADABLE;
        }
    }
    let _ = match args.format {
        ReportFormat::Text => write!(out, "{}", fleet.to_text()),
        ReportFormat::Json => writeln!(out, "{}", fleet.to_json()),
    };
    if fleet.alerts() {
        EXIT_INVALID
    } else {
        EXIT_VALID
    }
}

/// `fleet plays STATUS_DIR --csv`: the merged CSV on `out` or in `--out`, warnings on `err`.
pub fn fleet_plays(args: &FleetPlaysArgs, out: &mut impl Write, err: &mut impl Write) -> i32 {
    let merged = match report::plays::merge_plays(&args.dir, args.day, err) {
        Ok(merged) => merged,
        Err(e) => {
            let _ = writeln!(
                err,
                "screening-kiosk: cannot read the status folder {}: {e}",
                printable(&args.dir.display().to_string())
            );
            return EXIT_UNREADABLE;
        }
    };
    match &args.out {
        Some(path) => {
            if let Err(e) = durable::write_atomically(path, &merged.csv) {
                let _ = writeln!(
                    err,
                    "screening-kiosk: cannot write {}: {e}",
                    printable(&path.display().to_string())
                );
                return EXIT_UNREADABLE;
            }
            let _ = writeln!(
                err,
                "screening-kiosk: wrote {} play(s) to {}",
                merged.plays,
                printable(&path.display().to_string())
            );
        }
        None => {
            let _ = out.write_all(&merged.csv);
        }
    }
    if merged.skipped_lines > 0 {
        let _ = writeln!(
            err,
            "screening-kiosk: {} line(s) skipped (named above)",
            merged.skipped_lines
        );
    }
    if merged.is_complete() {
        EXIT_VALID
    } else {
        EXIT_INVALID
    }
}

/// `set-pin`: reads the PIN from `input` (a terminal is asked twice, without echo) and stores its hash.
pub fn set_pin(
    input: &mut impl std::io::BufRead,
    out: &mut impl Write,
    err: &mut impl Write,
) -> i32 {
    use std::io::IsTerminal;
    let Some(dir) = crate::settings::data_dir() else {
        let _ = writeln!(
            err,
            "screening-kiosk: no data folder for this user (is HOME set?)"
        );
        return EXIT_UNREADABLE;
    };
    let pin = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!(
            "New operator PIN ({} to {} digits): ",
            gate::PIN_DIGITS.start(),
            gate::PIN_DIGITS.end()
        ));
        let again = rpassword::prompt_password("The same PIN again: ");
        match (first, again) {
            (Ok(first), Ok(again)) if first == again => first,
            (Ok(_), Ok(_)) => {
                let _ = writeln!(err, "screening-kiosk: the two PINs differ; nothing changed");
                return EXIT_INVALID;
            }
            (Err(e), _) | (_, Err(e)) => {
                let _ = writeln!(err, "screening-kiosk: cannot read the PIN: {e}");
                return EXIT_UNREADABLE;
            }
        }
    } else {
        let mut line = String::new();
        if let Err(e) = input.read_line(&mut line) {
            let _ = writeln!(err, "screening-kiosk: cannot read the PIN: {e}");
            return EXIT_UNREADABLE;
        }
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    let path = dir.join(gate::PIN_FILE);
    match gate::set_pin_file(&path, &pin) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "operator PIN set ({}); a running kiosk uses it from the next PIN entry",
                path.display()
            );
            EXIT_VALID
        }
        Err(e) => {
            let _ = writeln!(err, "screening-kiosk: {e}; nothing changed");
            EXIT_INVALID
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pack_report_says_where_each_rendition_plays() {
        let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/justice-for-sergei");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(
            check(&pack, ReportFormat::Text, &mut out, &mut err),
            EXIT_VALID
        );
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("trailer/trailer.mp4: MP4, avc1 + mp4a, 49.4 s; plays on Windows, macOS, Linux with gstreamer1.0-libav"),
            "{out}"
        );
        assert!(
            out.contains("trailer/trailer.webm: WebM, vp9 + opus, 49.4 s; plays on Windows, macOS 11.3 or later, Linux with gstreamer1.0-plugins-good"),
            "{out}"
        );
    }

    #[test]
    fn an_unreadable_folder_exits_2_and_says_why() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = check(
            Path::new("/no/such/pack"),
            ReportFormat::Text,
            &mut out,
            &mut err,
        );
        assert_eq!(code, EXIT_UNREADABLE);
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.starts_with("error: cannot read the content pack: /no/such/pack:"),
            "{err}"
        );
    }

    #[test]
    fn an_invalid_pack_exits_1_with_one_line_per_problem_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("manifest.toml"), "format = 1\nid = [\n").unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = check(dir.path(), ReportFormat::Text, &mut out, &mut err);
        assert_eq!(code, EXIT_INVALID);
        let err = String::from_utf8(err).unwrap();
        let first = err.lines().next().unwrap();
        let expected_prefix = format!("{}:2:7: error:", dir.path().join("manifest.toml").display());
        assert!(first.starts_with(&expected_prefix), "{first}");
        assert!(out.is_empty());
    }

    #[test]
    fn json_reports_carry_codes_and_locations_for_tools() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("manifest.toml"), "format = 1\nid = [\n").unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = check(dir.path(), ReportFormat::Json, &mut out, &mut err);
        assert_eq!(code, EXIT_INVALID);
        let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(report["valid"], false);
        assert_eq!(report["readable"], true);
        let problem = &report["problems"][0];
        assert_eq!(problem["code"], "manifest_syntax");
        assert_eq!(problem["severity"], "error");
        assert_eq!(problem["line"], 2);
        assert!(problem["file"].as_str().unwrap().ends_with("manifest.toml"));
        assert!(err.is_empty());
    }

    #[test]
    fn the_probe_child_command_is_the_one_isolation_starts() {
        let cli = Cli::try_parse_from([
            "screening-kiosk",
            crate::media::isolation::PROBE_COMMAND,
            "/p/x.mp4",
        ])
        .unwrap();
        assert!(
            matches!(cli.command, Some(Command::ProbeMedia { file }) if file == Path::new("/p/x.mp4"))
        );
    }

    #[test]
    fn control_characters_from_a_pack_reach_the_terminal_escaped() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("pack\x1b[2J\nforged: ok");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("manifest.toml"), "format = 1\nid = [\n").unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(
            check(&dir, ReportFormat::Text, &mut out, &mut err),
            EXIT_INVALID
        );
        let err = String::from_utf8(err).unwrap();
        assert!(!err.contains('\x1b'), "{err:?}");
        assert_eq!(
            err.lines().count(),
            2,
            "one problem and the verdict: {err:?}"
        );
        assert!(err.contains("pack\\u{1b}[2J\\nforged: ok"), "{err}");
    }

    #[test]
    fn fleet_dir_is_the_status_report_and_plays_is_its_own_command() {
        let parse = |args: &[&str]| {
            Cli::try_parse_from(["screening-kiosk", "fleet"].iter().chain(args)).map(|c| c.command)
        };
        let Ok(Some(Command::Fleet(args))) = parse(&["/sync", "--format", "json"]) else {
            panic!("fleet DIR does not parse");
        };
        assert!(args.command.is_none());
        assert_eq!(args.status.dir.as_deref(), Some(Path::new("/sync")));
        assert_eq!(args.status.format, ReportFormat::Json);
        let Ok(Some(Command::Fleet(args))) = parse(&["status", "/sync", "--silent-after", "90"])
        else {
            panic!("fleet status DIR does not parse");
        };
        assert!(
            matches!(args.command, Some(FleetCommand::Status(s)) if s.silent_after == Some(90))
        );
        let Ok(Some(Command::Fleet(args))) =
            parse(&["plays", "/sync", "--csv", "--day", "2025-06-15"])
        else {
            panic!("fleet plays DIR does not parse");
        };
        assert!(matches!(
            args.command,
            Some(FleetCommand::Plays(p)) if p.csv && p.day.unwrap().to_string() == "2025-06-15"
        ));
        assert!(parse(&[]).is_err(), "STATUS_DIR is required");
        assert!(parse(&["plays", "/sync", "--day", "2025-13-01"]).is_err());
        assert!(parse(&["/sync", "--silent-after", "0"]).is_err());
    }

    #[test]
    fn kiosk_flags_parse() {
        let cli = Cli::try_parse_from([
            "screening-kiosk",
            "--content",
            "/p",
            "--windowed",
            "--idle-timeout",
            "5",
        ])
        .unwrap();
        assert_eq!(cli.content.as_deref(), Some(Path::new("/p")));
        assert!(cli.windowed);
        assert_eq!(cli.idle_timeout, Some(5));
        assert!(Cli::try_parse_from(["screening-kiosk", "--idle-timeout", "0"]).is_err());
    }

    #[test]
    fn the_cli_data_folder_is_the_one_the_app_uses() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../../../tauri.conf.json")).unwrap();
        assert_eq!(config["identifier"], crate::IDENTIFIER);
        assert!(crate::settings::data_dir()
            .unwrap()
            .ends_with(crate::IDENTIFIER));
    }
}
