//! `screening-kiosk fleet id`, `fleet join` and `fleet admit`, the real binary against two real
//! engines (Debian's `syncthing`): staff read the anchor's id, join the kiosk with it, and run on
//! the anchor the very line `join` printed. Then packs go from the anchor to the kiosk and status
//! the other way, the kiosk's settings file holds the fleet beside its other settings, both engines
//! are closed to the internet, and running either command again adds nothing. Each command runs
//! with HOME in a folder of its own, so the default `~/KioskSync/...` folders and the settings file land
//! there.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use screening_kiosk_lib::fleet::syncthing::setup::{self, DeviceAddress, PACKS_FOLDER_ID};
use screening_kiosk_lib::settings::{durable, Settings, DEFAULT_HEARTBEAT_SECS};

use crate::util::syncthing::{wait_for_file, Syncthing};

const BIN: &str = env!("CARGO_BIN_EXE_screening-kiosk");
/// On loopback a small file is across within seconds once the engines connect.
const SYNC_TIMEOUT: Duration = Duration::from_secs(20);
const KIOSK_ID: &str = "foyer-1";

/// Runs the binary as a user whose home is `home`.
fn run(home: &Path, args: &[&str]) -> Output {
    crate::util::as_user_with_home(Command::new(BIN).args(args), home)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs and expects exit 0; returns stdout. No output ever holds the engine's API key.
fn run_ok(home: &Path, args: &[&str], key: &str) -> String {
    let output = run(home, args);
    let (out, err) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}\nstdout:\n{out}\nstderr:\n{err}"
    );
    assert!(
        !out.contains(key) && !err.contains(key),
        "the API key was printed"
    );
    out
}

fn api_key(config_xml: &Path) -> String {
    let config = fs::read_to_string(config_xml).unwrap();
    let (_, rest) = config.split_once("<apikey>").unwrap();
    rest.split_once("</apikey>").unwrap().0.to_owned()
}

fn settings_path(home: &Path) -> PathBuf {
    home.join(".local/share")
        .join(screening_kiosk_lib::IDENTIFIER)
        .join("settings.json")
}

fn sorted(mut list: Vec<String>) -> Vec<String> {
    list.sort();
    list
}

fn assert_closed(engine: &Syncthing) {
    let options = setup::options(engine.api()).unwrap_or_else(|e| engine.fail(&e.to_string()));
    for (option, closed) in [
        ("globalAnnounceEnabled", serde_json::json!(false)),
        ("relaysEnabled", serde_json::json!(false)),
        ("natEnabled", serde_json::json!(false)),
        ("localAnnounceEnabled", serde_json::json!(false)),
        ("urAccepted", serde_json::json!(-1)),
        ("autoUpgradeIntervalH", serde_json::json!(0)),
        ("crashReportingEnabled", serde_json::json!(false)),
    ] {
        assert_eq!(options[option], closed, "{} {option}", engine.name());
    }
}

#[test]
fn a_kiosk_joins_and_the_anchor_admits_it_with_the_line_join_printed() {
    let anchor = Syncthing::start("anchor");
    let kiosk = Syncthing::start("kiosk");
    let anchor_home = tempfile::tempdir().unwrap();
    let kiosk_home = tempfile::tempdir().unwrap();
    let (anchor_config, kiosk_config) = (anchor.config_xml(), kiosk.config_xml());
    let (anchor_config, kiosk_config) = (
        anchor_config.to_str().unwrap(),
        kiosk_config.to_str().unwrap(),
    );
    let (anchor_key, kiosk_key) = (api_key(&anchor.config_xml()), api_key(&kiosk.config_xml()));
    // The kiosk was set up before it joined: its operator turned the volume down.
    let settings = settings_path(kiosk_home.path());
    durable::save(
        &settings,
        &Settings {
            volume: 55,
            ..Settings::default()
        },
    )
    .unwrap();

    // 1. Staff read the anchor's id off it.
    let id = run_ok(
        anchor_home.path(),
        &["fleet", "id", "--syncthing-config", anchor_config],
        &anchor_key,
    );
    assert_eq!(id, format!("{}\n", anchor.device_id()));

    // 2. On the kiosk, twice (an operator unsure the first went through).
    let DeviceAddress::Fixed(anchor_address) = anchor.address() else {
        unreachable!("the harness gives fixed addresses")
    };
    let join = [
        "fleet",
        "join",
        "--kiosk-id",
        KIOSK_ID,
        "--name",
        "Foyer, left",
        "--anchor",
        id.trim(),
        "--anchor-address",
        &anchor_address,
        "--syncthing-config",
        kiosk_config,
    ];
    let printed = run_ok(kiosk_home.path(), &join, &kiosk_key);
    eprintln!("--- fleet join ---\n{printed}");
    assert!(
        printed.contains(&format!("This kiosk's device id: {}", kiosk.device_id())),
        "{printed}"
    );
    let again = run_ok(kiosk_home.path(), &join, &kiosk_key);
    assert_eq!(again, printed, "a second join says the same");
    assert_eq!(
        sorted(setup::device_ids(kiosk.api()).unwrap()),
        sorted(vec![
            anchor.device_id().to_string(),
            kiosk.device_id().to_string()
        ]),
        "one anchor device (and the kiosk itself)"
    );
    assert_eq!(
        sorted(setup::folder_ids(kiosk.api()).unwrap()),
        vec![PACKS_FOLDER_ID.to_string(), format!("status-{KIOSK_ID}")],
        "one packs folder and one status folder"
    );

    // 3. On the anchor, the line join printed, with where this anchor's Syncthing keeps its config.
    let admit_line = printed
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("screening-kiosk fleet admit "))
        .unwrap_or_else(|| panic!("no admit line in:\n{printed}"));
    let mut admit: Vec<&str> = admit_line.split_whitespace().skip(1).collect();
    admit.extend(["--syncthing-config", anchor_config]);
    let next = run_ok(anchor_home.path(), &admit, &anchor_key);
    eprintln!("--- fleet admit ---\n{next}");
    assert!(next.contains("Next:"), "{next}");
    assert!(next.contains("kiosk-packs: Send Only from"), "{next}");
    assert_eq!(
        run_ok(anchor_home.path(), &admit, &anchor_key),
        next.replace(", created, ", ", kept, "),
        "a second admit keeps the packs folder it created"
    );
    assert_eq!(
        sorted(setup::device_ids(anchor.api()).unwrap()),
        sorted(vec![
            anchor.device_id().to_string(),
            kiosk.device_id().to_string()
        ])
    );
    assert_eq!(
        sorted(setup::folder_ids(anchor.api()).unwrap()),
        vec![PACKS_FOLDER_ID.to_string(), format!("status-{KIOSK_ID}")]
    );
    assert_closed(&anchor);
    assert_closed(&kiosk);

    // Packs go out: the anchor's default packs folder is ~/KioskSync/kiosk-packs, the kiosk's too.
    let anchor_sync = anchor_home.path().join("KioskSync");
    let kiosk_sync = kiosk_home.path().join("KioskSync");
    let plan = "format = 1\npack = \"festival@1\"\n";
    fs::write(anchor_sync.join(PACKS_FOLDER_ID).join("fleet.toml"), plan).unwrap();
    anchor.scan(PACKS_FOLDER_ID);
    wait_for_file(
        "the plan on the kiosk",
        &kiosk_sync.join(PACKS_FOLDER_ID).join("fleet.toml"),
        plan,
        SYNC_TIMEOUT,
        &[&anchor, &kiosk],
    );
    // Status comes back, into the anchor's ~/KioskSync/status-foyer-1.
    let status_id = format!("status-{KIOSK_ID}");
    let heartbeat = "{\"format\":1}";
    fs::write(
        kiosk_sync.join(&status_id).join("heartbeat.json"),
        heartbeat,
    )
    .unwrap();
    kiosk.scan(&status_id);
    wait_for_file(
        "the heartbeat on the anchor",
        &anchor_sync.join(&status_id).join("heartbeat.json"),
        heartbeat,
        SYNC_TIMEOUT,
        &[&anchor, &kiosk],
    );

    // The settings: the fleet, and the volume the operator set.
    let (stored, source) = durable::load::<Settings>(&settings);
    assert_eq!(source, durable::Source::Saved);
    assert_eq!(stored.volume, 55, "the other settings are kept");
    let fleet = stored.fleet.expect("the fleet settings");
    assert_eq!(fleet.kiosk_id, KIOSK_ID);
    assert_eq!(fleet.kiosk_name.as_deref(), Some("Foyer, left"));
    assert_eq!(fleet.packs_dir, kiosk_sync.join(PACKS_FOLDER_ID));
    assert_eq!(fleet.packs_folder_id, PACKS_FOLDER_ID);
    assert_eq!(fleet.status_dir, kiosk_sync.join(&status_id));
    assert_eq!(
        fleet.syncthing_config.as_deref(),
        Some(Path::new(kiosk_config))
    );
    assert_eq!(fleet.heartbeat_secs, DEFAULT_HEARTBEAT_SECS);
}

#[test]
fn errors_name_the_file_or_the_endpoint_and_exit_as_documented() {
    let home = tempfile::tempdir().unwrap();
    let expect = |args: &[&str], code: i32, names: &str| {
        let output = run(home.path(), args);
        let err = text(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(names), "{args:?}: {err}");
        assert!(output.stdout.is_empty(), "{args:?}");
    };
    let missing = home.path().join("no-such/config.xml");
    let missing = missing.to_str().unwrap();
    expect(
        &["fleet", "id", "--syncthing-config", missing],
        2,
        &format!("cannot use Syncthing's config {missing}"),
    );

    // A config.xml naming a port nobody listens on.
    let port = crate::util::free_port();
    let config = home.path().join("config.xml");
    fs::write(
        &config,
        format!(
            "<configuration><gui enabled=\"true\" tls=\"false\"><address>127.0.0.1:{port}</address><apikey>not-a-real-key</apikey></gui></configuration>"
        ),
    )
    .unwrap();
    let config = config.to_str().unwrap();
    expect(
        &["fleet", "id", "--syncthing-config", config],
        2,
        "did not answer GET /rest/system/status",
    );
    let anchor = "PZZ5D3E-NNXI4LK-CJT6ULR-TXSCUQD-TJYIVXH-ZLONRPP-U6AHYOJ-3K7AEA4";
    let join = |extra: &[&'static str]| {
        let mut args = vec![
            "fleet",
            "join",
            "--anchor-address",
            "10.0.0.1",
            "--syncthing-config",
            config,
        ];
        args.extend_from_slice(extra);
        args
    };
    expect(
        &join(&["--kiosk-id", "k", "--anchor", anchor]),
        2,
        "did not answer",
    );
    expect(
        &join(&["--kiosk-id", "Foyer 1", "--anchor", anchor]),
        1,
        "--kiosk-id",
    );
    expect(
        &join(&["--kiosk-id", "k", "--anchor", "nope"]),
        1,
        "--anchor:",
    );
    expect(
        &[
            "fleet",
            "admit",
            "--kiosk-id",
            "k",
            "--device",
            anchor,
            "--address",
            "http://x",
            "--syncthing-config",
            config,
        ],
        1,
        "--address",
    );
    // clap's own usage error.
    expect(&["fleet", "join", "--kiosk-id", "k"], 2, "--anchor");
    // Nothing was written for a join that failed.
    assert!(!settings_path(home.path()).exists());
}
