fn main() {
    // tauri-build only watches the default capabilities folder; ours moved with the root config.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    // The app's config lives at the repository root, so capabilities are pointed at explicitly. Declaring
    // the app's commands makes each one a permission the capability file must grant by name.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(&[
                "get_pack",
                "get_law",
                "get_law_qr",
                "get_settings",
                "get_opening",
                "record_play",
                "heartbeat",
                "report_media_error",
                "film_start",
                "film_stop",
                "film_status",
                "get_captions",
                "trailer_start",
                "trailer_control",
                "trailer_place",
                "window_role",
                "film_screen_play",
                "film_screen_rest",
                "film_screen_done",
                "operator_status",
                "operator_set_first_pin",
                "operator_unlock",
                "operator_change_pin",
                "operator_lock",
                "operator_panel",
                "operator_save_settings",
                "operator_check_folder",
                "operator_reload",
                "operator_exit",
            ])),
    )
    .expect("failed to run tauri-build");
}
