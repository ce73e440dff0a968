//! Power loss, approximated by SIGKILL: a process saving settings in a tight loop is killed at a
//! varying moment, 200 times; after every kill the settings must load, from the saved file, and
//! hold a value that was actually saved. `cargo xtask settings-soak --iterations N` runs it longer.
//! The same holds for a kiosk that saves and exits over and over (tauri-plugin-store saves every
//! store at exit), and an exit writes nothing to `settings.json` at all.

use screening_kiosk_lib::{
    build_app,
    settings::durable::{self, Source},
    settings::{Settings, STORE_FILE},
    KioskOptions, IDENTIFIER,
};

use crate::util;
use tauri::Manager;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

const WRITER_ENV: &str = "SCREENING_KIOSK_SETTINGS_WRITER";
const ITERATIONS_ENV: &str = "SCREENING_KIOSK_KILL_ITERATIONS";
const ITERATIONS: u64 = 200;

/// The writer's name as this test binary knows it (`settings_power_loss::settings_writer_process`),
/// so the module can move without breaking the spawn.
fn writer_test_name() -> String {
    let module = module_path!()
        .split_once("::")
        .map_or("", |(_crate, module)| module);
    format!("{module}::settings_writer_process")
}

fn settings(secs: u32) -> Settings {
    // Several fields change together, so a half-applied save would show as a mismatch.
    Settings {
        idle_timeout_secs: secs,
        volume: (secs / 4) as u8,
        attract_audio: secs == 200,
        ..Settings::default()
    }
}

#[test]
#[ignore = "the writer process of settings_survive_being_killed_mid_write, which spawns it"]
fn settings_writer_process() {
    let path = PathBuf::from(std::env::var_os(WRITER_ENV).expect("spawned by the power-loss test"));
    let mut secs = 100;
    loop {
        durable::save(&path, &settings(secs)).unwrap();
        secs = if secs == 100 { 200 } else { 100 };
    }
}

#[test]
fn settings_survive_being_killed_mid_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    durable::save(&path, &settings(90)).unwrap();
    let iterations: u64 = std::env::var(ITERATIONS_ENV)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(ITERATIONS)
        .max(ITERATIONS);
    let started = std::time::Instant::now();
    let this_test_binary = std::env::current_exe().unwrap();
    let mut saw_a_new_value = 0;
    for iteration in 0..iterations {
        let mut writer = Command::new(&this_test_binary)
            .args([
                "--ignored",
                "--exact",
                &writer_test_name(),
                "--test-threads=1",
            ])
            .env(WRITER_ENV, &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Vary the moment of the kill across the writer's start-up and its saves.
        std::thread::sleep(Duration::from_millis(5 + iteration * 7 % 41));
        writer.kill().unwrap(); // SIGKILL on Unix: no destructors, no flushing
        writer.wait().unwrap();

        let loaded = assert_one_of_the_saved_settings(&path, iteration);
        if loaded.idle_timeout_secs != 90 {
            saw_a_new_value += 1;
        }
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert!(
            leftovers <= 2,
            "iteration {iteration}: temporary files pile up ({leftovers} files)"
        );
    }
    assert!(
        saw_a_new_value > iterations / 4,
        "the writer rarely got to save ({saw_a_new_value} of {iterations}): the test did not test much"
    );
    println!(
        "{iterations} kills in {:.1} s: every load was a saved version; {saw_a_new_value} showed a \
         save made by the killed writer",
        started.elapsed().as_secs_f64()
    );
}

const EXIT_WRITER_ENV: &str = "SCREENING_KIOSK_EXIT_WRITER";
const EXIT_ITERATIONS: u64 = 20;

/// Where the kiosk keeps its settings under `home` (Linux: the XDG data folder).
fn settings_under(home: &std::path::Path) -> PathBuf {
    home.join(".local/share").join(IDENTIFIER).join(STORE_FILE)
}

/// Boots the kiosk and lets it exit as the real one does: `RunEvent::Exit`, where
/// tauri-plugin-store saves every store it holds.
fn boot_and_exit() {
    let options = KioskOptions {
        content_dir: Some(util::default_pack()),
        windowed: true,
        ..Default::default()
    };
    let mut app = build_app(tauri::test::mock_builder(), options).unwrap();
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    // Closed from another thread once the event loop runs (before, the mock drops it silently).
    let window = app.get_webview_window("main").unwrap();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        window.destroy().unwrap();
    });
    app.run(|_, _| {});
}

#[test]
#[ignore = "the exiting kiosk of the exit-time tests below, which spawn it"]
fn exiting_kiosk_process() {
    let mode = std::env::var(EXIT_WRITER_ENV).expect("spawned by an exit-time test");
    let home = PathBuf::from(std::env::var_os("HOME").unwrap());
    let path = settings_under(&home);
    if mode == "once" {
        boot_and_exit();
        return;
    }
    let mut secs = 100;
    loop {
        durable::save(&path, &settings(secs)).unwrap();
        boot_and_exit();
        secs = if secs == 100 { 200 } else { 100 };
    }
}

fn exiting_kiosk(home: &std::path::Path, mode: &str) -> Command {
    let module = module_path!()
        .split_once("::")
        .map_or("", |(_crate, module)| module);
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--ignored",
            "--exact",
            &format!("{module}::exiting_kiosk_process"),
            "--test-threads=1",
        ])
        .env(EXIT_WRITER_ENV, mode)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    util::as_user_with_home(&mut command, home);
    command
}

#[test]
fn an_exit_writes_nothing_to_the_settings_file() {
    let home = tempfile::tempdir().unwrap();
    let path = settings_under(home.path());
    durable::save(&path, &settings(90)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let mut kiosk = exiting_kiosk(home.path(), "once").spawn().unwrap();
    let started = std::time::Instant::now();
    while kiosk.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = kiosk.kill();
    assert!(
        kiosk.wait().unwrap().success(),
        "the kiosk did not boot and exit"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "settings.json was rewritten at exit"
    );
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified,
        "settings.json was written at exit"
    );
}

#[test]
fn settings_survive_a_kiosk_killed_while_it_saves_and_exits() {
    let home = tempfile::tempdir().unwrap();
    let path = settings_under(home.path());
    durable::save(&path, &settings(90)).unwrap();
    for iteration in 0..EXIT_ITERATIONS {
        let mut kiosk = exiting_kiosk(home.path(), "loop").spawn().unwrap();
        // Across start-up, the saves and the exits of several boots.
        std::thread::sleep(Duration::from_millis(100 + iteration * 131 % 2500));
        kiosk.kill().unwrap();
        kiosk.wait().unwrap();
        assert_one_of_the_saved_settings(&path, iteration);
    }
}

/// The file holds one of the settings written (90, 100 or 200 s), whole; returns it.
fn assert_one_of_the_saved_settings(path: &std::path::Path, iteration: u64) -> Settings {
    let (loaded, source) = durable::load::<Settings>(path);
    assert_eq!(
        source,
        Source::Saved,
        "iteration {iteration}: the saved file was damaged"
    );
    assert!(
        [90, 100, 200].iter().any(|&secs| loaded == settings(secs)),
        "iteration {iteration}: {loaded:?} was never saved"
    );
    loaded
}
