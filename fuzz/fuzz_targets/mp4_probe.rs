//! The MP4 container probe on arbitrary bytes: it must return (a report or an answer), never
//! panic, loop, or allocate beyond what the bytes could hold.
#![no_main]

use libfuzzer_sys::fuzz_target;
use screening_kiosk_lib::media::probe::probe_mp4_from;

fuzz_target!(|bytes: &[u8]| {
    let _ = probe_mp4_from(std::io::Cursor::new(bytes), bytes.len() as u64);
});
