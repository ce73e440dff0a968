//! `screening-kiosk pack` writes the checksum list the way the kiosk writes its settings: a fresh
//! temporary file renamed into place, never a write through a symlink someone left in the folder.

use crate::util;
use screening_kiosk_lib::{cli, content::CHECKSUM_FILE};
use std::fs;

#[test]
fn pack_writes_through_no_symlink_left_in_the_pack() {
    let pack = util::copy_of_default_pack();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    fs::write(&victim, "not part of the pack\n").unwrap();
    // Where an older `pack` wrote before renaming, and the list itself.
    for name in [
        format!("{CHECKSUM_FILE}.partial"),
        CHECKSUM_FILE.to_string(),
    ] {
        std::os::unix::fs::symlink(&victim, pack.path().join(name)).unwrap();
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::pack(pack.path(), &mut out, &mut err);
    assert_eq!(code, cli::EXIT_VALID, "{}", String::from_utf8_lossy(&err));
    assert_eq!(
        fs::read_to_string(&victim).unwrap(),
        "not part of the pack\n",
        "pack wrote through a symlink"
    );
    let list = pack.path().join(CHECKSUM_FILE);
    assert!(
        fs::symlink_metadata(&list).unwrap().is_file(),
        "the list is a file of its own"
    );
    assert!(fs::read_to_string(&list)
        .unwrap()
        .contains("  manifest.toml\n"));
}
