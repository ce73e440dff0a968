//! The whole pack loader with an arbitrary `manifest.toml`, in a copy of the default pack (so
//! that the files a mutated manifest names exist and get checked): a verdict, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const DEFAULT_PACK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/justice-for-sergei");

/// A copy of the default pack without its checksum list, which every mutated manifest would
/// fail against before anything else got checked.
fn pack_dir() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("pack");
        copy(Path::new(DEFAULT_PACK), &root);
        let _ = std::fs::remove_file(root.join("checksums.sha256"));
        (dir, root)
    })
    .1
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fuzz_target!(|manifest: &[u8]| {
    let dir = pack_dir();
    std::fs::write(dir.join("manifest.toml"), manifest).unwrap();
    let _ = screening_kiosk_lib::content::load(dir);
});
