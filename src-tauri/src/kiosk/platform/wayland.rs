//! Switching the outputs off and on under Wayland, where the compositor offers
//! `wlr-output-power-management` (sway, labwc and other wlroots compositors; not cage, cage#245):
//! one short connection of its own, as the X11 path has.

use wayland_client::globals::{registry_queue_init, GlobalListContents};
use wayland_client::protocol::{wl_output::WlOutput, wl_registry::WlRegistry};
use wayland_client::{Connection, Dispatch, QueueHandle};
use wayland_protocols_wlr::output_power_management::v1::client::{
    zwlr_output_power_manager_v1::ZwlrOutputPowerManagerV1,
    zwlr_output_power_v1::{self, Mode, ZwlrOutputPowerV1},
};

/// What the compositor answered about the outputs' power.
#[derive(Default)]
struct Answers {
    /// An output whose power cannot be set (it went away, or another client holds it).
    failed: usize,
}

/// Every output of the session's compositor off (`on` false) or on.
pub(crate) fn set_outputs_power(on: bool) -> Result<(), String> {
    let connection = Connection::connect_to_env()
        .map_err(|e| format!("cannot reach the Wayland compositor: {e}"))?;
    set_power_through(&connection, on)
}

fn set_power_through(connection: &Connection, on: bool) -> Result<(), String> {
    let (globals, mut queue) = registry_queue_init::<Answers>(connection)
        .map_err(|e| format!("the Wayland compositor's globals: {e}"))?;
    let handle = queue.handle();
    let manager: ZwlrOutputPowerManagerV1 = globals.bind(&handle, 1..=1, ()).map_err(|_| {
        "this Wayland compositor has no wlr-output-power-management (cage has none, cage#245)"
            .to_string()
    })?;
    let outputs: Vec<WlOutput> = globals.contents().with_list(|list| {
        list.iter()
            .filter(|global| global.interface == "wl_output")
            .map(|global| {
                globals
                    .registry()
                    .bind(global.name, global.version.min(4), &handle, ())
            })
            .collect()
    });
    if outputs.is_empty() {
        return Err("the Wayland compositor has no outputs".into());
    }
    let mode = if on { Mode::On } else { Mode::Off };
    let controls: Vec<ZwlrOutputPowerV1> = outputs
        .iter()
        .map(|output| {
            let control = manager.get_output_power(output, &handle, ());
            control.set_mode(mode);
            control
        })
        .collect();
    let mut answers = Answers::default();
    let result = queue
        .roundtrip(&mut answers)
        .map_err(|e| format!("the Wayland compositor did not answer: {e}"));
    for control in controls {
        control.destroy();
    }
    manager.destroy();
    let _ = queue.roundtrip(&mut answers);
    result?;
    match answers.failed {
        0 => Ok(()),
        failed => Err(format!(
            "the compositor could not set the power of {failed} of {} outputs",
            outputs.len()
        )),
    }
}

impl Dispatch<WlRegistry, GlobalListContents> for Answers {
    fn event(
        _: &mut Self,
        _: &WlRegistry,
        _: <WlRegistry as wayland_client::Proxy>::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
    }
}

impl Dispatch<WlOutput, ()> for Answers {
    fn event(
        _: &mut Self,
        _: &WlOutput,
        _: <WlOutput as wayland_client::Proxy>::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
    }
}

impl Dispatch<ZwlrOutputPowerManagerV1, ()> for Answers {
    fn event(
        _: &mut Self,
        _: &ZwlrOutputPowerManagerV1,
        _: <ZwlrOutputPowerManagerV1 as wayland_client::Proxy>::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
    }
}

impl Dispatch<ZwlrOutputPowerV1, ()> for Answers {
    fn event(
        answers: &mut Self,
        _: &ZwlrOutputPowerV1,
        event: zwlr_output_power_v1::Event,
        _: &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        if let zwlr_output_power_v1::Event::Failed = event {
            answers.failed += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixStream;
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    /// A headless sway of the test's own (wlroots' headless backend, one output), the compositor
    /// a Wayland kiosk that can switch its display off runs under. Its debug log is the witness:
    /// the headless backend cannot really power an output down (its commit fails), so what is
    /// seen is sway carrying the request out, as it does for a real monitor.
    struct Sway {
        child: Child,
        runtime: tempfile::TempDir,
    }

    /// sway refuses to run as root: as root it runs as `nobody`.
    const NOBODY: u32 = 65534;

    impl Sway {
        fn start() -> Sway {
            let runtime = tempfile::tempdir().unwrap();
            let config = runtime.path().join("sway.conf");
            std::fs::write(&config, "output * bg #000000 solid_color\n").unwrap();
            let log = std::fs::File::create(runtime.path().join("sway.log")).unwrap();
            let mut command = if rustix::process::geteuid().is_root() {
                std::os::unix::fs::chown(runtime.path(), Some(NOBODY), Some(NOBODY)).unwrap();
                let mut command = Command::new("setpriv");
                command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "sway"]);
                command
            } else {
                Command::new("sway")
            };
            let child = command
                .arg("-d")
                .arg("-c")
                .arg(&config)
                .env("XDG_RUNTIME_DIR", runtime.path())
                .env("HOME", runtime.path())
                .env("WLR_BACKENDS", "headless")
                .env("WLR_LIBINPUT_NO_DEVICES", "1")
                .env("WLR_RENDERER", "pixman")
                .env_remove("WAYLAND_DISPLAY")
                .env_remove("DISPLAY")
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("sway is installed (cargo xtask test installs it)");
            let sway = Sway { child, runtime };
            sway.wait_for_log(
                "Committing output HEADLESS-1",
                "sway never set its output up",
            );
            sway
        }

        fn wayland_socket(&self) -> PathBuf {
            self.runtime.path().join("wayland-1")
        }

        fn log(&self) -> String {
            std::fs::read_to_string(self.runtime.path().join("sway.log")).unwrap_or_default()
        }

        /// Waits until `needle` is in the log after its first `after` bytes.
        fn wait_for_log_after(&self, after: usize, needle: &str, what: &str) -> usize {
            let deadline = Instant::now() + Duration::from_secs(15);
            loop {
                let log = self.log();
                if let Some(at) = log.get(after..).and_then(|rest| rest.find(needle)) {
                    return after + at;
                }
                assert!(Instant::now() < deadline, "{what}; sway's log:\n{log}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }

        fn wait_for_log(&self, needle: &str, what: &str) -> usize {
            self.wait_for_log_after(0, needle, what)
        }
    }

    impl Drop for Sway {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    #[test]
    fn a_wlroots_compositor_is_told_to_switch_its_outputs_off_for_the_night_and_on_for_opening() {
        let sway = Sway::start();
        let connection = || {
            Connection::from_socket(UnixStream::connect(sway.wayland_socket()).unwrap()).unwrap()
        };
        set_power_through(&connection(), false).unwrap();
        let off = sway.wait_for_log("Turning off output HEADLESS-1", "never switched off");
        set_power_through(&connection(), true).unwrap();
        sway.wait_for_log_after(
            off,
            "Turning on output HEADLESS-1",
            "never switched on again",
        );
    }
}
