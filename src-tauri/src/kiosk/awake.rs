//! The display's power: kept awake during opening hours through the OS's own inhibitor
//! (`keepawake`), switched off outside them where the OS lets an app do it (`platform`), and
//! where it does not, the closed slate goes black by itself.

use super::platform;
use std::sync::{Mutex, PoisonError};

/// What the kiosk did with the display.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DisplayPowerState {
    /// Open: kept awake.
    #[default]
    On,
    /// Closed, and the OS switched the display off.
    Asleep,
    /// Closed, and nothing here can switch it off: the closed slate is black.
    Blanked,
}

/// Keeps the display awake while the kiosk is open, and lets it sleep outside opening hours.
pub struct DisplayAwake {
    inhibitor: Mutex<Option<keepawake::KeepAwake>>,
    /// `None` until the first hold or release: an earlier process (a crash, a restart after a
    /// closed night) may have left the display switched off.
    state: Mutex<Option<DisplayPowerState>>,
}

impl Default for DisplayAwake {
    fn default() -> Self {
        Self {
            inhibitor: Mutex::new(None),
            state: Mutex::new(None),
        }
    }
}

impl DisplayAwake {
    /// Asks the OS to keep the display on. Where the OS offers no way (a minimal Linux session
    /// without a D-Bus screensaver or logind), that is logged, not fatal: the deployment guide says
    /// how to switch blanking off there.
    pub fn hold(&self) {
        let before = self
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(DisplayPowerState::On);
        match (before, platform::display_on()) {
            (Some(DisplayPowerState::On), _) => {}
            (Some(DisplayPowerState::Asleep), Ok(())) => {
                log::info!("the display is switched on for opening")
            }
            (Some(DisplayPowerState::Asleep), Err(e)) => {
                log::warn!("cannot switch the display on: {e}")
            }
            // At start, or after a black slate: where nothing can switch it, nothing to say.
            _ => {}
        }
        let mut held = self
            .inhibitor
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
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

    /// Lets the OS blank the display again (the kiosk is closed for the night) and switches it
    /// off where it can.
    pub fn release(&self) {
        if self
            .inhibitor
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .is_some()
        {
            log::info!("the display may sleep");
        }
        let now = match platform::display_off() {
            Ok(()) => {
                log::info!("the display is switched off until opening");
                DisplayPowerState::Asleep
            }
            Err(why) => {
                log::info!(
                    "the display cannot be switched off here ({why}); the closed slate goes black"
                );
                DisplayPowerState::Blanked
            }
        };
        *self.state.lock().unwrap_or_else(PoisonError::into_inner) = Some(now);
    }

    pub fn state(&self) -> DisplayPowerState {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .unwrap_or_default()
    }
}
