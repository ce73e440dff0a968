//! The staff's way in and out: the PIN pad, the operator panel's fields and its save, Exit kiosk.

use super::{Kiosk, PIN};

impl Kiosk {
    /// Types `pin` on the on-screen pad and confirms it.
    pub async fn enter_pin(&self, pin: &str) {
        for digit in pin.chars() {
            self.tap(&format!("pin-key-{digit}")).await;
        }
        self.tap("pin-ok").await;
    }

    /// From any kiosk screen to the operator panel: keyboard chord, then the PIN.
    pub async fn open_operator_panel(&self) {
        self.xdotool(&["key", "--clearmodifiers", "ctrl+alt+shift+o"]);
        self.wait_for_screen("pin").await;
        self.enter_pin(PIN).await;
        self.wait_for_screen("operator").await;
        self.wait_until(
            "the panel to load its settings",
            "document.querySelector('[data-testid=\"op-idle-timeout\"]')?.value !== ''",
        )
        .await;
    }

    /// Sets a panel field as an operator would (value, then the input and change events); a
    /// checkbox takes "true" or "false".
    pub async fn set_field(&self, test_id: &str, value: &str) {
        self.js(&format!(
            "const e = document.querySelector('[data-testid=\"{test_id}\"]'); \
             if (e.type === 'checkbox') e.checked = {value:?} === 'true'; else e.value = {value:?}; \
             e.dispatchEvent(new Event('input', {{ bubbles: true }})); \
             e.dispatchEvent(new Event('change', {{ bubbles: true }})); return true"
        ))
        .await;
    }

    pub async fn save_panel(&self) {
        self.tap("op-save").await;
        self.wait_until(
            "the panel to confirm the save",
            "/saved/i.test(document.querySelector('[data-testid=\"op-message\"]')?.innerText || '')",
        )
        .await;
    }

    /// Exit kiosk from the open operator panel, and waits until the process is gone.
    pub async fn exit_from_panel(&self) {
        let pid = self.app_pid().expect("the kiosk process is found");
        self.tap("op-exit").await;
        // Clicked from a timer: the kiosk is gone before a WebDriver click could report back.
        self.js("setTimeout(() => document.querySelector('[data-testid=\"op-exit-confirm\"]').click(), 100); return true")
            .await;
        self.wait_for_exit(pid).await;
    }
}
