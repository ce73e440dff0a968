//! The pack's checksum list (`checksums.sha256`, sha256sum's format): written by `screening-kiosk
//! pack`, verified on every load, so a file changed or damaged on its way to a kiosk is named.

use super::checker::Checker;
use super::limits::MAX_CHECKSUM_LINES;
use super::load::{load_with, Checksums};
use super::paths::{confine, normalized};
use super::problem::{Code, LoadError, Severity};
use super::{CHECKSUM_FILE, MAX_TEXT_BYTES};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

impl Checker {
    /// When the pack carries a checksum list, every file it names must still have the bytes it had
    /// when the list was written; a file the manifest uses that the list leaves out is a warning.
    /// Each file is hashed once: a path listed twice, however spelled, is an error, and a list
    /// longer than `MAX_CHECKSUM_LINES` is refused unread.
    pub(super) fn verify_checksums(&mut self) {
        let list = self.root.join(CHECKSUM_FILE);
        if !list.exists() {
            return;
        }
        let Some(text) = self.read_text(CHECKSUM_FILE, &list, MAX_TEXT_BYTES) else {
            return;
        };
        let lines = || {
            text.lines()
                .enumerate()
                .filter(|(_, line)| !line.trim().is_empty())
        };
        if let Some((index, _)) = lines().nth(MAX_CHECKSUM_LINES) {
            // Longer than any pack's list: refused whole, before a single file is hashed.
            self.push(
                CHECKSUM_FILE,
                Some((index + 1, 1)),
                Severity::Error,
                Code::TooManyChecksumLines,
                format!("the list goes on past {MAX_CHECKSUM_LINES} lines, more than a pack can use files, and is not verified; run `screening-kiosk pack` to write it again"),
            );
            return;
        }
        // Normalized path → the line that lists it; resolved file → its digest.
        let mut listed: HashMap<String, usize> = HashMap::new();
        let mut digests: HashMap<PathBuf, Result<String, String>> = HashMap::new();
        for (index, line) in lines() {
            let location = Some((index + 1, 1));
            // `hash  path` (text mode) or `hash *path` (binary mode), as sha256sum writes them.
            let entry = line
                .split_once("  ")
                .or_else(|| line.split_once(" *"))
                .filter(|(hex, _)| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
            let Some((expected, name)) = entry else {
                self.push(
                    CHECKSUM_FILE,
                    location,
                    Severity::Error,
                    Code::ChecksumSyntax,
                    "expected `<64 hex digits>  <path>` (two spaces), as sha256sum writes".into(),
                );
                continue;
            };
            let key = normalized(name);
            if let Some(first) = listed.get(&key) {
                self.push(
                    CHECKSUM_FILE,
                    location,
                    Severity::Error,
                    Code::ChecksumDuplicate,
                    format!(
                        "{name:?} is the file line {first} lists already; each file is listed once"
                    ),
                );
                continue;
            }
            listed.insert(key, index + 1);
            let resolved = match confine(&self.root, name) {
                Ok(resolved) => resolved,
                Err(why) => {
                    self.push(
                        CHECKSUM_FILE,
                        location,
                        Severity::Error,
                        why.code,
                        format!("{name:?}: {}", why.message),
                    );
                    continue;
                }
            };
            // Two names for one file (a symbolic link inside the pack) still hash it once.
            let digest = digests
                .entry(resolved.clone())
                .or_insert_with(|| sha256_file(&resolved).map_err(|e| e.to_string()));
            match digest.clone() {
                Ok(actual) if actual.eq_ignore_ascii_case(expected) => {}
                Ok(_) => self.error_in(
                    name,
                    Code::ChecksumMismatch,
                    format!(
                        "the file changed since its checksum was written ({CHECKSUM_FILE} line {}): copy it again, or run `screening-kiosk pack` if the change is intended",
                        index + 1
                    ),
                ),
                Err(e) => self.error_in(name, Code::FileUnreadable, format!("cannot read: {e}")),
            }
        }
        for name in self.files.clone() {
            if !listed.contains_key(&name) {
                self.push(
                    CHECKSUM_FILE,
                    None,
                    Severity::Warning,
                    Code::NotInChecksums,
                    format!("{name:?} is used by the pack but has no checksum; run `screening-kiosk pack` again"),
                );
            }
        }
    }
}

/// SHA-256 of a file as lowercase hex, streamed so a large trailer is never read into memory whole.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    Ok(format!("{:x}", hasher.finalize()))
}

/// Validates the pack (its bytes as they are now; an old checksum list is ignored) and writes a
/// fresh checksum list of every file it uses with `write`, which must replace the list atomically
/// and follow no symlink (the kiosk's is `settings::durable::write_atomically`), so a kiosk watching
/// the folder never reads half a list. Returns how many files were listed.
pub fn write_checksums(
    dir: &Path,
    write: impl FnOnce(&Path, &[u8]) -> std::io::Result<()>,
) -> Result<usize, LoadError> {
    let pack = load_with(dir, Checksums::Ignore)?;
    let mut list = String::new();
    for name in &pack.files {
        let digest = sha256_file(&pack.root.join(name))
            .map_err(|e| LoadError::Unreadable(format!("{name}: {e}")))?;
        list.push_str(&format!("{digest}  {name}\n"));
    }
    write(&pack.root.join(CHECKSUM_FILE), list.as_bytes())
        .map_err(|e| LoadError::Unreadable(format!("{CHECKSUM_FILE}: {e}")))?;
    Ok(pack.files.len())
}
