//! The fleet's `fleet.toml` as it arrives from the anchor: any bytes give a plan or an error,
//! never a panic, and a plan answers for any kiosk.
#![no_main]

use libfuzzer_sys::fuzz_target;
use screening_kiosk_lib::fleet::plan::Plan;

fuzz_target!(|text: &[u8]| {
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    if let Ok(plan) = Plan::parse(text) {
        for kiosk in ["foyer-1", "k", "a-very-long-kiosk-id-of-forty-chars-xx"] {
            let _ = plan.wish_for(kiosk);
        }
    }
});
