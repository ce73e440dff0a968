//! The display's power: kept awake during opening hours through the OS's own inhibitor
//! (`keepawake`), switched off outside them where the OS lets an app do it (`platform`), and
//! where it does not, the closed slate goes black by itself. One thread owns all of it: Windows
//! keeps an app's power request per thread (`SetThreadExecutionState`), so a hold taken on one
//! thread and dropped on another would clear nothing, and the display would never sleep.

use super::platform;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

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
    /// To the thread that owns the display's power.
    orders: Mutex<Option<Sender<OrderSent>>>,
    state: Arc<Mutex<Option<DisplayPowerState>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Hold,
    Release,
}

/// An order, and where the owner thread says it has been carried out.
type OrderSent = (Order, Sender<()>);

/// How long a caller waits for the owner thread to carry out an order (a D-Bus call on Linux).
const ORDER_TAKES_AT_MOST: Duration = Duration::from_secs(10);

impl Default for DisplayAwake {
    fn default() -> Self {
        let state = Arc::new(Mutex::new(None));
        let (orders, received) = mpsc::channel();
        let owner = Owner {
            inhibitor: None,
            state: state.clone(),
        };
        let spawned = std::thread::Builder::new()
            .name("display-power".into())
            .spawn(move || owner.run(received));
        if let Err(e) = &spawned {
            log::error!("the display's power will be left to the system: {e}");
        }
        Self {
            orders: Mutex::new(spawned.is_ok().then_some(orders)),
            state,
        }
    }
}

impl DisplayAwake {
    /// Asks the OS to keep the display on. Where the OS offers no way (a minimal Linux session
    /// without a D-Bus screensaver or logind), that is logged, not fatal: the deployment guide says
    /// how to switch blanking off there.
    pub fn hold(&self) {
        self.order(Order::Hold);
    }

    /// Lets the OS blank the display again (the kiosk is closed for the night) and switches it
    /// off where it can.
    pub fn release(&self) {
        self.order(Order::Release);
    }

    /// Has the owner thread carry out `order`, and waits until it has.
    fn order(&self, order: Order) {
        let (done, finished) = mpsc::channel();
        let sent = self
            .orders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .is_some_and(|orders| orders.send((order, done)).is_ok());
        if sent && finished.recv_timeout(ORDER_TAKES_AT_MOST).is_err() {
            log::warn!("the display's power did not answer {order:?} in time");
        }
    }

    pub fn state(&self) -> DisplayPowerState {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .unwrap_or_default()
    }
}

/// The display-power thread's own state: the inhibitor lives and dies on this thread.
struct Owner {
    inhibitor: Option<keepawake::KeepAwake>,
    state: Arc<Mutex<Option<DisplayPowerState>>>,
}

impl Owner {
    fn run(mut self, orders: Receiver<OrderSent>) {
        for (order, done) in orders {
            match order {
                Order::Hold => self.hold(),
                Order::Release => self.release(),
            }
            let _ = done.send(());
        }
    }

    fn hold(&mut self) {
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
        if self.inhibitor.is_some() {
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
                self.inhibitor = Some(awake);
            }
            Err(e) => log::warn!("cannot keep the display awake: {e}"),
        }
    }

    fn release(&mut self) {
        if self.inhibitor.take().is_some() {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_order_is_carried_out_by_the_owner_thread_before_it_returns() {
        let awake = DisplayAwake::default();
        assert_eq!(awake.state(), DisplayPowerState::On, "before any order");
        awake.release();
        // No display server in unit tests: nothing can switch it off, so the slate goes black.
        assert_ne!(awake.state(), DisplayPowerState::On);
        awake.hold();
        assert_eq!(awake.state(), DisplayPowerState::On);
    }
}
