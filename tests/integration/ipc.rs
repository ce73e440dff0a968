//! The IPC layer on Tauri's mock runtime: the same app the kiosk runs, commands called as the UI calls
//! them, with the real media server answering on loopback.

use screening_kiosk_lib::{build_app, unattended::lifecycle, KioskOptions};

use crate::util;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager};

fn boot(options: KioskOptions) -> App<tauri::test::MockRuntime> {
    util::private_home();
    let mut app = build_app(mock_builder(), options).expect("the kiosk builds on the mock runtime");
    // Setup (pack loading, media server, window) runs on the first event-loop iteration, as in `run`.
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    wait_for_first_pack(&app);
    app
}

/// The first pack is checked on a thread of its own once the window is open; the tests start
/// when it has been installed or refused, as the page's first screen does.
fn wait_for_first_pack(app: &App<tauri::test::MockRuntime>) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while invoke(app, "get_pack", json!({})).is_err_and(|e| e["code"] == "pack_loading") {
        assert!(
            std::time::Instant::now() < deadline,
            "the first pack was never installed or refused"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn invoke(app: &App<tauri::test::MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let window = app
        .get_webview_window("main")
        .expect("the kiosk window exists");
    get_ipc_response(
        &window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The webview's own origin on Linux; commands are only allowed from the app's origin.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn default_options() -> KioskOptions {
    KioskOptions {
        content_dir: Some(util::default_pack()),
        ..Default::default()
    }
}

#[test]
fn get_pack_describes_the_default_pack_with_loopback_media_urls() {
    let app = boot(default_options());
    let pack = invoke(&app, "get_pack", json!({})).unwrap();
    assert_eq!(pack["film"]["title"], "Justice for Sergei");
    assert_eq!(pack["film"]["year"], 2010);
    let renditions = pack["trailer"]["renditions"].as_array().unwrap();
    assert!(
        renditions.len() >= 2,
        "MP4 and WebM renditions: {renditions:?}"
    );
    for rendition in renditions {
        let url = rendition["url"].as_str().unwrap();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        assert!(rendition["mime"].as_str().unwrap().starts_with("video/"));
    }
    let credits = pack["credits"].to_string();
    assert!(credits.contains("Hans Hermans") && credits.contains("Martin Maat"));
}

#[test]
fn the_media_server_behind_get_pack_serves_the_poster_and_trailer() {
    let app = boot(default_options());
    let pack = invoke(&app, "get_pack", json!({})).unwrap();
    let poster = ureq::get(pack["film"]["posterUrl"].as_str().unwrap())
        .call()
        .expect("poster is served");
    assert_eq!(poster.status(), 200);
    assert_eq!(poster.headers()["content-type"], "image/jpeg");

    let trailer_url = pack["trailer"]["renditions"][0]["url"].as_str().unwrap();
    let partial = ureq::get(trailer_url)
        .header("Range", "bytes=0-1023")
        .call()
        .expect("trailer range is served");
    assert_eq!(partial.status(), 206);
    let mut partial = partial;
    assert_eq!(partial.body_mut().read_to_vec().unwrap().len(), 1024);
}

#[test]
fn get_law_returns_structured_blocks_and_labels_excerpts() {
    let app = boot(default_options());
    let pack = invoke(&app, "get_pack", json!({})).unwrap();
    let documents = pack["legislation"].as_array().unwrap();
    assert!(documents.len() >= 3, "{documents:?}");
    assert!(documents.iter().any(|d| d["status"] == "excerpt"));
    for document in documents {
        let law = invoke(&app, "get_law", json!({ "id": document["id"] })).unwrap();
        assert_eq!(law["title"], document["title"]);
        assert!(law["sourceUrl"].as_str().unwrap().starts_with("http"));
        let blocks = law["blocks"].as_array().unwrap();
        assert!(
            blocks.iter().any(|b| b["kind"] == "heading"),
            "{}",
            law["id"]
        );
        assert!(
            blocks.iter().any(|b| b["kind"] == "paragraph"),
            "{}",
            law["id"]
        );
    }
}

#[test]
fn an_unknown_law_id_is_a_not_found_error() {
    let app = boot(default_options());
    let err = invoke(&app, "get_law", json!({ "id": "../manifest" })).unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().unwrap().contains("../manifest"));
}

#[test]
fn get_law_qr_draws_the_manifests_source_url_and_refuses_unknown_ids() {
    let app = boot(default_options());
    let pack = invoke(&app, "get_pack", json!({})).unwrap();
    let documents = pack["legislation"].as_array().unwrap();
    let mut svgs = Vec::new();
    for document in documents {
        let qr = invoke(&app, "get_law_qr", json!({ "id": document["id"] })).unwrap();
        assert_eq!(qr["url"], document["sourceUrl"], "{}", document["id"]);
        let svg = qr["svg"].as_str().unwrap();
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
        svgs.push(svg.to_string());
    }
    svgs.dedup();
    assert_eq!(
        svgs.len(),
        documents.len(),
        "each document has its own code"
    );
    let err = invoke(&app, "get_law_qr", json!({ "id": "no-such-law" })).unwrap_err();
    assert_eq!(err["code"], "not_found");
    assert!(err["message"].as_str().unwrap().contains("no-such-law"));
}

#[test]
fn an_invalid_pack_still_boots_and_reports_pack_invalid() {
    let broken = util::copy_of_default_pack();
    std::fs::write(broken.path().join("manifest.toml"), "format = 99\n").unwrap();
    let app = boot(KioskOptions {
        content_dir: Some(broken.path().to_path_buf()),
        ..Default::default()
    });
    let err = invoke(&app, "get_pack", json!({})).unwrap_err();
    assert_eq!(err["code"], "pack_invalid");
    assert!(err["message"].as_str().unwrap().contains("manifest.toml"));
}

#[test]
fn get_settings_defaults_to_90_seconds_and_honours_the_override() {
    let app = boot(default_options());
    let settings = invoke(&app, "get_settings", json!({})).unwrap();
    assert_eq!(settings["idleTimeoutSecs"], 90);

    let app = boot(KioskOptions {
        idle_timeout_secs: Some(5),
        ..default_options()
    });
    assert_eq!(
        invoke(&app, "get_settings", json!({})).unwrap()["idleTimeoutSecs"],
        5
    );
}

#[test]
fn commands_outside_the_apps_list_are_refused() {
    let app = boot(default_options());
    assert!(invoke(
        &app,
        "plugin:store|load",
        json!({ "path": "settings.json" })
    )
    .is_err());
}

#[test]
fn get_pack_speaks_the_visitors_language_and_falls_back_to_the_default() {
    let app = boot(default_options());
    let english = invoke(&app, "get_pack", json!({})).unwrap();
    assert_eq!(english["language"], "en");
    assert_eq!(english["languages"], json!(["en", "ru"]));

    let russian = invoke(&app, "get_pack", json!({ "language": "ru" })).unwrap();
    assert_eq!(russian["language"], "ru");
    assert!(
        russian["film"]["synopsis"]
            .as_str()
            .unwrap()
            .contains("Магнитск"),
        "{}",
        russian["film"]["synopsis"]
    );
    // The film's title is not translated: no Russian title is sourced.
    assert_eq!(russian["film"]["title"], english["film"]["title"]);
    // Legislation stays in its original language, and says so.
    assert_eq!(russian["legislation"][0]["language"], "en");
    assert_eq!(
        russian["legislation"][0]["title"],
        english["legislation"][0]["title"]
    );

    let unknown = invoke(&app, "get_pack", json!({ "language": "xx" })).unwrap();
    assert_eq!(unknown["language"], "en");
    assert_eq!(unknown["film"]["synopsis"], english["film"]["synopsis"]);
}

#[test]
fn the_operator_panel_opens_only_with_the_pin_and_its_session_token() {
    // The only test in this process that touches the PIN: the others never see a set one.
    let app = boot(default_options());
    assert_eq!(
        invoke(&app, "operator_status", json!({})).unwrap(),
        json!({ "pin": "unset" })
    );
    let valid_settings = json!({ "idleTimeoutSecs": 120, "volume": 40 });
    let privileged = [
        ("operator_panel", json!({})),
        (
            "operator_save_settings",
            json!({ "settings": valid_settings }),
        ),
        ("operator_check_folder", json!({ "path": "/tmp" })),
        ("operator_reload", json!({})),
        ("operator_change_pin", json!({ "pin": "999999" })),
        ("operator_exit", json!({})),
    ];
    let try_all = |token: &str| {
        for (command, args) in &privileged {
            let mut args = args.clone();
            args["token"] = json!(token);
            let error = invoke(&app, command, args).unwrap_err();
            assert_eq!(error["code"], "unauthorized", "{command} with {token:?}");
        }
    };
    try_all("");
    try_all("forged-token");

    for short in ["12", "2468"] {
        let refused = invoke(&app, "operator_set_first_pin", json!({ "pin": short })).unwrap_err();
        assert_eq!(refused["code"], "invalid_pin", "{short}");
    }
    let first = invoke(&app, "operator_set_first_pin", json!({ "pin": "246813" })).unwrap();
    let token = first["token"].as_str().unwrap().to_string();
    let again = invoke(&app, "operator_set_first_pin", json!({ "pin": "000000" })).unwrap_err();
    assert_eq!(again["code"], "pin_already_set");

    let panel = invoke(&app, "operator_panel", json!({ "token": token })).unwrap();
    assert_eq!(panel["pack"]["title"], "Justice for Sergei");
    assert_eq!(panel["content"]["fromCommandLine"], true);
    assert_eq!(panel["settings"]["idleTimeoutSecs"], 90);

    let invalid = invoke(
        &app,
        "operator_save_settings",
        json!({ "token": token, "settings": { "idleTimeoutSecs": 5 } }),
    )
    .unwrap_err();
    assert_eq!(invalid["code"], "settings");
    assert!(invalid["message"]
        .as_str()
        .unwrap()
        .contains("idleTimeoutSecs 5"));
    let saved = invoke(
        &app,
        "operator_save_settings",
        json!({ "token": token, "settings": valid_settings }),
    )
    .unwrap();
    assert_eq!(saved["volume"], 40);
    assert_eq!(
        invoke(&app, "get_settings", json!({})).unwrap()["idleTimeoutSecs"],
        120
    );
    let on_disk = std::fs::read_to_string(
        screening_kiosk_lib::settings::data_dir()
            .unwrap()
            .join("settings.json"),
    )
    .unwrap();
    assert!(on_disk.contains("\"idleTimeoutSecs\": 120"), "{on_disk}");

    invoke(&app, "operator_lock", json!({ "token": token })).unwrap();
    try_all(&token);

    for _ in 0..2 {
        let wrong = invoke(&app, "operator_unlock", json!({ "pin": "0000" })).unwrap_err();
        assert_eq!(wrong["code"], "wrong_pin");
    }
    let slowed = invoke(&app, "operator_unlock", json!({ "pin": "0000" })).unwrap_err();
    assert_eq!(slowed["code"], "rate_limited");
    assert!(slowed["retryAfterSecs"].as_u64().unwrap() >= 5, "{slowed}");
    let even_right = invoke(&app, "operator_unlock", json!({ "pin": "246813" })).unwrap_err();
    assert_eq!(even_right["code"], "rate_limited");

    // A restart does not wipe the delay: a kiosk started afresh on the same data makes even the
    // right PIN wait.
    let restarted = boot(default_options());
    let after_restart =
        invoke(&restarted, "operator_unlock", json!({ "pin": "246813" })).unwrap_err();
    assert_eq!(after_restart["code"], "rate_limited", "{after_restart}");

    the_damaged_pin_record_keeps_the_panel_closed_until_set_pin(&app);
}

/// Both copies of the PIN record damaged beneath the running kiosk: no first-run setup and no way
/// in, until `screening-kiosk set-pin`, which takes effect without a restart.
fn the_damaged_pin_record_keeps_the_panel_closed_until_set_pin(
    app: &App<tauri::test::MockRuntime>,
) {
    let record = screening_kiosk_lib::settings::data_dir()
        .unwrap()
        .join("operator.json");
    std::fs::write(&record, "{\"operator\": {\"pinHash\": \"$argon2").unwrap();
    std::fs::write(record.with_file_name("operator.json.last-good"), "").unwrap();
    assert_eq!(
        invoke(app, "operator_status", json!({})).unwrap(),
        json!({ "pin": "damaged" })
    );
    for (command, pin) in [
        ("operator_set_first_pin", "135790"),
        ("operator_unlock", "246813"),
    ] {
        let refused = invoke(app, command, json!({ "pin": pin })).unwrap_err();
        assert_eq!(
            refused["code"], "pin_record_damaged",
            "{command}: {refused}"
        );
        assert!(
            refused["message"].as_str().unwrap().contains("set-pin"),
            "{refused}"
        );
    }
    assert_eq!(
        invoke(app, "operator_status", json!({})).unwrap(),
        json!({ "pin": "damaged" }),
        "nothing was written over the damaged record"
    );

    // The HOME of this process, so set-pin writes the data folder the kiosk reads.
    let mut set_pin = std::process::Command::new(env!("CARGO_BIN_EXE_screening-kiosk"))
        .arg("set-pin")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    writeln!(set_pin.stdin.take().unwrap(), "135790").unwrap();
    assert!(set_pin.wait().unwrap().success(), "set-pin succeeds");
    assert_eq!(
        invoke(app, "operator_status", json!({})).unwrap(),
        json!({ "pin": "set" })
    );
    let session = invoke(app, "operator_unlock", json!({ "pin": "135790" })).unwrap();
    assert!(session["token"].is_string(), "{session}");
}

#[test]
fn play_statistics_are_counted_refused_when_odd_and_exported_as_csv() {
    let app = boot(default_options());
    for event in [
        json!({ "kind": "attract-loop" }),
        json!({ "kind": "trailer-start" }),
        json!({ "kind": "screen-visit", "screen": "law" }),
        json!({ "kind": "language-chosen", "language": "ru" }),
        json!({ "kind": "session-end", "secs": 95 }),
    ] {
        invoke(&app, "record_play", json!({ "event": event })).unwrap();
    }
    for odd in [
        json!({ "kind": "screen-visit", "screen": "../../etc" }),
        json!({ "kind": "session-end", "secs": 1_000_000 }),
    ] {
        let refused = invoke(&app, "record_play", json!({ "event": odd })).unwrap_err();
        assert_eq!(refused["code"], "invalid_event", "{refused}");
    }
    let unknown = invoke(
        &app,
        "record_play",
        json!({ "event": { "kind": "face-seen" } }),
    );
    assert!(unknown.is_err(), "unknown kinds are refused");

    lifecycle::flush_stats(app.handle());
    let csv = std::process::Command::new(env!("CARGO_BIN_EXE_screening-kiosk"))
        .args(["stats", "--csv"])
        .output()
        .expect("the kiosk binary runs");
    assert!(csv.status.success(), "{csv:?}");
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let today = lines
        .last()
        .expect("a row for today")
        .split(',')
        .collect::<Vec<_>>();
    let column = |name: &str| {
        let i = header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no {name} in {header:?}"));
        today[i]
    };
    assert_eq!(column("attract_loops"), "1");
    assert_eq!(column("trailer_starts"), "1");
    assert_eq!(column("sessions"), "1");
    assert_eq!(column("session_seconds_total"), "95");
    assert_eq!(column("screen_law"), "1");
    assert_eq!(column("language_ru"), "1");
    assert!(
        !csv.contains("etc"),
        "a refused event leaves no trace: {csv}"
    );
}

#[test]
fn get_captions_reads_the_cues_of_a_caption_url_and_nothing_else() {
    let app = boot(default_options());
    let pack = invoke(&app, "get_pack", json!({})).unwrap();
    let english = pack["trailer"]["captions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["language"] == "en")
        .unwrap();
    let cues = invoke(&app, "get_captions", json!({ "url": english["url"] })).unwrap();
    let cues = cues.as_array().unwrap();
    assert!(cues.len() > 1, "{cues:?}");
    // The default pack's first cue: a sound caption from the start.
    assert_eq!(cues[0]["start"], 0.0);
    assert_eq!(cues[0]["end"], 4.8);
    assert_eq!(cues[0]["text"], "[quiet synthesized chords, no speech]");
    // A trailer rendition is no caption file; a path is not a URL of the pack.
    let trailer = &pack["trailer"]["renditions"][0]["url"];
    for url in [trailer.clone(), json!("../manifest.toml")] {
        let err = invoke(&app, "get_captions", json!({ "url": url })).unwrap_err();
        assert_eq!(err["code"], "not_found", "{url}: {err}");
    }
}

#[test]
fn the_trailer_plays_in_the_page_where_no_engine_was_chosen_at_launch() {
    let app = boot(default_options());
    let pack = invoke(&app, "get_pack", json!({})).unwrap();
    let renditions = &pack["trailer"]["renditions"];
    let rect = json!({ "x": 0, "y": 100, "width": 800, "height": 450 });
    let answer = invoke(
        &app,
        "trailer_start",
        json!({ "renditions": [renditions[0]["url"]], "rect": rect }),
    )
    .unwrap();
    assert_eq!(answer["engine"], "webview", "{answer}");
    // Nothing plays beneath the page: controls say so, and a new place is no error.
    let pause = json!({ "control": { "action": "pause" } });
    assert_eq!(invoke(&app, "trailer_control", pause).unwrap(), false);
    let seek = json!({ "control": { "action": "seek", "seconds": 3.5 } });
    assert_eq!(invoke(&app, "trailer_control", seek).unwrap(), false);
    assert_eq!(
        invoke(&app, "trailer_place", json!({ "rect": rect })).unwrap(),
        Value::Null
    );
}

#[test]
fn the_film_plays_in_the_page_where_no_engine_was_chosen_at_launch() {
    // The mock runtime never runs `lib::main`, which chooses the engine before GTK starts: its
    // page plays the attract film itself, and says why when it asks.
    let app = boot(default_options());
    let pack = invoke(&app, "get_pack", json!({})).unwrap();
    let renditions: Vec<&Value> = pack["trailer"]["renditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["url"])
        .collect();
    let answer = invoke(&app, "film_start", json!({ "renditions": renditions })).unwrap();
    assert_eq!(answer["engine"], "webview", "{answer}");
    assert_eq!(
        answer["reason"], "the engine was not chosen at launch",
        "{answer}"
    );
    let status = invoke(&app, "film_status", json!({})).unwrap();
    assert_eq!(
        status,
        json!({ "engine": "webview", "nativeOff": "the engine was not chosen at launch", "native": null })
    );
    assert_eq!(invoke(&app, "film_stop", json!({})).unwrap(), Value::Null);
    // With no native film, a heartbeat without video is just that.
    let beat = json!({ "report": { "screen": "attract", "video": null } });
    assert_eq!(invoke(&app, "heartbeat", beat).unwrap(), Value::Null);
}
