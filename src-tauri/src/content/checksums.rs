//! The pack's checksum list (`checksums.sha256`, sha256sum's format): written by `screening-kiosk
//! pack`, verified on every load, so a file changed or damaged on its way to a kiosk is named.

use super::checker::Checker;
use super::load::{load_with, Checksums};
use super::paths::confine;
use super::problem::{Code, LoadError, Severity};
use super::{CHECKSUM_FILE, MAX_TEXT_BYTES};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs;
use std::path::Path;

impl Checker {
    /// When the pack carries a checksum list, every file it names must still have the bytes it had
    /// when the list was written; a file the manifest uses that the list leaves out is a warning.
    pub(super) fn verify_checksums(&mut self) {
        let list = self.root.join(CHECKSUM_FILE);
        if !list.exists() {
            return;
        }
        let Some(text) = self.read_text(CHECKSUM_FILE, &list, MAX_TEXT_BYTES) else {
            return;
        };
        let mut listed = HashSet::new();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
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
            listed.insert(name.to_string());
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
            match sha256_file(&resolved) {
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
            if !listed.contains(&name) {
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
