//! Power-loss-safe persistence of the settings file (and of the operator's PIN record, which uses
//! the same layer).
//!
//! tauri-plugin-store saves with a plain write, so a power cut in the middle leaves a truncated
//! file. Here every save writes a temporary file beside the real one, syncs it, renames it over the
//! real one and syncs the folder, so the file on disk is always a complete old or new version. The
//! previous good version is kept as `<name>.last-good`; a file that is damaged anyway (a disk
//! fault, a hand edit) is reported and the last good one is used, never silently the defaults.

use serde::{de::DeserializeOwned, Serialize};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A value kept in a store-layout JSON file: one object of keys, the value under `KEY`.
pub trait Stored: Serialize + DeserializeOwned + Default {
    const KEY: &'static str;
    fn validate(&self) -> Result<(), String>;
}

/// Where loaded settings came from, so a fallback is visible in the log and to the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Saved,
    /// The saved file was damaged; this is the copy kept from the save before.
    LastGood {
        problem: String,
    },
    /// Nothing was ever saved (first run).
    FirstRun,
    /// Both the file and its last good copy are damaged.
    Defaults {
        problem: String,
    },
}

pub fn last_good_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".last-good");
    path.with_file_name(name)
}

/// Saves `value` so that a crash or power cut at any moment leaves a loadable file.
pub fn save<T: Stored>(path: &Path, value: &T) -> io::Result<()> {
    value
        .validate()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    // The version being replaced becomes the fallback, but only if it is itself good.
    if let Ok(current) = fs::read(path) {
        if parse::<T>(&current).is_ok() {
            write_atomically(&last_good_path(path), &current)?;
        }
    }
    // The layout tauri-plugin-store reads: one JSON object of keys, the settings under STORE_KEY.
    let document = serde_json::json!({ T::KEY: value });
    let mut json = serde_json::to_vec_pretty(&document).map_err(io::Error::other)?;
    json.push(b'\n');
    write_atomically(path, &json)
}

/// Loads the value, falling back to the last good copy, and only then to the defaults. Temporary
/// files that a crash left behind in the middle of a save are removed.
pub fn load<T: Stored>(path: &Path) -> (T, Source) {
    remove_abandoned_temporaries(path);
    let saved = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return (T::default(), Source::FirstRun),
        Err(e) => Vec::from(format!("unreadable: {e}")),
    };
    let problem = match parse(&saved) {
        Ok(value) => return (value, Source::Saved),
        Err(problem) => format!("{}: {problem}", path.display()),
    };
    match fs::read(last_good_path(path))
        .map_err(|e| e.to_string())
        .and_then(|b| parse::<T>(&b))
    {
        Ok(value) => (value, Source::LastGood { problem }),
        Err(also) => (
            T::default(),
            Source::Defaults {
                problem: format!("{problem}; last good copy: {also}"),
            },
        ),
    }
}

fn parse<T: Stored>(bytes: &[u8]) -> Result<T, String> {
    let mut document: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let stored = document
        .remove(T::KEY)
        .ok_or_else(|| format!("no `{}` entry", T::KEY))?;
    let value: T = serde_json::from_value(stored).map_err(|e| e.to_string())?;
    value.validate()?;
    Ok(value)
}

/// Temporary files of `path` are named `.<name>.<random>.saving`, so the ones a crash abandoned can be
/// told apart from anything else in the folder.
fn temporary_prefix(path: &Path) -> String {
    format!(
        ".{}.",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

const TEMPORARY_SUFFIX: &str = ".saving";

fn remove_abandoned_temporaries(path: &Path) {
    let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return;
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let prefix = temporary_prefix(path);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(TEMPORARY_SUFFIX) {
            // A save in progress holds a lock on its temporary file (another process may be
            // saving right now: `screening-kiosk stats` reads while the kiosk writes); a crashed
            // writer's lock died with it.
            let in_use = File::open(entry.path())
                .map(|file| matches!(file.try_lock(), Err(fs::TryLockError::WouldBlock)))
                .unwrap_or(false);
            if in_use {
                continue;
            }
            if let Err(e) = fs::remove_file(entry.path()) {
                log::warn!("cannot remove {}: {e}", entry.path().display());
            }
        }
    }
}

/// Replaces `path` with `bytes` so that it is always the whole old or the whole new file: a fresh
/// temporary file beside it (created exclusively, so no symlink is followed), synced, renamed over
/// it (which replaces a symlink rather than writing through it), and the folder synced.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(folder)?;
    let mut temp = tempfile::Builder::new()
        .prefix(&temporary_prefix(path))
        .suffix(TEMPORARY_SUFFIX)
        .tempfile_in(folder)?;
    // Until the rename, so a concurrent load does not take this file for a crash's leftover.
    temp.as_file().lock()?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    // The rename itself is only durable once the folder's entry is on disk.
    #[cfg(unix)]
    File::open(folder)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn a_load_leaves_a_save_in_progress_alone_but_removes_a_dead_ones_leftover() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let leftover = dir.path().join(".settings.json.crashed.saving");
        fs::write(&leftover, b"{").unwrap();
        let in_progress = dir.path().join(".settings.json.busy.saving");
        let writer = File::create(&in_progress).unwrap();
        writer.lock().unwrap();
        load::<Settings>(&path);
        assert!(!leftover.exists(), "a crash's leftover is removed");
        assert!(
            in_progress.exists(),
            "a save in progress is not pulled from under its writer"
        );
        drop(writer);
        load::<Settings>(&path);
        assert!(!in_progress.exists());
    }

    fn settings(secs: u32) -> Settings {
        Settings {
            idle_timeout_secs: secs,
            ..Settings::default()
        }
    }

    #[test]
    fn a_save_round_trips_and_keeps_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert_eq!(
            load::<Settings>(&path),
            (Settings::default(), Source::FirstRun)
        );
        save(&path, &settings(120)).unwrap();
        save(&path, &settings(300)).unwrap();
        assert_eq!(load::<Settings>(&path), (settings(300), Source::Saved));
        assert_eq!(
            parse::<Settings>(&fs::read(last_good_path(&path)).unwrap()),
            Ok(settings(120))
        );
    }

    #[test]
    fn a_truncated_file_falls_back_to_the_last_good_one_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        save(&path, &settings(120)).unwrap();
        save(&path, &settings(300)).unwrap();
        let full = fs::read(&path).unwrap();
        fs::write(&path, &full[..full.len() / 2]).unwrap();
        let (loaded, source) = load::<Settings>(&path);
        assert_eq!(loaded, settings(120));
        let Source::LastGood { problem } = source else {
            panic!("expected the last good copy, got {source:?}")
        };
        assert!(problem.contains("settings.json"), "{problem}");
    }

    #[test]
    fn when_both_copies_are_damaged_the_defaults_come_with_a_report() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        fs::write(&path, "{\"settings\": {\"idleTimeoutSecs\": ").unwrap();
        fs::write(last_good_path(&path), "garbage").unwrap();
        let (loaded, source) = load::<Settings>(&path);
        assert_eq!(loaded, Settings::default());
        assert!(matches!(source, Source::Defaults { .. }), "{source:?}");
    }

    #[test]
    fn invalid_values_are_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        assert!(save(&path, &settings(1)).is_err());
        assert!(!path.exists());
    }

    #[test]
    fn temporaries_abandoned_by_a_crash_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        save(&path, &settings(120)).unwrap();
        let abandoned = dir.path().join(".settings.json.a1B2c3.saving");
        let unrelated = dir.path().join("notes.saving");
        fs::write(&abandoned, "{\"settings\": {").unwrap();
        fs::write(&unrelated, "keep me").unwrap();
        assert_eq!(load::<Settings>(&path), (settings(120), Source::Saved));
        assert!(!abandoned.exists());
        assert!(unrelated.exists());
    }
}
