//! The probe child's limits where the OS has no per-process data limit the kiosk can set
//! (Windows): the parent's time limit is the guard, and an allocation failure still ends only the
//! child.

use std::process::ExitStatus;

pub fn limit_memory(_bytes: u64) -> std::io::Result<()> {
    Ok(())
}

pub fn killed_by(_status: &ExitStatus) -> Option<&'static str> {
    None
}
