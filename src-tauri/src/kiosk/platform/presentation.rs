//! macOS presentation options (`NSApplication.PresentationOptions`) as plain bits, with Apple's
//! rules for combining them. AppKit raises an exception for a combination that breaks a rule, and
//! an exception crossing into Rust aborts the kiosk; the rules are checked here, on every system,
//! so a wrong set fails a unit test rather than a Mac at a festival.

use std::fmt;

/// A set of presentation options; the bit values are AppKit's (`disableAppleMenu`, 1 << 4, which no
/// rule names and the kiosk does not use, is left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presentation(u64);

impl Presentation {
    pub const AUTO_HIDE_DOCK: Self = Self(1);
    pub const HIDE_DOCK: Self = Self(1 << 1);
    pub const AUTO_HIDE_MENU_BAR: Self = Self(1 << 2);
    pub const HIDE_MENU_BAR: Self = Self(1 << 3);
    pub const DISABLE_PROCESS_SWITCHING: Self = Self(1 << 5);
    pub const DISABLE_FORCE_QUIT: Self = Self(1 << 6);
    pub const DISABLE_SESSION_TERMINATION: Self = Self(1 << 7);
    pub const DISABLE_HIDE_APPLICATION: Self = Self(1 << 8);
    pub const DISABLE_MENU_BAR_TRANSPARENCY: Self = Self(1 << 9);
    pub const FULL_SCREEN: Self = Self(1 << 10);
    pub const AUTO_HIDE_TOOLBAR: Self = Self(1 << 11);

    pub const fn bits(self) -> u64 {
        self.0
    }

    pub const fn with(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    pub const fn has(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    fn hides_dock_somehow(self) -> bool {
        self.has(Self::HIDE_DOCK) || self.has(Self::AUTO_HIDE_DOCK)
    }

    /// Whether AppKit accepts this set: the rules listed under `NSApplication.PresentationOptions`
    /// in Apple's AppKit documentation.
    pub fn check(self) -> Result<(), BrokenRule> {
        if self.has(Self::HIDE_DOCK) && self.has(Self::AUTO_HIDE_DOCK) {
            return Err(BrokenRule("hideDock and autoHideDock exclude each other"));
        }
        if self.has(Self::HIDE_MENU_BAR) && self.has(Self::AUTO_HIDE_MENU_BAR) {
            return Err(BrokenRule(
                "hideMenuBar and autoHideMenuBar exclude each other",
            ));
        }
        if self.has(Self::HIDE_MENU_BAR) && !self.has(Self::HIDE_DOCK) {
            return Err(BrokenRule("hideMenuBar needs hideDock"));
        }
        if self.has(Self::AUTO_HIDE_MENU_BAR) && !self.hides_dock_somehow() {
            return Err(BrokenRule("autoHideMenuBar needs hideDock or autoHideDock"));
        }
        let needs_the_dock_hidden = [
            Self::DISABLE_PROCESS_SWITCHING,
            Self::DISABLE_FORCE_QUIT,
            Self::DISABLE_SESSION_TERMINATION,
            Self::DISABLE_MENU_BAR_TRANSPARENCY,
        ];
        if needs_the_dock_hidden.iter().any(|&o| self.has(o)) && !self.hides_dock_somehow() {
            return Err(BrokenRule(
                "disableProcessSwitching, disableForceQuit, disableSessionTermination and \
                 disableMenuBarTransparency need hideDock or autoHideDock",
            ));
        }
        if self.has(Self::AUTO_HIDE_TOOLBAR)
            && !(self.has(Self::FULL_SCREEN) && self.has(Self::AUTO_HIDE_MENU_BAR))
        {
            return Err(BrokenRule(
                "autoHideToolbar needs fullScreen and autoHideMenuBar",
            ));
        }
        Ok(())
    }
}

/// The kiosk's own options while it runs full-screen: no Dock, no menu bar (so no app menu),
/// no Cmd+Tab, no force-quit panel, no power-key panel, no Hide.
pub const KIOSK: Presentation = Presentation::HIDE_DOCK
    .with(Presentation::HIDE_MENU_BAR)
    .with(Presentation::DISABLE_PROCESS_SWITCHING)
    .with(Presentation::DISABLE_FORCE_QUIT)
    .with(Presentation::DISABLE_SESSION_TERMINATION)
    .with(Presentation::DISABLE_HIDE_APPLICATION);

/// A combination AppKit refuses, and the rule it breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrokenRule(&'static str);

impl fmt::Display for BrokenRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Presentation as P;
    use super::*;

    #[test]
    fn the_kiosks_options_are_a_combination_appkit_accepts() {
        assert_eq!(KIOSK.check(), Ok(()));
        for lock in [
            P::HIDE_DOCK,
            P::HIDE_MENU_BAR,
            P::DISABLE_PROCESS_SWITCHING,
            P::DISABLE_FORCE_QUIT,
            P::DISABLE_SESSION_TERMINATION,
            P::DISABLE_HIDE_APPLICATION,
        ] {
            assert!(KIOSK.has(lock), "{lock:?}");
        }
        // The bits AppKit gives these names (NSApplicationPresentationOptions).
        assert_eq!(KIOSK.bits(), 2 | 8 | 32 | 64 | 128 | 256);
    }

    #[test]
    fn each_of_apples_rules_refuses_what_it_forbids() {
        let refused = [
            P::HIDE_DOCK.with(P::AUTO_HIDE_DOCK),
            P::HIDE_DOCK
                .with(P::HIDE_MENU_BAR)
                .with(P::AUTO_HIDE_MENU_BAR),
            P::HIDE_MENU_BAR,
            P::AUTO_HIDE_DOCK.with(P::HIDE_MENU_BAR),
            P::AUTO_HIDE_MENU_BAR,
            P::DISABLE_PROCESS_SWITCHING,
            P::DISABLE_FORCE_QUIT,
            P::DISABLE_SESSION_TERMINATION,
            P::DISABLE_MENU_BAR_TRANSPARENCY,
            P::HIDE_MENU_BAR.with(P::DISABLE_PROCESS_SWITCHING),
            P::AUTO_HIDE_TOOLBAR,
            P::AUTO_HIDE_TOOLBAR.with(P::FULL_SCREEN),
        ];
        for options in refused {
            assert!(options.check().is_err(), "{options:?} accepted");
        }
    }

    #[test]
    fn combinations_apple_allows_pass() {
        let accepted = [
            P(0),
            P::AUTO_HIDE_DOCK,
            P::AUTO_HIDE_DOCK.with(P::AUTO_HIDE_MENU_BAR),
            P::HIDE_DOCK.with(P::AUTO_HIDE_MENU_BAR),
            P::AUTO_HIDE_DOCK.with(P::DISABLE_PROCESS_SWITCHING),
            P::DISABLE_HIDE_APPLICATION,
            P::FULL_SCREEN
                .with(P::AUTO_HIDE_DOCK)
                .with(P::AUTO_HIDE_MENU_BAR)
                .with(P::AUTO_HIDE_TOOLBAR),
        ];
        for options in accepted {
            assert_eq!(options.check(), Ok(()), "{options:?}");
        }
    }
}
