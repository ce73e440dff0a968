//! Linux (WebKitGTK): the desktop is locked down outside the app (a kiosk session such as cage, see
//! docs/deploying.md), and a hung page's web process can be ended from here.

/// Nothing to do from inside the app; the kiosk session has no desktop to leave to.
pub(crate) fn lock_down_desktop() {}

/// A page stuck in a script never gets to a reload request: end its web process first, and WebKit
/// starts a fresh one for the reload.
pub(crate) fn restart_web_process<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
) -> Option<tauri::Result<()>> {
    Some(window.with_webview(|webview| {
        use webkit2gtk::WebViewExt;
        let view = webview.inner();
        view.terminate_web_process();
        view.reload();
    }))
}
