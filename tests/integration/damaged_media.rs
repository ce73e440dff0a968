//! `screening-kiosk check` on trailers damaged the ways that once hung or aborted the kiosk: the
//! real binary, so each probe runs in its child process, and each damage ends as a report naming
//! the file, in bounded time, with the checker itself alive to print it.

use crate::util;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// `check --format json` on `pack`: its exit code and report.
fn check(pack: &Path) -> (Option<i32>, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_screening-kiosk"))
        .args(["check", "--format", "json"])
        .arg(pack)
        .output()
        .expect("the kiosk binary runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}); status {:?}, stderr: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), report)
}

fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = ((8 + body.len()) as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(body);
    out
}

fn ftyp() -> Vec<u8> {
    mp4_box(b"ftyp", b"isom\0\0\x02\0isomiso2avc1mp41")
}

/// Asserts that the trailer's MP4 rendition, and nothing else, was refused as unreadable.
fn assert_trailer_refused(pack: &Path) {
    let (code, report) = check(pack);
    assert_eq!(code, Some(1), "invalid, not crashed: {report:#}");
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{report:#}");
    assert_eq!(problems[0]["code"], "media_unreadable", "{report:#}");
    let message = problems[0]["message"].as_str().unwrap();
    assert!(message.contains("trailer/trailer.mp4"), "{message}");
}

#[test]
fn regression_one_damaged_byte_in_the_trailer_no_longer_hangs_check() {
    let pack = util::copy_of_default_pack();
    util::damage_the_trailers_mvhd_size(pack.path());
    assert_trailer_refused(pack.path());
}

#[test]
fn regression_a_huge_box_size_in_the_trailer_no_longer_aborts_check() {
    let pack = util::copy_of_default_pack();
    let mut child = 1u32.to_be_bytes().to_vec();
    child.extend_from_slice(b"hdlr");
    child.extend_from_slice(&(1u64 << 43).to_be_bytes());
    child.extend_from_slice(&[0; 16]);
    let meta = mp4_box(b"meta", &[&[0u8; 4][..], &child].concat());
    let bytes = [ftyp(), mp4_box(b"moov", &meta)].concat();
    std::fs::write(pack.path().join("trailer/trailer.mp4"), bytes).unwrap();
    assert_trailer_refused(pack.path());
}

#[test]
fn regression_a_box_of_size_zero_in_the_trailer_no_longer_hangs_check() {
    let pack = util::copy_of_default_pack();
    let mut zero = 0u32.to_be_bytes().to_vec();
    zero.extend_from_slice(b"skip");
    zero.extend_from_slice(&[0; 24]);
    let bytes = [ftyp(), mp4_box(b"moov", &zero)].concat();
    std::fs::write(pack.path().join("trailer/trailer.mp4"), bytes).unwrap();
    assert_trailer_refused(pack.path());
}

#[test]
fn the_probe_child_answers_for_a_good_trailer() {
    let output = Command::new(env!("CARGO_BIN_EXE_screening-kiosk"))
        .arg(screening_kiosk_lib::media::isolation::PROBE_COMMAND)
        .arg(util::default_pack().join("trailer/trailer.webm"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["Ok"]["codecs"], serde_json::json!(["vp9", "opus"]));
}
