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
                "get_settings",
            ])),
    )
    .expect("failed to run tauri-build");
}
