//! `cargo xtask bench-fleet`: how long `screening-kiosk fleet` takes on the anchor over a fleet of
//! generated status folders (a heartbeat and a few days of proof of play each), for the text
//! table, JSON, the HTML page and `fleet plays --csv`. Medians of several runs of the built binary
//! are printed, never judged: this is a measurement, not a test.

use crate::{cargo, repo_root, run_status, target_dir, Error};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug, PartialEq)]
pub struct Options {
    pub kiosks: Vec<usize>,
    pub days: u32,
    pub plays_per_day: u32,
    pub runs: usize,
    pub release: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            kiosks: vec![50, 500],
            days: 3,
            plays_per_day: 200,
            runs: 5,
            release: false,
        }
    }
}

pub fn parse_args(args: &[String]) -> Result<Options, Error> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| Error(format!("`{name}` needs a value")))
                .cloned()
        };
        let number = |name: &str, text: String| {
            text.parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| Error(format!("`{name}` takes a positive number, not `{text}`")))
        };
        match arg.as_str() {
            "--kiosks" => {
                options.kiosks = value("--kiosks")?
                    .split(',')
                    .map(|n| number("--kiosks", n.to_string()))
                    .collect::<Result<_, _>>()?;
            }
            "--days" => options.days = number("--days", value("--days")?)? as u32,
            "--plays-per-day" => {
                options.plays_per_day =
                    number("--plays-per-day", value("--plays-per-day")?)? as u32;
            }
            "--runs" => options.runs = number("--runs", value("--runs")?)?,
            "--release" => options.release = true,
            other => {
                return Err(Error(format!(
                    "unknown option for `bench-fleet`: `{other}`"
                )))
            }
        }
    }
    Ok(options)
}

pub fn cmd_bench_fleet(options: &Options) -> i32 {
    match bench(options) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("xtask: bench-fleet: {}", e.0);
            1
        }
    }
}

/// What is timed: a name and the arguments after `screening-kiosk` (`{dir}` and `{out}` filled in).
const MODES: [(&str, &[&str]); 4] = [
    ("text", &["fleet", "{dir}"]),
    ("json", &["fleet", "{dir}", "--format", "json"]),
    ("html", &["fleet", "{dir}", "--html", "{out}"]),
    ("plays --csv", &["fleet", "plays", "{dir}", "--csv"]),
];

fn bench(options: &Options) -> Result<(), Error> {
    let repo = repo_root();
    let profile = if options.release { "release" } else { "debug" };
    let mut build = cargo();
    build.args(["build", "--bin", "screening-kiosk"]);
    if options.release {
        build.arg("--release");
    }
    run_status(build.current_dir(&repo))?;
    let binary = target_dir(&repo).join(profile).join("screening-kiosk");
    let scratch = target_dir(&repo).join("xtask/fleet-bench");
    println!(
        "xtask: {profile} binary, {} day(s) of {} plays per kiosk, median of {} run(s)",
        options.days, options.plays_per_day, options.runs
    );
    println!(
        "{:>7}  {:<12} {:>10} {:>10} {:>10}",
        "kiosks", "output", "median", "min", "max"
    );
    for &kiosks in &options.kiosks {
        let dir = scratch.join(format!("status-{kiosks}"));
        let _ = fs::remove_dir_all(&dir);
        let started = Instant::now();
        let lines = generate(&dir, kiosks, options.days, options.plays_per_day)?;
        println!(
            "xtask: generated {kiosks} status folders, {lines} plays lines, in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let out = scratch.join(format!("fleet-{kiosks}.html"));
        for (name, args) in MODES {
            let args: Vec<String> = args
                .iter()
                .map(|a| {
                    a.replace("{dir}", &dir.display().to_string())
                        .replace("{out}", &out.display().to_string())
                })
                .collect();
            let mut times = Vec::with_capacity(options.runs);
            for _ in 0..options.runs {
                times.push(time_run(&binary, &args)?);
            }
            times.sort();
            let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
            println!(
                "{kiosks:>7}  {name:<12} {:>10} {:>10} {:>10}",
                ms(median(&times)),
                ms(times[0]),
                ms(times[times.len() - 1])
            );
        }
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_file(&out);
    }
    Ok(())
}

fn time_run(binary: &Path, args: &[String]) -> Result<Duration, Error> {
    let started = Instant::now();
    let status = Command::new(binary)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| Error(format!("cannot run {}: {e}", binary.display())))?;
    let took = started.elapsed();
    // 1 is the alert for the kiosks generated silent or refused; anything else is a failure.
    match status.code() {
        Some(0 | 1) => Ok(took),
        _ => Err(Error(format!(
            "`{} {}` ended with {status}",
            binary.display(),
            args.join(" ")
        ))),
    }
}

/// The middle of sorted `times` (the lower middle of an even count).
fn median(times: &[Duration]) -> Duration {
    times[(times.len() - 1) / 2]
}

/// `kiosks` status folders under `dir`, most healthy, every tenth silent and every seventh
/// refusing a pack, each with `days` plays files; returns the number of plays lines written.
fn generate(dir: &Path, kiosks: usize, days: u32, plays_per_day: u32) -> Result<usize, Error> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| Error(e.to_string()))?
        .as_secs() as i64;
    let write = |path: PathBuf, text: String| {
        fs::write(&path, text).map_err(|e| Error(format!("cannot write {}: {e}", path.display())))
    };
    let mut lines = 0;
    for k in 0..kiosks {
        let id = format!("kiosk-{k:04}");
        let folder = dir.join(format!("status-{id}"));
        let plays = folder.join("plays");
        fs::create_dir_all(&plays)
            .map_err(|e| Error(format!("cannot create {}: {e}", plays.display())))?;
        let written = if k % 10 == 9 {
            now - 7200
        } else {
            now - (k % 50) as i64
        };
        let state = if k % 7 == 6 { "refused" } else { "current" };
        write(
            folder.join("heartbeat.json"),
            format!(
                r#"{{"format":1,"kioskId":"{id}","kioskName":"Kiosk {k}","appVersion":"0.1.0","writtenAt":"{}","uptimeSecs":36000,"intervalSecs":60,"pack":{{"name":"trailer@3","digest":null}},"fleet":{{"desired":"trailer@3","state":"{state}","detail":null,"maintenance":false}},"showing":"attract","displayPower":"on","lastFault":null,"freeDiskBytes":41200000000,"today":{{"day":null,"attractLoops":0,"trailerStarts":0,"trailerCompletions":0,"sessions":0}}}}"#,
                rfc3339(written)
            ),
        )?;
        for day in 0..i64::from(days) {
            let day_start = (now / 86_400 - day) * 86_400;
            let mut text = String::new();
            for p in 0..i64::from(plays_per_day) {
                let started = day_start + p * 60;
                let (item, trigger, language) = if p % 4 == 0 {
                    ("trailer", "visitor", "\"en\"")
                } else {
                    ("attract", "loop", "null")
                };
                text.push_str(&format!(
                    r#"{{"playId":"{id}-1-{day}-{p}","kioskId":"{id}","pack":"trailer@3","item":"{item}","language":{language},"captions":false,"started":"{}","ended":"{}","durationSecs":49.4,"completed":true,"trigger":"{trigger}"}}"#,
                    rfc3339(started),
                    rfc3339(started + 49),
                ));
                text.push('\n');
            }
            lines += plays_per_day as usize;
            write(
                plays.join(format!("{}.jsonl", &rfc3339(day_start)[..10])),
                text,
            )?;
        }
    }
    Ok(lines)
}

/// `YYYY-MM-DDTHH:MM:SSZ` of Unix seconds, by the civil-from-days rule (proleptic Gregorian).
fn rfc3339(secs: i64) -> String {
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_become_rfc_3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_750_000_000), "2025-06-15T15:06:40Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn options_parse_and_refuse_nonsense() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let parsed = parse_args(&args(&["--kiosks", "10,20", "--runs", "3", "--release"])).unwrap();
        assert_eq!(parsed.kiosks, [10, 20]);
        assert_eq!((parsed.runs, parsed.release), (3, true));
        assert!(parse_args(&args(&["--runs", "0"])).is_err());
        assert!(parse_args(&args(&["--kiosks"])).is_err());
        assert!(parse_args(&args(&["--fast"])).is_err());
    }
}
