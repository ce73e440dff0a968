//! `cargo xtask platforms [--all] [--target T]..`: type-checks and lints the app for Windows and
//! macOS from this Linux machine, so code behind `cfg(windows)` / `cfg(target_os = "macos")` is
//! compiled by someone before a release build on those systems is attempted.
//!
//! Why it looks the way it does:
//! - No rustup target components: std for each target is built from source (`-Zbuild-std`),
//!   which needs a toolchain whose std sources match its compiler exactly. Debian's `rustc-web`
//!   toolchain (bookworm-security) ships those sources (`rust-web-src`) and clippy
//!   (`rust-web-clippy`) for the same release, so its .debs are fetched with `apt-get download`
//!   and unpacked with `dpkg -x` into a cache: nothing is installed system-wide, nothing comes
//!   from outside Debian's archive, and the machine's own (rustup) toolchain is left alone.
//!   `RUSTC_BOOTSTRAP=1` unlocks `-Z` on that stable compiler.
//! - The unpacked tree is its own sysroot (`usr/`): `rustc --print sysroot` points there and
//!   `usr/lib/rustlib/src/rust` is a symlink (from `rust-web-src`) to the std sources, which is
//!   where `-Zbuild-std` looks. The binaries only need `LD_LIBRARY_PATH` for their libraries.
//! - std's own dependencies (libc, hashbrown, ...) come from crates.io at the versions pinned by
//!   `library/Cargo.lock`, like the app's: cargo cannot point `-Zbuild-std` alone at the vendored
//!   copies in `rust-web-src` (rust-lang/wg-cargo-std-aware#23), and replacing crates.io for the
//!   whole build would mean vendoring the app's dependencies too.
//! - Nothing is linked or run, so only what a build script needs before rustc runs has to exist:
//!   MinGW's `windres` (and its gcc, as preprocessor) for the Windows resources tauri-build embeds,
//!   for `-msvc` too; and, for the one Objective-C file of objc2-exception-helper, a stand-in
//!   compiler that writes an empty object, since Apple's SDK cannot be had here.
//! - The machine's two cores are shared with end-to-end tests: every build runs under
//!   `nice -n 19`, one target at a time.

use std::env;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{describe, packages, repo_root, Error};

/// The app's package in the workspace Cargo.toml.
const APP_PACKAGE: &str = "screening-kiosk";

const DEFAULT_TARGETS: &[&str] = &["x86_64-pc-windows-msvc", "aarch64-apple-darwin"];
const MORE_TARGETS: &[&str] = &["x86_64-pc-windows-gnu", "x86_64-apple-darwin"];

/// The Rust release of Debian's `-web` toolchain; also part of the versioned package name.
const RUST_RELEASE: &str = "1.96";

/// The toolchain packages, all from the same source package, fetched at one version.
const TOOLCHAIN_PACKAGES: &[&str] = &[
    "rustc-web",
    "cargo-web",
    "rust-web-clippy",
    "libstd-rust-web-1.96",
    "libstd-rust-web-dev",
    "rust-web-src",
];

/// The libraries those binaries link that a Debian base system lacks (LLVM for rustc, libgit2
/// and its TLS/HTTP libraries for cargo), fetched at their candidate versions.
const LIBRARY_PACKAGES: &[&str] = &[
    "libllvm22",
    "libgit2-1.5",
    "libhttp-parser2.9",
    "libmbedcrypto7",
    "libmbedtls14",
    "libmbedx509-1",
];

/// MinGW's resource compiler, the gcc it preprocesses with, and the headers resources include.
const MINGW_PACKAGES: &[&str] = &[
    "binutils-mingw-w64-x86-64",
    "gcc-mingw-w64-x86-64-win32",
    "mingw-w64-x86-64-dev",
];

const WINDRES: &str = "/usr/bin/x86_64-w64-mingw32-windres";

const DEFAULT_CACHE: &str = "/var/cache/screening-kiosk/platforms";
const CACHE_ENV: &str = "SCREENING_KIOSK_PLATFORMS_CACHE";
const TARGET_DIR_ENV: &str = "SCREENING_KIOSK_PLATFORMS_TARGET_DIR";

/// Written last into the unpacked toolchain: its presence means the unpack finished and passed
/// its checks, and its first line says which release it holds.
const MARKER: &str = ".xtask-platforms-toolchain";

/// Answers cc-rs the way Apple's clang would where it matters: its family probe (`-E`) sees
/// clang; a compile (`-o`) gets a valid, empty object (from the host compiler; never linked);
/// anything else fails, so cc-rs does not take it for an MSVC-style compiler (`-?`).
const APPLE_CC_STAND_IN: &str = r#"#!/bin/sh
# Written by `cargo xtask platforms`: stands in for Apple's clang, which cannot run here. Type
# checks never link, so an empty object is all a build script's C code has to produce.
out=
prev=
for arg in "$@"; do
    [ "$prev" = "-o" ] && out=$arg
    [ "$arg" = "-E" ] && preprocess=1
    prev=$arg
done
if [ -n "$preprocess" ]; then
    echo '#pragma message "clang"'
    exit 0
fi
if [ -n "$out" ]; then
    exec cc -c -x c /dev/null -o "$out"
fi
exit 1
"#;

#[derive(Debug, PartialEq)]
pub struct Options {
    pub targets: Vec<String>,
}

pub fn parse_args(args: &[String]) -> Result<Options, Error> {
    let mut targets: Vec<String> = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--all" => targets.extend(
                DEFAULT_TARGETS
                    .iter()
                    .chain(MORE_TARGETS)
                    .map(|t| t.to_string()),
            ),
            "--target" => match args.next() {
                Some(target) if !target.starts_with('-') => targets.push(target.clone()),
                _ => return Err(Error("--target needs a target triple".into())),
            },
            other => return Err(Error(format!("unknown option for `platforms`: `{other}`"))),
        }
    }
    if targets.is_empty() {
        targets = DEFAULT_TARGETS.iter().map(|t| t.to_string()).collect();
    }
    let mut unique = Vec::new();
    for target in targets {
        if !unique.contains(&target) {
            unique.push(target);
        }
    }
    Ok(Options { targets: unique })
}

/// The `platforms` step of `cargo xtask test`: the default targets, those the release builds.
pub fn test_step() -> Result<(), Error> {
    let options = Options {
        targets: DEFAULT_TARGETS.iter().map(|t| t.to_string()).collect(),
    };
    match platforms(&options)? {
        true => Ok(()),
        false => Err(Error(
            "the app does not type-check or lint clean for every target (summary above)".into(),
        )),
    }
}

pub fn cmd_platforms(options: &Options) -> i32 {
    match platforms(options) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(e) => {
            eprintln!("xtask: platforms: {}", e.0);
            1
        }
    }
}

/// Which linter ran: clippy when Debian's clippy-driver works with the unpacked rustc, else
/// `cargo check` with warnings denied, which proves less.
#[derive(Clone, Copy, PartialEq)]
enum Linter {
    Clippy,
    Check,
}

/// The two scopes checked per target: everything (tests, examples, benches and dev-dependencies
/// included) and the shipped app alone, which is what must build on that OS.
#[derive(Clone, Copy)]
enum Scope {
    AllTargets,
    LibAndBins,
}

impl Scope {
    fn cargo_args(self) -> &'static [&'static str] {
        match self {
            Scope::AllTargets => &["--all-targets"],
            Scope::LibAndBins => &["--lib", "--bins"],
        }
    }

    fn label(self) -> &'static str {
        match self {
            Scope::AllTargets => "all-targets",
            Scope::LibAndBins => "lib+bins",
        }
    }
}

struct Run {
    target: String,
    scope: Scope,
    elapsed: Duration,
    success: bool,
    diagnostics: Vec<Diagnostic>,
    log: PathBuf,
}

fn platforms(options: &Options) -> Result<bool, Error> {
    let started = Instant::now();
    let cache = env_path(CACHE_ENV).unwrap_or_else(|| PathBuf::from(DEFAULT_CACHE));
    let target_dir = env_path(TARGET_DIR_ENV).unwrap_or_else(|| cache.join("target"));
    println!(
        "xtask: platforms: {} (cache {}, target dir {})",
        options.targets.join(", "),
        cache.display(),
        target_dir.display()
    );
    println!(
        "xtask: proves: the app's Rust code and every dependency type-check (and pass the linter) \
         for each target, with that target's cfg, std and build scripts"
    );
    println!(
        "xtask: cannot prove: linking (no Windows or Apple linker, SDK or import libraries), \
         native C code (Apple's is replaced by an empty stand-in), or anything at run time"
    );

    if options.targets.iter().any(|t| t.contains("-windows-")) {
        packages::ensure(MINGW_PACKAGES)?;
    }
    let toolchain = ensure_toolchain(&cache)?;
    let apple_cc = cache.join("apple-cc");
    write_if_changed(&apple_cc, APPLE_CC_STAND_IN, true)?;
    let linter = pick_linter(&toolchain);
    match linter {
        Linter::Clippy => println!(
            "xtask: linter: clippy (Debian's rust-web-clippy, `cargo clippy -- -D warnings`)"
        ),
        Linter::Check => println!(
            "xtask: linter: NOT clippy (Debian's clippy-driver does not run here; rustup's cannot \
             load another rustc's std), so `cargo check` with RUSTFLAGS=-Dwarnings only"
        ),
    }

    let log_dir = target_dir.join("xtask-platforms");
    fs::create_dir_all(&log_dir)
        .map_err(|e| Error(format!("cannot create {}: {e}", log_dir.display())))?;
    let mut runs = Vec::new();
    for target in &options.targets {
        for scope in [Scope::AllTargets, Scope::LibAndBins] {
            let run = check_target(
                &toolchain,
                &target_dir,
                &log_dir,
                &apple_cc,
                linter,
                target,
                scope,
            )?;
            println!(
                "xtask: {target} {}: {} in {:.0}s ({} errors, {} warnings)",
                scope.label(),
                if run.success { "ok" } else { "FAILED" },
                run.elapsed.as_secs_f64(),
                run.count("error"),
                run.count("warning"),
            );
            runs.push(run);
        }
    }

    print_summary(&runs, linter);
    println!(
        "xtask: platforms finished in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    Ok(runs.iter().all(|r| r.success))
}

fn env_path(name: &str) -> Option<PathBuf> {
    env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

// ---------------------------------------------------------------------------------- toolchain --

/// The unpacked toolchain's sysroot.
struct Toolchain {
    usr: PathBuf,
}

impl Toolchain {
    fn bin(&self, name: &str) -> PathBuf {
        self.usr.join("bin").join(name)
    }

    fn lib_dir(&self) -> PathBuf {
        self.usr.join("lib/x86_64-linux-gnu")
    }

    /// One of the unpacked binaries, able to find its libraries.
    fn command(&self, name: &str) -> Command {
        let mut cmd = Command::new(self.bin(name));
        cmd.env("LD_LIBRARY_PATH", self.lib_dir());
        cmd
    }

    fn version(&self, name: &str) -> Result<String, Error> {
        let out = self
            .command(name)
            .arg("-V")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| Error(format!("cannot run {}: {e}", self.bin(name).display())))?;
        if !out.status.success() {
            return Err(Error(format!(
                "`{} -V` failed: {}",
                self.bin(name).display(),
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

/// The cached toolchain, fetched and unpacked first if the cache lacks a finished one.
fn ensure_toolchain(cache: &Path) -> Result<Toolchain, Error> {
    let dir = cache.join("toolchain");
    let toolchain = Toolchain {
        usr: dir.join("usr"),
    };
    let marker = dir.join(MARKER);
    let wanted = format!("rust {RUST_RELEASE}");
    let cached =
        fs::read_to_string(&marker).is_ok_and(|text| text.lines().next() == Some(wanted.as_str()));
    if cached {
        println!(
            "xtask: toolchain: cached in {} ({})",
            dir.display(),
            toolchain.version("rustc")?
        );
        return Ok(toolchain);
    }

    let started = Instant::now();
    fs::create_dir_all(cache).map_err(|e| {
        Error(format!(
            "cannot create {}: {e} (run as root, or set {CACHE_ENV} to a writable directory)",
            cache.display()
        ))
    })?;
    let debs = cache.join("debs");
    let partial = cache.join("toolchain.partial");
    for stale in [&debs, &partial] {
        remove_dir_if_present(stale)?;
    }
    fs::create_dir_all(&debs).map_err(|e| Error(format!("{}: {e}", debs.display())))?;

    let version = toolchain_version()?;
    println!(
        "xtask: toolchain: fetching Debian's rustc-web {version} into {}",
        debs.display()
    );
    let mut download = Command::new("apt-get");
    download.arg("download").current_dir(&debs);
    if packages::is_root() {
        // apt's download user (_apt) cannot write into a root-owned cache; root can.
        download.args(["-o", "APT::Sandbox::User=root"]);
    }
    download
        .args(TOOLCHAIN_PACKAGES.iter().map(|p| format!("{p}={version}")))
        .args(LIBRARY_PACKAGES);
    crate::run_status(&mut download)?;

    let mut files: Vec<PathBuf> = fs::read_dir(&debs)
        .map_err(|e| Error(format!("{}: {e}", debs.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    files.sort();
    let mut manifest = vec![wanted];
    for deb in &files {
        let mut unpack = Command::new("dpkg");
        unpack.arg("-x").arg(deb).arg(&partial);
        run_quietly(&mut unpack)?;
        manifest.push(deb.file_name().unwrap_or_default().to_string_lossy().into());
    }

    let unpacked = Toolchain {
        usr: partial.join("usr"),
    };
    let rustc = unpacked.version("rustc")?;
    if !rustc.starts_with(&format!("rustc {RUST_RELEASE}.")) {
        return Err(Error(format!(
            "the unpacked rustc says `{rustc}`, not {RUST_RELEASE}"
        )));
    }
    unpacked.version("cargo")?;
    let std_sources = unpacked.usr.join("lib/rustlib/src/rust/library/std");
    if !std_sources.is_dir() {
        return Err(Error(format!(
            "no std sources at {} (rust-web-src's symlink layout changed?)",
            std_sources.display()
        )));
    }

    remove_dir_if_present(&dir)?;
    fs::rename(&partial, &dir)
        .map_err(|e| Error(format!("cannot move {} into place: {e}", partial.display())))?;
    // The unpacked tree is all that is used; the archives would only take up space.
    remove_dir_if_present(&debs)?;
    write_if_changed(&marker, &(manifest.join("\n") + "\n"), false)?;
    println!(
        "xtask: toolchain: {rustc} unpacked into {} in {:.0}s",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(toolchain)
}

/// The archive's version of `rustc-web` for RUST_RELEASE (e.g. 1.96.0+dfsg1-1~deb12u2); the
/// package lists are refreshed once if they predate it (bookworm itself has an older release).
fn toolchain_version() -> Result<String, Error> {
    if let Some(version) = archive_version()? {
        return Ok(version);
    }
    println!("xtask: toolchain: rustc-web {RUST_RELEASE} not in the package lists; updating them");
    let mut update = if packages::is_root() {
        Command::new("apt-get")
    } else {
        let mut sudo = Command::new("sudo");
        sudo.arg("apt-get");
        sudo
    };
    update.arg("update").stdin(Stdio::null());
    crate::run_status(&mut update)?;
    archive_version()?.ok_or_else(|| {
        Error(format!(
            "no rustc-web {RUST_RELEASE} in the package archive; it comes from bookworm-security \
             (deb.debian.org/debian-security): is that suite in the apt sources?"
        ))
    })
}

fn archive_version() -> Result<Option<String>, Error> {
    let out = Command::new("apt-cache")
        .args(["madison", "rustc-web"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error(format!("cannot run apt-cache: {e}")))?;
    Ok(parse_madison(
        &String::from_utf8_lossy(&out.stdout),
        RUST_RELEASE,
    ))
}

/// The first version of `release` in `apt-cache madison` output (`pkg | version | source`).
fn parse_madison(madison: &str, release: &str) -> Option<String> {
    madison
        .lines()
        .filter_map(|line| line.split('|').nth(1).map(str::trim))
        .find(|version| version.starts_with(&format!("{release}.")))
        .map(str::to_string)
}

/// Debian's clippy-driver, when it runs against the unpacked rustc's libraries. rustup's
/// clippy-driver is no substitute: it is its own rustc, and rustc refuses crates (the std that
/// `-Zbuild-std` compiled) written by another release (E0514).
fn pick_linter(toolchain: &Toolchain) -> Linter {
    let clippy_works = toolchain.bin("cargo-clippy").is_file()
        && toolchain
            .version("clippy-driver")
            .is_ok_and(|v| v.starts_with("clippy"));
    if clippy_works {
        Linter::Clippy
    } else {
        Linter::Check
    }
}

fn remove_dir_if_present(dir: &Path) -> Result<(), Error> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error(format!("cannot remove {}: {e}", dir.display()))),
    }
}

fn write_if_changed(path: &Path, contents: &str, executable: bool) -> Result<(), Error> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    fs::write(path, contents).map_err(|e| Error(format!("{}: {e}", path.display())))?;
    if executable {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755))
            .map_err(|e| Error(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

/// Runs `cmd`, showing its output only if it fails.
fn run_quietly(cmd: &mut Command) -> Result<(), Error> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error(format!("cannot start `{}`: {e}", describe(cmd))))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(Error(format!(
            "`{}` failed ({}): {}",
            describe(cmd),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

// -------------------------------------------------------------------------------------- check --

/// Environment of the machine's own toolchain (rustup's proxies, `cargo run`'s settings) that
/// would steer the inner build away from the unpacked toolchain or change what it checks.
const INHERITED_ENV_TO_DROP: &[&str] = &[
    "RUSTUP_TOOLCHAIN",
    "RUSTC",
    "RUSTDOC",
    "RUSTC_WRAPPER",
    "RUSTC_WORKSPACE_WRAPPER",
    "RUSTFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "CARGO_BUILD_TARGET",
    "CARGO_BUILD_RUSTC",
    "CARGO_BUILD_RUSTC_WRAPPER",
    "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER",
    "CLIPPY_ARGS",
];

fn check_target(
    toolchain: &Toolchain,
    target_dir: &Path,
    log_dir: &Path,
    apple_cc: &Path,
    linter: Linter,
    target: &str,
    scope: Scope,
) -> Result<Run, Error> {
    println!("\nxtask: ==> {target} ({})", scope.label());
    let mut cmd = Command::new("nice");
    cmd.args(["-n", "19"]);
    match linter {
        Linter::Clippy => cmd.arg(toolchain.bin("cargo-clippy")).arg("clippy"),
        Linter::Check => cmd.arg(toolchain.bin("cargo")).arg("check"),
    };
    cmd.args(["-Zbuild-std=std,panic_abort", "--target", target])
        .args(["--package", APP_PACKAGE])
        .args(scope.cargo_args())
        // Never rewrite the lock file the app's developers own; keep going past a failing crate
        // so one run lists every error.
        .args(["--locked", "--keep-going", "--color", "never"]);
    if linter == Linter::Clippy {
        cmd.args(["--", "-D", "warnings"]);
    }
    for name in INHERITED_ENV_TO_DROP {
        cmd.env_remove(name);
    }
    if linter == Linter::Check {
        cmd.env("RUSTFLAGS", "-Dwarnings");
    }
    let path = env::join_paths(
        std::iter::once(toolchain.usr.join("bin"))
            .chain(env::split_paths(&env::var_os("PATH").unwrap_or_default())),
    )
    .map_err(|e| Error(format!("PATH: {e}")))?;
    cmd.env("PATH", path)
        .env("LD_LIBRARY_PATH", toolchain.lib_dir())
        .env("CARGO", toolchain.bin("cargo"))
        .env("RUSTC", toolchain.bin("rustc"))
        .env("RUSTDOC", toolchain.bin("rustdoc"))
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", target_dir)
        .current_dir(repo_root());
    let var_suffix = target.replace('-', "_");
    if target.contains("-windows-") {
        cmd.env(format!("RC_{var_suffix}"), WINDRES);
    }
    if target.contains("-apple-") {
        cmd.env(format!("CC_{var_suffix}"), apple_cc)
            .env(format!("AR_{var_suffix}"), "ar");
    }

    let log = log_dir.join(format!("{target}-{}.log", scope.label()));
    println!("xtask: $ {}", describe(&cmd));
    println!("xtask: (output also in {})", log.display());
    let started = Instant::now();
    let (success, output) = run_logged(&mut cmd, &log)?;
    Ok(Run {
        target: target.to_string(),
        scope,
        elapsed: started.elapsed(),
        success,
        diagnostics: parse_diagnostics(&output),
        log,
    })
}

/// Runs `cmd` with its stderr (where cargo and rustc report) shown as it comes and kept, and
/// both streams copied to `log`.
fn run_logged(cmd: &mut Command, log: &Path) -> Result<(bool, String), Error> {
    let mut file = fs::File::create(log).map_err(|e| Error(format!("{}: {e}", log.display())))?;
    writeln!(file, "$ {}", describe(cmd)).ok();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error(format!("cannot start `{}`: {e}", describe(cmd))))?;
    let mut output = String::new();
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines() {
            let line = line.unwrap_or_default();
            eprintln!("{line}");
            writeln!(file, "{line}").ok();
            output.push_str(&line);
            output.push('\n');
        }
    }
    let status = child
        .wait()
        .map_err(|e| Error(format!("waiting for cargo: {e}")))?;
    writeln!(file, "exit: {status}").ok();
    Ok((status.success(), output))
}

// -------------------------------------------------------------------------------- diagnostics --

#[derive(Debug, PartialEq)]
struct Diagnostic {
    level: &'static str,
    message: String,
    /// `file:line:column` of the primary span, when the diagnostic has one.
    location: Option<String>,
}

impl Run {
    fn count(&self, level: &str) -> usize {
        self.diagnostics.iter().filter(|d| d.level == level).count()
    }
}

/// The errors and warnings in cargo's human-readable output, each once, without cargo's tallies
/// ("could not compile", "generated N warnings") that only repeat them.
fn parse_diagnostics(output: &str) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut current: Option<Diagnostic> = None;
    let flush = |d: Option<Diagnostic>, found: &mut Vec<Diagnostic>| {
        if let Some(d) = d {
            if !found.contains(&d) {
                found.push(d);
            }
        }
    };
    for line in output.lines() {
        if let Some((level, message)) = diagnostic_header(line) {
            flush(current.take(), &mut found);
            if !is_tally(&message) {
                current = Some(Diagnostic {
                    level,
                    message,
                    location: None,
                });
            }
        } else if let Some(location) = line.trim_start().strip_prefix("--> ") {
            if let Some(d) = current.as_mut().filter(|d| d.location.is_none()) {
                d.location = Some(location.trim().to_string());
            }
        }
    }
    flush(current.take(), &mut found);
    found
}

/// `error[E0433]: message` or `warning: message`, as `("error", "[E0433] message")`.
fn diagnostic_header(line: &str) -> Option<(&'static str, String)> {
    for level in ["error", "warning"] {
        let Some(rest) = line.strip_prefix(level) else {
            continue;
        };
        if let Some(message) = rest.strip_prefix(": ") {
            return Some((level, message.trim().to_string()));
        }
        if let Some((code, message)) = rest.strip_prefix('[').and_then(|r| r.split_once("]: ")) {
            return Some((level, format!("[{code}] {}", message.trim())));
        }
    }
    None
}

fn is_tally(message: &str) -> bool {
    message.starts_with("could not compile")
        || message.starts_with("build failed")
        || message.starts_with("aborting due to")
        || (message.starts_with('`') && message.contains(" generated "))
        || message.ends_with("warnings emitted")
        || message.ends_with("warning emitted")
}

fn print_summary(runs: &[Run], linter: Linter) {
    let linter = match linter {
        Linter::Clippy => "clippy -D warnings",
        Linter::Check => "cargo check, RUSTFLAGS=-Dwarnings (no clippy)",
    };
    println!("\nxtask: ==> platforms summary ({linter})");
    for run in runs {
        println!(
            "xtask: {:<26} {:<12} {:<6} {:>5.0}s  {} errors, {} warnings",
            run.target,
            run.scope.label(),
            if run.success { "ok" } else { "FAILED" },
            run.elapsed.as_secs_f64(),
            run.count("error"),
            run.count("warning"),
        );
    }
    for run in runs.iter().filter(|r| !r.diagnostics.is_empty()) {
        println!(
            "\nxtask: {} {} (full output: {}):",
            run.target,
            run.scope.label(),
            run.log.display()
        );
        for d in &run.diagnostics {
            match &d.location {
                Some(location) => println!("  {}: {location}: {}", d.level, d.message),
                None => println!("  {}: {}", d.level, d.message),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn targets_default_all_and_named() {
        assert_eq!(parse_args(&[]).unwrap().targets, DEFAULT_TARGETS);
        let all = parse_args(&strings(&["--all"])).unwrap().targets;
        assert_eq!(all.len(), 4);
        assert_eq!(
            parse_args(&strings(&["--target", "x86_64-apple-darwin", "--all"]))
                .unwrap()
                .targets[0],
            "x86_64-apple-darwin"
        );
        assert_eq!(
            parse_args(&strings(&["--target", "a", "--target", "a"]))
                .unwrap()
                .targets,
            ["a"]
        );
        assert!(parse_args(&strings(&["--target"])).is_err());
        assert!(parse_args(&strings(&["--nope"])).is_err());
    }

    #[test]
    fn madison_picks_the_release() {
        let madison = "\
 rustc-web | 1.96.0+dfsg1-1~deb12u2 | http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
 rustc-web | 1.85.0+dfsg3-1~deb12u3 | http://deb.debian.org/debian bookworm/main amd64 Packages";
        assert_eq!(
            parse_madison(madison, "1.96").as_deref(),
            Some("1.96.0+dfsg1-1~deb12u2")
        );
        assert_eq!(parse_madison(madison, "1.97"), None);
    }

    #[test]
    fn diagnostics_with_locations_without_tallies() {
        let output = "\
   Compiling foo v0.1.0
error[E0433]: failed to resolve: could not find `unix` in `os`
  --> tests/e2e/main.rs:3:14
   |
warning: unused import: `std::fs`
 --> src-tauri/src/lib.rs:1:5
error: failed to run custom build command for `gtk-sys v0.18.2`
warning: `screening-kiosk` (lib) generated 1 warning
error: could not compile `screening-kiosk` (test \"e2e\") due to 1 previous error
error[E0433]: failed to resolve: could not find `unix` in `os`
  --> tests/e2e/main.rs:3:14
";
        let found = parse_diagnostics(output);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].level, "error");
        assert_eq!(
            found[0].message,
            "[E0433] failed to resolve: could not find `unix` in `os`"
        );
        assert_eq!(found[0].location.as_deref(), Some("tests/e2e/main.rs:3:14"));
        assert_eq!(found[1].level, "warning");
        assert_eq!(found[2].location, None);
    }
}
