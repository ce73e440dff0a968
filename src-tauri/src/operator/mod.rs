//! Staff: the PIN gate every privileged command passes (`gate`), what the operator panel shows
//! (`panel`), applying the settings saved there (`apply`), and the log tail it shows (`log_tail`).

mod apply;
pub(crate) mod gate;
mod log_tail;
mod panel;

pub(crate) use apply::save_settings;
pub(crate) use panel::{panel, PanelView};

use crate::Result;
use gate::Gate;
use std::path::Path;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;
use tauri::{AppHandle, Manager, Runtime};

/// The operator gate, shared by the PIN pad and every privileged command.
pub(crate) struct OperatorGate(Mutex<Gate>);

impl OperatorGate {
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Gate) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    pub(crate) fn authorize(&self, token: &str) -> Result<()> {
        self.with(|gate| gate.authorize(token, Instant::now()))
    }
}

/// Loads the PIN record from the data folder; the gate is closed until a PIN opens it.
pub(crate) fn start<R: Runtime>(app: &AppHandle<R>, data_dir: &Path) {
    app.manage(OperatorGate(Mutex::new(Gate::load(
        &data_dir.join(gate::PIN_FILE),
        Instant::now(),
    ))));
}
