//! Reading what other machines wrote into STATUS_DIR: a symlink is never followed (a kiosk's
//! folder could point at any file of the anchor's), a FIFO never blocks the report, no file is read
//! past its limit, and only so many folders are looked at.

use super::StatusProblem;
use crate::fleet::status;
use chrono::{DateTime, NaiveDate, Utc};
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Status folders read at most; the rest are named in a problem.
pub const MAX_KIOSK_FOLDERS: usize = 1000;
/// Entries of STATUS_DIR looked at, status folders or not, so a folder of millions of stray files
/// ends the listing rather than the anchor's afternoon.
const MAX_ENTRIES_LISTED: usize = 100_000;
/// Day files of one kiosk's `plays/` read at most (years of days).
pub(super) const MAX_DAY_FILES: usize = 4000;
/// What names a kiosk's status folder: `status-<kiosk-id>`.
pub const STATUS_PREFIX: &str = "status-";

/// One `status-*` entry of STATUS_DIR.
#[derive(Debug, Clone)]
pub(super) struct StatusFolder {
    /// The folder's name after `status-` (lossy where it is not UTF-8).
    pub id: String,
    pub path: PathBuf,
    /// Why it is not read at all: a symlink, or a name that is no kiosk id.
    pub refused: Option<StatusProblem>,
}

#[derive(Debug, Default)]
pub(super) struct Listing {
    /// Sorted by id, at most `MAX_KIOSK_FOLDERS`.
    pub folders: Vec<StatusFolder>,
    pub problems: Vec<StatusProblem>,
}

/// The `status-*` folders of `dir`; errs only when `dir` itself cannot be listed.
pub(super) fn list_status_folders(dir: &Path) -> io::Result<Listing> {
    let mut listing = Listing::default();
    for (listed, entry) in fs::read_dir(dir)?.enumerate() {
        if listed == MAX_ENTRIES_LISTED {
            listing.problems.push(StatusProblem::new(
                dir,
                format!("more than {MAX_ENTRIES_LISTED} entries: the rest are not looked at"),
            ));
            break;
        }
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                listing.problems.push(StatusProblem::new(
                    dir,
                    format!("cannot list an entry: {e}"),
                ));
                continue;
            }
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(id) = name.strip_prefix(STATUS_PREFIX) else {
            continue;
        };
        let path = entry.path();
        // The entry's own type: a symlink is reported as one, not as what it points at.
        let refused = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => Some(StatusProblem::new(
                &path,
                "status folder is a symlink; not followed (a kiosk's status folder is a real folder Syncthing writes)",
            )),
            Ok(kind) if !kind.is_dir() => continue,
            Ok(_) if !status::is_kiosk_id(id) => Some(StatusProblem::new(
                &path,
                "folder name is not status-<kiosk-id> (a kiosk id is 1 to 40 of a-z, 0-9 and '-', not starting with '-')",
            )),
            Ok(_) => None,
            Err(e) => Some(StatusProblem::new(&path, format!("cannot read: {e}"))),
        };
        listing.folders.push(StatusFolder {
            id: id.to_string(),
            path,
            refused,
        });
    }
    listing.folders.sort_by(|a, b| a.id.cmp(&b.id));
    if listing.folders.len() > MAX_KIOSK_FOLDERS {
        let first_left_out = listing.folders[MAX_KIOSK_FOLDERS].id.clone();
        listing.problems.push(StatusProblem::new(
            dir,
            format!(
                "{} status folders; only the first {MAX_KIOSK_FOLDERS} are read (from {:?} on they are left out)",
                listing.folders.len(),
                first_left_out
            ),
        ));
        listing.folders.truncate(MAX_KIOSK_FOLDERS);
    }
    Ok(listing)
}

/// A file's bytes (up to a limit) and when it landed here.
#[derive(Debug)]
pub(super) struct FileRead {
    pub bytes: Vec<u8>,
    pub arrived_at: Option<DateTime<Utc>>,
    /// Longer than the limit: only the first part is in `bytes`.
    pub truncated: bool,
}

/// The heartbeat at `path`, refused unread when larger than `status::MAX_HEARTBEAT_BYTES`; the error
/// says what is wrong, in words for staff.
pub(super) fn read_heartbeat_file(path: &Path) -> Result<FileRead, String> {
    let (file, meta) = open_regular(path).map_err(|why| match why {
        Opened::Missing => {
            "no heartbeat: the kiosk has not written one yet, or Syncthing has not brought it"
                .to_string()
        }
        Opened::Refused(why) => format!("heartbeat {why}"),
    })?;
    let limit = status::MAX_HEARTBEAT_BYTES;
    let too_large =
        |size: u64| format!("heartbeat is {size} bytes, more than a heartbeat's {limit}: not read");
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    // One byte past the limit tells a file that grew since its size was read.
    let bytes =
        read_up_to(file, limit + 1).map_err(|e| format!("cannot read the heartbeat: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(FileRead {
        bytes,
        arrived_at: arrived_at(&meta),
        truncated: false,
    })
}

/// `plays/<day>.jsonl` of a status folder, read up to `status::MAX_PLAYS_BYTES_PER_DAY`; `None`
/// when it does not exist.
pub(super) fn read_plays_file(folder: &Path, path: &Path) -> Result<Option<FileRead>, String> {
    plays_dir(folder)?;
    let (file, meta) = match open_regular(path) {
        Ok(opened) => opened,
        Err(Opened::Missing) => return Ok(None),
        Err(Opened::Refused(why)) => return Err(format!("plays file {why}")),
    };
    let limit = status::MAX_PLAYS_BYTES_PER_DAY;
    let bytes = read_up_to(file, limit).map_err(|e| format!("cannot read: {e}"))?;
    Ok(Some(FileRead {
        truncated: meta.len() > limit,
        bytes,
        arrived_at: arrived_at(&meta),
    }))
}

/// The day files of a status folder's `plays/`, oldest first (at most `MAX_DAY_FILES`; other names
/// are not proof of play and are passed over).
pub(super) fn day_files(folder: &Path) -> Result<Vec<(NaiveDate, PathBuf)>, String> {
    let Some(dir) = plays_dir(folder)? else {
        return Ok(Vec::new());
    };
    let mut days = Vec::new();
    let entries = fs::read_dir(&dir).map_err(|e| format!("cannot list: {e}"))?;
    for entry in entries.take(MAX_ENTRIES_LISTED) {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name();
        let Some(day) = name
            .to_str()
            .and_then(|n| n.strip_suffix(".jsonl"))
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        else {
            continue;
        };
        days.push((day, entry.path()));
    }
    days.sort();
    days.truncate(MAX_DAY_FILES);
    Ok(days)
}

/// `folder/plays` when it is a real folder, `None` when there is none; a symlink is refused.
fn plays_dir(folder: &Path) -> Result<Option<PathBuf>, String> {
    let dir = folder.join(status::PLAYS_DIR);
    match fs::symlink_metadata(&dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", dir.display())),
        Ok(meta) if meta.file_type().is_symlink() => {
            Err(format!("{} is a symlink; not followed", dir.display()))
        }
        Ok(meta) if !meta.is_dir() => Ok(None),
        Ok(_) => Ok(Some(dir)),
    }
}

enum Opened {
    Missing,
    /// Why it was not opened, completing "heartbeat ..." or "plays file ...".
    Refused(String),
}

/// Opens `path` only as a regular file of its own: not through a symlink, not a FIFO or device.
fn open_regular(path: &Path) -> Result<(File, Metadata), Opened> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Opened::Missing),
        Err(e) => return Err(Opened::Refused(format!("cannot be read: {e}"))),
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Opened::Refused(
                "is a symlink; not followed (it could point anywhere on this laptop)".into(),
            ))
        }
        Ok(meta) if !meta.is_file() => {
            return Err(Opened::Refused("is not a regular file; not read".into()))
        }
        Ok(_) => {}
    }
    let file =
        open_no_follow(path).map_err(|e| Opened::Refused(format!("cannot be opened: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| Opened::Refused(format!("cannot be read: {e}")))?;
    // Replaced by something else between the look and the open.
    if !meta.is_file() {
        return Err(Opened::Refused("is not a regular file; not read".into()));
    }
    Ok((file, meta))
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    File::open(path)
}

fn read_up_to(file: File, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// When the file landed on this disk by this machine's clock: the status-change time, which a
/// rename into place sets, where Unix keeps one (Syncthing sets the modification time to the
/// sender's).
#[cfg(unix)]
fn arrived_at(meta: &Metadata) -> Option<DateTime<Utc>> {
    use std::os::unix::fs::MetadataExt;
    DateTime::from_timestamp(meta.ctime(), u32::try_from(meta.ctime_nsec()).ok()?)
}

#[cfg(not(unix))]
fn arrived_at(meta: &Metadata) -> Option<DateTime<Utc>> {
    meta.modified().ok().map(DateTime::<Utc>::from)
}
