//! Staff: the first run's PIN setup, the hidden gesture and the PIN pad (with its delay after wrong
//! guesses), the operator panel's settings and what they change for visitors, across a restart; a
//! damaged PIN record, which keeps the panel closed until `set-pin`; the Fleet card of a kiosk in
//! a fleet whose Syncthing cannot be reached.

use crate::harness::*;

e2e!(
    staff_get_in_with_the_hidden_gesture_and_pin_and_their_settings_survive_a_restart,
    {
        let home = Home::with_pin();
        let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;

        kiosk.staff_gesture().await;
        kiosk.wait_for_screen("pin").await;
        kiosk.screenshot("20-pin-pad").await;
        let message = "document.querySelector('[data-testid=\"pin-message\"]')?.innerText || ''";
        for _ in 0..2 {
            kiosk.enter_pin("0000").await;
            kiosk
                .wait_until(
                    "the pad to say the PIN is wrong",
                    &format!("/wrong/i.test({message})"),
                )
                .await;
        }
        kiosk.enter_pin("0000").await;
        kiosk
            .wait_until(
                "the pad to make the guesser wait",
                &format!("/try again in/i.test({message})"),
            )
            .await;
        let locked_keys = kiosk
            .js("return document.querySelector('[data-testid=\"pin-key-1\"]').disabled")
            .await;
        assert_eq!(
            locked_keys,
            json!(true),
            "the keys are disabled while the delay runs"
        );
        kiosk
            .wait_until(
                "the delay to run out",
                "!document.querySelector('[data-testid=\"pin-key-1\"]').disabled",
            )
            .await;
        kiosk.enter_pin(PIN).await;
        kiosk.wait_for_screen("operator").await;
        kiosk
        .wait_until(
            "the panel to show the pack",
            "/Justice for Sergei/.test(document.querySelector('[data-testid=\"op-pack\"]')?.innerText || '')",
        )
        .await;
        kiosk.screenshot("21-operator-panel").await;

        // The display list names the screen the kiosk is on.
        let displays = kiosk
        .js("return [...document.querySelector('[data-testid=\"op-display\"]').options].map((o) => o.text)")
        .await;
        assert!(
            displays
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d.as_str().unwrap().contains("1920")),
            "{displays}"
        );
        // A folder that is not a pack gets the checker's report, naming the folder and the problem.
        let not_a_pack = tempfile::tempdir().unwrap();
        kiosk
            .set_field("op-content-dir", not_a_pack.path().to_str().unwrap())
            .await;
        kiosk.tap("op-check-folder").await;
        let report = kiosk
        .wait_until(
            "the folder report",
            "document.querySelector('[data-testid=\"op-report-status\"]')?.dataset.ok === 'false' \
             && document.querySelector('[data-testid=\"op-report\"]').innerText",
        )
        .await;
        let report = report.as_str().unwrap();
        assert!(
            report.contains(not_a_pack.path().to_str().unwrap())
                && report.contains("manifest.toml"),
            "{report}"
        );
        kiosk.set_field("op-content-dir", "").await;
        kiosk.tap("op-reload").await;
        kiosk
        .wait_until(
            "the reload to pass",
            "document.querySelector('[data-testid=\"op-report-status\"]')?.dataset.ok === 'true'",
        )
        .await;
        // Start at login writes the OS's login item, and switching it off removes it.
        let login_item = home
            .path()
            .join(".config/autostart/Screening Kiosk.desktop");
        kiosk.set_field("op-start-at-login", "true").await;
        kiosk.save_panel().await;
        let entry = std::fs::read_to_string(&login_item)
            .unwrap_or_else(|e| panic!("no login item at {}: {e}", login_item.display()));
        assert!(entry.contains("screening-kiosk"), "{entry}");
        kiosk.set_field("op-start-at-login", "false").await;

        kiosk.set_field("op-idle-timeout", "45").await;
        kiosk.set_field("op-volume", "30").await;
        kiosk.set_field("op-attract-audio", "true").await;
        kiosk.set_field("op-default-language", "ru").await;
        kiosk.set_field("op-captions-default", "true").await;
        kiosk.save_panel().await;
        assert!(!login_item.exists(), "the login item is removed again");
        kiosk.tap("op-lock").await;
        kiosk.wait_for_screen("attract").await;
        // The next visitor meets the loop with sound, in the operator's language.
        kiosk
            .wait_for_attract_film("with sound at 30%", |film| {
                film["muted"] == false
                    && (film["volume"].as_f64().unwrap_or(0.0) - 0.3).abs() < 0.01
                    && film["position"].as_f64().unwrap_or(0.0) > 0.5
            })
            .await;
        kiosk
            .wait_until("the pack in Russian", "document.body.lang === 'ru'")
            .await;
        let settings = kiosk.invoke("get_settings").await;
        assert_eq!(settings["idleTimeoutSecs"], 45, "{settings}");
        assert_eq!(settings["volume"], 30, "{settings}");
        // The visitor's trailer plays at the operator's volume.
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-trailer").await;
        kiosk.wait_for_screen("trailer").await;
        kiosk
            .wait_for_trailer("at 30% volume", |film| {
                (film["volume"].as_f64().unwrap_or(0.0) - 0.3).abs() < 0.01
            })
            .await;
        kiosk.assert_trailer_advances().await;
        // Captions are on by default, in the visitor's language, loaded from the media server.
        kiosk
            .wait_until(
                "Russian captions showing",
                &format!("/[а-я]{{3}}/i.test({})", SHOWN_CAPTION),
            )
            .await;
        kiosk.screenshot("24-trailer-captions-ru").await;
        // Nothing of the panel is reachable from the page without the PIN.
        let refused = kiosk.invoke("operator_exit").await;
        assert!(refused.get("error").is_some(), "{refused}");
        // The panel counts the trailer start.
        kiosk.open_operator_panel().await;
        assert_eq!(kiosk.text_of("op-stat-trailer-starts").await.trim(), "1");
        kiosk.quit().await;

        let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;
        kiosk.open_operator_panel().await;
        let idle = kiosk
            .js("return document.querySelector('[data-testid=\"op-idle-timeout\"]').value")
            .await;
        assert_eq!(
            idle,
            json!("45"),
            "the saved idle timeout survived the restart"
        );

        kiosk.exit_from_panel().await;
        assert!(
            home.log().contains("operator exited the kiosk"),
            "the exit is logged"
        );
    }
);

e2e!(
    a_first_run_asks_for_an_operator_pin_and_stores_only_its_hash,
    {
        let home = Home::first_run();
        let kiosk = Kiosk::default_pack_in(home.clone(), &[], "operator-setup").await;
        kiosk.screenshot("23-first-run-setup").await;
        kiosk.enter_pin("246813").await;
        kiosk
        .wait_until(
            "the pad to ask for the PIN again",
            "/same PIN again/i.test(document.querySelector('[data-testid=\"setup-pin-pad\"]')?.innerText || '')",
        )
        .await;
        kiosk.enter_pin("246813").await;
        kiosk.wait_for_screen("operator").await;
        let stored = std::fs::read_to_string(home.data_dir().join("operator.json")).unwrap();
        assert!(stored.contains("$argon2id$"), "{stored}");
        assert!(!stored.contains("246813"), "the PIN itself is never stored");
        kiosk.tap("op-lock").await;
        kiosk.wait_for_screen("attract").await;
        kiosk.quit().await;
    }
);

e2e!(
    a_damaged_pin_record_keeps_the_panel_closed_with_a_note_for_staff_until_set_pin,
    {
        let home = Home::with_pin();
        let record = home.data_dir().join("operator.json");
        std::fs::write(
            &record,
            "{\"operator\": {\"pinHash\": \"$argon2id$v=19$m=19",
        )
        .unwrap();
        std::fs::write(home.data_dir().join("operator.json.last-good"), "").unwrap();
        // Visitors get the film as usual; first-run setup never shows (the launch waits for attract).
        let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;

        kiosk.staff_gesture().await;
        kiosk.wait_for_screen("pin").await;
        let note = kiosk
            .wait_until(
                "the note for staff",
                "document.querySelector('[data-testid=\"pin-damaged\"]')?.innerText || ''",
            )
            .await;
        let note = note.as_str().unwrap();
        assert!(
            note.contains("screening-kiosk set-pin") && note.contains("closed"),
            "{note}"
        );
        assert!(
            !note.contains("operator.json"),
            "no file details on screen: {note}"
        );
        let pad_shown = kiosk
            .js(
                "return document.querySelector('[data-testid=\"pin-pad\"]') !== null \
                 || document.querySelector('[data-testid=\"setup-pin-pad\"]') !== null",
            )
            .await;
        assert_eq!(
            pad_shown,
            json!(false),
            "neither the PIN pad nor first-run setup"
        );
        kiosk.screenshot("25-pin-record-damaged").await;
        // The core keeps the panel closed too: the PIN that was set and a new first PIN are refused.
        for (command, pin) in [
            ("operator_unlock", PIN),
            ("operator_set_first_pin", "246813"),
        ] {
            let refused = kiosk.invoke_with(command, json!({ "pin": pin })).await;
            assert_eq!(
                refused["error"]["code"], "pin_record_damaged",
                "{command}: {refused}"
            );
        }
        kiosk.tap("pin-cancel").await;
        kiosk.wait_for_screen("attract").await;
        assert!(
            home.log()
                .contains("set a new PIN with `screening-kiosk set-pin`"),
            "the log says what to do"
        );

        // set-pin at the machine, beside the running kiosk: the pad is back and the new PIN opens.
        home.set_pin(APP, "864202");
        kiosk.staff_gesture().await;
        kiosk.wait_for_screen("pin").await;
        kiosk.enter_pin("864202").await;
        kiosk.wait_for_screen("operator").await;
        kiosk.quit().await;
    }
);

e2e!(
    a_fleet_kiosk_without_syncthing_shows_on_its_fleet_card_what_it_waits_for_and_still_beats,
    {
        // A kiosk that has joined a fleet, whose Syncthing is not there: the plan is on disk, but
        // nothing can say whether the packs folder is whole.
        let folders = tempfile::tempdir().unwrap();
        let packs = folders.path().join("kiosk-packs");
        let status = folders.path().join("status-foyer-1");
        std::fs::create_dir_all(&packs).unwrap();
        std::fs::write(
            packs.join("fleet.toml"),
            "format = 1\npack = \"justice-for-sergei@2\"\n",
        )
        .unwrap();
        let home = Home::with_pin();
        std::fs::write(
            home.data_dir().join("settings.json"),
            json!({ "settings": { "fleet": {
                "kioskId": "foyer-1",
                "kioskName": "Foyer, left",
                "packsDir": packs,
                "statusDir": status,
                "syncthingConfig": folders.path().join("missing/config.xml"),
                "heartbeatSecs": 2,
            } } })
            .to_string(),
        )
        .unwrap();
        let kiosk = Kiosk::default_pack_in(home.clone(), &[], "attract").await;

        // The heartbeat needs no Syncthing: it is the kiosk's own file in its status folder.
        let heartbeat_file = status.join("heartbeat.json");
        let deadline = Instant::now() + Duration::from_secs(20);
        let heartbeat = loop {
            let read = std::fs::read_to_string(&heartbeat_file)
                .ok()
                .and_then(|text| serde_json::from_str::<Value>(&text).ok());
            if let Some(heartbeat) = read.as_ref().filter(|h| {
                h["fleet"]["detail"]
                    .as_str()
                    .is_some_and(|d| d.contains("cannot ask Syncthing"))
            }) {
                break heartbeat.clone();
            }
            assert!(
                Instant::now() < deadline,
                "no heartbeat saying Syncthing cannot be asked in {}: {read:?}",
                heartbeat_file.display()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        assert_eq!(heartbeat["kioskId"], "foyer-1", "{heartbeat}");
        assert_eq!(heartbeat["fleet"]["state"], "waiting", "{heartbeat}");

        kiosk.open_operator_panel().await;
        let state = "document.querySelector('[data-testid=\"op-fleet-state\"]')";
        let shown = kiosk
            .wait_until(
                "the Fleet card to say why the kiosk waits",
                &format!(
                    "{state}?.dataset.state === 'waiting' \
                     && /cannot ask Syncthing/.test({state}.innerText) && {state}.innerText"
                ),
            )
            .await;
        let shown = shown.as_str().unwrap();
        assert!(
            shown.starts_with("Waiting: cannot ask Syncthing") && shown.contains("config.xml"),
            "{shown}"
        );
        assert_eq!(
            kiosk.js(&format!("return {state}.dataset.tone")).await,
            json!("waiting")
        );
        assert_eq!(kiosk.text_of("op-fleet-id").await.trim(), "foyer-1");
        assert_eq!(kiosk.text_of("op-fleet-name").await.trim(), "Foyer, left");
        assert_eq!(
            kiosk.text_of("op-fleet-pack").await.trim(),
            "justice-for-sergei@2"
        );
        assert_eq!(kiosk.text_of("op-fleet-maintenance").await.trim(), "Off");
        assert_eq!(
            kiosk.text_of("op-fleet-status-dir").await.trim(),
            status.to_str().unwrap()
        );
        assert!(
            kiosk.text_of("op-fleet-advice").await.contains("Syncthing"),
            "the card says what to do here"
        );
        kiosk
            .js("document.querySelector('[data-testid=\"op-section-fleet\"]').scrollIntoView(); return true")
            .await;
        kiosk.screenshot("26-operator-fleet").await;
        kiosk.quit().await;
    }
);
