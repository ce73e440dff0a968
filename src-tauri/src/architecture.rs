//! The rooms' layering (docs/architecture.md), checked from the sources: a room uses only rooms
//! below it, so no import cycle can form between them, and nothing reaches past its parent with
//! `super::super`.

use std::fs;
use std::path::{Path, PathBuf};

/// Bottom first. `error` and `events` are leaves any room may use.
const ROOMS: [&str; 9] = [
    "media",
    "content",
    "settings",
    "kiosk",
    "unattended",
    "fleet",
    "operator",
    "ipc",
    "cli",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The rooms a source file names as `crate::<room>`.
fn rooms_used(text: &str) -> Vec<&'static str> {
    ROOMS
        .iter()
        .copied()
        .filter(|room| {
            text.match_indices(&format!("crate::{room}"))
                .any(|(at, m)| {
                    !text[at + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                })
        })
        .collect()
}

#[test]
fn each_room_uses_only_the_rooms_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src");
    let mut broken = Vec::new();
    for (level, room) in ROOMS.iter().enumerate() {
        let mut files = Vec::new();
        sources(&root.join(room), &mut files);
        assert!(!files.is_empty(), "room {room} has no sources");
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for used in rooms_used(&text) {
                let used_level = ROOMS.iter().position(|r| *r == used).unwrap();
                if used_level > level {
                    broken.push(format!("{} uses {used}", file.display()));
                }
            }
            if text.contains("super::super") {
                broken.push(format!("{} reaches past its parent", file.display()));
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn the_layering_check_sees_an_upward_use() {
    assert_eq!(rooms_used("use crate::kiosk::PackState;"), ["kiosk"]);
    assert_eq!(rooms_used("crate::kiosk_mode()"), Vec::<&str>::new());
}
