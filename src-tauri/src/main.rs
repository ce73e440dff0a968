// Keeps a console window from opening next to the kiosk on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // WebKitGTK's DMA-BUF renderer costs the attract loop far more CPU and memory on machines
    // without a GPU (docs/performance.md). Set here, before GTK or any thread starts, since WebKit
    // reads it once; an operator who sets it (to 0 where the GPU path measured better) keeps
    // their choice.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    std::process::exit(screening_kiosk_lib::main());
}
