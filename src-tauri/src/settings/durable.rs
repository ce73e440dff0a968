//! Power-loss-safe persistence of the settings file (and of the operator's PIN record, which uses
//! the same layer).
//!
//! tauri-plugin-store saves with a plain write, so a power cut in the middle leaves a truncated
//! file. Here every save writes a temporary file beside the real one, syncs it, renames it over the
//! real one and syncs the folder, so the file on disk is always a complete old or new version. The
//! previous good version is kept as `<name>.last-good`; a file that is damaged anyway (a disk
//! fault, a hand edit) is reported and the last good one is used, never silently the defaults. A
//! file that is missing while its last good copy is there was lost, not never saved, and is treated
//! like a damaged one. A record whose older version is worth nothing (the PIN's hash: the old PIN
//! should no longer open anything) is `MIRRORED`: its last good copy holds the current version.

use serde::{de::DeserializeOwned, Serialize};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A value kept in a store-layout JSON file: one object of keys, the value under `KEY`.
pub trait Stored: Serialize + DeserializeOwned + Default {
    const KEY: &'static str;
    /// The last good copy is a second copy of the current version rather than the previous one.
    const MIRRORED: bool = false;
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
    /// Nothing was ever saved (first run): neither the file nor its last good copy exists.
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
    // The layout tauri-plugin-store reads: one JSON object of keys, the settings under STORE_KEY.
    let document = serde_json::json!({ T::KEY: value });
    let mut json = serde_json::to_vec_pretty(&document).map_err(io::Error::other)?;
    json.push(b'\n');
    if T::MIRRORED {
        // The file first: a cut between the two writes leaves the new version loaded and the copy
        // behind, which the next load brings up to date.
        write_atomically(path, &json)?;
        return write_atomically(&last_good_path(path), &json);
    }
    // The version being replaced becomes the fallback, but only if it is itself good.
    if let Ok(current) = fs::read(path) {
        if parse::<T>(&current).is_ok() {
            write_atomically(&last_good_path(path), &current)?;
        }
    }
    write_atomically(path, &json)
}

/// Loads the value, falling back to the last good copy, and only then to the defaults. Temporary
/// files that a crash left behind in the middle of a save are removed; a `MIRRORED` record's two
/// copies are brought back in step.
pub fn load<T: Stored>(path: &Path) -> (T, Source) {
    remove_abandoned_temporaries(path);
    let last_good = last_good_path(path);
    let problem = match fs::read(path) {
        Ok(saved) => match parse::<T>(&saved) {
            Ok(value) => {
                if T::MIRRORED && fs::read(&last_good).ok().as_deref() != Some(&saved[..]) {
                    restore(&last_good, &saved);
                }
                return (value, Source::Saved);
            }
            Err(problem) => format!("{}: {problem}", path.display()),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if matches!(fs::symlink_metadata(&last_good), Err(e) if e.kind() == io::ErrorKind::NotFound)
            {
                return (T::default(), Source::FirstRun);
            }
            format!("{}: missing", path.display())
        }
        Err(e) => format!("{}: unreadable: {e}", path.display()),
    };
    let copy = fs::read(&last_good).map_err(|e| e.to_string());
    match copy.as_deref().map_err(Clone::clone).and_then(parse::<T>) {
        Ok(value) => {
            if T::MIRRORED {
                if let Ok(bytes) = &copy {
                    restore(path, bytes);
                }
            }
            (value, Source::LastGood { problem })
        }
        Err(also) => (
            T::default(),
            Source::Defaults {
                problem: format!("{problem}; last good copy: {also}"),
            },
        ),
    }
}

/// Rewrites one copy of a mirrored record from the other; a failure leaves things as they were.
fn restore(path: &Path, bytes: &[u8]) {
    match write_atomically(path, bytes) {
        Ok(()) => log::warn!("{} restored from its other copy", path.display()),
        Err(e) => log::error!("cannot restore {}: {e}", path.display()),
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
    retrying_while_busy(temp, &BUSY_PAUSES, held_by_another_program, |temp| {
        temp.persist(path).map_err(|e| (e.error, e.file))
    })?;
    // The rename itself is only durable once the folder's entry is on disk.
    #[cfg(unix)]
    File::open(folder)?.sync_all()?;
    Ok(())
}

/// Renames `from` to `to`, trying again while Windows says another program holds one of them.
pub fn rename_retrying_while_busy(from: &Path, to: &Path) -> io::Result<()> {
    retrying_while_busy((), &BUSY_PAUSES, held_by_another_program, |()| {
        fs::rename(from, to).map_err(|e| (e, ()))
    })
}

/// Waits between tries of a rename that Windows refused because another program (an antivirus
/// scanner, the search indexer, a backup agent) had the file open; they let go within moments.
const BUSY_PAUSES: [Duration; 5] = [
    Duration::from_millis(10),
    Duration::from_millis(50),
    Duration::from_millis(100),
    Duration::from_millis(250),
    Duration::from_millis(500),
];

/// Windows' answer when another program has the file open without sharing its deletion
/// (`ERROR_ACCESS_DENIED`, or `ERROR_SHARING_VIOLATION`, 32). Elsewhere a refused rename is for
/// good: permissions, not a passing scan.
fn held_by_another_program(e: &io::Error) -> bool {
    const ERROR_SHARING_VIOLATION: i32 = 32;
    cfg!(windows)
        && (e.kind() == io::ErrorKind::PermissionDenied
            || e.raw_os_error() == Some(ERROR_SHARING_VIOLATION))
}

/// Runs `attempt` on `state` until it succeeds, fails with an error `busy` does not pass, or the
/// `pauses` run out; a failed attempt hands `state` back for the next.
fn retrying_while_busy<S, T>(
    mut state: S,
    pauses: &[Duration],
    busy: impl Fn(&io::Error) -> bool,
    mut attempt: impl FnMut(S) -> Result<T, (io::Error, S)>,
) -> io::Result<T> {
    let mut pauses = pauses.iter();
    loop {
        match attempt(state) {
            Ok(done) => return Ok(done),
            Err((e, back)) => match pauses.next() {
                Some(pause) if busy(&e) => {
                    std::thread::sleep(*pause);
                    state = back;
                }
                _ => return Err(e),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn busy() -> io::Error {
        io::Error::from(io::ErrorKind::PermissionDenied)
    }

    #[test]
    fn a_rename_refused_while_another_program_holds_the_file_is_tried_again() {
        let pauses = [Duration::ZERO; 3];
        let mut tries = 0;
        let done = retrying_while_busy(
            0,
            &pauses,
            |e| e.kind() == busy().kind(),
            |n| {
                tries += 1;
                if n < 2 {
                    Err((busy(), n + 1))
                } else {
                    Ok(n)
                }
            },
        );
        assert_eq!(done.unwrap(), 2);
        assert_eq!(tries, 3);
    }

    #[test]
    fn a_rename_still_refused_after_the_last_pause_fails_with_the_error() {
        let pauses = [Duration::ZERO; 3];
        let mut tries = 0;
        let failed = retrying_while_busy(
            (),
            &pauses,
            |_| true,
            |()| {
                tries += 1;
                Err::<(), _>((busy(), ()))
            },
        );
        assert_eq!(failed.unwrap_err().kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(tries, pauses.len() + 1);
    }

    #[test]
    fn any_other_failure_is_not_tried_again() {
        let mut tries = 0;
        let failed = retrying_while_busy(
            (),
            &[Duration::ZERO; 3],
            |_| false,
            |()| {
                tries += 1;
                Err::<(), _>((io::Error::from(io::ErrorKind::NotFound), ()))
            },
        );
        assert_eq!(failed.unwrap_err().kind(), io::ErrorKind::NotFound);
        assert_eq!(tries, 1);
        // Off Windows a refused rename is for good.
        assert_eq!(held_by_another_program(&busy()), cfg!(windows));
    }

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

    #[test]
    fn a_missing_file_beside_its_last_good_copy_was_lost_not_never_saved() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        save(&path, &settings(120)).unwrap();
        save(&path, &settings(300)).unwrap();
        fs::remove_file(&path).unwrap();
        let (loaded, source) = load::<Settings>(&path);
        assert_eq!(loaded, settings(120));
        let Source::LastGood { problem } = source else {
            panic!("expected the last good copy, got {source:?}")
        };
        assert!(problem.contains("settings.json: missing"), "{problem}");
        fs::write(last_good_path(&path), "garbage").unwrap();
        assert!(matches!(load::<Settings>(&path).1, Source::Defaults { .. }));
    }

    /// A record whose previous version is no fallback, as the PIN's is.
    #[derive(Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
    struct Mirrored {
        version: u32,
    }

    impl Stored for Mirrored {
        const KEY: &'static str = "mirrored";
        const MIRRORED: bool = true;
        fn validate(&self) -> Result<(), String> {
            Ok(())
        }
    }

    #[test]
    fn a_mirrored_records_last_good_copy_holds_the_current_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mirrored.json");
        save(&path, &Mirrored { version: 1 }).unwrap();
        let copy = || parse::<Mirrored>(&fs::read(last_good_path(&path)).unwrap());
        assert_eq!(copy(), Ok(Mirrored { version: 1 }), "one save makes both");
        save(&path, &Mirrored { version: 2 }).unwrap();
        assert_eq!(copy(), Ok(Mirrored { version: 2 }));
        fs::write(&path, "{\"mirrored\": ").unwrap();
        assert!(matches!(
            load::<Mirrored>(&path),
            (Mirrored { version: 2 }, Source::LastGood { .. })
        ));
        assert_eq!(
            load::<Mirrored>(&path),
            (Mirrored { version: 2 }, Source::Saved),
            "the damaged file was restored from the copy"
        );
    }

    #[test]
    fn a_mirrored_copy_left_behind_or_never_made_is_brought_up_to_date_by_a_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mirrored.json");
        save(&path, &Mirrored { version: 1 }).unwrap();
        let first = fs::read(&path).unwrap();
        save(&path, &Mirrored { version: 2 }).unwrap();
        // A cut between the two writes of a save.
        fs::write(last_good_path(&path), &first).unwrap();
        assert_eq!(
            load::<Mirrored>(&path),
            (Mirrored { version: 2 }, Source::Saved)
        );
        assert_eq!(
            fs::read(last_good_path(&path)).unwrap(),
            fs::read(&path).unwrap()
        );
        // A file written before its copy was kept.
        fs::remove_file(last_good_path(&path)).unwrap();
        load::<Mirrored>(&path);
        assert_eq!(
            fs::read(last_good_path(&path)).unwrap(),
            fs::read(&path).unwrap()
        );
    }
}
