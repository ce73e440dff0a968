//! Which file a validated path named, so the media server serves that file or nothing.
//!
//! A pack is validated once, but a file is opened on every request. A local process that can write
//! to the pack folder could swap a file in between: for a symlink to a file outside the pack, for a
//! FIFO that hangs the read, or for another file. So the server opens without following a symlink
//! at the last step and without blocking on a FIFO, and serves only a regular file that is the very
//! file validation saw (same device, inode and inode change time on Unix; see `windows.rs` for what
//! Windows compares).

use std::fs::File;
use std::io;
use std::path::Path;

#[cfg(unix)]
mod unix;
#[cfg(unix)]
use unix as platform;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
use windows as platform;

/// The file a path led to when it was validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileIdentity(platform::Id);

impl FileIdentity {
    /// Opens `path` the way the server will and records which file that is.
    pub fn of(path: &Path) -> io::Result<FileIdentity> {
        open_regular(path).map(|(_, identity)| identity)
    }
}

/// Opens `path` for reading only if it is still the file `expected` recorded.
pub fn open_validated(path: &Path, expected: FileIdentity) -> io::Result<File> {
    let (file, found) = open_regular(path)?;
    if found != expected {
        return Err(io::Error::other(
            "the file was replaced after the pack was validated",
        ));
    }
    Ok(file)
}

fn open_regular(path: &Path) -> io::Result<(File, FileIdentity)> {
    let file = platform::open_no_follow(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let id = platform::identity(&meta)?;
    Ok((file, FileIdentity(id)))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_a_fifo_or_another_file_in_its_place_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trailer.mp4");
        std::fs::write(&path, b"the validated bytes").unwrap();
        let identity = FileIdentity::of(&path).unwrap();
        assert!(open_validated(&path, identity).is_ok());

        let other = dir.path().join("other");
        std::fs::write(&other, b"other bytes").unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&other, &path).unwrap();
        assert!(open_validated(&path, identity).is_err(), "a symlink");
        assert!(
            FileIdentity::of(&path).is_err(),
            "validation refuses one too"
        );

        std::fs::remove_file(&path).unwrap();
        std::fs::rename(&other, &path).unwrap();
        assert!(open_validated(&path, identity).is_err(), "another file");

        std::fs::remove_file(&path).unwrap();
        // mkfifo(1) rather than rustix: rustix has no mkfifoat on macOS.
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success());
        assert!(open_validated(&path, identity).is_err(), "a FIFO");
    }
}
