//! Probes video files in a child process of this same binary, so that a demuxer that loops or
//! exhausts memory on a damaged file costs a clear report, never the kiosk, `check` or the reload
//! of a pack. The child runs the hidden `probe-media` command under a memory limit and is killed
//! past a time limit; the parent reads one line of JSON from it.
//!
//! Until the binary's `main` names itself with [`probe_in_child_processes`], probes run in
//! process: unit tests and the mock-runtime tests have no kiosk binary to start, and the parsers
//! are bounded on their own (the fuzz targets check that); the child is the second wall.

use super::probe::{self, VideoInfo};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;
use wait_timeout::ChildExt;

#[cfg(unix)]
#[path = "isolation_unix.rs"]
mod platform;
#[cfg(not(unix))]
#[path = "isolation_other.rs"]
mod platform;

/// The hidden command the child runs.
pub const PROBE_COMMAND: &str = "probe-media";
/// How long one file's container header may take to read. Reading a header touches a few
/// megabytes at most, even for a feature film, so this is far beyond a slow USB stick.
pub const PROBE_TIME_LIMIT: Duration = Duration::from_secs(5);
/// The heap a child may use: a `moov` box is capped well below it (see `probe`).
pub const PROBE_MEMORY_LIMIT: u64 = 512 << 20;
/// The child's answer is one short JSON line; more is not an answer.
const MAX_ANSWER_BYTES: u64 = 64 << 10;

static PROBE_BINARY: OnceLock<PathBuf> = OnceLock::new();

/// From now on, `probe_video` runs each probe in `binary`, which must answer `PROBE_COMMAND`.
pub fn probe_in_child_processes(binary: PathBuf) {
    let _ = PROBE_BINARY.set(binary);
}

/// What a file's container declares, read in a child process when the binary has named itself,
/// else in this one.
pub fn probe_video(path: &Path) -> Result<VideoInfo, String> {
    match PROBE_BINARY.get() {
        Some(binary) => probe_in_child(binary, path),
        None => probe::probe_video(path),
    }
}

/// The child's side of `PROBE_COMMAND`: limits itself, probes, and prints the verdict as JSON.
/// Returns the exit code.
pub fn serve_probe(path: &Path) -> i32 {
    if let Err(e) = platform::limit_memory(PROBE_MEMORY_LIMIT) {
        // Still worth probing: the parent's time limit holds either way.
        eprintln!("screening-kiosk probe-media: cannot limit memory: {e}");
    }
    let answer: Result<VideoInfo, String> = probe::probe_video(path);
    match serde_json::to_string(&answer) {
        Ok(line) => {
            println!("{line}");
            0
        }
        Err(e) => {
            eprintln!("screening-kiosk probe-media: {e}");
            1
        }
    }
}

fn probe_in_child(binary: &Path, path: &Path) -> Result<VideoInfo, String> {
    let container = container_name(path);
    let mut child = match Command::new(binary)
        .arg(PROBE_COMMAND)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            // Without a child (no process slots, the binary replaced by an upgrade) the bounded
            // in-process probe is still better than refusing a good pack.
            log::warn!(
                "cannot start {} to probe {}: {e}; probing in process",
                binary.display(),
                path.display()
            );
            return probe::probe_video(path);
        }
    };
    let status = match child.wait_timeout(PROBE_TIME_LIMIT) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the {container} could not be read within {} s (the container is damaged)",
                PROBE_TIME_LIMIT.as_secs()
            ));
        }
        Err(e) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("cannot read: {e}"));
        }
    };
    let mut answer = String::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = stdout.take(MAX_ANSWER_BYTES).read_to_string(&mut answer);
    }
    if !status.success() {
        return Err(match platform::killed_by(&status) {
            Some(why) => format!(
                "the {container} could not be read: its reader {why} (the container is damaged)"
            ),
            None => format!("the {container} could not be read: its reader failed ({status})"),
        });
    }
    serde_json::from_str::<Result<VideoInfo, String>>(answer.trim()).unwrap_or_else(|_| {
        Err(format!(
            "the {container} could not be read: its reader gave no answer"
        ))
    })
}

/// What the operator calls the file, from its name: the child has not said yet.
fn container_name(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("mp4" | "m4v" | "mov") => "MP4",
        Some("webm") => "WebM",
        Some("mkv") => "Matroska file",
        _ => "video",
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A stand-in for the kiosk binary that misbehaves as a damaged file can make a demuxer do.
    fn child_that(script: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let binary = dir.path().join("child");
        std::fs::write(&binary, format!("#!/bin/sh\n{script}\n")).unwrap();
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
        (dir, binary)
    }

    #[test]
    fn a_child_that_never_answers_is_stopped_and_reported() {
        let (_dir, binary) = child_that("exec sleep 600");
        let err = probe_in_child(&binary, Path::new("trailer/x.mp4")).unwrap_err();
        assert_eq!(
            err,
            "the MP4 could not be read within 5 s (the container is damaged)"
        );
    }

    #[test]
    fn a_child_that_aborts_is_reported_as_a_damaged_file() {
        let (_dir, binary) = child_that("kill -ABRT $$");
        let err = probe_in_child(&binary, Path::new("trailer/x.webm")).unwrap_err();
        assert_eq!(
            err,
            "the WebM could not be read: its reader ran out of memory or gave up (the container is damaged)"
        );
    }

    #[test]
    fn a_child_that_answers_nonsense_gives_no_verdict() {
        let (_dir, binary) = child_that("echo '{\"surprise\": 1}'");
        let err = probe_in_child(&binary, Path::new("x.mp4")).unwrap_err();
        assert!(err.contains("gave no answer"), "{err}");
    }

    #[test]
    fn the_childs_answer_is_the_probes_verdict() {
        let answer = r#"{"Ok":{"container":"mp4","codecs":["avc1","mp4a"],"duration_secs":49.4}}"#;
        let (_dir, binary) = child_that(&format!("echo '{answer}'"));
        let info = probe_in_child(&binary, Path::new("x.mp4")).unwrap();
        assert_eq!(info.codecs, ["avc1", "mp4a"]);
        let (_dir, binary) = child_that(r#"echo '{"Err":"not a readable MP4: x"}'"#);
        let err = probe_in_child(&binary, Path::new("x.mp4")).unwrap_err();
        assert_eq!(err, "not a readable MP4: x");
    }
}
