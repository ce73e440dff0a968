//! `cargo xtask soak --loops N`: the release kiosk loops a short clip N times in the real webview
//! on a private display, while we sample the memory of the app and every WebKit process under it
//! and count media errors and watchdog faults in its log. A benchmark for a person, not part of CI.
//!
//! Loops are counted by the kiosk itself (`attractLoops` in stats.json), not guessed from elapsed
//! time: the page's own loop hands over between two video elements a second before each end, the
//! native film (Linux, the default) wraps at the clip's end, and either period stretches when the
//! CPU is saturated. The soak measures the kiosk as it starts by default. The file is
//! only flushed once a minute, so the samples are taken at those flushes (when the count is exact)
//! and the run stops at the first flush that reaches N: it plays at least N loops, a minute's
//! worth more at most.

use std::collections::BTreeMap;
use std::env;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::{clip, display, identity, packages, run_status, target_dir, Error};

pub const DEFAULT_LOOPS: u64 = 1000;
/// 3 s plays one loop about every 2 s (the hand-over starts 1 s before the end), so 1,000 loops
/// fit in about 35 minutes.
const CLIP_SECS: f32 = 3.0;
/// 720p rather than 1080p: WebKitGTK renders in software here, and the point is leaks, not load.
const CLIP_SIZE: (u32, u32) = (1280, 720);
const PIN: &str = "135790";
/// Memory settles (caches, JIT, GStreamer pools) in the first loops; growth is measured after.
const WARMUP_PERCENT: u64 = 10;
const MAX_GROWTH_PERCENT: f64 = 5.0;
const POLL: Duration = Duration::from_secs(2);
/// Three missed flushes without a new loop: the attract loop has stopped, whatever the log says.
const NO_PROGRESS_LIMIT: Duration = Duration::from_secs(200);

pub fn parse_args(args: &[String]) -> Result<u64, Error> {
    match args {
        [] => Ok(DEFAULT_LOOPS),
        [flag, n] if flag == "--loops" => match n.parse() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(Error(format!("--loops takes a positive number, not `{n}`"))),
        },
        other => Err(Error(format!("unknown options for `soak`: {other:?}"))),
    }
}

pub fn cmd_soak(repo: &Path, loops: u64) -> i32 {
    match soak(repo, loops) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(e) => {
            eprintln!("xtask: soak: {}", e.0);
            1
        }
    }
}

/// One sample: the loop count at a stats flush and the memory of each process kind, in KiB.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    loops: u64,
    elapsed_secs: f64,
    rss: BTreeMap<Kind, u64>,
    total_rss: u64,
    total_pss: u64,
    processes: usize,
    log: LogCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    App,
    Web,
    Network,
    Other,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::App, Kind::Web, Kind::Network, Kind::Other];

    fn label(self) -> &'static str {
        match self {
            Kind::App => "app",
            Kind::Web => "WebKitWebProcess",
            Kind::Network => "WebKitNetworkProcess",
            Kind::Other => "other",
        }
    }

    fn of(program: &str) -> Kind {
        // The sandbox (bwrap, xdg-dbus-proxy) and anything else is "other".
        if program.contains("WebKitWebProcess") {
            Kind::Web
        } else if program.contains("WebKitNetworkProcess") {
            Kind::Network
        } else {
            Kind::Other
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct LogCounts {
    media_errors: u64,
    watchdog_faults: u64,
    watchdog_recoveries: u64,
}

fn soak(repo: &Path, loops: u64) -> Result<bool, Error> {
    let needs: Vec<&str> = packages::RUNTIME
        .iter()
        .chain(packages::SOAK)
        .copied()
        .collect();
    packages::ensure(&needs)?;
    run_status(
        crate::cargo()
            .args(["build", "--release", "--bin", "screening-kiosk"])
            .current_dir(repo),
    )?;
    let target = target_dir(repo);
    let bin = target.join("release/screening-kiosk");
    let stamp = utc_stamp(SystemTime::now());
    let log_dir = target.join("xtask");
    let work = log_dir.join(format!("soak-{stamp}"));
    let home = work.join("home");
    fs::create_dir_all(&home)
        .map_err(|e| Error(format!("cannot create {}: {e}", home.display())))?;

    let clip_path = work.join("clip.mp4");
    clip::make_clip(&clip_path, CLIP_SECS, CLIP_SIZE.0, CLIP_SIZE.1)?;
    let pack = clip::pack_with_clip(repo, &work.join("pack"), &clip_path)?;
    set_pin(&bin, &home)?;

    // Dropped in reverse: the kiosk first, then the bus and the display it was using.
    let display = display::VirtualDisplay::start(&log_dir, "1920x1080x24")?;
    let bus = display::SessionBus::start()?;
    let out = File::create(work.join("kiosk.out"))
        .map_err(|e| Error(format!("cannot create the kiosk's output file: {e}")))?;
    let mut cmd = Command::new(&bin);
    cmd.arg("--content")
        .arg(&pack)
        .env("HOME", &home)
        .env("DISPLAY", display.name())
        .env("GDK_BACKEND", "x11")
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .stdin(Stdio::null())
        .stdout(out.try_clone().map_err(|e| Error(e.to_string()))?)
        .stderr(out);
    // The real cache keeps GStreamer's plugin registry warm instead of rescanning every run.
    if let Some(real_home) = env::var_os("HOME") {
        cmd.env("XDG_CACHE_HOME", PathBuf::from(real_home).join(".cache"));
    }
    println!(
        "xtask: soak: {loops} loops of a {CLIP_SECS} s {}x{} clip; kiosk data in {}",
        CLIP_SIZE.0,
        CLIP_SIZE.1,
        home.display()
    );
    let started = Instant::now();
    let mut kiosk = Kiosk(
        cmd.spawn()
            .map_err(|e| Error(format!("cannot start {}: {e}", bin.display())))?,
    );
    let pid = kiosk.0.id();

    let data = identity::data_dir(&home);
    let stats = data.join("stats.json");
    let logs = data.join("logs");
    let mut samples: Vec<Sample> = Vec::new();
    let mut last_count = 0;
    let mut last_progress = Instant::now();
    let mut died = None;
    println!("{}", table_header());
    loop {
        sleep(POLL);
        if let Ok(Some(status)) = kiosk.0.try_wait() {
            died = Some(status.to_string());
            break;
        }
        let count = fs::read_to_string(&stats)
            .map(|s| attract_loops(&s))
            .unwrap_or(0);
        if count != last_count {
            last_count = count;
            last_progress = Instant::now();
            let sample = take_sample(pid, count, started.elapsed(), &logs);
            println!("{}", table_row(&sample));
            samples.push(sample);
            if count >= loops {
                break;
            }
        } else if last_progress.elapsed() > NO_PROGRESS_LIMIT {
            eprintln!(
                "xtask: soak: no new loop for {}s; stopping",
                NO_PROGRESS_LIMIT.as_secs()
            );
            break;
        }
    }
    drop(kiosk);
    let final_log = count_log_dir(&logs);
    drop(bus);
    drop(display);

    let csv_path = log_dir.join(format!("soak-{stamp}.csv"));
    fs::write(&csv_path, to_csv(&samples))
        .map_err(|e| Error(format!("cannot write {}: {e}", csv_path.display())))?;
    println!("xtask: soak: samples written to {}", csv_path.display());

    let verdict = verdict(&samples, loops, final_log, died.as_deref());
    println!("{}", verdict.text);
    Ok(verdict.pass)
}

/// SIGTERM on drop (and on every early return), the way an OS supervisor stops the kiosk.
struct Kiosk(Child);

impl Drop for Kiosk {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(Some(_))) {
            return;
        }
        let _ = Command::new("sh")
            .args(["-c", &format!("kill -TERM {}", self.0.id())])
            .status();
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(10) {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            sleep(Duration::from_millis(100));
        }
        eprintln!("xtask: soak: the kiosk ignored SIGTERM; killing it");
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn set_pin(bin: &Path, home: &Path) -> Result<(), Error> {
    let mut child = Command::new(bin)
        .arg("set-pin")
        .env("HOME", home)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| Error(format!("cannot run {} set-pin: {e}", bin.display())))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = writeln!(stdin, "{PIN}");
    }
    match child.wait() {
        Ok(s) if s.success() => Ok(()),
        other => Err(Error(format!("set-pin failed: {other:?}"))),
    }
}

fn take_sample(root: u32, loops: u64, elapsed: Duration, logs: &Path) -> Sample {
    let mut rss: BTreeMap<Kind, u64> = Kind::ALL.iter().map(|k| (*k, 0)).collect();
    let (mut total_rss, mut total_pss) = (0, 0);
    let tree = process_tree(root);
    for &pid in &tree {
        let kind = if pid == root {
            Kind::App
        } else {
            let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            Kind::of(&program_name(&cmdline))
        };
        let r = fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|s| kib_field(&s, "VmRSS:"))
            .unwrap_or(0);
        let p = fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|s| kib_field(&s, "Pss:"))
            .unwrap_or(0);
        *rss.entry(kind).or_default() += r;
        total_rss += r;
        total_pss += p;
    }
    Sample {
        loops,
        elapsed_secs: elapsed.as_secs_f64(),
        rss,
        total_rss,
        total_pss,
        processes: tree.len(),
        log: count_log_dir(logs),
    }
}

/// `root` and all its descendants, from the parent pid in every `/proc/<pid>/stat`.
fn process_tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = fs::read_dir("/proc") {
        for entry in entries.filter_map(Result::ok) {
            let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse().ok()) else {
                continue;
            };
            if let Some(ppid) = fs::read_to_string(entry.path().join("stat"))
                .ok()
                .and_then(|s| parent_pid(&s))
            {
                parents.push((pid, ppid));
            }
        }
    }
    descendants(root, &parents)
}

fn descendants(root: u32, parents: &[(u32, u32)]) -> Vec<u32> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(
            parents
                .iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    out
}

/// The fourth field of `/proc/<pid>/stat`. The second (the command name, in parentheses) may hold
/// spaces and parentheses itself, so the fields are counted from the last `)`.
fn parent_pid(stat: &str) -> Option<u32> {
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(1)?.parse().ok()
}

/// The file name of argv[0] from a NUL-separated `/proc/<pid>/cmdline`.
fn program_name(cmdline: &[u8]) -> String {
    let argv0 = cmdline.split(|b| *b == 0).next().unwrap_or_default();
    let argv0 = String::from_utf8_lossy(argv0);
    argv0.rsplit('/').next().unwrap_or_default().to_string()
}

/// A `Name:   1234 kB` line of `/proc/<pid>/status` or `smaps_rollup`, in KiB.
fn kib_field(text: &str, name: &str) -> Option<u64> {
    text.lines()
        .find_map(|line| line.strip_prefix(name))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The sum of every day's `"attractLoops": N` in stats.json: a run may cross midnight. (A string
/// search rather than a JSON parser: xtask has no dependencies.)
fn attract_loops(stats_json: &str) -> u64 {
    const KEY: &str = "\"attractLoops\"";
    stats_json
        .match_indices(KEY)
        .filter_map(|(at, _)| {
            let rest = stats_json[at + KEY.len()..]
                .trim_start()
                .strip_prefix(':')?;
            let digits: String = rest
                .trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<u64>().ok()
        })
        .sum()
}

/// The kiosk's current log and its rotated copies: rotation renames, so summing counts each line once.
fn count_log_dir(dir: &Path) -> LogCounts {
    let mut total = LogCounts::default();
    let Ok(entries) = fs::read_dir(dir) else {
        return total;
    };
    for entry in entries.filter_map(Result::ok) {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with("Screening Kiosk")
        {
            continue;
        }
        if let Ok(bytes) = fs::read(entry.path()) {
            let c = count_log(&String::from_utf8_lossy(&bytes));
            total.media_errors += c.media_errors;
            total.watchdog_faults += c.watchdog_faults;
            total.watchdog_recoveries += c.watchdog_recoveries;
        }
    }
    total
}

fn count_log(text: &str) -> LogCounts {
    let mut c = LogCounts::default();
    for line in text.lines() {
        if line.contains("media error") {
            c.media_errors += 1;
        } else if line.contains("watchdog:") {
            if line.contains("answers again") {
                c.watchdog_recoveries += 1;
            } else {
                c.watchdog_faults += 1;
            }
        }
    }
    c
}

/// The first sample at or after the warm-up (the first `WARMUP_PERCENT` of the loops).
fn baseline(samples: &[Sample], loops: u64) -> Option<&Sample> {
    let warmup = loops * WARMUP_PERCENT / 100;
    samples.iter().find(|s| s.loops >= warmup)
}

fn growth_percent(first: u64, last: u64) -> f64 {
    if first == 0 {
        return 0.0;
    }
    (last as f64 - first as f64) * 100.0 / first as f64
}

/// Least-squares slope of total RSS against loops after the warm-up, in KiB per 1,000 loops: the
/// endpoints alone move by a few MiB with GC and cache timing, while a leak shows as a steady slope
/// that tells how much a kiosk left alone for days would gain.
fn rss_slope_per_1000_loops(samples: &[Sample]) -> Option<f64> {
    let n = samples.len() as f64;
    if samples.len() < 3 {
        return None;
    }
    let mean_x = samples.iter().map(|s| s.loops as f64).sum::<f64>() / n;
    let mean_y = samples.iter().map(|s| s.total_rss as f64).sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for s in samples {
        let dx = s.loops as f64 - mean_x;
        sxy += dx * (s.total_rss as f64 - mean_y);
        sxx += dx * dx;
    }
    (sxx > 0.0).then(|| sxy / sxx * 1000.0)
}

struct Verdict {
    pass: bool,
    text: String,
}

fn verdict(samples: &[Sample], loops: u64, log: LogCounts, died: Option<&str>) -> Verdict {
    let mut problems = Vec::new();
    let mut lines = Vec::new();
    let last = samples.last();
    let played = last.map_or(0, |s| s.loops);
    if let Some(status) = died {
        problems.push(format!("the kiosk exited by itself ({status})"));
    }
    if played < loops {
        problems.push(format!("only {played} of {loops} loops played"));
    }
    match (baseline(samples, loops), last) {
        (Some(first), Some(last)) if first.loops < last.loops => {
            let rss = growth_percent(first.total_rss, last.total_rss);
            let pss = growth_percent(first.total_pss, last.total_pss);
            lines.push(format!(
                "growth from loop {} to loop {}: total RSS {} -> {} MiB ({rss:+.1}%), total PSS {} -> {} MiB ({pss:+.1}%)",
                first.loops,
                last.loops,
                mib(first.total_rss),
                mib(last.total_rss),
                mib(first.total_pss),
                mib(last.total_pss),
            ));
            for kind in Kind::ALL {
                let (a, b) = (first.rss[&kind], last.rss[&kind]);
                if a > 0 || b > 0 {
                    lines.push(format!(
                        "  {:<21} {} -> {} MiB ({:+.1}%)",
                        kind.label(),
                        mib(a),
                        mib(b),
                        growth_percent(a, b)
                    ));
                }
            }
            let after: Vec<Sample> = samples
                .iter()
                .filter(|s| s.loops >= first.loops)
                .cloned()
                .collect();
            if let Some(slope) = rss_slope_per_1000_loops(&after) {
                lines.push(format!(
                    "  trend after warm-up: {:+.1} MiB total RSS per 1000 loops (least squares)",
                    slope / 1024.0
                ));
            }
            if rss >= MAX_GROWTH_PERCENT {
                problems.push(format!(
                    "RSS grew {rss:.1}% after warm-up (limit {MAX_GROWTH_PERCENT}%)"
                ));
            }
        }
        _ => problems.push("too few samples after the warm-up to measure growth".into()),
    }
    if let Some(last) = last {
        lines.push(format!(
            "{} loops in {:.0}s: one loop every {:.2}s",
            last.loops,
            last.elapsed_secs,
            last.elapsed_secs / last.loops.max(1) as f64
        ));
    }
    lines.push(format!(
        "log: {} media error(s), {} watchdog fault(s), {} recovery(ies)",
        log.media_errors, log.watchdog_faults, log.watchdog_recoveries
    ));
    if log.media_errors > 0 {
        problems.push(format!("{} media error(s)", log.media_errors));
    }
    if log.watchdog_faults > 0 {
        problems.push(format!("{} watchdog fault(s)", log.watchdog_faults));
    }
    let pass = problems.is_empty();
    lines.push(if pass {
        format!(
            "xtask: soak: PASS (RSS growth < {MAX_GROWTH_PERCENT}% after a warm-up of {WARMUP_PERCENT}% of the loops, no errors, no stalls)"
        )
    } else {
        format!("xtask: soak: FAIL: {}", problems.join("; "))
    });
    Verdict {
        pass,
        text: lines.join("\n"),
    }
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

fn table_header() -> String {
    format!(
        "{:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>5} {:>4} {:>6}",
        "loop",
        "elapsed",
        "app",
        "web",
        "network",
        "other",
        "RSS MiB",
        "PSS MiB",
        "procs",
        "err",
        "stalls"
    )
}

fn table_row(s: &Sample) -> String {
    format!(
        "{:>6} {:>7.0}s {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>5} {:>4} {:>6}",
        s.loops,
        s.elapsed_secs,
        mib(s.rss[&Kind::App]),
        mib(s.rss[&Kind::Web]),
        mib(s.rss[&Kind::Network]),
        mib(s.rss[&Kind::Other]),
        mib(s.total_rss),
        mib(s.total_pss),
        s.processes,
        s.log.media_errors,
        s.log.watchdog_faults,
    )
}

fn to_csv(samples: &[Sample]) -> String {
    let mut out = String::from(
        "loop,elapsed_s,app_rss_kib,web_rss_kib,network_rss_kib,other_rss_kib,total_rss_kib,total_pss_kib,processes,media_errors,watchdog_faults,watchdog_recoveries\n",
    );
    for s in samples {
        out.push_str(&format!(
            "{},{:.1},{},{},{},{},{},{},{},{},{},{}\n",
            s.loops,
            s.elapsed_secs,
            s.rss[&Kind::App],
            s.rss[&Kind::Web],
            s.rss[&Kind::Network],
            s.rss[&Kind::Other],
            s.total_rss,
            s.total_pss,
            s.processes,
            s.log.media_errors,
            s.log.watchdog_faults,
            s.log.watchdog_recoveries
        ));
    }
    out
}

/// `20261126T064500Z`, for file names that sort by time. (No date crate in xtask.)
fn utc_stamp(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(loops: u64, total_rss: u64) -> Sample {
        Sample {
            loops,
            elapsed_secs: loops as f64 * 2.0,
            rss: Kind::ALL.iter().map(|k| (*k, total_rss / 4)).collect(),
            total_rss,
            total_pss: total_rss / 2,
            processes: 3,
            log: LogCounts::default(),
        }
    }

    #[test]
    fn loops_are_parsed_with_a_default() {
        assert_eq!(parse_args(&[]).unwrap(), DEFAULT_LOOPS);
        assert_eq!(parse_args(&["--loops".into(), "30".into()]).unwrap(), 30);
        assert!(parse_args(&["--loops".into(), "0".into()]).is_err());
        assert!(parse_args(&["--loops".into(), "x".into()]).is_err());
        assert!(parse_args(&["--iterations".into(), "3".into()]).is_err());
    }

    #[test]
    fn the_parent_pid_survives_a_command_name_with_spaces_and_parentheses() {
        assert_eq!(parent_pid("42 (bash) S 7 42 42 0"), Some(7));
        assert_eq!(parent_pid("43 (Web Content (x)) R 42 1 1"), Some(42));
        assert_eq!(parent_pid("garbage"), None);
    }

    #[test]
    fn descendants_include_grandchildren_but_not_strangers() {
        let parents = [(2, 1), (3, 2), (4, 99), (5, 3), (6, 1)];
        let mut tree = descendants(1, &parents);
        tree.sort_unstable();
        assert_eq!(tree, vec![1, 2, 3, 5, 6]);
    }

    #[test]
    fn kib_fields_and_program_names_come_out_of_proc_text() {
        let status = "Name:\tWebKitWebProces\nVmPeak:\t  900 kB\nVmRSS:\t  123456 kB\n";
        assert_eq!(kib_field(status, "VmRSS:"), Some(123_456));
        let rollup = "00400000-7fff [rollup]\nRss:  2000 kB\nPss:   1500 kB\nPss_Anon: 10 kB\n";
        assert_eq!(kib_field(rollup, "Pss:"), Some(1500));
        assert_eq!(kib_field(rollup, "Swap:"), None);
        let cmdline = b"/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKitWebProcess\x0012\x0034\x00";
        assert_eq!(program_name(cmdline), "WebKitWebProcess");
        assert_eq!(Kind::of("WebKitNetworkProcess"), Kind::Network);
        assert_eq!(Kind::of("bwrap"), Kind::Other);
    }

    #[test]
    fn attract_loops_are_summed_over_days() {
        let json = r#"{"stats":{"days":{"2026-11-25":{"attractLoops":12,"trailerStarts":1},"2026-11-26":{"attractLoops": 30}}}}"#;
        assert_eq!(attract_loops(json), 42);
        assert_eq!(attract_loops("{}"), 0);
        assert_eq!(attract_loops(r#"{"attractLoops":"#), 0);
    }

    #[test]
    fn the_log_tells_errors_faults_and_recoveries_apart() {
        let log = "\
[2026-11-26][06:50:01][screening_kiosk_lib::operations][WARN] media error playing trailer/trailer.mp4 (code 3: decode); failure 1 of 3
[2026-11-26][06:50:09][screening_kiosk_lib::recovery][WARN] watchdog: the picture stands still; reloading the page
[2026-11-26][06:50:15][screening_kiosk_lib::recovery][INFO] watchdog: the page answers again, showing \"attract\"
[2026-11-26][06:50:16][screening_kiosk_lib][INFO] content pack loaded
";
        assert_eq!(
            count_log(log),
            LogCounts {
                media_errors: 1,
                watchdog_faults: 1,
                watchdog_recoveries: 1
            }
        );
    }

    #[test]
    fn growth_is_measured_from_the_first_sample_after_warm_up() {
        let samples = [
            sample(30, 500),
            sample(100, 1000),
            sample(200, 1020),
            sample(1000, 1040),
        ];
        assert_eq!(baseline(&samples, 1000).unwrap().loops, 100);
        assert!((growth_percent(1000, 1040) - 4.0).abs() < 1e-9);
        assert_eq!(growth_percent(0, 10), 0.0);
        let v = verdict(&samples, 1000, LogCounts::default(), None);
        assert!(v.pass, "{}", v.text);
        assert!(v.text.contains("+4.0%"), "{}", v.text);
    }

    #[test]
    fn growth_errors_a_short_run_or_an_exit_each_fail() {
        let grew = [sample(100, 1000), sample(1000, 1060)];
        assert!(!verdict(&grew, 1000, LogCounts::default(), None).pass);
        let flat = [sample(100, 1000), sample(1000, 1000)];
        let errors = LogCounts {
            media_errors: 1,
            ..LogCounts::default()
        };
        assert!(!verdict(&flat, 1000, errors, None).pass);
        assert!(!verdict(&flat[..1], 1000, LogCounts::default(), None).pass);
        assert!(!verdict(&flat, 1000, LogCounts::default(), Some("exit status: 3")).pass);
        assert!(!verdict(&[], 1000, LogCounts::default(), None).pass);
    }

    #[test]
    fn the_trend_is_a_least_squares_slope_per_thousand_loops() {
        let steady = [sample(100, 1000), sample(200, 1002), sample(300, 1004)];
        let slope = rss_slope_per_1000_loops(&steady).unwrap();
        assert!((slope - 20.0).abs() < 1e-9, "{slope}");
        // One noisy sample moves the endpoints, not much the slope.
        let noisy = [sample(100, 1000), sample(200, 1010), sample(300, 1000)];
        assert!(rss_slope_per_1000_loops(&noisy).unwrap().abs() < 1e-9);
        assert_eq!(rss_slope_per_1000_loops(&steady[..2]), None);
        assert_eq!(
            rss_slope_per_1000_loops(&[sample(5, 1), sample(5, 2), sample(5, 3)]),
            None
        );
    }

    #[test]
    fn timestamps_are_utc_and_sortable() {
        assert_eq!(utc_stamp(UNIX_EPOCH), "19700101T000000Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_795_675_500);
        assert_eq!(utc_stamp(t), "20261126T064500Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(utc_stamp(leap), "20000229T000000Z");
    }

    #[test]
    fn the_csv_has_a_header_and_a_row_per_sample() {
        let csv = to_csv(&[sample(100, 1000), sample(200, 1004)]);
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows.len(), 3);
        assert!(rows[0].starts_with("loop,elapsed_s,"));
        assert!(rows[2].starts_with("200,400.0,251,"));
    }
}
