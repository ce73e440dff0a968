//! `cargo xtask bundle`: the Linux installers (.deb and .rpm), built by the Tauri CLI that
//! package.json pins, so every machine and CI bundles with the same version.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use crate::{npm_dev_tools, packages, run_status, target_dir, Error};

/// What `cargo xtask bundle` builds unless told otherwise. AppImage is left out: its bundler
/// downloads AppRun and linuxdeploy on every machine that has not cached them, and nothing here may
/// need a network.
pub const DEFAULT_BUNDLES: &[&str] = &["deb", "rpm"];

/// A package the Tauri CLI produced.
#[derive(Debug, PartialEq)]
pub struct Built {
    pub path: PathBuf,
    pub bytes: u64,
}

/// `bundle [--bundles deb,rpm,...]`: the formats to build.
pub fn parse_args(args: &[String]) -> Result<Vec<String>, Error> {
    match args {
        [] => Ok(DEFAULT_BUNDLES.iter().map(|b| (*b).to_string()).collect()),
        [flag, list] if flag == "--bundles" => {
            let bundles: Vec<String> = list
                .split(',')
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .map(str::to_string)
                .collect();
            if bundles.is_empty() {
                Err(Error("--bundles takes a list such as deb,rpm".into()))
            } else {
                Ok(bundles)
            }
        }
        other => Err(Error(format!("unknown options for `bundle`: {other:?}"))),
    }
}

pub fn cmd_bundle(repo: &Path, bundles: &[String]) -> i32 {
    let started = Instant::now();
    match build(repo, bundles) {
        Ok(built) => {
            for package in &built {
                println!("xtask: {}", describe_package(package));
            }
            println!("xtask: bundled in {:.1}s", started.elapsed().as_secs_f64());
            0
        }
        Err(e) => {
            eprintln!("xtask: bundle FAILED: {}", e.0);
            1
        }
    }
}

/// Installs what building needs (system packages, the npm-pinned CLI), runs
/// `tauri build --bundles <bundles>` and returns the packages it wrote, one per format.
pub fn build(repo: &Path, bundles: &[String]) -> Result<Vec<Built>, Error> {
    packages::ensure(packages::RUNTIME)?;
    npm_dev_tools(repo)?;
    let cli = repo.join("node_modules/.bin/tauri");
    // The CLI reads CARGO_TARGET_DIR like cargo does, so the build cache and the bundle land there.
    let bundle_dir = target_dir(repo).join("release/bundle");
    let started = SystemTime::now();
    run_status(
        Command::new(&cli)
            .args(["build", "--ci", "--bundles", &bundles.join(",")])
            .current_dir(repo),
    )?;
    bundles
        .iter()
        .map(|format| {
            let dir = bundle_dir.join(format);
            let candidates = list_files(&dir)?;
            newest_package(&candidates, extension(format), started).ok_or_else(|| {
                Error(format!(
                    "`tauri build` succeeded but wrote no new .{} in {}",
                    extension(format),
                    dir.display()
                ))
            })
        })
        .collect()
}

/// The file extension of each Tauri bundle format.
fn extension(format: &str) -> &str {
    match format {
        "appimage" => "AppImage",
        other => other,
    }
}

/// Files in `dir` with their modification time and size; none if `dir` does not exist.
fn list_files(dir: &Path) -> Result<Vec<(PathBuf, SystemTime, u64)>, Error> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error(format!("cannot read {}: {e}", dir.display()))),
    };
    Ok(entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            meta.is_file()
                .then(|| Some((entry.path(), meta.modified().ok()?, meta.len())))?
        })
        .collect())
}

/// The newest `.ext` file written at or after `since`. Bundles of earlier versions stay in the
/// folder (their names carry the version), and a build that failed to write one must not pass
/// off an old package as its own.
fn newest_package(
    files: &[(PathBuf, SystemTime, u64)],
    ext: &str,
    since: SystemTime,
) -> Option<Built> {
    // File times come from a coarser clock than SystemTime::now(): allow a little slack.
    let since = since
        .checked_sub(std::time::Duration::from_secs(2))
        .unwrap_or(since);
    files
        .iter()
        .filter(|(path, modified, _)| {
            path.extension().is_some_and(|e| e == ext) && *modified >= since
        })
        .max_by_key(|(_, modified, _)| *modified)
        .map(|(path, _, bytes)| Built {
            path: path.clone(),
            bytes: *bytes,
        })
}

/// The newest `.ext` package in `dir` whenever it was built; none if the folder is missing.
pub fn newest_built(dir: &Path, ext: &str) -> Option<Built> {
    newest_package(&list_files(dir).ok()?, ext, SystemTime::UNIX_EPOCH)
}

/// `/path/Screening Kiosk_0.1.0_amd64.deb (12.1 MiB)`.
pub fn describe_package(package: &Built) -> String {
    format!(
        "{} ({:.1} MiB)",
        package.path.display(),
        package.bytes as f64 / (1024.0 * 1024.0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn bundles_default_to_deb_and_rpm() {
        assert_eq!(parse_args(&[]).unwrap(), ["deb", "rpm"]);
        assert_eq!(
            parse_args(&strings(&["--bundles", "deb"])).unwrap(),
            ["deb"]
        );
        assert_eq!(
            parse_args(&strings(&["--bundles", "deb, appimage"])).unwrap(),
            ["deb", "appimage"]
        );
        assert!(parse_args(&strings(&["--bundles", ","])).is_err());
        assert!(parse_args(&strings(&["--deb"])).is_err());
    }

    #[test]
    fn the_newest_package_of_this_build_is_picked() {
        let build = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let at = |secs: i64| {
            if secs >= 0 {
                build + Duration::from_secs(secs as u64)
            } else {
                build - Duration::from_secs((-secs) as u64)
            }
        };
        let files = vec![
            (
                PathBuf::from("b/Screening Kiosk_0.0.9_amd64.deb"),
                at(-3600),
                1,
            ),
            (
                PathBuf::from("b/Screening Kiosk_0.1.0_amd64.deb"),
                at(90),
                2,
            ),
            (PathBuf::from("b/notes.txt"), at(120), 3),
            (
                PathBuf::from("b/Screening Kiosk-0.1.0-1.x86_64.rpm"),
                at(100),
                4,
            ),
        ];
        assert_eq!(
            newest_package(&files, "deb", build),
            Some(Built {
                path: PathBuf::from("b/Screening Kiosk_0.1.0_amd64.deb"),
                bytes: 2
            })
        );
        assert_eq!(newest_package(&files, "rpm", build).unwrap().bytes, 4);
        // Only an old package there: the build did not write one.
        assert_eq!(newest_package(&files[..1], "deb", build), None);
        // A file stamped a moment before the build's clock reading still counts.
        assert!(newest_package(&[(PathBuf::from("x.deb"), at(-1), 5)], "deb", build).is_some());
    }

    #[test]
    fn appimage_files_have_their_own_extension() {
        assert_eq!(extension("appimage"), "AppImage");
        assert_eq!(extension("deb"), "deb");
    }

    #[test]
    fn sizes_are_shown_in_mib() {
        let package = Built {
            path: PathBuf::from("/b/k.deb"),
            bytes: 12_740_000,
        };
        assert_eq!(describe_package(&package), "/b/k.deb (12.1 MiB)");
    }
}
