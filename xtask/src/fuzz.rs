//! `cargo xtask fuzz --secs N [TARGET..]`: every fuzz target in `fuzz/` (cargo-fuzz, libFuzzer)
//! for N seconds each, one after another, each seeded from the default pack. Not part of `test`:
//! fuzzing finds more the longer it runs, and CI has a time budget. Prints each target's figures
//! (executions, corpus, findings); a finding is saved under `fuzz/artifacts/<target>/` and makes
//! the command fail.

use crate::{repo_root, run_status, Error, DEFAULT_PACK};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The targets in `fuzz/Cargo.toml`, and where each one's seeds come from in the default pack.
const TARGETS: &[(&str, &[&str])] = &[
    ("mp4_probe", &["trailer/trailer.mp4"]),
    ("webm_probe", &["trailer/trailer.webm"]),
    ("pack_manifest", &["manifest.toml"]),
    ("webvtt_check", &["captions"]),
    ("law_markdown", &["law"]),
    // Relative to the default pack: the documented example plan.
    ("fleet_plan", &["../../deploy/fleet/fleet.example.toml"]),
];

/// Seeds are cut to this: the headers a probe reads come first, and libFuzzer mutates small
/// inputs far faster than whole trailers.
const SEED_BYTES: usize = 64 * 1024;

pub struct Options {
    pub secs: u64,
    pub targets: Vec<String>,
}

pub fn parse_args(args: &[String]) -> Result<Options, Error> {
    let mut secs = 60;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--secs" => {
                secs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| Error("--secs needs a number of seconds".into()))?
            }
            name if TARGETS.iter().any(|(target, _)| *target == name) => {
                targets.push(name.to_string())
            }
            other => {
                let known: Vec<_> = TARGETS.iter().map(|(name, _)| *name).collect();
                return Err(Error(format!(
                    "unknown fuzz option or target `{other}` (targets: {})",
                    known.join(", ")
                )));
            }
        }
    }
    Ok(Options { secs, targets })
}

pub fn cmd_fuzz(options: &Options) -> i32 {
    match fuzz(options) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("xtask: fuzz: {}", e.0);
            1
        }
    }
}

fn fuzz(options: &Options) -> Result<(), Error> {
    let repo = repo_root();
    let fuzz_dir = repo.join("fuzz");
    ensure_cargo_fuzz()?;
    let chosen: Vec<_> = TARGETS
        .iter()
        .filter(|(name, _)| options.targets.is_empty() || options.targets.iter().any(|t| t == name))
        .collect();
    let mut figures = Vec::new();
    let mut failed = Vec::new();
    for (name, seeds) in chosen {
        let corpus = fuzz_dir.join("corpus").join(name);
        seed(&repo.join(DEFAULT_PACK), seeds, &corpus)?;
        let artifacts = fuzz_dir.join("artifacts").join(name);
        fs::create_dir_all(&artifacts)
            .map_err(|e| Error(format!("{}: {e}", artifacts.display())))?;
        let before = count_files(&artifacts);
        let log = fuzz_dir.join("artifacts").join(format!("{name}.log"));
        // No sanitizer: the crate is safe Rust, and what is hunted here is panics, hangs and
        // allocations out of proportion, which libFuzzer's own limits catch.
        let mut cmd = Command::new("cargo");
        cmd.current_dir(&fuzz_dir)
            .args([
                "+nightly",
                "fuzz",
                "run",
                "--release",
                "--sanitizer",
                "none",
                name,
            ])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={}", options.secs))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .args([
                "-timeout=10",
                "-rss_limit_mb=2048",
                "-max_len=262144",
                "-print_final_stats=1",
            ])
            .stderr(Stdio::from(
                fs::File::create(&log).map_err(|e| Error(format!("{}: {e}", log.display())))?,
            ));
        let outcome = run_status(&mut cmd);
        let stats = final_stats(&log);
        let found = count_files(&artifacts).saturating_sub(before);
        println!(
            "xtask: fuzz {name}: {} s of fuzzing, {} executions, corpus {} inputs, {found} new finding(s){}",
            stats.fuzzing_secs().map_or("?".to_string(), |secs| secs.to_string()),
            stats.execs.as_deref().unwrap_or("?"),
            count_files(&corpus),
            if outcome.is_err() {
                " (stopped on a finding: see the log)"
            } else {
                ""
            },
        );
        figures.push((name.to_string(), stats, found));
        if outcome.is_err() || found > 0 {
            failed.push(format!("{name} (log: {})", log.display()));
        }
    }
    println!("\nxtask: fuzz summary ({} s per target)", options.secs);
    for (name, stats, found) in &figures {
        println!(
            "  {name:<14} execs {:>12}  exec/s {:>7}  peak RSS {:>6} MB  findings {found}",
            stats.execs.as_deref().unwrap_or("?"),
            stats.exec_per_sec.as_deref().unwrap_or("?"),
            stats.peak_rss_mb.as_deref().unwrap_or("?"),
        );
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error(format!("findings in {}", failed.join(", "))))
    }
}

fn ensure_cargo_fuzz() -> Result<(), Error> {
    let has_nightly = Command::new("cargo")
        .args(["+nightly", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_nightly {
        return Err(Error(
            "cargo fuzz needs a nightly toolchain (`rustup toolchain install nightly`)".into(),
        ));
    }
    let has_cargo_fuzz = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_cargo_fuzz {
        run_status(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    Ok(())
}

/// Fills an empty corpus folder with the default pack's files (or each file of a folder), cut to
/// `SEED_BYTES`.
fn seed(pack: &Path, seeds: &[&str], corpus: &Path) -> Result<(), Error> {
    fs::create_dir_all(corpus).map_err(|e| Error(format!("{}: {e}", corpus.display())))?;
    if count_files(corpus) > 0 {
        return Ok(());
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for seed in seeds {
        let path = pack.join(seed);
        match fs::read_dir(&path) {
            Ok(entries) => files.extend(entries.flatten().map(|e| e.path())),
            Err(_) => files.push(path),
        }
    }
    for file in files {
        let bytes = fs::read(&file).map_err(|e| Error(format!("{}: {e}", file.display())))?;
        let name = file.file_name().unwrap_or_default();
        fs::write(corpus.join(name), &bytes[..bytes.len().min(SEED_BYTES)])
            .map_err(|e| Error(format!("{}: {e}", corpus.display())))?;
    }
    Ok(())
}

fn count_files(dir: &Path) -> usize {
    fs::read_dir(dir).map_or(0, |entries| {
        entries.flatten().filter(|e| e.path().is_file()).count()
    })
}

#[derive(Default)]
struct FinalStats {
    execs: Option<String>,
    exec_per_sec: Option<String>,
    peak_rss_mb: Option<String>,
}

impl FinalStats {
    /// How long libFuzzer ran the target (a finding ends it before `--secs`).
    fn fuzzing_secs(&self) -> Option<u64> {
        let execs: u64 = self.execs.as_deref()?.parse().ok()?;
        let per_sec: u64 = self.exec_per_sec.as_deref()?.parse().ok()?;
        (per_sec > 0).then(|| execs / per_sec)
    }
}

/// libFuzzer's `-print_final_stats=1` lines: `stat::number_of_executed_units: 123`.
fn final_stats(log: &Path) -> FinalStats {
    let text = fs::read_to_string(log).unwrap_or_default();
    let value = |key: &str| {
        text.lines()
            .filter_map(|line| line.strip_prefix(key))
            .filter_map(|rest| rest.trim_start_matches(':').split_whitespace().next())
            .next_back()
            .map(str::to_string)
    };
    FinalStats {
        execs: value("stat::number_of_executed_units"),
        exec_per_sec: value("stat::average_exec_per_sec"),
        peak_rss_mb: value("stat::peak_rss_mb"),
    }
}
