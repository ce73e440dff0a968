//! Frames a visitor really sees each second: the X screen's square over the clip's frame marker
//! (a square that differs in every frame, `clip::FRAME_MARKER`), sampled every few milliseconds
//! by `examples/screen_sampler.rs` while the CPU is measured. Each change of the square is a new
//! frame on screen; a program that drops or holds frames shows fewer changes than the clip has.
//! The kiosk's figures are also split by the attract screen's phases: the words over the film,
//! then the film alone (ui/js/screens/attract/film.js).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::Error;

/// The attract screen's rhythm: words for `WORDS_MS`, then quiet for `QUIET_MS` (film.js).
pub const WORDS_MS: u64 = 7000;
pub const QUIET_MS: u64 = 13000;
/// Kept out of a phase's count at each of its ends: the page's clock and the first frame differ
/// by a few hundred milliseconds, and the words take a second to fade.
const EDGE_MS: u64 = 1000;

/// Starts the sampler on `display` for `span`, its square around (`x`, `y`).
pub fn start(
    sampler: &Path,
    display: &str,
    span: Duration,
    (x, y): (u32, u32),
) -> Result<Child, Error> {
    Command::new(sampler)
        .arg(span.as_secs_f64().to_string())
        .arg(x.to_string())
        .arg(y.to_string())
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error(format!("cannot run {}: {e}", sampler.display())))
}

/// The milliseconds at which the square changed, from the sampler's lines.
pub fn changes(output: &str) -> Vec<u64> {
    let mut last = None;
    let mut out = Vec::new();
    for line in output.lines() {
        let mut fields = line.split(' ');
        let (Some(Ok(at)), Some(_), Some(digest)) = (
            fields.next().map(str::parse::<u64>),
            fields.next(),
            fields.next(),
        ) else {
            continue;
        };
        if last.is_some_and(|d| d != digest) {
            out.push(at);
        }
        last = Some(digest);
    }
    out
}

/// Frames shown per second over the whole of `span_ms`.
pub fn rate(changes: &[u64], span_ms: u64) -> Option<f64> {
    (span_ms > 0).then(|| changes.len() as f64 * 1000.0 / span_ms as f64)
}

/// Frames shown per second in the words phase and in the quiet phase, for samples that began
/// `offset_ms` after the attract screen's rhythm did (its first frame).
pub fn rates_by_phase(changes: &[u64], offset_ms: u64, span_ms: u64) -> (Option<f64>, Option<f64>) {
    let cycle = WORDS_MS + QUIET_MS;
    let phase_of = |at: u64| {
        let t = (at + offset_ms) % cycle;
        if (EDGE_MS..WORDS_MS - EDGE_MS).contains(&t) {
            Some(true)
        } else if (WORDS_MS + EDGE_MS..cycle - EDGE_MS).contains(&t) {
            Some(false)
        } else {
            None
        }
    };
    let mut time = [0u64; 2];
    for ms in 0..span_ms {
        if let Some(words) = phase_of(ms) {
            time[usize::from(words)] += 1;
        }
    }
    let mut count = [0u64; 2];
    for &at in changes.iter().filter(|&&at| at < span_ms) {
        if let Some(words) = phase_of(at) {
            count[usize::from(words)] += 1;
        }
    }
    let per_second = |i: usize| (time[i] > 0).then(|| count[i] as f64 * 1000.0 / time[i] as f64);
    (per_second(1), per_second(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_of_the_square_is_a_frame() {
        let output = "0 10.0 aa\n3 10.0 aa\n6 11.0 bb\n9 11.0 bb\n12 10.0 aa\nnonsense\n";
        assert_eq!(changes(output), [6, 12]);
        assert_eq!(rate(&[6, 12], 1000), Some(2.0));
    }

    #[test]
    fn phases_are_counted_apart_without_their_edges() {
        // 30 changes a second while the words show, 10 while they do not, over two cycles.
        let cycle = WORDS_MS + QUIET_MS;
        let changes: Vec<u64> = (0..2 * cycle)
            .filter(|&ms| {
                let t = ms % cycle;
                if t < WORDS_MS {
                    ms % 33 == 0
                } else {
                    ms % 100 == 0
                }
            })
            .collect();
        let (words, quiet) = rates_by_phase(&changes, 0, 2 * cycle);
        assert!((words.unwrap() - 30.3).abs() < 0.5, "{words:?}");
        assert!((quiet.unwrap() - 10.0).abs() < 0.5, "{quiet:?}");
        // Samples that began 7 s into the rhythm start in the quiet phase.
        let late: Vec<u64> = changes
            .iter()
            .filter_map(|&c| c.checked_sub(WORDS_MS))
            .collect();
        let (words, quiet) = rates_by_phase(&late, WORDS_MS, cycle);
        assert!((words.unwrap() - 30.3).abs() < 0.5, "{words:?}");
        assert!((quiet.unwrap() - 10.0).abs() < 0.5, "{quiet:?}");
    }

    #[test]
    fn the_rhythm_is_the_attract_screens() {
        let film = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/js/screens/attract/film.js"),
        )
        .unwrap();
        assert!(film.contains(&format!("const WORDS_MS = {WORDS_MS};")));
        assert!(film.contains(&format!("const QUIET_MS = {QUIET_MS};")));
    }
}
