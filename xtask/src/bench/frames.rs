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

/// How long a sample vouches for the picture around it: time between samples further apart than
/// this (the sampler's gaps) was not seen, and is counted neither as frames nor as time.
const SEEN_MS: u64 = 20;

/// What the sampler saw: each stretch between two samples close enough together, and whether
/// the picture changed across it.
#[derive(Debug, Default, PartialEq)]
pub struct Sampled {
    pub seen: Vec<(u64, u64, bool)>,
}

/// Reads the sampler's lines (`MS BRIGHTNESS DIGEST`, or `MS gap`).
pub fn sampled(output: &str) -> Sampled {
    let mut out = Sampled::default();
    let mut last: Option<(u64, &str)> = None;
    for line in output.lines() {
        let mut fields = line.split(' ');
        let Some(at) = fields.next().and_then(|f| f.parse::<u64>().ok()) else {
            continue;
        };
        let Some(digest) = fields.nth(1) else {
            last = None;
            continue;
        };
        if let Some((then, before)) = last {
            if at.saturating_sub(then) <= SEEN_MS {
                out.seen.push((then, at, before != digest));
            }
        }
        last = Some((at, digest));
    }
    out
}

impl Sampled {
    /// Frames shown per second over the time seen, and the share of `span_ms` that was seen.
    pub fn rate(&self, span_ms: u64) -> (Option<f64>, f64) {
        self.rate_where(|_| true, span_ms)
    }

    /// Frames shown per second in the words phase and in the quiet phase, for samples that began
    /// `offset_ms` after the attract screen's rhythm did (its first frame).
    pub fn rates_by_phase(&self, offset_ms: u64) -> (Option<f64>, Option<f64>) {
        let cycle = WORDS_MS + QUIET_MS;
        let words = |at: u64| (EDGE_MS..WORDS_MS - EDGE_MS).contains(&((at + offset_ms) % cycle));
        let quiet =
            |at: u64| (WORDS_MS + EDGE_MS..cycle - EDGE_MS).contains(&((at + offset_ms) % cycle));
        (self.rate_where(words, 0).0, self.rate_where(quiet, 0).0)
    }

    fn rate_where(&self, keep: impl Fn(u64) -> bool, span_ms: u64) -> (Option<f64>, f64) {
        let kept = self.seen.iter().filter(|(from, _, _)| keep(*from));
        let (time, frames) = kept.fold((0, 0), |(time, frames), (from, to, changed)| {
            (time + (to - from), frames + u64::from(*changed))
        });
        let rate = (time > 0).then(|| frames as f64 * 1000.0 / time as f64);
        let share = if span_ms > 0 {
            time as f64 / span_ms as f64
        } else {
            0.0
        };
        (rate, share)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sample every 5 ms over `span`, the picture changing every `frame_ms`.
    fn steady(span: u64, frame_ms: impl Fn(u64) -> u64) -> String {
        (0..span)
            .step_by(5)
            .map(|at| format!("{at} 50.0 {:x}\n", at / frame_ms(at)))
            .collect()
    }

    #[test]
    fn a_change_of_the_square_is_a_frame_and_a_gap_is_not_time() {
        let output = "0 10.0 aa\n5 10.0 aa\n10 11.0 bb\n15 gap\n500 11.0 cc\n505 10.0 dd\n";
        let sampled = sampled(output);
        assert_eq!(
            sampled.seen,
            [(0, 5, false), (5, 10, true), (500, 505, true)]
        );
        let (rate, share) = sampled.rate(1000);
        assert_eq!(rate, Some(2.0 * 1000.0 / 15.0));
        assert!((share - 0.015).abs() < 1e-9);
    }

    #[test]
    fn phases_are_counted_apart_without_their_edges() {
        // 30 frames a second while the words show, 10 while they do not, over two cycles.
        let cycle = WORDS_MS + QUIET_MS;
        let output = steady(2 * cycle, |at| if at % cycle < WORDS_MS { 33 } else { 100 });
        let (words, quiet) = sampled(&output).rates_by_phase(0);
        assert!((words.unwrap() - 30.3).abs() < 0.6, "{words:?}");
        assert!((quiet.unwrap() - 10.0).abs() < 0.6, "{quiet:?}");
        // Samples that began 7 s into the rhythm start in the quiet phase.
        let late = steady(cycle, |at| {
            if (at + WORDS_MS) % cycle < WORDS_MS {
                33
            } else {
                100
            }
        });
        let (words, quiet) = sampled(&late).rates_by_phase(WORDS_MS);
        assert!((words.unwrap() - 30.3).abs() < 0.6, "{words:?}");
        assert!((quiet.unwrap() - 10.0).abs() < 0.6, "{quiet:?}");
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
