//! How far a folder is in sync (`GET /rest/db/status`), and the one rule that says whether the
//! packs folder is complete enough to swap to a pack in it: idle, nothing to come, no failed file,
//! no local change. Anything else is `Incomplete`, with the reason in words for staff.

use std::fmt;

use serde::Deserialize;

/// The fields of `GET /rest/db/status` the fleet reads, named as Syncthing 1.19 names them.
/// Counts are signed as Syncthing's are: a database inconsistency has been seen to make them
/// negative, which must read as "nothing", not fail the whole answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderStatus {
    /// `idle`, `scanning`, `scan-waiting`, `sync-waiting`, `sync-preparing`, `syncing`,
    /// `cleaning`, `clean-waiting`, `error`; empty while the folder is paused or not running.
    pub state: String,
    /// Why the folder stopped, when `state` is `error`.
    #[serde(default)]
    pub error: String,
    /// Files, directories, symlinks and deletions this device still lacks.
    pub need_total_items: i64,
    #[serde(default)]
    pub need_files: i64,
    #[serde(default)]
    pub need_deletes: i64,
    /// Bytes still to come, less what is already downloaded of files in progress.
    #[serde(default)]
    pub need_bytes: i64,
    /// Files that failed to sync (`pullErrors`, kept by Syncthing beside its newer `errors`).
    pub pull_errors: i64,
    #[serde(default)]
    pub errors: i64,
    /// Local changes in a receive-only folder: Syncthing's `receiveOnlyTotalItems` (there is no
    /// `receiveOnlyChangedTotalItems`), present only for receive-only folders.
    #[serde(rename = "receiveOnlyTotalItems", default)]
    pub receive_only_changed_total_items: i64,
    #[serde(default)]
    pub receive_only_changed_bytes: i64,
    /// What the folder holds across the cluster, as this device knows it.
    pub global_total_items: i64,
    #[serde(default)]
    pub global_files: i64,
    #[serde(default)]
    pub global_bytes: i64,
    /// Changes with every index update, local or remote.
    #[serde(default)]
    pub sequence: i64,
}

/// Whether a pack may be taken from the folder now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completeness {
    Complete,
    Incomplete(Incomplete),
}

/// Why the folder is not complete. `Display` is the sentence for staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incomplete {
    /// The folder is paused, or Syncthing has not started it.
    NotRunning,
    /// Syncthing stopped the folder (a missing folder marker, a full disk, ...).
    Stopped { error: String },
    /// Someone changed, added or deleted files in the receive-only folder on this kiosk.
    LocalChanges { items: i64, bytes: i64 },
    /// Files that Syncthing tried and failed to sync.
    FailedFiles { files: i64 },
    /// Files still to come from the anchor; `transferring` is false while Syncthing is not
    /// syncing them (the anchor unreachable or paused).
    StillToCome {
        files: i64,
        other_items: i64,
        bytes: i64,
        transferring: bool,
    },
    /// Nothing to come, but Syncthing is busy with the folder (scanning, about to sync).
    Busy { state: String },
    /// The folder is empty cluster-wide: this kiosk has not heard from the anchor yet.
    NothingYet,
}

impl FolderStatus {
    pub fn completeness(&self) -> Completeness {
        Completeness::Incomplete(match self.state.as_str() {
            "" => Incomplete::NotRunning,
            "error" => Incomplete::Stopped {
                error: self.error.clone(),
            },
            _ if self.receive_only_changed_total_items > 0 => Incomplete::LocalChanges {
                items: self.receive_only_changed_total_items,
                bytes: self.receive_only_changed_bytes.max(0),
            },
            _ if self.pull_errors.max(self.errors) > 0 => Incomplete::FailedFiles {
                files: self.pull_errors.max(self.errors),
            },
            state if self.need_total_items > 0 => Incomplete::StillToCome {
                files: self.need_files.max(0),
                other_items: (self.need_total_items - self.need_files.max(0)).max(0),
                bytes: self.need_bytes.max(0),
                transferring: matches!(state, "syncing" | "sync-preparing" | "sync-waiting"),
            },
            "idle" if self.global_total_items <= 0 => Incomplete::NothingYet,
            "idle" => return Completeness::Complete,
            state => Incomplete::Busy {
                state: state.to_owned(),
            },
        })
    }
}

impl fmt::Display for Incomplete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Incomplete::NotRunning => write!(f, "the folder is paused or not running in Syncthing"),
            Incomplete::Stopped { error } if error.is_empty() => {
                write!(f, "Syncthing stopped the folder")
            }
            Incomplete::Stopped { error } => write!(f, "Syncthing stopped the folder: {error}"),
            Incomplete::LocalChanges { items, bytes } => write!(
                f,
                "{} in a receive-only folder ({})",
                count(*items, "local change", "local changes"),
                size(*bytes)
            ),
            Incomplete::FailedFiles { files } => write!(
                f,
                "{} to pull",
                count(*files, "file failed", "files failed")
            ),
            Incomplete::StillToCome {
                files,
                other_items,
                bytes,
                transferring,
            } => {
                f.write_str(if *transferring {
                    "syncing: "
                } else {
                    "waiting for the anchor: "
                })?;
                if *files > 0 {
                    write!(f, "{} ({})", count(*files, "file", "files"), size(*bytes))?;
                    if *other_items > 0 {
                        write!(
                            f,
                            " and {}",
                            count(*other_items, "other item", "other items")
                        )?;
                    }
                } else {
                    write!(
                        f,
                        "{} (folders, links or deletions)",
                        count(*other_items, "item", "items")
                    )?;
                }
                f.write_str(" still to come")
            }
            Incomplete::Busy { state } => write!(f, "Syncthing is busy with the folder ({state})"),
            Incomplete::NothingYet => write!(f, "nothing has arrived from the anchor yet"),
        }
    }
}

fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Decimal units, as file managers show them, rounded to what staff read at a glance.
fn size(bytes: i64) -> String {
    const KB: f64 = 1000.0;
    let b = bytes.max(0) as f64;
    if b < KB {
        count(bytes.max(0), "byte", "bytes")
    } else if b < KB * KB {
        format!("{:.0} kB", b / KB)
    } else if b < KB * KB * KB {
        format!("{:.0} MB", b / (KB * KB))
    } else {
        format!("{:.1} GB", b / (KB * KB * KB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `GET /rest/db/status` of a receive-only folder on Syncthing 1.19.2, complete.
    const COMPLETE: &str = r#"{
      "errors": 0, "globalBytes": 41943100, "globalDeleted": 0, "globalDirectories": 2,
      "globalFiles": 3, "globalSymlinks": 0, "globalTotalItems": 5, "ignorePatterns": false,
      "inSyncBytes": 41943100, "inSyncFiles": 3, "invalid": "", "localBytes": 41943100,
      "localDeleted": 0, "localDirectories": 2, "localFiles": 3, "localSymlinks": 0,
      "localTotalItems": 5, "needBytes": 0, "needDeletes": 0, "needDirectories": 0,
      "needFiles": 0, "needSymlinks": 0, "needTotalItems": 0, "pullErrors": 0,
      "receiveOnlyChangedBytes": 0, "receiveOnlyChangedDeletes": 0,
      "receiveOnlyChangedDirectories": 0, "receiveOnlyChangedFiles": 0,
      "receiveOnlyChangedSymlinks": 0, "receiveOnlyTotalItems": 0, "sequence": 12,
      "state": "idle", "stateChanged": "2026-12-07T14:03:28.123456789Z", "version": 12
    }"#;

    fn status(changes: &[(&str, serde_json::Value)]) -> FolderStatus {
        let mut json: serde_json::Value = serde_json::from_str(COMPLETE).unwrap();
        for (key, value) in changes {
            json[*key] = value.clone();
        }
        serde_json::from_value(json).unwrap()
    }

    fn reason(status: &FolderStatus) -> String {
        match status.completeness() {
            Completeness::Complete => panic!("complete: {status:?}"),
            Completeness::Incomplete(why) => why.to_string(),
        }
    }

    #[test]
    fn an_idle_folder_with_everything_is_complete() {
        let complete = status(&[]);
        assert_eq!(complete.global_total_items, 5);
        assert_eq!(complete.completeness(), Completeness::Complete);
    }

    #[test]
    fn files_still_to_come_are_counted_with_their_size() {
        let syncing = status(&[
            ("state", "syncing".into()),
            ("needTotalItems", 3.into()),
            ("needFiles", 3.into()),
            ("needBytes", 41_000_000.into()),
        ]);
        assert_eq!(reason(&syncing), "syncing: 3 files (41 MB) still to come");
        // Idle with files to come: the anchor went away mid-transfer.
        let stalled = status(&[
            ("needTotalItems", 2.into()),
            ("needFiles", 1.into()),
            ("needBytes", 1500.into()),
        ]);
        assert_eq!(
            reason(&stalled),
            "waiting for the anchor: 1 file (2 kB) and 1 other item still to come"
        );
        let deletions = status(&[("needTotalItems", 4.into()), ("needDeletes", 4.into())]);
        assert_eq!(
            reason(&deletions),
            "waiting for the anchor: 4 items (folders, links or deletions) still to come"
        );
    }

    #[test]
    fn local_changes_in_a_receive_only_folder_are_incomplete() {
        let edited = status(&[
            ("receiveOnlyTotalItems", 2.into()),
            ("receiveOnlyChangedFiles", 2.into()),
            ("receiveOnlyChangedBytes", 12.into()),
        ]);
        assert_eq!(edited.receive_only_changed_total_items, 2);
        assert_eq!(
            edited.completeness(),
            Completeness::Incomplete(Incomplete::LocalChanges {
                items: 2,
                bytes: 12
            })
        );
        assert_eq!(
            reason(&edited),
            "2 local changes in a receive-only folder (12 bytes)"
        );
    }

    #[test]
    fn failed_files_are_incomplete() {
        let failed = status(&[
            ("pullErrors", 4.into()),
            ("errors", 4.into()),
            ("needTotalItems", 4.into()),
            ("needFiles", 4.into()),
        ]);
        assert_eq!(reason(&failed), "4 files failed to pull");
        // Versions that dropped the deprecated name still count.
        let newer = status(&[("pullErrors", 0.into()), ("errors", 1.into())]);
        assert_eq!(reason(&newer), "1 file failed to pull");
    }

    #[test]
    fn a_busy_paused_stopped_or_empty_folder_is_incomplete() {
        assert_eq!(
            reason(&status(&[("state", "scanning".into())])),
            "Syncthing is busy with the folder (scanning)"
        );
        // What Syncthing answers for a paused folder: zeros and no state.
        assert_eq!(
            reason(&status(&[
                ("state", "".into()),
                ("globalTotalItems", 0.into())
            ])),
            "the folder is paused or not running in Syncthing"
        );
        assert_eq!(
            reason(&status(&[
                ("state", "error".into()),
                ("error", "folder marker missing".into())
            ])),
            "Syncthing stopped the folder: folder marker missing"
        );
        assert_eq!(
            reason(&status(&[("globalTotalItems", 0.into())])),
            "nothing has arrived from the anchor yet"
        );
    }

    #[test]
    fn a_send_only_folder_has_no_receive_only_fields_and_still_parses() {
        let mut json: serde_json::Value = serde_json::from_str(COMPLETE).unwrap();
        for key in [
            "receiveOnlyTotalItems",
            "receiveOnlyChangedBytes",
            "receiveOnlyChangedFiles",
        ] {
            json.as_object_mut().unwrap().remove(key);
        }
        let sending: FolderStatus = serde_json::from_value(json).unwrap();
        assert_eq!(sending.completeness(), Completeness::Complete);
    }

    #[test]
    fn negative_counts_from_a_confused_database_read_as_nothing_to_come() {
        let confused = status(&[("needBytes", (-5).into()), ("needFiles", (-1).into())]);
        assert_eq!(confused.completeness(), Completeness::Complete);
    }

    #[test]
    fn sizes_read_at_a_glance() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(999), "999 bytes");
        assert_eq!(size(41_000_000), "41 MB");
        assert_eq!(size(2_500_000_000), "2.5 GB");
    }
}
