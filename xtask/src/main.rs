//! `cargo xtask run`, `test` and `bundle`: the whole quick start, for developers and for CI; and
//! the longer runs that are not tests (`soak`, `bench`, `fuzz`).
//!
//! Standard library only, so a fresh machine compiles nothing else before the first task runs.

#[cfg(target_os = "linux")]
mod bench;
mod bundle;
#[cfg(target_os = "linux")]
mod clip;
#[cfg(target_os = "linux")]
mod display;
mod fleet_bench;
mod fuzz;
#[cfg(target_os = "linux")]
mod identity;
#[cfg(target_os = "linux")]
mod installer;
mod packages;
#[cfg(target_os = "linux")]
mod platforms;
#[cfg(target_os = "linux")]
mod soak;

#[cfg(target_os = "linux")]
use std::collections::HashMap;
use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{exit, Command, ExitStatus};
use std::time::Instant;
#[cfg(target_os = "linux")]
use std::time::SystemTime;

/// The content pack `cargo xtask run` opens unless told otherwise.
const DEFAULT_PACK: &str = "assets/justice-for-sergei";

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run [-- <app args>]   install missing system packages (Debian/Ubuntu), then build and launch the
                        kiosk on assets/justice-for-sergei, passing <app args> through
  test [--no-e2e]       install test needs (apt packages, npm ci), validate the release workflow,
                        then run fmt, clippy, UI unit tests (node --test), cargo test, the
                        end-to-end tests (under Xvfb + openbox when DISPLAY is unset) and, on
                        Linux, the installer test (the .deb installed with dpkg, its kiosk run on
                        the bundled pack with no network, then removed; needs root or sudo);
                        --no-e2e skips the end-to-end and installer layers and their setup
  e2e [FILTER]          Linux: the end-to-end layer of `test` alone (its system packages,
                        tauri-driver and npm dev tools first), only the tests whose names contain
                        FILTER when given (e.g. `lockdown::` or `visitor_walk`)
  bundle [--bundles deb,rpm]
                        the Linux installers, built by the Tauri CLI pinned in package.json
                        (`tauri build`, offline); prints each package's path and size. AppImage
                        (`--bundles appimage`) needs a download, so it is not in the default set
  installer             Linux: the installer step of `test` alone (root or sudo)
  fuzz [--secs N] [TARGET..]
                        every fuzz target in fuzz/ (or the named ones) for N seconds each (default
                        60) with cargo-fuzz on the nightly toolchain, seeded from the default pack;
                        prints executions and findings. Not part of `test`
  settings-soak [--iterations N]
                        the power-loss test run longer (default 2000 SIGKILLs mid-save); prints
                        what it saw. A benchmark, not part of `test`
  soak [--loops N]      Linux: the release kiosk loops a 3 s clip N times (default 1000) on a private
                        Xvfb; samples RSS/PSS of the app and its WebKit processes, counts media
                        errors and watchdog stalls; exits 0 on PASS (< 5% growth after warm-up, no
                        errors), 1 on FAIL. Samples go to target/xtask/soak-<time>.csv
  bench [--runs N] [--window SECS] [--kiosk-env VAR=VAL[,..]] [--kiosk-clip WxH]
        [--webkit-pages | --pages NAME,..] [--page-env VAR=VAL[,..]]
                        Linux: the release kiosk looping a test clip vs. Chromium --kiosk and mpv on
                        Xvfb: CPU, PSS and first frame, medians of N interleaved launches (default
                        5, window 20 s), as ratios; check time, binary and .deb sizes. The options
                        add kiosk variants (env vars, clip size, gtk-enable-animations=false) and plain
                        WebKitGTK (MiniBrowser) test pages; see docs/performance.md
  bench --check-budget  `screening-kiosk check` on hostile packs that each hit one limit of
                        validation (docs/content-pack.md, Limits): wall time and peak RSS of each
  bench-fleet [--kiosks N,..] [--days D] [--plays-per-day P] [--runs R] [--release]
                        `screening-kiosk fleet` over generated status folders (default 50 and 500
                        kiosks, 3 days of 200 plays each): median wall time of R runs (default 5) of
                        the text table, JSON, the HTML page and `fleet plays --csv`; printed only
  platforms [--all] [--target T]..
                        Linux: clippy (-D warnings) of the app for x86_64-pc-windows-msvc and
                        aarch64-apple-darwin (--all: also x86_64-pc-windows-gnu, x86_64-apple-darwin)
                        with Debian's rustc-web and -Zbuild-std, all targets and lib+bins alone;
                        type checks only (no linking); cache in /var/cache/screening-kiosk/platforms";

/// A failure with a message meant for a person.
#[derive(Debug)]
pub struct Error(pub String);

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("run") => cmd_run(&args[1..]),
        Some("test") => match parse_test_args(&args[1..]) {
            Ok(opts) => cmd_test(&opts),
            Err(e) => {
                eprintln!("xtask: {}\n\n{USAGE}", e.0);
                2
            }
        },
        #[cfg(target_os = "linux")]
        Some("e2e") => match parse_e2e_args(&args[1..]) {
            Ok(filter) => cmd_e2e(filter),
            Err(e) => {
                eprintln!("xtask: {}\n\n{USAGE}", e.0);
                2
            }
        },
        Some("bundle") => match bundle::parse_args(&args[1..]) {
            Ok(bundles) => {
                add_cargo_bin_to_path();
                bundle::cmd_bundle(&repo_root(), &bundles)
            }
            Err(e) => {
                eprintln!("xtask: {}\n\n{USAGE}", e.0);
                2
            }
        },
        #[cfg(target_os = "linux")]
        Some("installer") if args.len() == 1 => {
            add_cargo_bin_to_path();
            let repo = repo_root();
            let steps = || -> Result<(), &'static str> {
                step("system packages", ensure_runtime_and_test_packages)?;
                step("tauri-driver", ensure_tauri_driver)?;
                step("installer", || installer_test(&repo))
            };
            i32::from(steps().is_err())
        }
        Some("fuzz") => match fuzz::parse_args(&args[1..]) {
            Ok(options) => fuzz::cmd_fuzz(&options),
            Err(e) => {
                eprintln!("xtask: {}\n\n{USAGE}", e.0);
                2
            }
        },
        Some("settings-soak") => match parse_iterations(&args[1..]) {
            Ok(iterations) => cmd_settings_soak(iterations),
            Err(e) => {
                eprintln!("xtask: {}\n\n{USAGE}", e.0);
                2
            }
        },
        #[cfg(target_os = "linux")]
        Some("soak") => match soak::parse_args(&args[1..]) {
            Ok(loops) => soak::cmd_soak(&repo_root(), loops),
            Err(e) => {
                eprintln!("xtask: {}\n\n{USAGE}", e.0);
                2
            }
        },
        #[cfg(target_os = "linux")]
        Some("bench") => match bench::parse_args(&args[1..]) {
            Ok(opts) => bench::cmd_bench(&opts),
            Err(e) => {
                eprintln!("xtask: {}\n\n{USAGE}", e.0);
                2
            }
        },
        Some("bench-fleet") => match fleet_bench::parse_args(&args[1..]) {
            Ok(options) => fleet_bench::cmd_bench_fleet(&options),
            Err(e) => {
                eprintln!("xtask: {}\n\n{USAGE}", e.0);
                2
            }
        },
        #[cfg(target_os = "linux")]
        Some("platforms") => match platforms::parse_args(&args[1..]) {
            Ok(options) => platforms::cmd_platforms(&options),
            Err(e) => {
                eprintln!("xtask: {}\n\n{USAGE}", e.0);
                2
            }
        },
        Some("help" | "-h" | "--help") => {
            println!("{USAGE}");
            0
        }
        Some(other) => {
            eprintln!("xtask: unknown command `{other}`\n\n{USAGE}");
            2
        }
        None => {
            eprintln!("{USAGE}");
            2
        }
    };
    exit(code);
}

// ---------------------------------------------------------------------------------------- run --

fn cmd_run(args: &[String]) -> i32 {
    add_cargo_bin_to_path();
    let repo = repo_root();
    if let Err(e) = packages::ensure(packages::RUNTIME) {
        eprintln!("xtask: system packages: {}", e.0);
        return 1;
    }
    let app_args = app_args(&repo, args);
    let launches_kiosk = !app_args.first().is_some_and(is_subcommand);
    if cfg!(target_os = "linux")
        && launches_kiosk
        && env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
        && env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty())
    {
        println!("xtask: note: neither DISPLAY nor WAYLAND_DISPLAY is set; the kiosk needs a graphical session");
    }

    let mut cmd = cargo();
    cmd.args(["run", "--bin", "screening-kiosk", "--"])
        .args(&app_args)
        .current_dir(&repo);
    println!("xtask: $ {}", describe(&cmd));
    match cmd.status() {
        Ok(status) => exit_code(status),
        Err(e) => {
            eprintln!("xtask: cannot run cargo: {e}");
            1
        }
    }
}

/// The arguments after `cargo xtask run [--]`, preceded by `--content <default pack>` unless the
/// caller names a pack or a subcommand (such as `check <DIR>`) themselves.
fn app_args(repo: &Path, args: &[String]) -> Vec<OsString> {
    let extra = match args.first().map(String::as_str) {
        Some("--") => &args[1..],
        _ => args,
    };
    let names_pack = extra
        .iter()
        .any(|a| a == "--content" || a.starts_with("--content="));
    let subcommand = extra.first().is_some_and(is_subcommand);
    let mut out = Vec::new();
    if !names_pack && !subcommand {
        out.push(OsString::from("--content"));
        out.push(repo.join(DEFAULT_PACK).into_os_string());
    }
    out.extend(extra.iter().map(OsString::from));
    out
}

/// `check` and any future subcommand: the first app argument that is not an option.
fn is_subcommand(arg: impl AsRef<std::ffi::OsStr>) -> bool {
    !arg.as_ref().to_string_lossy().starts_with('-')
}

// ------------------------------------------------------------------------------ settings-soak --

const DEFAULT_SOAK_ITERATIONS: u64 = 2000;

fn parse_iterations(args: &[String]) -> Result<u64, Error> {
    match args {
        [] => Ok(DEFAULT_SOAK_ITERATIONS),
        [flag, n] if flag == "--iterations" => n
            .parse()
            .map_err(|_| Error(format!("--iterations takes a number, not `{n}`"))),
        other => Err(Error(format!(
            "unknown options for `settings-soak`: {other:?}"
        ))),
    }
}

/// The SIGKILL-during-save test of `tests/integration/settings_power_loss.rs`, with more kills.
fn cmd_settings_soak(iterations: u64) -> i32 {
    let mut cmd = cargo();
    cmd.args([
        "test",
        "--test",
        INTEGRATION_TESTS,
        "--",
        "--exact",
        "settings_power_loss::settings_survive_being_killed_mid_write",
        "--nocapture",
    ])
    .env("SCREENING_KIOSK_KILL_ITERATIONS", iterations.to_string())
    .current_dir(repo_root());
    match run_status(&mut cmd) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("xtask: {}", e.0);
            1
        }
    }
}

// --------------------------------------------------------------------------------------- test --

/// The test binary of `tests/integration/` (every integration test that needs no display).
const INTEGRATION_TESTS: &str = "integration";

#[derive(Debug, PartialEq)]
struct TestOptions {
    e2e: bool,
}

fn parse_test_args(args: &[String]) -> Result<TestOptions, Error> {
    let mut opts = TestOptions { e2e: true };
    for arg in args {
        match arg.as_str() {
            "--no-e2e" => opts.e2e = false,
            other => return Err(Error(format!("unknown option for `test`: `{other}`"))),
        }
    }
    Ok(opts)
}

/// End-to-end tests need tauri-driver, which drives WebKitWebDriver: Linux only.
const E2E_SUPPORTED: bool = cfg!(target_os = "linux");

fn cmd_test(opts: &TestOptions) -> i32 {
    add_cargo_bin_to_path();
    let repo = repo_root();
    let e2e = opts.e2e && E2E_SUPPORTED;
    let started = Instant::now();

    match run_test_steps(&repo, e2e) {
        Ok(()) => {
            if opts.e2e && !E2E_SUPPORTED {
                println!("xtask: e2e skipped: end-to-end tests run on Linux only (tauri-driver needs WebKitWebDriver)");
            } else if !opts.e2e {
                println!("xtask: e2e skipped (--no-e2e)");
            }
            println!(
                "xtask: all steps passed in {:.1}s",
                started.elapsed().as_secs_f64()
            );
            0
        }
        Err(step) => {
            eprintln!(
                "xtask: FAILED at step `{step}` after {:.1}s",
                started.elapsed().as_secs_f64()
            );
            1
        }
    }
}

/// What the end-to-end and installer tests need on top of building: the app's runtime and the
/// test tools (Xvfb, WebKitWebDriver, ...).
fn ensure_runtime_and_test_packages() -> Result<(), Error> {
    let all: Vec<&str> = packages::RUNTIME
        .iter()
        .chain(packages::TEST)
        .chain(packages::ENGINES)
        .copied()
        .collect();
    packages::ensure(&all)
}

/// Runs the steps in order and stops at the first failure, returning its name.
fn run_test_steps(repo: &Path, e2e: bool) -> Result<(), &'static str> {
    step("system packages", || {
        if e2e {
            ensure_runtime_and_test_packages()
        } else {
            let all: Vec<&str> = packages::RUNTIME
                .iter()
                .chain(packages::ENGINES)
                .copied()
                .collect();
            packages::ensure(&all)
        }
    })?;
    if e2e {
        step("tauri-driver", ensure_tauri_driver)?;
    }
    step("npm dev tools", || npm_dev_tools(repo))?;
    step("workflows", || validate_workflows(repo))?;
    step("fmt", || {
        run_status(
            cargo()
                .args(["fmt", "--all", "--", "--check"])
                .current_dir(repo),
        )
    })?;
    step("clippy", || {
        run_status(
            cargo()
                .args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])
                .current_dir(repo),
        )
    })?;
    // Windows and macOS code type-checked and linted here, before any runner builds it.
    #[cfg(target_os = "linux")]
    step("platforms", platforms::test_step)?;
    step("ui unit tests", || ui_tests(repo))?;
    step("cargo test", || {
        run_status(cargo().args(["test", "--workspace"]).current_dir(repo))
    })?;
    if e2e {
        step("e2e", || e2e_tests(repo, None))?;
        step("installer", || installer_test(repo))?;
    }
    Ok(())
}

/// Prints a header, runs `body`, prints `xtask: NAME ok in 1.2s` or why it failed.
fn step(name: &'static str, body: impl FnOnce() -> Result<(), Error>) -> Result<(), &'static str> {
    println!("\nxtask: ==> {name}");
    let started = Instant::now();
    let result = body();
    let secs = started.elapsed().as_secs_f64();
    match result {
        Ok(()) => {
            println!("xtask: {name} ok in {secs:.1}s");
            Ok(())
        }
        Err(e) => {
            eprintln!("xtask: {name} FAILED in {secs:.1}s: {}", e.0);
            Err(name)
        }
    }
}

/// GitHub Actions workflows cannot run here; each is at least checked against GitHub's workflow
/// schema (action-validator, pinned in package.json), so a typo fails here rather than on a tag.
fn validate_workflows(repo: &Path) -> Result<(), Error> {
    let dir = repo.join(".github/workflows");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| Error(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    if files.is_empty() {
        return Err(Error(format!("no workflow in {}", dir.display())));
    }
    files.sort();
    for file in files {
        println!("xtask: validating {}", file.display());
        run_status(
            Command::new(repo.join("node_modules/.bin/action-validator"))
                .arg(&file)
                .current_dir(repo),
        )?;
    }
    Ok(())
}

/// The exact npm packages `package-lock.json` pins (axe-core for the accessibility audit, the Tauri
/// CLI for installers, action-validator for workflows), from the registry or npm's cache. `npm ci`
/// rather than `install`: it never rewrites the lock file.
fn npm_dev_tools(repo: &Path) -> Result<(), Error> {
    run_status(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(repo),
    )
}

fn ensure_tauri_driver() -> Result<(), Error> {
    if !packages::on_path("WebKitWebDriver") {
        return Err(Error(
            "`WebKitWebDriver` is not on PATH (Debian package: webkit2gtk-driver)".into(),
        ));
    }
    if let Some(path) = packages::find_on_path("tauri-driver") {
        println!("xtask: tauri-driver found at {}", path.display());
        return Ok(());
    }
    run_status(cargo().args(["install", "tauri-driver", "--version", "^2", "--locked"]))?;
    if packages::on_path("tauri-driver") {
        Ok(())
    } else {
        Err(Error(
            "`cargo install tauri-driver` succeeded but `tauri-driver` is not on PATH; add cargo's bin directory to PATH".into(),
        ))
    }
}

/// `node --test` with every `*.test.js` under `ui/js`, named one by one: a directory argument
/// only works on node 20 (node 22+ treats it as a pattern and fails), and node exits 0 when it
/// finds no tests at all, which must not pass for a green UI layer.
fn ui_tests(repo: &Path) -> Result<(), Error> {
    let dir = repo.join("ui/js");
    let mut files = Vec::new();
    collect_js_tests(&dir, &mut files)
        .map_err(|e| Error(format!("cannot read {}: {e}", dir.display())))?;
    if files.is_empty() {
        return Err(Error(format!(
            "no *.test.js files under {}; the UI unit test layer would pass without testing anything",
            dir.display()
        )));
    }
    files.sort();
    let mut cmd = Command::new("node");
    cmd.arg("--test").current_dir(repo);
    for file in &files {
        cmd.arg(file.strip_prefix(repo).unwrap_or(file));
    }
    run_status(&mut cmd)
}

fn collect_js_tests(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type()?.is_dir() {
            if name != "node_modules" {
                collect_js_tests(&path, out)?;
            }
        } else if is_js_test_file(&name) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_js_test_file(name: &str) -> bool {
    [".test.js", ".test.mjs", ".test.cjs"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

// ---------------------------------------------------------------------------------------- e2e --

/// `e2e [FILTER]`: at most one name filter.
#[cfg(target_os = "linux")]
fn parse_e2e_args(args: &[String]) -> Result<Option<&str>, Error> {
    match args {
        [] => Ok(None),
        [filter] if !filter.starts_with('-') => Ok(Some(filter)),
        other => Err(Error(format!(
            "`e2e` takes at most one test name filter, not {other:?}"
        ))),
    }
}

/// The end-to-end layer of `test` alone, with what it needs set up first.
#[cfg(target_os = "linux")]
fn cmd_e2e(filter: Option<&str>) -> i32 {
    add_cargo_bin_to_path();
    let repo = repo_root();
    let steps = || -> Result<(), &'static str> {
        step("system packages", ensure_runtime_and_test_packages)?;
        step("tauri-driver", ensure_tauri_driver)?;
        step("npm dev tools", || npm_dev_tools(&repo))?;
        step("e2e", || e2e_tests(&repo, filter))
    };
    i32::from(steps().is_err())
}

/// The end-to-end tests, one at a time on a private display (see `test_session`); only those
/// whose names contain `filter` when given.
#[cfg(target_os = "linux")]
fn e2e_tests(repo: &Path, filter: Option<&str>) -> Result<(), Error> {
    let screenshots = repo.join("screenshots");
    fs::create_dir_all(&screenshots)
        .map_err(|e| Error(format!("cannot create {}: {e}", screenshots.display())))?;

    let mut cmd = cargo();
    cmd.args([
        "test",
        "--test",
        "e2e",
        "--",
        "--ignored",
        "--test-threads=1",
        "--nocapture",
        // The installed-package test has a step of its own (`installer`), with the package installed.
        "--skip",
        installer::TEST_MODULE,
    ])
    .args(filter)
    .env("SCREENING_KIOSK_SCREENSHOTS", &screenshots)
    .current_dir(repo);

    // Declared before the run so it outlives it; dropped (Xvfb and openbox stopped) on every path out.
    let _session = test_session(repo, &mut cmd, true)?;

    let before = file_times(&screenshots);
    let result = run_status(&mut cmd);
    let after = file_times(&screenshots);
    let shots = after
        .iter()
        .filter(|(path, time)| before.get(*path) != Some(*time))
        .count();
    println!(
        "xtask: {shots} screenshot(s) written to {}",
        screenshots.display()
    );
    result
}

#[cfg(not(target_os = "linux"))]
fn e2e_tests(_repo: &Path, _filter: Option<&str>) -> Result<(), Error> {
    unreachable!("e2e is only scheduled on Linux")
}

/// The X display(s) and D-Bus session bus an end-to-end run needs, named in `cmd`'s environment;
/// dropping this stops whatever it started.
#[cfg(target_os = "linux")]
struct TestSession {
    _display: Option<display::VirtualDisplay>,
    _portrait: Option<display::VirtualDisplay>,
    _bus: display::SessionBus,
}

/// Uses the caller's `DISPLAY` if set, else starts a private 1920x1080 one; with `portrait`, also a
/// 1080x1920 one (kiosks are mounted in portrait too). Always a private session bus.
#[cfg(target_os = "linux")]
fn test_session(repo: &Path, cmd: &mut Command, portrait: bool) -> Result<TestSession, Error> {
    let log_dir = target_dir(repo).join("xtask");
    let display = match env::var_os("DISPLAY").filter(|d| !d.is_empty()) {
        Some(existing) => {
            println!(
                "xtask: using the existing display {}",
                existing.to_string_lossy()
            );
            None
        }
        None => {
            let display = display::VirtualDisplay::start(&log_dir, "1920x1080x24")?;
            // GDK_BACKEND keeps GTK off a Wayland session the developer may also be running.
            cmd.env("DISPLAY", display.name())
                .env("GDK_BACKEND", "x11")
                .env_remove("WAYLAND_DISPLAY");
            Some(display)
        }
    };
    let portrait = if portrait {
        let portrait = display::VirtualDisplay::start(&log_dir, "1080x1920x24")?;
        cmd.env("SCREENING_KIOSK_PORTRAIT_DISPLAY", portrait.name());
        Some(portrait)
    } else {
        None
    };
    let bus = display::SessionBus::start()?;
    cmd.env("DBUS_SESSION_BUS_ADDRESS", bus.address());
    Ok(TestSession {
        _display: display,
        _portrait: portrait,
        _bus: bus,
    })
}

#[cfg(target_os = "linux")]
fn installer_test(repo: &Path) -> Result<(), Error> {
    installer::run(repo, &repo.join("screenshots"))
}

#[cfg(not(target_os = "linux"))]
fn installer_test(_repo: &Path) -> Result<(), Error> {
    unreachable!("the installer step is only scheduled on Linux")
}

/// Modification times of the files in `dir`, to tell which ones a run wrote. (Comparing with a
/// clock reading would not do: file times come from a coarser clock and can lag behind it.)
#[cfg(target_os = "linux")]
fn file_times(dir: &Path) -> HashMap<PathBuf, SystemTime> {
    let Ok(entries) = fs::read_dir(dir) else {
        return HashMap::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((e.path(), meta.modified().ok()?)).filter(|_| meta.is_file())
        })
        .collect()
}

// ------------------------------------------------------------------------------------ helpers --

/// The workspace root: the parent of this crate's directory. Cargo sets `CARGO_MANIFEST_DIR` when
/// it runs the binary too, which keeps a shared target directory honest across clones.
fn repo_root() -> PathBuf {
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or(manifest_dir)
}

fn target_dir(repo: &Path) -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => env::current_dir()
            .map(|cwd| cwd.join(&dir))
            .unwrap_or_else(|_| PathBuf::from(dir)),
        None => repo.join("target"),
    }
}

/// The cargo that is running us, so the inner builds use the same toolchain.
fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// `cargo install` puts binaries (tauri-driver) in `$CARGO_HOME/bin`; make sure we and our children
/// find them even when the caller's PATH lacks it.
fn add_cargo_bin_to_path() {
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let Some(bin) = cargo_home.map(|h| h.join("bin")) else {
        return;
    };
    let current = env::var_os("PATH").unwrap_or_default();
    if env::split_paths(&current).any(|p| p == bin) {
        return;
    }
    let mut paths = vec![bin];
    paths.extend(env::split_paths(&current));
    if let Ok(joined) = env::join_paths(paths) {
        // Still single-threaded here: nothing else reads the environment concurrently.
        env::set_var("PATH", joined);
    }
}

/// Runs `cmd` with inherited stdout/stderr; a non-zero exit is an error naming the command.
pub fn run_status(cmd: &mut Command) -> Result<(), Error> {
    let line = describe(cmd);
    println!("xtask: $ {line}");
    match cmd.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(Error(format!("`{line}` failed ({status})"))),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            Err(Error(format!("`{}` not found on PATH", program_name(cmd))))
        }
        Err(e) => Err(Error(format!("cannot start `{line}`: {e}"))),
    }
}

fn program_name(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program());
    program
        .file_name()
        .unwrap_or(program.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// A shell-like rendering of a command for the log: `VAR=value program arg ...`.
pub fn describe(cmd: &Command) -> String {
    let mut parts: Vec<String> = cmd
        .get_envs()
        .filter_map(|(k, v)| v.map(|v| format!("{}={}", k.to_string_lossy(), v.to_string_lossy())))
        .collect();
    parts.push(program_name(cmd));
    parts.extend(cmd.get_args().map(|a| {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains(' ') {
            format!("'{a}'")
        } else {
            a.into_owned()
        }
    }));
    parts.join(" ")
}

fn exit_code(status: ExitStatus) -> i32 {
    if let Some(code) = status.code() {
        return code;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return 128 + signal;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_string()).collect()
    }

    fn rendered(args: &[&str]) -> Vec<String> {
        app_args(Path::new("/repo"), &strings(args))
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn run_opens_the_default_pack_and_passes_extra_args_through() {
        assert_eq!(
            rendered(&[]),
            ["--content", "/repo/assets/justice-for-sergei"]
        );
        assert_eq!(
            rendered(&["--", "--windowed", "--idle-timeout", "5"]),
            [
                "--content",
                "/repo/assets/justice-for-sergei",
                "--windowed",
                "--idle-timeout",
                "5"
            ]
        );
    }

    #[test]
    fn run_leaves_an_explicit_pack_or_subcommand_alone() {
        assert_eq!(rendered(&["--", "--content", "x"]), ["--content", "x"]);
        assert_eq!(rendered(&["--content=x"]), ["--content=x"]);
        assert_eq!(rendered(&["--", "check", "dir"]), ["check", "dir"]);
    }

    #[test]
    fn settings_soak_iterations() {
        assert_eq!(parse_iterations(&[]).unwrap(), DEFAULT_SOAK_ITERATIONS);
        assert_eq!(
            parse_iterations(&strings(&["--iterations", "5000"])).unwrap(),
            5000
        );
        assert!(parse_iterations(&strings(&["--iterations", "many"])).is_err());
    }

    #[test]
    fn test_options() {
        assert_eq!(parse_test_args(&[]).unwrap(), TestOptions { e2e: true });
        assert_eq!(
            parse_test_args(&strings(&["--no-e2e"])).unwrap(),
            TestOptions { e2e: false }
        );
        assert!(parse_test_args(&strings(&["--nope"])).is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn e2e_takes_one_filter_at_most() {
        assert_eq!(parse_e2e_args(&[]).unwrap(), None);
        let one = strings(&["lockdown::"]);
        assert_eq!(parse_e2e_args(&one).unwrap(), Some("lockdown::"));
        assert!(parse_e2e_args(&strings(&["a", "b"])).is_err());
        assert!(parse_e2e_args(&strings(&["--ignored"])).is_err());
    }

    #[test]
    fn js_test_files_are_recognised_by_suffix() {
        assert!(is_js_test_file("router.test.js"));
        assert!(is_js_test_file("idle.test.mjs"));
        assert!(!is_js_test_file("router.js"));
        assert!(!is_js_test_file("test.json"));
    }
}
