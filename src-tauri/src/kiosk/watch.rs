//! Watches the content folder and reports when its files have settled after a change, so a new
//! pack can be validated and swapped in. Copies in progress are ignored: events are debounced until
//! the folder has been quiet for a while, and files with the temporary names that copy and sync
//! tools write (`.part`, `.tmp`, `~`, `.syncthing.*`...) never trigger a reload on their own.

use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::Path;
use std::time::Duration;

/// How long the folder must stay unchanged before a reload: long enough for a USB copy of one file
/// to finish writing, short enough that an operator sees the result while still at the kiosk.
pub const QUIET_PERIOD: Duration = Duration::from_millis(1500);

/// Keeps the watch alive; dropping it stops watching.
pub struct PackWatcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Calls `on_change` (on the watcher's own thread) each time files in `dir` changed and then
/// stayed quiet for `QUIET_PERIOD`.
pub fn watch(
    dir: &Path,
    on_change: impl Fn() + Send + 'static,
) -> notify_debouncer_full::notify::Result<PackWatcher> {
    let mut debouncer =
        new_debouncer(
            QUIET_PERIOD,
            None,
            move |result: DebounceEventResult| match result {
                Ok(events) => {
                    let relevant = events.iter().any(|event| {
                        changes_content(&event.kind)
                            && event.paths.iter().any(|path| !is_transient(path))
                    });
                    if relevant {
                        on_change();
                    }
                }
                Err(errors) => {
                    for error in errors {
                        log::warn!("content folder watch: {error}");
                    }
                }
            },
        )?;
    debouncer.watch(dir, RecursiveMode::Recursive)?;
    Ok(PackWatcher {
        _debouncer: debouncer,
    })
}

/// Reads (the kiosk's own, and the media server's) and metadata-only changes such as access times
/// must not look like new content, or every validation would trigger the next one.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Names that copy, download, sync and editor tools give files while they are still being written.
pub fn is_transient(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    const SUFFIXES: [&str; 8] = [
        "~",
        ".tmp",
        ".temp",
        ".part",
        ".partial",
        ".crdownload",
        ".download",
        ".swp",
    ];
    name.starts_with('.')
        || name.starts_with('~')
        || SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
        || name.contains(".syncthing.")
        || name.contains(".goutputstream-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn temporary_names_of_copy_and_sync_tools_are_transient() {
        for name in [
            "trailer.mp4.part",
            "trailer.mp4.partial",
            "manifest.toml~",
            ".manifest.toml.swp",
            "~$notes.md",
            ".syncthing.trailer.mp4.tmp",
            "trailer.mp4.crdownload",
            ".goutputstream-ABC123",
            "checksums.sha256.partial",
        ] {
            assert!(is_transient(Path::new(name)), "{name}");
        }
        for name in [
            "manifest.toml",
            "trailer.mp4",
            "law/one.md",
            "checksums.sha256",
        ] {
            assert!(!is_transient(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn a_change_is_reported_once_the_folder_is_quiet_and_partial_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        let _watch = watch(dir.path(), move || {
            let _ = tx.send(());
        })
        .unwrap();

        std::fs::write(dir.path().join("trailer.mp4.part"), b"half a copy").unwrap();
        assert!(
            rx.recv_timeout(QUIET_PERIOD * 3).is_err(),
            "a partial file alone must not trigger a reload"
        );

        std::fs::write(dir.path().join("manifest.toml"), b"format = 1").unwrap();
        rx.recv_timeout(QUIET_PERIOD * 4)
            .expect("a change to the manifest triggers a reload");

        // Reading files (as validation does) must not trigger another one.
        let _ = std::fs::read(dir.path().join("manifest.toml")).unwrap();
        assert!(
            rx.recv_timeout(QUIET_PERIOD * 3).is_err(),
            "reads are not changes"
        );
    }
}
