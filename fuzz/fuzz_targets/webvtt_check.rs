//! The caption check (the WebVTT parsing rules) on arbitrary text: a report, never a panic, and
//! time and findings in proportion to the text; and each cue's text as the page draws it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use screening_kiosk_lib::content::webvtt::check;

fuzz_target!(|text: &str| {
    if let Ok(report) = check(text) {
        for cue in &report.cues {
            let _ = cue.plain_text();
        }
    }
});
