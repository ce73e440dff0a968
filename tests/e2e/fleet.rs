//! A festival's fleet with real Syncthing engines on loopback: an anchor and a kiosk's engine,
//! paired and shared through the kiosk's own setup code, and the real kiosk attached to its
//! engine. The anchor publishes a pack and the kiosk swaps at its next loop point and reports it;
//! a pack still in transit is not shown and the kiosk says why; a local edit in the kiosk's
//! receive-only folder is reverted; a damaged pack is refused, visibly on the anchor, while the
//! last good one plays; a kiosk that stops goes silent on the anchor and comes back on its last
//! fleet pack.

use crate::harness::*;
use crate::util::syncthing::{pair, share_packs, share_status, Syncthing};
use screening_kiosk_lib::fleet::syncthing::setup::PACKS_FOLDER_ID;
use std::path::Path;

const KIOSK_ID: &str = "foyer-1";
/// Often, so a test sees the kiosk's state within seconds of a change.
const HEARTBEAT_SECS: u64 = 2;
/// Sync, copy and check of the default pack on loopback: seconds; generous for a loaded machine.
const FLEET_TIMEOUT: Duration = Duration::from_secs(90);

/// The anchor's engine and folders, and the kiosk's engine and folders.
struct Festival {
    anchor: Syncthing,
    kiosk_engine: Syncthing,
    anchor_packs: tempfile::TempDir,
    /// The anchor's parent of every `status-<kiosk>` folder: what `screening-kiosk fleet` reads.
    anchor_status: tempfile::TempDir,
    kiosk_sync: tempfile::TempDir,
}

impl Festival {
    fn start() -> Festival {
        let anchor = Syncthing::start("anchor");
        let kiosk_engine = Syncthing::start(KIOSK_ID);
        pair(&anchor, &kiosk_engine);
        let festival = Festival {
            anchor,
            kiosk_engine,
            anchor_packs: tempfile::tempdir().unwrap(),
            anchor_status: tempfile::tempdir().unwrap(),
            kiosk_sync: tempfile::tempdir().unwrap(),
        };
        share_packs(
            &festival.anchor,
            &[&festival.kiosk_engine],
            festival.anchor_packs.path(),
            &[&festival.kiosk_packs()],
        );
        share_status(
            &festival.kiosk_engine,
            KIOSK_ID,
            &festival.anchor,
            &festival.kiosk_status(),
            &festival
                .anchor_status
                .path()
                .join(format!("status-{KIOSK_ID}")),
        );
        festival
    }

    fn kiosk_packs(&self) -> PathBuf {
        self.kiosk_sync.path().join("kiosk-packs")
    }

    fn kiosk_status(&self) -> PathBuf {
        self.kiosk_sync.path().join(format!("status-{KIOSK_ID}"))
    }

    /// A home whose settings put the kiosk in this fleet, reading its engine's config.xml.
    fn kiosk_home(&self) -> Home {
        let home = Home::with_pin();
        std::fs::write(
            home.data_dir().join("settings.json"),
            json!({ "settings": { "fleet": {
                "kioskId": KIOSK_ID,
                "kioskName": "Foyer, left",
                "packsDir": self.kiosk_packs(),
                "statusDir": self.kiosk_status(),
                "syncthingConfig": self.kiosk_engine.config_xml(),
                "heartbeatSecs": HEARTBEAT_SECS,
            } } })
            .to_string(),
        )
        .unwrap();
        home
    }

    /// Copies the default pack to `packs/<name>` on the anchor with `marker` in its title, lets
    /// `change` alter the copy, and seals it with `screening-kiosk pack`.
    fn publish(&self, name: &str, marker: &str, change: impl FnOnce(&Path)) {
        let pack = self.anchor_packs.path().join("packs").join(name);
        util::copy_dir(&util::default_pack(), &pack);
        let manifest = pack.join("manifest.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        let titled = text.replacen(
            "title = \"Justice for Sergei\"",
            &format!("title = \"Justice for Sergei {marker}\""),
            1,
        );
        assert_ne!(titled, text, "the default manifest's title changed shape");
        std::fs::write(&manifest, titled).unwrap();
        change(&pack);
        let sealed = Command::new(APP).arg("pack").arg(&pack).output().unwrap();
        assert!(sealed.status.success(), "pack: {sealed:?}");
    }

    /// Points the whole fleet at `name`: written last, as staff are told to.
    fn plan(&self, name: &str) {
        self.plan_text(&format!("format = 1\npack = \"{name}\"\n"));
    }

    fn plan_text(&self, text: &str) {
        std::fs::write(self.anchor_packs.path().join("fleet.toml"), text).unwrap();
    }

    /// The kiosk's heartbeat as it arrived on the anchor, once `wanted` holds of it.
    async fn heartbeat_on_the_anchor(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let path = self
            .anchor_status
            .path()
            .join(format!("status-{KIOSK_ID}/heartbeat.json"));
        self.heartbeat_in(&path, what, wanted).await
    }

    /// The heartbeat the kiosk wrote in its own status folder, once `wanted` holds of it.
    async fn heartbeat_on_the_kiosk(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let path = self.kiosk_status().join("heartbeat.json");
        self.heartbeat_in(&path, what, wanted).await
    }

    async fn heartbeat_in(
        &self,
        path: &Path,
        what: &str,
        wanted: impl Fn(&Value) -> bool,
    ) -> Value {
        let deadline = Instant::now() + FLEET_TIMEOUT;
        let mut last = Value::Null;
        loop {
            if let Some(heartbeat) = std::fs::read_to_string(path)
                .ok()
                .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            {
                if wanted(&heartbeat) {
                    return heartbeat;
                }
                last = heartbeat;
            }
            assert!(
                Instant::now() < deadline,
                "{} never had a heartbeat with {what}; the last: {last:#}\n--- anchor ---\n{}\n--- kiosk engine ---\n{}",
                path.display(),
                self.anchor.log_tail(),
                self.kiosk_engine.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Waits for `needle` in the kiosk's log; on failure shows both engines' logs too.
    async fn kiosk_logs(&self, kiosk: &Kiosk, needle: &str) {
        let deadline = Instant::now() + FLEET_TIMEOUT;
        while !kiosk.home.log().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "the kiosk's log never said {needle:?}; it ends:\n{}\n--- anchor ---\n{}\n--- kiosk engine ---\n{}",
                kiosk.home.log().lines().rev().take(15).collect::<Vec<_>>().join("\n"),
                self.anchor.log_tail(),
                self.kiosk_engine.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// `screening-kiosk fleet` on the anchor: the kiosk's row, and the exit code.
    fn report_row(&self, extra: &[&str]) -> (Value, Option<i32>) {
        let output = Command::new(APP)
            .arg("fleet")
            .arg(self.anchor_status.path())
            .args(["--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("fleet --format json: {e}: {output:?}"));
        let row = report["kiosks"]
            .as_array()
            .and_then(|rows| rows.iter().find(|row| row["kiosk_id"] == KIOSK_ID))
            .cloned()
            .unwrap_or_else(|| panic!("no row for {KIOSK_ID}: {report:#}"));
        (row, output.status.code())
    }
}

// Between two screens (a swap re-mounts the attract screen) neither element is there for a moment.
const ATTRACT_TEXT: &str = "(document.querySelector('[data-testid=\"attract\"]')?.innerText ?? '')";
const ATTRACT_VIDEO: &str = "document.querySelector('[data-testid=\"attract-video\"]')";

impl Kiosk {
    /// Moves the page's attract film to just before its loop point.
    async fn near_the_loop_point(&self) {
        self.wait_for_screen("attract").await;
        self.wait_until(
            "the attract film moved to just before its loop point",
            &format!(
                "(() => {{ const v = {ATTRACT_VIDEO}; \
                 if (!v || !(v.duration > 1)) return false; \
                 v.currentTime = v.duration - 1; return true; }})()"
            ),
        )
        .await;
    }

    async fn attract_text(&self) -> String {
        self.js(&format!("return {ATTRACT_TEXT}"))
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Takes the page past a loop point and waits for `marker` on the attract screen.
    async fn shows_after_the_loop_point(&self, marker: &str) {
        self.near_the_loop_point().await;
        self.wait_until(
            &format!("{marker} on the attract screen"),
            &format!("{ATTRACT_TEXT}.includes({})", json!(marker)),
        )
        .await;
    }
}

/// Random bytes that Syncthing can neither compress nor find again in another file.
fn incompressible(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

e2e!(
    the_anchor_publishes_a_pack_the_kiosk_shows_it_at_its_loop_point_and_a_damaged_one_is_refused,
    {
        let festival = Festival::start();
        festival.publish("justice-for-sergei@2", "(fleet v2)", |_| {});
        festival.plan("justice-for-sergei@2");
        let kiosk = Kiosk::launch_in(
            festival.kiosk_home(),
            None,
            &["--film", "webview"],
            "attract",
        )
        .await;

        // Synced, copied into the kiosk's store, checked, then shown at the next loop point.
        festival
            .kiosk_logs(&kiosk, "fleet: now showing justice-for-sergei@2")
            .await;
        kiosk.shows_after_the_loop_point("(fleet v2)").await;
        kiosk.screenshot("40-fleet-v2").await;
        let heartbeat = festival
            .heartbeat_on_the_anchor("v2 shown on the attract screen", |h| {
                h["pack"]["name"] == "justice-for-sergei@2"
                    && h["fleet"]["state"] == "current"
                    && h["showing"] == "attract"
            })
            .await;
        assert!(
            heartbeat["pack"]["digest"]
                .as_str()
                .is_some_and(|d| d.starts_with("sha256:")),
            "{heartbeat:#}"
        );
        assert_eq!(heartbeat["kioskName"], "Foyer, left");
        assert_eq!(heartbeat["displayPower"], "on");
        let (row, code) = festival.report_row(&[]);
        assert_eq!(row["pack_shown"], "justice-for-sergei@2", "{row:#}");
        assert_eq!(row["verdict"], "ok", "{row:#}");
        assert_eq!(code, Some(0));

        // v3 carries a large file, and the anchor goes away while it is on its way (the kiosk
        // receives slowly until then, so part of it surely is): the kiosk keeps v2 and says why,
        // in its log and its heartbeat.
        festival.kiosk_engine.throttle_receiving(Some(256));
        festival.publish("justice-for-sergei@3", "(fleet v3)", |pack| {
            std::fs::write(pack.join("extra-reel.bin"), incompressible(24 << 20)).unwrap();
        });
        festival.plan("justice-for-sergei@3");
        let deadline = Instant::now() + FLEET_TIMEOUT;
        // The plan may come first, before the anchor has even announced the pack: wait for the
        // large file itself to be on its way.
        while festival
            .kiosk_engine
            .folder_status(PACKS_FOLDER_ID)
            .need_bytes
            < 1 << 20
        {
            assert!(Instant::now() < deadline, "v3 never began to arrive");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        festival.anchor.set_paused(&festival.kiosk_engine, true);
        // A heartbeat written before the pause may still say the plan came before the pack's
        // announcement ("not in the packs folder"): the one to read is the first after it.
        let says_what_is_missing = |h: &Value| {
            let detail = h["fleet"]["detail"].as_str().unwrap_or_default();
            h["fleet"]["state"] == "waiting"
                && h["fleet"]["desired"] == "justice-for-sergei@3"
                && ["to come", "syncing", "failed to pull"]
                    .iter()
                    .any(|why| detail.contains(why))
        };
        let waiting = festival
            .heartbeat_on_the_kiosk(
                "waiting while v3 is incomplete, saying what is missing",
                says_what_is_missing,
            )
            .await;
        let detail = waiting["fleet"]["detail"].as_str().unwrap_or_default();
        println!("while v3 is incomplete the kiosk says: {detail}");
        assert_eq!(waiting["pack"]["name"], "justice-for-sergei@2");
        kiosk.near_the_loop_point().await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        let text = kiosk.attract_text().await;
        assert!(
            text.contains("(fleet v2)") && !text.contains("(fleet v3)"),
            "swapped to a pack still in transit: {text}"
        );
        assert!(
            kiosk.home.log().contains("fleet: Waiting"),
            "the log says why"
        );
        festival.kiosk_engine.throttle_receiving(None);
        festival.anchor.set_paused(&festival.kiosk_engine, false);
        festival
            .kiosk_logs(&kiosk, "fleet: now showing justice-for-sergei@3")
            .await;
        kiosk.shows_after_the_loop_point("(fleet v3)").await;

        // Staff edit the plan on the kiosk itself: the receive-only folder puts the anchor's back.
        let kiosk_plan = festival.kiosk_packs().join("fleet.toml");
        let anchors_plan = std::fs::read_to_string(&kiosk_plan).unwrap();
        std::fs::write(&kiosk_plan, "format = 1\npack = \"justice-for-sergei@2\"\n").unwrap();
        festival.kiosk_logs(&kiosk, "reverted them").await;
        let deadline = Instant::now() + FLEET_TIMEOUT;
        while std::fs::read_to_string(&kiosk_plan).ok().as_deref() != Some(anchors_plan.as_str()) {
            assert!(
                Instant::now() < deadline,
                "the local edit was never reverted"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }

        // v4 is damaged after it was sealed (a bad copy onto the anchor): refused on the kiosk,
        // refused in the anchor's report, and v3 plays on through its loop points.
        festival.publish("justice-for-sergei@4", "(fleet v4)", |_| {});
        let law = festival
            .anchor_packs
            .path()
            .join("packs/justice-for-sergei@4/law/global-magnitsky.md");
        let mut text = std::fs::read_to_string(&law).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (the default pack's law files changed?)",
                law.display()
            )
        });
        text.push_str("\nAn added line.\n");
        std::fs::write(&law, text).unwrap();
        festival.plan("justice-for-sergei@4");
        let refused = festival
            .heartbeat_on_the_anchor("v4 refused", |h| h["fleet"]["state"] == "refused")
            .await;
        let detail = refused["fleet"]["detail"].as_str().unwrap_or_default();
        assert!(
            detail.contains("global-magnitsky.md"),
            "the refusal names the file: {detail}"
        );
        assert_eq!(refused["pack"]["name"], "justice-for-sergei@3");
        let (row, code) = festival.report_row(&[]);
        assert_eq!(row["verdict"], "refused", "{row:#}");
        assert_eq!(row["pack_desired"], "justice-for-sergei@4", "{row:#}");
        assert_eq!(code, Some(1), "a refusal is worth an alert");
        kiosk.near_the_loop_point().await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        kiosk.wait_for_screen("attract").await;
        let text = kiosk.attract_text().await;
        assert!(text.contains("(fleet v3)"), "v3 plays on: {text:?}");
        kiosk.screenshot("41-fleet-v4-refused-v3-plays").await;

        // Every pass of the attract film is a line of proof of play, on the anchor too, and `fleet
        // plays` merges them.
        let deadline = Instant::now() + FLEET_TIMEOUT;
        let csv = loop {
            let output = Command::new(APP)
                .args(["fleet", "plays"])
                .arg(festival.anchor_status.path())
                .arg("--csv")
                .output()
                .unwrap();
            let csv = String::from_utf8_lossy(&output.stdout).into_owned();
            let passes = csv
                .lines()
                .filter(|line| line.contains(",attract,") && line.contains(KIOSK_ID))
                .count();
            if passes >= 3 && csv.contains("justice-for-sergei@3") {
                break csv;
            }
            assert!(
                Instant::now() < deadline,
                "too few plays on the anchor:\n{csv}"
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        };
        assert!(csv.starts_with("play_id,kiosk_id,pack,item"), "{csv}");
        kiosk.quit().await;
    }
);

e2e!(
    a_kiosk_that_stops_goes_silent_on_the_anchor_and_comes_back_on_its_last_fleet_pack,
    {
        let festival = Festival::start();
        festival.publish("justice-for-sergei@2", "(fleet v2)", |_| {});
        festival.plan("justice-for-sergei@2");
        let home = festival.kiosk_home();
        let kiosk = Kiosk::launch_in(home.clone(), None, &["--film", "webview"], "attract").await;
        festival
            .kiosk_logs(&kiosk, "fleet: now showing justice-for-sergei@2")
            .await;
        festival
            .heartbeat_on_the_anchor("v2 shown", |h| h["pack"]["name"] == "justice-for-sergei@2")
            .await;

        // Killed as a power cut would: no last word.
        let pid = kiosk.app_pid().expect("the kiosk's pid");
        Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap();
        kiosk.wait_for_exit(pid).await;
        drop(kiosk);
        let silent_after = (3 * HEARTBEAT_SECS).to_string();
        let deadline = Instant::now() + FLEET_TIMEOUT;
        loop {
            let (row, code) = festival.report_row(&["--silent-after", &silent_after]);
            if row["verdict"] == "silent" {
                assert_eq!(code, Some(1));
                break;
            }
            assert!(Instant::now() < deadline, "never silent: {row:#}");
            tokio::time::sleep(Duration::from_millis(500)).await;
        }

        // Started again: on v2 from its own store at once, without waiting for Syncthing.
        let kiosk = Kiosk::launch_in(home, None, &["--film", "webview"], "attract").await;
        kiosk
            .wait_until(
                "v2 on the first attract screen",
                &format!("{ATTRACT_TEXT}.includes('(fleet v2)')"),
            )
            .await;
        let started = Instant::now();
        let deadline = started + FLEET_TIMEOUT;
        loop {
            let (row, _) = festival.report_row(&["--silent-after", &silent_after]);
            if row["verdict"] == "ok" {
                break;
            }
            assert!(Instant::now() < deadline, "never back: {row:#}");
            tokio::time::sleep(Duration::from_millis(500)).await;
        }

        // The plan puts the kiosk on its maintenance slate, display asleep, and takes it off again.
        festival.plan_text("format = 1\npack = \"justice-for-sergei@2\"\nmaintenance = true\n");
        kiosk.wait_for_screen("closed").await;
        festival
            .heartbeat_on_the_anchor("maintenance", |h| {
                h["fleet"]["maintenance"] == true
                    && h["showing"] == "closed"
                    // Xvfb has no DPMS: nothing can switch it off, so the slate is black.
                    && h["displayPower"] == "blanked"
            })
            .await;
        kiosk.screenshot("42-fleet-maintenance").await;
        festival.plan("justice-for-sergei@2");
        kiosk.wait_for_screen("attract").await;
        kiosk.quit().await;
    }
);
