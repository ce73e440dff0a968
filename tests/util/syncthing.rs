//! Real Syncthing engines for tests: each `Syncthing` is one `syncthing serve` with a home of its
//! own in a temporary folder, its API and sync port on loopback (free ports), nothing that
//! reaches beyond this machine, and its output logged to `syncthing.log` in its home (the tail is
//! printed when a test fails while it runs). Pairing, sharing, pausing and throttling go through
//! the kiosk's own `fleet::syncthing::setup`, so the tests exercise that code against the engine.
//!
//! Syncthing comes from the Debian package `syncthing` (1.19.2 on bookworm), which
//! `cargo xtask test` installs; without it these helpers fail the test and say so.

use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use screening_kiosk_lib::fleet::syncthing::setup::{self, DeviceAddress, DeviceId};
use screening_kiosk_lib::fleet::syncthing::{Api, Completeness, FolderStatus};

/// The engine's start (key generation, database, hashing benchmark) takes about 1.5 s here.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Rescans every few seconds and a watcher that reacts within one: tests wait for changes, not
/// for Syncthing's hourly rescan.
pub const QUICK_RESCAN: setup::Rescan = setup::Rescan {
    interval_secs: 5,
    watch: true,
    watch_delay_secs: 1,
};

/// One running Syncthing. Dropping it kills it.
pub struct Syncthing {
    name: String,
    home: tempfile::TempDir,
    child: Child,
    api: Api,
    device_id: DeviceId,
    listen: String,
}

/// The `syncthing` binary, or a failure that says how to get it.
pub fn syncthing_binary() -> PathBuf {
    find_on_path("syncthing", std::env::var_os("PATH"))
        .unwrap_or_else(|| panic!("{}", missing_syncthing_message()))
}

pub fn missing_syncthing_message() -> &'static str {
    "Syncthing is not installed (no `syncthing` on PATH): run `cargo xtask test`, which installs \
     it (Debian package `syncthing`), or `sudo apt-get install syncthing`"
}

pub fn find_on_path(name: &str, path: Option<std::ffi::OsString>) -> Option<PathBuf> {
    std::env::split_paths(&path?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Edits `syncthing generate`'s config before the first start, so the engine never listens
/// beyond loopback or reaches for the internet even for the moment before `setup` runs.
const FIRST_START_OPTIONS: &[(&str, &str)] = &[
    (
        "<globalAnnounceEnabled>true<",
        "<globalAnnounceEnabled>false<",
    ),
    (
        "<localAnnounceEnabled>true<",
        "<localAnnounceEnabled>false<",
    ),
    ("<relaysEnabled>true<", "<relaysEnabled>false<"),
    // Connections that churn on a loaded machine use up Syncthing's forced redials (three in two
    // minutes); after that a resumed device waits for the regular dial, which at the default 60 s
    // outlasts a test's wait. 5 s is the least Syncthing takes.
    ("<reconnectionIntervalS>60<", "<reconnectionIntervalS>5<"),
    ("<natEnabled>true<", "<natEnabled>false<"),
    ("<urAccepted>0<", "<urAccepted>-1<"),
    ("<autoUpgradeIntervalH>12<", "<autoUpgradeIntervalH>0<"),
    (
        "<crashReportingEnabled>true<",
        "<crashReportingEnabled>false<",
    ),
];

impl Syncthing {
    /// Starts an engine named `name` (in its log and as the device name others give it).
    pub fn start(name: &str) -> Syncthing {
        let binary = syncthing_binary();
        let home = tempfile::Builder::new()
            .prefix(&format!("syncthing-{name}-"))
            .tempdir()
            .expect("a home for syncthing");
        let log_path = home.path().join("syncthing.log");
        let log = fs::File::create(&log_path).unwrap();

        let generated = Command::new(&binary)
            .args([
                "generate",
                "--no-default-folder",
                "--skip-port-probing",
                "--home",
            ])
            .arg(home.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log.try_clone().unwrap())
            .status()
            .expect("syncthing generate runs");
        assert!(
            generated.success(),
            "syncthing generate failed: {}",
            tail(&log_path)
        );

        let listen = format!("tcp://127.0.0.1:{}", super::free_port());
        let gui = format!("127.0.0.1:{}", super::free_port());
        let config_path = home.path().join("config.xml");
        let mut config = fs::read_to_string(&config_path).unwrap();
        // The API's address and key go into config.xml itself, where a kiosk reads them, rather
        // than onto serve's command line, which overrides them without writing them down.
        let key = config
            .split_once("<apikey>")
            .and_then(|(_, rest)| rest.split_once("</apikey>"))
            .map(|(key, _)| key.to_string())
            .expect("syncthing generate writes an API key");
        let mut edits = vec![
            (
                "<listenAddress>default</listenAddress>".to_string(),
                format!("<listenAddress>{listen}</listenAddress>"),
            ),
            (
                "<address>127.0.0.1:8384</address>".to_string(),
                format!("<address>{gui}</address>"),
            ),
        ];
        edits.extend(
            FIRST_START_OPTIONS
                .iter()
                .map(|(from, to)| (from.to_string(), to.to_string())),
        );
        for (from, to) in edits {
            assert!(
                config.contains(&from),
                "syncthing generate's config.xml has no {from}: another Syncthing version? {config_path:?}"
            );
            config = config.replace(&from, &to);
        }
        fs::write(&config_path, config).unwrap();

        let mut serve = Command::new(&binary);
        serve
            .args(["serve", "--no-browser", "--no-restart", "--logflags=3"])
            .arg(format!("--home={}", home.path().display()))
            // Without it `serve` runs as a monitor that restarts a child copy of itself: two
            // processes, and a kill of the one we hold would leave the other running.
            .env("STMONITORED", "1")
            .env("STNOUPGRADE", "1")
            .env("STNODEFAULTFOLDER", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group, so the drop can end whatever it started.
            serve.process_group(0);
        }
        let mut child = serve.spawn().expect("syncthing serve starts");

        let api = Api::new(&gui, &key).unwrap();
        let started = Instant::now();
        loop {
            if api.ping().is_ok() {
                break;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "syncthing {name} exited with {status}:\n{}",
                    tail(&log_path)
                );
            }
            if started.elapsed() > START_TIMEOUT {
                let _ = child.kill();
                panic!(
                    "syncthing {name} did not answer within {START_TIMEOUT:?}:\n{}",
                    tail(&log_path)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let device_id = DeviceId::parse(&api.system_status().unwrap().my_id).unwrap();
        let engine = Syncthing {
            name: name.to_string(),
            home,
            child,
            api,
            device_id,
            listen,
        };
        setup::close_to_the_internet(
            &engine.api,
            &setup::ClosedLan {
                local_discovery: false,
                listen_addresses: Some(vec![engine.listen.clone()]),
            },
        )
        .unwrap_or_else(|e| engine.fail(&format!("closing it to the internet: {e}")));
        engine
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn api(&self) -> &Api {
        &self.api
    }

    pub fn device_id(&self) -> &DeviceId {
        &self.device_id
    }

    /// Where other engines dial this one.
    pub fn address(&self) -> DeviceAddress {
        DeviceAddress::Fixed(self.listen.clone())
    }

    /// Its `config.xml`, which names its API's address and key.
    pub fn config_xml(&self) -> PathBuf {
        self.home.path().join("config.xml")
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The last lines of this engine's log.
    pub fn log_tail(&self) -> String {
        tail(&self.home.path().join("syncthing.log"))
    }

    /// Fails the test with `what` and this engine's log.
    pub fn fail(&self, what: &str) -> ! {
        panic!(
            "syncthing {}: {what}\n--- its log ---\n{}",
            self.name,
            self.log_tail()
        )
    }

    pub fn folder_status(&self, folder: &str) -> FolderStatus {
        self.api
            .folder_status(folder)
            .unwrap_or_else(|e| self.fail(&e.to_string()))
    }

    /// Stops (or restarts) exchanging anything with `other`.
    pub fn set_paused(&self, other: &Syncthing, paused: bool) {
        setup::set_device_paused(&self.api, &other.device_id, paused)
            .unwrap_or_else(|e| self.fail(&e.to_string()));
    }

    pub fn set_folder_paused(&self, folder: &str, paused: bool) {
        setup::set_folder_paused(&self.api, folder, paused)
            .unwrap_or_else(|e| self.fail(&e.to_string()));
    }

    /// Limits what this engine receives to `kib_per_s` (LAN and loopback included); `None` lifts
    /// the limit.
    pub fn throttle_receiving(&self, kib_per_s: Option<u32>) {
        setup::limit_bandwidth(
            &self.api,
            &setup::Bandwidth {
                send_kib_per_s: 0,
                recv_kib_per_s: kib_per_s.unwrap_or(0),
                on_lan_too: kib_per_s.is_some(),
            },
        )
        .unwrap_or_else(|e| self.fail(&e.to_string()));
    }

    /// Rescans `folder` now.
    pub fn scan(&self, folder: &str) {
        self.api
            .scan(folder)
            .unwrap_or_else(|e| self.fail(&e.to_string()));
    }
}

impl Drop for Syncthing {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "--- syncthing {} ({}) log tail ---\n{}",
                self.name,
                self.home.path().display(),
                self.log_tail()
            );
        }
        #[cfg(unix)]
        {
            let group = rustix::process::Pid::from_raw(self.child.id() as i32);
            if let Some(group) = group {
                let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The last 40 lines of a log (reading at most its last 16 KiB).
fn tail(path: &Path) -> String {
    let Ok(mut file) = fs::File::open(path) else {
        return format!("(no log at {})", path.display());
    };
    let length = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(length.saturating_sub(16 * 1024)));
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(40)..].join("\n")
}

/// Makes `a` and `b` known to each other, each dialling the other's loopback port.
pub fn pair(a: &Syncthing, b: &Syncthing) {
    for (this, other) in [(a, b), (b, a)] {
        setup::add_device(&this.api, &other.device_id, &other.name, &other.address())
            .unwrap_or_else(|e| this.fail(&format!("adding {}: {e}", other.name)));
    }
}

/// The packs folder: sent by `anchor` from `anchor_dir`, received by each kiosk into its dir.
pub fn share_packs(
    anchor: &Syncthing,
    kiosks: &[&Syncthing],
    anchor_dir: &Path,
    kiosk_dirs: &[&Path],
) {
    assert_eq!(kiosks.len(), kiosk_dirs.len(), "one folder per kiosk");
    let kiosk_ids: Vec<DeviceId> = kiosks.iter().map(|k| k.device_id.clone()).collect();
    add_folder(
        anchor,
        setup::PACKS_FOLDER_ID,
        anchor_dir,
        setup::FolderType::SendOnly,
        &kiosk_ids,
    );
    for (kiosk, dir) in kiosks.iter().zip(kiosk_dirs) {
        add_folder(
            kiosk,
            setup::PACKS_FOLDER_ID,
            dir,
            setup::FolderType::ReceiveOnly,
            std::slice::from_ref(&anchor.device_id),
        );
    }
}

/// A kiosk's status folder: sent by `kiosk` from `kiosk_dir`, received by `anchor` into `anchor_dir`.
pub fn share_status(
    kiosk: &Syncthing,
    kiosk_id: &str,
    anchor: &Syncthing,
    kiosk_dir: &Path,
    anchor_dir: &Path,
) {
    let id = setup::status_folder_id(kiosk_id);
    add_folder(
        kiosk,
        &id,
        kiosk_dir,
        setup::FolderType::SendOnly,
        std::slice::from_ref(&anchor.device_id),
    );
    add_folder(
        anchor,
        &id,
        anchor_dir,
        setup::FolderType::ReceiveOnly,
        std::slice::from_ref(&kiosk.device_id),
    );
}

fn add_folder(
    engine: &Syncthing,
    id: &str,
    path: &Path,
    kind: setup::FolderType,
    devices: &[DeviceId],
) {
    setup::add_folder(
        &engine.api,
        &setup::Folder {
            id,
            label: id,
            path,
            kind,
            devices,
            rescan: QUICK_RESCAN,
        },
    )
    .unwrap_or_else(|e| engine.fail(&format!("adding folder {id}: {e}")));
}

/// Polls `condition` every 100 ms until it gives a value; fails after `timeout` with `what`, the
/// last status it saw, and the logs of `engines`.
pub fn wait_for<T>(
    what: &str,
    timeout: Duration,
    engines: &[&Syncthing],
    mut condition: impl FnMut() -> Result<T, String>,
) -> T {
    let started = Instant::now();
    loop {
        let last = match condition() {
            Ok(value) => return value,
            Err(last) => last,
        };
        if started.elapsed() > timeout {
            let logs: Vec<String> = engines
                .iter()
                .map(|e| format!("--- syncthing {} ---\n{}", e.name, e.log_tail()))
                .collect();
            panic!(
                "{what}: not within {timeout:?}; last seen: {last}\n{}",
                logs.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Waits for `path` to hold `expected`, as Syncthing brings it.
pub fn wait_for_file(
    what: &str,
    path: &Path,
    expected: &str,
    timeout: Duration,
    engines: &[&Syncthing],
) {
    wait_for(what, timeout, engines, || match fs::read_to_string(path) {
        Ok(found) if found == expected => Ok(()),
        other => Err(format!("{}: {other:?}", path.display())),
    });
}

/// Waits until `engine` has all of `folder`, as its status says, and returns that status.
pub fn wait_until_in_sync(
    engine: &Syncthing,
    folder: &str,
    timeout: Duration,
    others: &[&Syncthing],
) -> FolderStatus {
    let mut engines = vec![engine];
    engines.extend_from_slice(others);
    wait_for(
        &format!("{folder} complete on {}", engine.name),
        timeout,
        &engines,
        || {
            let status = engine
                .api
                .folder_status(folder)
                .map_err(|e| e.to_string())?;
            match status.completeness() {
                Completeness::Complete => Ok(status),
                Completeness::Incomplete(why) => Err(format!("{why} ({status:?})")),
            }
        },
    )
}
