//! The pack's other visitor texts: interface labels it may reword, and the timeline's dates.

use super::checker::Checker;
use super::manifest::{Manifest, LABEL_KEYS};
use super::problem::{Code, Severity};

impl Checker {
    pub(super) fn check_labels(&mut self, manifest: &Manifest) {
        for (key, text) in &manifest.labels {
            if !LABEL_KEYS.contains(&key.as_str()) {
                self.manifest_finding(
                    text.span().start,
                    Severity::Warning,
                    Code::UnknownField,
                    format!(
                        "label `{key}` is not one the kiosk shows and is ignored (labels: {})",
                        LABEL_KEYS.join(", ")
                    ),
                );
            }
        }
    }

    pub(super) fn check_timeline(&mut self, manifest: &Manifest) {
        for event in &manifest.timeline {
            if !is_iso_date(event.date.get_ref()) {
                self.error_at(
                    event.date.span().start,
                    Code::BadDate,
                    format!(
                        "timeline date {:?} is not an ISO date: write 2009, 2009-11 or 2009-11-16",
                        event.date.get_ref()
                    ),
                );
            }
        }
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, and a real calendar date.
pub(super) fn is_iso_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let numbers: Option<Vec<u16>> = parts
        .iter()
        .zip([4, 2, 2])
        .map(|(part, width)| {
            (part.len() == width && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect();
    match (parts.len(), numbers.as_deref()) {
        (1, Some([_])) => true,
        (2, Some([_, month])) => (1..=12).contains(month),
        (3, Some([year, month, day])) => time::Month::try_from(*month as u8)
            .ok()
            .and_then(|m| time::Date::from_calendar_date(i32::from(*year), m, *day as u8).ok())
            .is_some(),
        _ => false,
    }
}
