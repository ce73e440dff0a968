//! The report for a terminal (and a cron job's mail): a header and one line per kiosk, then a line
//! for each thing a row cannot hold (problems, why a pack waits or was refused), then the summary.
//! Every string from a file is escaped and clipped, so no kiosk can draw on the terminal or push
//! the table out of shape.

use super::{bytes_words, clipped, duration_words, FleetReport, KioskRow};
use crate::content::printable;
use crate::fleet::status::{DisplayPower, FleetState, Showing};

/// Characters of the longest cell of a column; longer text is cut with an ellipsis.
const WIDEST_CELL: usize = 40;
/// Characters of a detail line's text after the kiosk id.
const WIDEST_DETAIL: usize = 300;

const HEADER: [&str; 10] = [
    "KIOSK",
    "STATUS",
    "LAST SEEN",
    "SHOWING",
    "PACK",
    "FLEET",
    "PLAYS",
    "FREE",
    "LAST FAULT",
    "NAME",
];

pub(super) fn table(report: &FleetReport) -> String {
    let now = report.generated_at;
    let rows: Vec<[String; 10]> = report.kiosks.iter().map(|k| cells(k, now)).collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.extend(std::iter::repeat_n(' ', width - cell.chars().count() + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&HEADER.map(String::from));
    for row in &rows {
        line(row);
    }
    let mut details = String::new();
    for kiosk in &report.kiosks {
        for detail in details_of(kiosk) {
            details.push_str(&format!(
                "  {}: {}\n",
                printable(&clipped(&kiosk.kiosk_id, WIDEST_CELL)),
                printable(&clipped(&detail, WIDEST_DETAIL))
            ));
        }
    }
    for problem in &report.problems {
        details.push_str(&format!("  {problem}\n"));
    }
    if !details.is_empty() {
        out.push('\n');
        out.push_str(&details);
    }
    out.push('\n');
    out.push_str(&report.summary_line());
    out.push('\n');
    out
}

/// One cell of text: escaped, then clipped to a column's width.
fn cell(text: &str) -> String {
    clipped(&printable(text), WIDEST_CELL).into_owned()
}

fn cells(kiosk: &KioskRow, now: chrono::DateTime<chrono::Utc>) -> [String; 10] {
    let none = || "-".to_string();
    let last_seen = kiosk.last_seen_secs_ago.map_or_else(
        || "never".into(),
        |secs| format!("{} ago", duration_words(secs)),
    );
    let showing = match (kiosk.showing, kiosk.display_power) {
        (Some(showing), Some(power)) => {
            let mut text = format!("{}/{}", showing_word(showing), power_word(power));
            if kiosk.maintenance {
                text.push_str(" maint.");
            }
            text
        }
        _ => none(),
    };
    let pack = match (&kiosk.pack_shown, &kiosk.pack_desired) {
        (Some(shown), Some(desired)) if shown != desired => {
            cell(&format!("{shown} (wants {desired})"))
        }
        (Some(shown), _) => cell(shown),
        (None, Some(desired)) => cell(&format!("none (wants {desired})")),
        (None, None) => none(),
    };
    let fault = kiosk.last_fault.as_ref().map_or_else(none, |fault| {
        let ago = u64::try_from((now - fault.at).num_seconds()).unwrap_or(0);
        cell(&format!("{} ago {}", duration_words(ago), fault.fault))
    });
    [
        cell(&kiosk.kiosk_id),
        kiosk.verdict.label().to_uppercase(),
        last_seen,
        showing,
        pack,
        kiosk
            .fleet_state
            .map_or_else(none, |s| state_word(s).into()),
        kiosk.plays_today.map_or_else(none, |n| n.to_string()),
        kiosk.free_disk_bytes.map_or_else(none, bytes_words),
        fault,
        kiosk.name.as_deref().map_or_else(none, cell),
    ]
}

/// What the table's row cannot hold, one line each: problems first.
fn details_of(kiosk: &KioskRow) -> Vec<String> {
    let mut details: Vec<String> = kiosk.problems.iter().map(ToString::to_string).collect();
    if let (Some(state), Some(detail)) = (kiosk.fleet_state, &kiosk.fleet_detail) {
        if state != FleetState::Current {
            details.push(format!("{}: {detail}", state_word(state)));
        }
    }
    details
}

pub(super) fn showing_word(showing: Showing) -> &'static str {
    match showing {
        Showing::Starting => "starting",
        Showing::Attract => "attract",
        Showing::Visitor => "visitor",
        Showing::Closed => "closed",
        Showing::SafeMode => "safe mode",
        Showing::Slate => "slate",
    }
}

pub(super) fn power_word(power: DisplayPower) -> &'static str {
    match power {
        DisplayPower::On => "on",
        DisplayPower::Asleep => "asleep",
        DisplayPower::Blanked => "black slate",
        DisplayPower::Unmanaged => "unmanaged",
    }
}

pub(super) fn state_word(state: FleetState) -> &'static str {
    match state {
        FleetState::Local => "local",
        FleetState::Current => "current",
        FleetState::Waiting => "waiting",
        FleetState::Refused => "refused",
        FleetState::NoPlan => "no plan",
        FleetState::BadPlan => "bad fleet.toml",
    }
}
