//! The law reader's Markdown parser on arbitrary text: blocks out, never a panic, and memory in
//! proportion to the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use screening_kiosk_lib::content::law_text::parse_markdown;

fuzz_target!(|text: &str| {
    let _ = parse_markdown(text);
});
