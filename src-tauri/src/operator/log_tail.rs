//! The last lines of the kiosk's log, for the operator panel: staff see why the kiosk restarted or
//! refused a pack without a terminal. Reads only the end of the file, however large it grew.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// How far back from the end to look; plenty for the lines shown, cheap for a 2 MB file.
const TAIL_BYTES: u64 = 64 * 1024;

/// Up to `max_lines` last complete lines of `path`, oldest first; nothing when it cannot be read.
pub fn last_lines(path: &Path, max_lines: usize) -> Vec<String> {
    let Ok(mut file) = File::open(path) else {
        return Vec::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let start = len.saturating_sub(TAIL_BYTES);
    if file.seek(SeekFrom::Start(start)).is_err() {
        return Vec::new();
    }
    let mut bytes = Vec::new();
    if file.read_to_end(&mut bytes).is_err() {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(&bytes);
    let mut lines: Vec<&str> = text.lines().collect();
    // Reading from the middle of the file cuts the first line: drop it.
    if start > 0 && !lines.is_empty() {
        lines.remove(0);
    }
    let skip = lines.len().saturating_sub(max_lines);
    lines[skip..]
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_lines_come_back_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.log");
        let text: String = (1..=50).map(|n| format!("line {n}\n")).collect();
        std::fs::write(&path, text).unwrap();
        assert_eq!(last_lines(&path, 3), ["line 48", "line 49", "line 50"]);
        assert_eq!(last_lines(&path, 100).len(), 50);
    }

    #[test]
    fn a_huge_log_is_read_from_its_end_and_the_cut_line_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.log");
        let text: String = (1..=20_000)
            .map(|n| format!("[info] message number {n}\n"))
            .collect();
        assert!(text.len() as u64 > TAIL_BYTES * 4);
        std::fs::write(&path, text).unwrap();
        let lines = last_lines(&path, 5000);
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with("[info] message number ")),
            "no cut line"
        );
        assert_eq!(lines.last().unwrap(), "[info] message number 20000");
    }

    #[test]
    fn a_missing_log_or_broken_bytes_do_no_harm() {
        let dir = tempfile::tempdir().unwrap();
        assert!(last_lines(&dir.path().join("none.log"), 10).is_empty());
        let path = dir.path().join("kiosk.log");
        std::fs::write(&path, b"ok\n\xff\xfe broken\n").unwrap();
        assert_eq!(last_lines(&path, 10).len(), 2);
    }
}
