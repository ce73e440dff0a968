//! Keeping the display awake during opening hours, through the OS's own inhibitor (`keepawake`).

use std::sync::{Mutex, PoisonError};

/// Keeps the display awake while the kiosk is open, and lets it sleep outside opening hours.
#[derive(Default)]
pub struct DisplayAwake(Mutex<Option<keepawake::KeepAwake>>);

impl DisplayAwake {
    /// Asks the OS to keep the display on. Where the OS offers no way (a minimal Linux session
    /// without a D-Bus screensaver or logind), that is logged, not fatal: the deployment guide says
    /// how to switch blanking off there.
    pub fn hold(&self) {
        let mut held = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if held.is_some() {
            return;
        }
        let awake = keepawake::Builder::default()
            .display(true)
            .idle(true)
            .reason("A festival kiosk is screening a film")
            .app_name("Screening Kiosk")
            .app_reverse_domain(crate::IDENTIFIER)
            .create();
        match awake {
            Ok(awake) => {
                log::info!("keeping the display awake");
                *held = Some(awake);
            }
            Err(e) => log::warn!("cannot keep the display awake: {e}"),
        }
    }

    /// Lets the OS blank the display again (the kiosk is closed for the night).
    pub fn release(&self) {
        if self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .is_some()
        {
            log::info!("the display may sleep");
        }
    }
}
