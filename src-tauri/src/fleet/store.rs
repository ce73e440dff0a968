//! The kiosk's own store of fleet packs: a pack is copied out of the synced folder before it is
//! checked and shown, because Syncthing replaces files by temp-and-rename (and on Windows a playing
//! file would block that). A copy is made beside its final place and renamed into it whole, so a
//! half-copied pack is never mistaken for one; the store keeps the pack on show and the one before
//! it (the last good pack to fall back to), and nothing older.

use crate::content::CHECKSUM_FILE;
use crate::settings::durable;
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// More files than any pack holds; a folder with more is refused before a byte is copied.
const MAX_FILES: usize = 10_000;
/// Folders deeper than this are no pack's.
const MAX_DEPTH: usize = 16;
/// Left free on the store's disk after a copy, for the logs, statistics and the OS.
const DISK_MARGIN_BYTES: u64 = 512 * 1024 * 1024;
const INCOMING_PREFIX: &str = ".incoming-";

pub struct PackStore {
    root: PathBuf,
}

impl PackStore {
    /// The store in `root`. A copy a crash or power cut left half-made is removed here: it would
    /// only hold the disk.
    pub fn new(root: PathBuf) -> Self {
        let store = Self { root };
        store.remove_half_made_copies();
        store
    }

    fn remove_half_made_copies(&self) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(INCOMING_PREFIX)
            {
                if let Err(e) = remove_if_there(&entry.path()) {
                    log::warn!("fleet: pack store: {e}");
                }
            }
        }
    }

    #[cfg(test)]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the pack `name` lives in the store once copied.
    pub fn folder_of(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// Copies the pack folder `source` into the store as `name` (again, if a copy is there from
    /// before: the synced folder is what the fleet sent). Refuses symbolic links, special files,
    /// too many files and a copy the disk has no room for, naming the file.
    pub fn copy_in(&self, source: &Path, name: &str) -> Result<PathBuf, String> {
        let files = list_files(source)?;
        let bytes: u64 = files.iter().map(|(_, len)| len).sum();
        fs::create_dir_all(&self.root)
            .map_err(|e| format!("cannot create the pack store {}: {e}", self.root.display()))?;
        let incoming = self.root.join(format!("{INCOMING_PREFIX}{name}"));
        // Before the free space is measured: an earlier failed copy must not count against this one.
        remove_if_there(&incoming)?;
        if let Ok(free) = fs4::available_space(&self.root) {
            if free < bytes.saturating_add(DISK_MARGIN_BYTES) {
                return Err(format!(
                    "{}: {} MB to copy, but only {} MB free on the disk of {}",
                    source.display(),
                    bytes / 1_000_000,
                    free / 1_000_000,
                    self.root.display()
                ));
            }
        }
        let copied = copy_files(source, &incoming, &files).and_then(|()| {
            let target = self.folder_of(name);
            remove_if_there(&target)?;
            durable::rename_retrying_while_busy(&incoming, &target)
                .map_err(|e| format!("cannot move the copy into {}: {e}", target.display()))?;
            Ok(target)
        });
        if copied.is_err() {
            // A full disk stays full of a half copy otherwise.
            let _ = remove_if_there(&incoming);
        }
        copied
    }

    /// Removes every pack but those in `keep` (and any half-made copy).
    pub fn prune(&self, keep: &[&str]) {
        let Ok(entries) = fs::read_dir(&self.root) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if keep.contains(&name.as_str()) {
                continue;
            }
            if let Err(e) = remove_if_there(&entry.path()) {
                log::warn!("fleet: pack store: {e}");
            }
        }
    }

    /// Removes the copy of `name` (a copy that was refused).
    pub fn discard(&self, name: &str) {
        if let Err(e) = remove_if_there(&self.folder_of(name)) {
            log::warn!("fleet: pack store: {e}");
        }
    }
}

/// The pack's fingerprint for the fleet: the SHA-256 of its checksum list, which itself names the
/// SHA-256 of every file; `None` for a pack without one.
pub fn digest_of(pack: &Path) -> Option<String> {
    let mut list = fs::File::open(pack.join(CHECKSUM_FILE))
        .ok()?
        .take(crate::content::MAX_TEXT_BYTES);
    let mut hasher = Sha256::new();
    io::copy(&mut list, &mut hasher).ok()?;
    Some(format!("sha256:{:x}", hasher.finalize()))
}

/// What a pack folder is as a whole right now: its checksum list's digest, and how many files it
/// holds, their total size and the newest change among them. A refused pack is tried again once
/// this changes: a file added or repaired under the same checksum list counts.
pub fn fingerprint_of(pack: &Path) -> Option<String> {
    let files = list_files(pack).ok()?;
    let bytes: u64 = files.iter().map(|(_, len)| len).sum();
    let newest = files
        .iter()
        .filter_map(|(relative, _)| fs::metadata(pack.join(relative)).ok()?.modified().ok())
        .max()?;
    let newest = newest
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    Some(format!(
        "{} {} files {bytes} bytes {newest}",
        digest_of(pack).unwrap_or_default(),
        files.len()
    ))
}

/// Every regular file under `dir`, relative, with its length. Symbolic links and special files
/// are refused: a pack sent by the fleet is plain files in plain folders.
fn list_files(dir: &Path) -> Result<Vec<(PathBuf, u64)>, String> {
    let mut files = Vec::new();
    let mut pending = vec![(PathBuf::new(), 0usize)];
    while let Some((relative, depth)) = pending.pop() {
        let here = dir.join(&relative);
        let entries =
            fs::read_dir(&here).map_err(|e| format!("cannot read {}: {e}", here.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", here.display()))?;
            let path = entry.path();
            let kind = entry
                .file_type()
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let name = relative.join(entry.file_name());
            if kind.is_dir() {
                if depth + 1 > MAX_DEPTH {
                    return Err(format!(
                        "{}: folders nested deeper than {MAX_DEPTH}",
                        path.display()
                    ));
                }
                pending.push((name, depth + 1));
            } else if kind.is_file() {
                let len = entry
                    .metadata()
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                    .len();
                files.push((name, len));
                if files.len() > MAX_FILES {
                    return Err(format!("{}: more than {MAX_FILES} files", dir.display()));
                }
            } else {
                return Err(format!(
                    "{}: a symbolic link or special file; a fleet pack holds plain files only",
                    path.display()
                ));
            }
        }
    }
    Ok(files)
}

fn copy_files(source: &Path, into: &Path, files: &[(PathBuf, u64)]) -> Result<(), String> {
    for (relative, _) in files {
        let from = source.join(relative);
        let to = into.join(relative);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::copy(&from, &to).map_err(|e| format!("cannot copy {}: {e}", from.display()))?;
    }
    Ok(())
}

fn remove_if_there(path: &Path) -> Result<(), String> {
    let removed = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
    };
    removed.map_err(|e| format!("cannot remove {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_in(dir: &Path) {
        fs::create_dir_all(dir.join("trailer")).unwrap();
        fs::write(dir.join("manifest.toml"), "format = 1\n").unwrap();
        fs::write(dir.join("trailer/trailer.mp4"), vec![7u8; 4096]).unwrap();
        fs::write(dir.join(CHECKSUM_FILE), "abc  manifest.toml\n").unwrap();
    }

    #[test]
    fn a_pack_is_copied_whole_and_the_store_keeps_only_what_it_is_told() {
        let synced = tempfile::tempdir().unwrap();
        let store_dir = tempfile::tempdir().unwrap();
        let store = PackStore::new(store_dir.path().join("packs"));
        pack_in(&synced.path().join("a@1"));
        pack_in(&synced.path().join("a@2"));
        let copy = store.copy_in(&synced.path().join("a@1"), "a@1").unwrap();
        assert_eq!(
            fs::read(copy.join("trailer/trailer.mp4")).unwrap(),
            vec![7u8; 4096]
        );
        assert_eq!(
            digest_of(&copy),
            digest_of(&synced.path().join("a@1")),
            "the copy has the sender's checksums"
        );
        assert!(digest_of(&copy).unwrap().starts_with("sha256:"));
        store.copy_in(&synced.path().join("a@2"), "a@2").unwrap();
        fs::create_dir_all(store.root().join(".incoming-a@3")).unwrap();
        fs::create_dir_all(store.root().join("a@0")).unwrap();
        let store = PackStore::new(store.root().to_path_buf());
        assert!(
            !store.root().join(".incoming-a@3").exists(),
            "a half-made copy is gone at start"
        );
        store.prune(&["a@2"]);
        let left: Vec<_> = fs::read_dir(store.root())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["a@2"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_pack_with_a_symbolic_link_is_refused_and_nothing_is_copied() {
        let synced = tempfile::tempdir().unwrap();
        let store_dir = tempfile::tempdir().unwrap();
        let store = PackStore::new(store_dir.path().join("packs"));
        let pack = synced.path().join("a@1");
        pack_in(&pack);
        std::os::unix::fs::symlink("/etc/passwd", pack.join("trailer/poster.jpg")).unwrap();
        let error = store.copy_in(&pack, "a@1").unwrap_err();
        assert!(
            error.contains("poster.jpg") && error.contains("symbolic link"),
            "{error}"
        );
        assert!(!store.folder_of("a@1").exists());
    }
}
