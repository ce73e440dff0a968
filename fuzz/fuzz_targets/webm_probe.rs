//! The WebM/Matroska container probe on arbitrary bytes: a report or an answer, never a panic, a
//! loop or an allocation the bytes could not hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use screening_kiosk_lib::media::probe::probe_webm_from;

fuzz_target!(|bytes: &[u8]| {
    let _ = probe_webm_from(std::io::Cursor::new(bytes));
});
