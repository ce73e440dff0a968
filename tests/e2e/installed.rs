//! The kiosk as an operator gets it: the binary the .deb installed, on the content pack bundled in
//! the package, with no network at all. `cargo xtask test` runs this alone in its `installer` step
//! (after `dpkg -i`, inside a network namespace holding only loopback); the `e2e` step skips it.

use crate::harness::{Home, Kiosk, APP};

/// Where `cargo xtask test` says the package put the kiosk, e.g. `/usr/bin/screening-kiosk`.
const INSTALLED_APP: &str = "SCREENING_KIOSK_INSTALLED_APP";

/// The network interfaces of this process's network namespace. Not `/sys/class/net`: sysfs shows
/// the namespace of whoever mounted it, so inside `unshare --net` it still lists the host's cards.
fn network_interfaces() -> Vec<String> {
    let dev =
        std::fs::read_to_string("/proc/self/net/dev").expect("/proc/self/net/dev is readable");
    // Two header lines, then `  name: counters...` per interface.
    let mut names: Vec<String> = dev
        .lines()
        .skip(2)
        .filter_map(|line| {
            line.split_once(':')
                .map(|(name, _)| name.trim().to_string())
        })
        .collect();
    names.sort();
    names
}

e2e!(
    the_installed_kiosk_plays_its_bundled_pack_without_a_network,
    ignore =
        "needs the .deb installed and a network namespace: run `cargo xtask test` (installer step)",
    {
        // A missing variable is a failure, not a skip: this test must never pass without the package.
        let app = std::env::var(INSTALLED_APP).unwrap_or_else(|_| {
        panic!("{INSTALLED_APP} must name the installed kiosk binary (cargo xtask test's installer step sets it)")
    });
        let app_path = std::path::Path::new(&app);
        assert!(app_path.is_file(), "{app} is not installed");
        assert_ne!(
            app_path.canonicalize().unwrap(),
            std::path::Path::new(APP).canonicalize().unwrap(),
            "{INSTALLED_APP} names the binary cargo built, not an installed one"
        );
        assert_eq!(
        network_interfaces(),
        ["lo"],
        "the test runs in a network namespace with loopback only (cargo xtask test uses `unshare --net`)"
    );

        let home = Home::with_pin_set_by(&app);
        // No --content: the kiosk must find the pack the package installed beside it.
        let kiosk = Kiosk::launch_app(&app, home.clone(), None, &[], "attract").await;
        kiosk.assert_attract_film_advances().await;
        assert_eq!(kiosk.screen().await, "attract");

        // Tauri's Linux resource folder for a binary in <prefix>/bin is <prefix>/lib/<productName>.
        let bundled = app_path
            .parent()
            .and_then(std::path::Path::parent)
            .expect("the installed binary sits in <prefix>/bin")
            .join("lib/Screening Kiosk/justice-for-sergei");
        assert!(
            bundled.join("manifest.toml").is_file(),
            "the package installed the pack at {}",
            bundled.display()
        );
        let installed_line = format!("content pack {} installed", bundled.display());
        let log = home.log();
        assert!(
            log.contains(&installed_line),
            "the kiosk loaded the bundled pack ({installed_line:?}); its log:\n{log}"
        );

        // Everything the page fetched came from the app itself or the loopback media server.
        let origin = kiosk.js("return location.origin").await;
        let origin = origin.as_str().expect("the page has an origin").to_string();
        let fetched = kiosk
            .js("return performance.getEntriesByType('resource').map((e) => e.name)")
            .await;
        let fetched: Vec<String> = serde_json::from_value(fetched).unwrap();
        let video = kiosk.attract_film().await["url"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            video.starts_with("http://127.0.0.1:"),
            "the trailer streams from the loopback media server, not {video:?}"
        );
        let remote: Vec<&String> = fetched
            .iter()
            .chain(std::iter::once(&video))
            .filter(|url| {
                !url.starts_with(&format!("{origin}/")) && !url.starts_with("http://127.0.0.1:")
            })
            .collect();
        assert!(
            remote.is_empty(),
            "the page fetched from outside the app and loopback: {remote:?} (origin {origin})"
        );
        println!(
            "installed kiosk at {app}: origin {origin}, {} resource(s) fetched, all local",
            fetched.len()
        );

        kiosk.screenshot("installed-attract").await;
        kiosk.quit().await;
    }
);
