//! Accessibility in the real webview: an axe-core audit of every screen (in English and Russian,
//! and with the visitor's high-contrast and larger-text choices), keyboard-only use with a
//! visible focus, and the OS's reduced-motion wish reaching the page.

use crate::harness::*;

/// axe-core's browser build, installed by `cargo xtask test` from the version `package-lock.json` pins.
fn axe_source() -> String {
    let path = util::repo_root().join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (run `npm ci` in the repository, as `cargo xtask test` does)",
            path.display()
        )
    })
}

/// One axe rule broken on one screen.
#[derive(Debug, serde::Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    /// CSS selectors of the first offending elements.
    targets: Vec<String>,
}

impl Violation {
    fn blocks_release(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

impl Kiosk {
    /// Runs axe-core on the page as it is now and returns every violation.
    async fn axe(&self, axe: &str) -> Vec<Violation> {
        // Injected once per page; the kiosk is one page for its whole life.
        if self.js("return typeof window.axe").await != json!("object") {
            self.js(&format!("{axe}\n;window.axe = axe; return true"))
                .await;
        }
        self.js("window.__axe = null;
             axe.run(document, { resultTypes: ['violations'] })
               .then((r) => { window.__axe = r.violations.map((v) => ({
                   id: v.id, impact: v.impact, help: v.help,
                   targets: v.nodes.slice(0, 3).map((n) => String(n.target)) })); })
               .catch((e) => { window.__axe = { error: String(e) }; });
             return true")
            .await;
        let result = self.wait_until("axe to finish", "window.__axe").await;
        assert!(result.get("error").is_none(), "axe failed: {result}");
        serde_json::from_value(result).expect("axe's violations")
    }
}

/// Audits the screen on show, prints every finding and remembers the blocking ones.
async fn audit(kiosk: &Kiosk, axe: &str, label: &str, blocking: &mut Vec<String>) {
    // Let entrance transitions finish (at most the 900 ms this used to wait): axe measures
    // contrast on what is painted.
    kiosk.settle(Duration::from_millis(900)).await;
    let screen = kiosk.screen().await;
    let violations = kiosk.axe(axe).await;
    println!(
        "axe {label} (screen {screen}): {} violation(s)",
        violations.len()
    );
    for v in &violations {
        println!(
            "  [{}] {}: {} at {:?}",
            v.impact.as_deref().unwrap_or("?"),
            v.id,
            v.help,
            v.targets
        );
        if v.blocks_release() {
            blocking.push(format!("{label}: {} ({}) at {:?}", v.id, v.help, v.targets));
        }
    }
}

e2e!(
    every_screen_passes_an_axe_audit_with_no_serious_violations,
    {
        let axe = axe_source();
        let kiosk = Kiosk::default_pack(&[]).await;
        let mut blocking = Vec::new();

        audit(&kiosk, &axe, "attract", &mut blocking).await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;

        for language in ["en", "ru"] {
            if language == "ru" {
                kiosk.tap("lang-ru").await;
                kiosk
                    .wait_until("Russian", "document.body.lang === 'ru'")
                    .await;
            }
            audit(&kiosk, &axe, &format!("home {language}"), &mut blocking).await;

            kiosk.tap("nav-trailer").await;
            kiosk.wait_for_screen("trailer").await;
            kiosk.assert_trailer_advances().await;
            audit(&kiosk, &axe, &format!("trailer {language}"), &mut blocking).await;
            kiosk.tap("back").await;
            kiosk.wait_for_screen("home").await;

            kiosk.tap("nav-credits").await;
            kiosk.wait_for_screen("credits").await;
            audit(
                &kiosk,
                &axe,
                &format!("credits roll {language}"),
                &mut blocking,
            )
            .await;
            kiosk.tap("credits-view-list").await;
            audit(
                &kiosk,
                &axe,
                &format!("credits list {language}"),
                &mut blocking,
            )
            .await;
            kiosk.tap("back").await;
            kiosk.wait_for_screen("home").await;

            kiosk.tap("nav-about").await;
            kiosk.wait_for_screen("about").await;
            audit(&kiosk, &axe, &format!("about {language}"), &mut blocking).await;
            kiosk.tap("back").await;
            kiosk.wait_for_screen("home").await;

            kiosk.tap("nav-law").await;
            kiosk.wait_for_screen("law").await;
            audit(&kiosk, &axe, &format!("law list {language}"), &mut blocking).await;
            kiosk.open_law("global-magnitsky").await;
            audit(
                &kiosk,
                &axe,
                &format!("law reader {language}"),
                &mut blocking,
            )
            .await;
            kiosk.back_from_law_to_home().await;
        }

        // The visitor's own choices must stay accessible too: high contrast and larger text.
        for choice in ["high-contrast", "large-text"] {
            kiosk
                .js(&format!(
                    "document.body.classList.add('{choice}'); return true"
                ))
                .await;
        }
        audit(
            &kiosk,
            &axe,
            "home, high contrast + larger text",
            &mut blocking,
        )
        .await;
        kiosk.tap("nav-law").await;
        kiosk.wait_for_screen("law").await;
        kiosk.open_law("global-magnitsky").await;
        audit(
            &kiosk,
            &axe,
            "law reader, high contrast + larger text",
            &mut blocking,
        )
        .await;
        kiosk.back_from_law_to_home().await;
        for choice in ["high-contrast", "large-text"] {
            kiosk
                .js(&format!(
                    "document.body.classList.remove('{choice}'); return true"
                ))
                .await;
        }

        // Staff screens: the PIN pad and the panel.
        kiosk.staff_gesture().await;
        kiosk.wait_for_screen("pin").await;
        audit(&kiosk, &axe, "pin pad", &mut blocking).await;
        kiosk.enter_pin(PIN).await;
        kiosk.wait_for_screen("operator").await;
        audit(&kiosk, &axe, "operator panel", &mut blocking).await;

        assert!(
            blocking.is_empty(),
            "serious or critical accessibility violations:\n{}",
            blocking.join("\n")
        );
        kiosk.quit().await;
    }
);

e2e!(
    a_keyboard_alone_reaches_every_home_tile_in_order_with_a_visible_focus,
    {
        let kiosk = Kiosk::default_pack(&[]).await;
        // A real key press, from the X server: Enter on the attract screen begins.
        kiosk.xdotool(&["key", "Return"]);
        kiosk.wait_for_screen("home").await;

        let mut reached = Vec::new();
        for _ in 0..12 {
            // Each press is looked at once the page has handled it: a busy web process can take
            // longer than any fixed pause, and a press read too early skips a tile.
            kiosk
                .js("window.__beforeTab = document.activeElement")
                .await;
            kiosk.xdotool(&["key", "Tab"]);
            kiosk
                .wait_until(
                    "Tab to move the focus",
                    "document.activeElement !== window.__beforeTab",
                )
                .await;
            let focused = kiosk
            .js(
                "const e = document.activeElement;
                 if (!e || e === document.body) return null;
                 const s = getComputedStyle(e);
                 const r = e.getBoundingClientRect();
                 return { id: e.dataset.testid || e.getAttribute('aria-label') || e.textContent.trim(),
                          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                          shadow: s.boxShadow !== 'none',
                          visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight }",
            )
            .await;
            if focused.is_null() {
                continue;
            }
            let id = focused["id"].as_str().unwrap_or_default().to_string();
            assert!(
                focused["outline"] == json!(true) || focused["shadow"] == json!(true),
                "the focused control {id} shows no focus ring: {focused}"
            );
            assert_eq!(
                focused["visible"],
                json!(true),
                "focus went somewhere off screen: {focused}"
            );
            if reached.last() != Some(&id) {
                reached.push(id);
            }
        }
        let tiles: Vec<&String> = reached.iter().filter(|id| id.starts_with("nav-")).collect();
        assert_eq!(
            tiles,
            ["nav-trailer", "nav-credits", "nav-law", "nav-about"],
            "the tiles in reading order (focus went through {reached:?})"
        );

        // Enter on a focused tile opens it, and the keyboard finds its way back.
        kiosk
            .js("document.querySelector('[data-testid=\"nav-law\"]').focus(); return true")
            .await;
        kiosk.xdotool(&["key", "Return"]);
        kiosk.wait_for_screen("law").await;
        kiosk
            .js("document.querySelector('[data-testid=\"back\"]').focus(); return true")
            .await;
        kiosk.xdotool(&["key", "space"]);
        kiosk.wait_for_screen("home").await;
        kiosk.quit().await;
    }
);

e2e!(larger_text_fits_every_screen_without_sideways_overflow, {
    let kiosk = Kiosk::default_pack(&[]).await;
    kiosk.tap("attract").await;
    kiosk.wait_for_screen("home").await;
    let root_size = "parseFloat(getComputedStyle(document.documentElement).fontSize)";
    let normal = kiosk.js(&format!("return {root_size}")).await;
    kiosk
        .js("document.body.classList.add('large-text'); return true")
        .await;
    let large = kiosk.js(&format!("return {root_size}")).await;
    assert!(
        large.as_f64() > normal.as_f64().map(|n| n * 1.15),
        "larger text scales the interface: {normal} -> {large}"
    );

    // Anything wider than the window that is not inside a deliberate scroller is broken layout.
    let overflow = "(() => {
        const w = document.documentElement.clientWidth;
        const bad = [];
        for (const e of document.querySelectorAll('main *')) {
          const r = e.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          let p = e.parentElement, scrolled = false;
          while (p) {
            const o = getComputedStyle(p).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolled = true; break; }
            p = p.parentElement;
            if (p && p.tagName === 'MAIN') break;
          }
          if (!scrolled && (r.right > w + 1 || r.left < -1))
            bad.push((e.dataset.testid || e.className || e.tagName) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
        }
        return bad.slice(0, 5);
      })()";
    for (tile, screen) in [
        (None, "home"),
        (Some("nav-credits"), "credits"),
        (Some("nav-about"), "about"),
        (Some("nav-law"), "law"),
    ] {
        if let Some(tile) = tile {
            kiosk.tap(tile).await;
            kiosk.wait_for_screen(screen).await;
        }
        // The screen's entrance animation moves it: measure where it comes to rest.
        kiosk.settle(Duration::from_millis(600)).await;
        let bad = kiosk.js(&format!("return {overflow}")).await;
        assert_eq!(
            bad,
            json!([]),
            "{screen} overflows sideways with larger text"
        );
        if screen == "law" {
            kiosk.open_law("global-magnitsky").await;
            let bad = kiosk.js(&format!("return {overflow}")).await;
            assert_eq!(bad, json!([]), "the law reader overflows with larger text");
            kiosk.screenshot("61-law-reader-larger-text").await;
            kiosk.back_from_law_to_home().await;
        } else if tile.is_some() {
            kiosk.tap("back").await;
            kiosk.wait_for_screen("home").await;
        } else {
            kiosk.screenshot("60-home-larger-text").await;
        }
    }
    kiosk
        .js("document.body.classList.replace('large-text', 'high-contrast'); return true")
        .await;
    kiosk.screenshot("62-home-high-contrast").await;
    kiosk.quit().await;
});

e2e!(
    the_operating_systems_reduced_motion_wish_reaches_the_kiosk,
    {
        // GTK's "enable animations" off is how a Linux desktop asks for reduced motion; WebKitGTK
        // reports it to the page as prefers-reduced-motion.
        let home = Home::with_pin();
        let gtk = home.path().join(".config/gtk-3.0");
        std::fs::create_dir_all(&gtk).unwrap();
        std::fs::write(
            gtk.join("settings.ini"),
            "[Settings]\ngtk-enable-animations=0\n",
        )
        .unwrap();
        let kiosk = Kiosk::default_pack_in(home, &[], "attract").await;
        assert_eq!(
            kiosk
                .js("return matchMedia('(prefers-reduced-motion: reduce)').matches")
                .await,
            json!(true),
            "the page sees the reduced-motion wish"
        );
        // Nothing on the attract screen keeps moving apart from the film itself.
        let running = "document.getAnimations().filter((a) => a.playState === 'running' && \
                   (a.effect?.getTiming().duration ?? 0) > 50).length";
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(
            kiosk.js(&format!("return {running}")).await,
            json!(0),
            "no running animation under reduced motion"
        );
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk.tap("nav-credits").await;
        kiosk.wait_for_screen("credits").await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(
            kiosk.js(&format!("return {running}")).await,
            json!(0),
            "the credits do not animate under reduced motion"
        );
        // The roll is scrolled from script, which no animation list shows: it must stand still.
        let offsets =
            "[...document.querySelectorAll('main *')].map((e) => e.scrollTop + e.scrollLeft)";
        let before = kiosk.js(&format!("return {offsets}")).await;
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(
            kiosk.js(&format!("return {offsets}")).await,
            before,
            "nothing scrolls by itself under reduced motion"
        );
        kiosk.quit().await;
    }
);

e2e!(
    the_still_there_overlay_and_the_rest_and_setup_screens_pass_the_audit_too,
    {
        let axe = axe_source();
        let mut blocking = Vec::new();

        let kiosk = Kiosk::default_pack(&["--idle-timeout", "20"]).await;
        kiosk.tap("attract").await;
        kiosk.wait_for_screen("home").await;
        kiosk
            .wait_until(
                "the still-there overlay",
                "document.querySelector('[data-testid=\"still-there\"]:not(.is-leaving)')",
            )
            .await;
        audit(&kiosk, &axe, "still there?", &mut blocking).await;
        kiosk.quit().await;

        // Closed: opening hours that begin two hours from now, saved before the start.
        let home = Home::with_pin();
        let local = |offset_hours: i64| {
            (chrono::Local::now() + chrono::Duration::hours(offset_hours))
                .format("%H:%M")
                .to_string()
        };
        std::fs::write(
            home.data_dir().join("settings.json"),
            json!({ "settings": { "openingHours": { "opens": local(2), "closes": local(3) } } })
                .to_string(),
        )
        .unwrap();
        let kiosk = Kiosk::default_pack_in(home, &[], "closed").await;
        audit(&kiosk, &axe, "closed slate", &mut blocking).await;
        kiosk.quit().await;

        // A kiosk in a fleet (its Syncthing not there): the panel's Fleet card with its state.
        let folders = tempfile::tempdir().unwrap();
        let home = Home::with_pin();
        std::fs::write(
            home.data_dir().join("settings.json"),
            json!({ "settings": { "fleet": {
                "kioskId": "foyer-1",
                "packsDir": folders.path().join("kiosk-packs"),
                "statusDir": folders.path().join("status-foyer-1"),
                "syncthingConfig": folders.path().join("missing/config.xml"),
            } } })
            .to_string(),
        )
        .unwrap();
        let kiosk = Kiosk::default_pack_in(home, &[], "attract").await;
        kiosk.open_operator_panel().await;
        kiosk
            .wait_until(
                "the Fleet card",
                "document.querySelector('[data-testid=\"op-fleet-state\"]')?.dataset.tone",
            )
            .await;
        // In view: contrast is measured on what is painted.
        kiosk
            .js("document.querySelector('[data-testid=\"op-section-fleet\"]').scrollIntoView(); return true")
            .await;
        audit(&kiosk, &axe, "operator panel in a fleet", &mut blocking).await;
        let pid = kiosk.app_pid();
        kiosk.quit().await;
        // The app outlives its session by a second or so, and the next launch (a first run, with
        // no set-pin to wait for) would meet it in the single-instance check.
        let deadline = Instant::now() + Duration::from_secs(15);
        while pid.is_some_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists()) {
            assert!(Instant::now() < deadline, "the fleet kiosk did not exit");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        // A first run: the staff's PIN setup.
        let kiosk = Kiosk::default_pack_in(Home::first_run(), &[], "operator-setup").await;
        audit(&kiosk, &axe, "first-run PIN setup", &mut blocking).await;
        kiosk.quit().await;

        let broken = util::copy_of_default_pack();
        std::fs::write(broken.path().join("manifest.toml"), "format = 1\nid = [\n").unwrap();
        let kiosk =
            Kiosk::launch_expecting(&["--content", broken.path().to_str().unwrap()], "fatal").await;
        audit(&kiosk, &axe, "fatal slate", &mut blocking).await;
        kiosk.quit().await;

        assert!(
            blocking.is_empty(),
            "serious or critical accessibility violations:\n{}",
            blocking.join("\n")
        );
    }
);
