//! `fleet --html FILE`: the page staff keep open on the anchor laptop. One file with its styles
//! inline and nothing else: no script, no image, no font, nothing from the network, and a content
//! security policy that says so. Every string from a kiosk's files is HTML-escaped (and its
//! control characters shown escaped); each status has a word as well as a colour.

use super::text::{power_word, showing_word, state_word};
use super::{
    bytes_words, clipped, duration_words, FleetReport, KioskRow, StatusProblem, Verdict,
    CLOCK_AHEAD_TOLERANCE_SECS,
};
use crate::content::printable;
use crate::fleet::status::FleetState;
use chrono::{DateTime, FixedOffset, Utc};
use std::fmt::Write;
use std::path::Path;

/// The policy the page carries: styles inline, nothing else at all.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";
/// Seconds between the page's reloads of itself, so a page left open shows what the last
/// `fleet --html` run wrote.
const RELOAD_SECS: u32 = 60;
/// Characters of one string from a file shown at most.
const LONGEST_TEXT: usize = 300;

const STYLE: &str = r#"
:root { color-scheme: light; --ok: #067647; --waiting: #1d5bbf; --refused: #b93815;
  --problem: #6b3fa0; --silent: #b42318; --ink: #1d2433; --muted: #5a6478; --line: #d6dbe4; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 40px; font: 15px/1.45 system-ui, -apple-system, "Segoe UI",
  Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: #f4f6f9; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 24px; margin-bottom: 16px; }
h1 { margin: 0; font-size: 24px; }
.generated { margin: 0; color: var(--muted); }
.generated strong { color: var(--ink); }
.summary { display: flex; flex-wrap: wrap; gap: 10px; list-style: none; margin: 0 0 16px; padding: 0; }
.summary li { padding: 8px 14px; border-radius: 8px; background: #fff; border: 1px solid var(--line);
  border-left: 6px solid var(--c, var(--ink)); font-size: 16px; }
.summary li strong { font-size: 22px; margin-right: 6px; }
.summary li.none { opacity: 0.55; }
.dir-problems { margin: 0 0 16px; padding: 12px 16px 12px 36px; background: #fff4f2;
  border: 1px solid #f1b8ae; border-radius: 8px; }
table { width: 100%; table-layout: fixed; border-collapse: separate; border-spacing: 0; background: #fff;
  border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
th, td { padding: 9px 12px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
th { position: sticky; top: 0; background: #e9edf3; font-size: 13px; text-transform: uppercase;
  letter-spacing: 0.04em; color: #3a4458; }
tbody tr:last-child td { border-bottom: 0; }
tr.row > td:first-child { border-left: 6px solid var(--c); }
tr.ok { --c: var(--ok); }
tr.waiting, li.waiting { --c: var(--waiting); }
tr.refused, li.refused { --c: var(--refused); }
tr.problem, li.problem { --c: var(--problem); }
tr.silent, li.silent { --c: var(--silent); }
li.ok { --c: var(--ok); }
tr.silent { background: #fff5f4; }
tr.refused { background: #fff8f3; }
tr.problem { background: #faf6ff; }
.badge { display: inline-block; min-width: 78px; padding: 3px 8px; border-radius: 5px;
  background: var(--c); color: #fff; font-weight: 700; font-size: 13px; letter-spacing: 0.05em;
  text-align: center; text-transform: uppercase; }
.id { font-weight: 700; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.muted, .sub { color: var(--muted); font-size: 13px; }
.sub { display: block; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.flag { color: var(--silent); font-weight: 700; }
td { overflow-wrap: break-word; }
.where { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; overflow-wrap: anywhere; }
.notes ul { margin: 0; padding-left: 18px; }
.notes li + li { margin-top: 4px; }
.wants { color: var(--refused); font-weight: 600; }
footer { margin-top: 14px; color: var(--muted); font-size: 13px; }
"#;

pub(super) fn page(report: &FleetReport, offset: FixedOffset) -> String {
    let now = report.generated_at;
    let s = &report.summary;
    let mut html = String::with_capacity(16 * 1024 + report.kiosks.len() * 1024);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"refresh\" content=\"{RELOAD_SECS}\">\n\
         <title>{} – Screening Kiosk fleet</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&report.summary_line()),
    );
    let _ = write!(
        html,
        "<header>\n<h1>Screening Kiosk fleet</h1>\n\
         <p class=\"generated\">Generated <strong>{}</strong> from <code>{}</code></p>\n</header>\n",
        now.with_timezone(&offset).format("%Y-%m-%d %H:%M:%S (UTC%:z)"),
        text(&report.status_dir.display().to_string()),
    );
    html.push_str("<ul class=\"summary\" aria-label=\"Summary\">\n");
    for (count, verdict, words) in [
        (s.silent, Verdict::Silent, "silent"),
        (s.problem, Verdict::Problem, "with a problem"),
        (s.refused, Verdict::Refused, "refused a pack"),
        (s.waiting, Verdict::Waiting, "waiting for a pack"),
        (s.ok, Verdict::Ok, "ok"),
    ] {
        let none = if count == 0 { " none" } else { "" };
        let _ = writeln!(
            html,
            "<li class=\"{}{none}\"><strong>{count}</strong>{words}</li>",
            verdict.label()
        );
    }
    let _ = writeln!(
        html,
        "<li><strong>{}</strong>kiosk{} in all</li>\n</ul>",
        s.kiosks,
        if s.kiosks == 1 { "" } else { "s" }
    );
    if !report.problems.is_empty() {
        html.push_str("<ul class=\"dir-problems\">\n");
        for problem in &report.problems {
            let _ = writeln!(html, "<li>{}</li>", text(&problem.to_string()));
        }
        html.push_str("</ul>\n");
    }
    html.push_str(
        "<table>\n<colgroup><col style=\"width:8.5%\"><col style=\"width:11%\"><col style=\"width:8.5%\">\
         <col style=\"width:8.5%\"><col style=\"width:14%\"><col style=\"width:7.5%\"><col style=\"width:7%\">\
         <col style=\"width:8%\"><col style=\"width:9.5%\"><col></colgroup>\n<thead><tr><th>Status</th><th>Kiosk</th><th>Last seen</th><th>Showing</th>\
         <th>Pack</th><th class=\"num\">Plays today</th><th class=\"num\">Free disk</th>\
         <th>Clock</th><th>Last fault</th><th>Notes</th></tr></thead>\n<tbody>\n",
    );
    for kiosk in &report.kiosks {
        row(&mut html, kiosk, &report.status_dir, now, offset);
    }
    html.push_str("</tbody>\n</table>\n");
    let _ = write!(
        html,
        "<footer>A kiosk is silent when no heartbeat came for three of its intervals (at least {} min){}. \
         This page reloads itself every minute and is as fresh as the last \
         <code>screening-kiosk fleet --html</code> run.</footer>\n</body>\n</html>\n",
        super::MIN_SILENT_AFTER_SECS / 60,
        report
            .silent_after_secs
            .map(|secs| format!("; this report was asked for {}", duration_words(secs)))
            .unwrap_or_default(),
    );
    html
}

fn row(
    html: &mut String,
    kiosk: &KioskRow,
    status_dir: &Path,
    now: DateTime<Utc>,
    offset: FixedOffset,
) {
    let label = kiosk.verdict.label();
    let _ = write!(
        html,
        "<tr class=\"row {label}\"><td><span class=\"badge\">{label}</span></td>\
         <td><span class=\"id\">{}</span>{}</td>",
        text(&kiosk.kiosk_id),
        kiosk
            .name
            .as_deref()
            .map(|name| format!("<span class=\"sub\">{}</span>", text(name)))
            .unwrap_or_default(),
    );
    html.push_str("<td>");
    match (kiosk.last_seen_secs_ago, kiosk.last_seen) {
        (Some(ago), Some(seen)) => {
            let _ = write!(
                html,
                "<span{}>{} ago</span><span class=\"sub\">at {}</span>",
                if kiosk.verdict == Verdict::Silent {
                    " class=\"flag\""
                } else {
                    ""
                },
                duration_words(ago),
                time_at(seen, offset, now),
            );
        }
        _ => html.push_str("<span class=\"muted\">never</span>"),
    }
    html.push_str("</td><td>");
    if let (Some(showing), Some(power)) = (kiosk.showing, kiosk.display_power) {
        let _ = write!(
            html,
            "{}<span class=\"sub\">display {}</span>{}",
            showing_word(showing),
            power_word(power),
            if kiosk.maintenance {
                "<span class=\"sub\">maintenance</span>"
            } else {
                ""
            }
        );
    } else {
        html.push_str("<span class=\"muted\">–</span>");
    }
    html.push_str("</td><td>");
    match &kiosk.pack_shown {
        Some(shown) => html.push_str(&text(shown)),
        None => html.push_str("<span class=\"muted\">none</span>"),
    }
    if let Some(desired) = &kiosk.pack_desired {
        if kiosk.pack_shown.as_ref() != Some(desired) {
            let _ = write!(
                html,
                "<span class=\"sub wants\">wants {}</span>",
                text(desired)
            );
        }
    }
    if let Some(state) = kiosk.fleet_state.filter(|s| *s != FleetState::Current) {
        let _ = write!(
            html,
            "<span class=\"sub\">fleet: {}</span>",
            state_word(state)
        );
    }
    let _ = write!(
        html,
        "</td><td class=\"num\">{}{}</td><td class=\"num\">{}</td><td>",
        kiosk
            .plays_today
            .map_or_else(|| "–".to_string(), |n| n.to_string()),
        kiosk
            .plays_today_from
            .map(|from| match from {
                super::PlaysSource::PlaysFile => "",
                super::PlaysSource::Heartbeat => "<span class=\"sub\">from heartbeat</span>",
            })
            .unwrap_or_default(),
        kiosk
            .free_disk_bytes
            .map_or_else(|| "–".to_string(), bytes_words),
    );
    match kiosk.clock_skew_secs {
        Some(skew) if skew > CLOCK_AHEAD_TOLERANCE_SECS => {
            let _ = write!(
                html,
                "<span class=\"flag\">ahead by {}</span>",
                duration_words(skew.unsigned_abs())
            );
        }
        Some(skew) if skew < -CLOCK_AHEAD_TOLERANCE_SECS => {
            let _ = write!(
                html,
                "arrived {} after writing",
                duration_words(skew.unsigned_abs())
            );
        }
        Some(_) => html.push_str("in step"),
        None => html.push_str("<span class=\"muted\">–</span>"),
    }
    html.push_str("</td><td class=\"notes\">");
    match &kiosk.last_fault {
        Some(fault) => {
            let _ = write!(
                html,
                "{}<span class=\"sub\">{}; {}</span>",
                text(&fault.fault),
                time_at(fault.at, offset, now),
                text(&fault.recovery),
            );
        }
        None => html.push_str("<span class=\"muted\">none</span>"),
    }
    html.push_str("</td><td class=\"notes\">");
    let mut notes: Vec<String> = kiosk
        .problems
        .iter()
        .map(|problem| problem_note(problem, status_dir))
        .collect();
    if let (Some(state), Some(detail)) = (kiosk.fleet_state, &kiosk.fleet_detail) {
        if state != FleetState::Current {
            notes.push(format!("{}: {}", state_word(state), text(detail)));
        }
    }
    if !notes.is_empty() {
        html.push_str("<ul>");
        for note in notes {
            let _ = write!(html, "<li>{note}</li>");
        }
        html.push_str("</ul>");
    }
    html.push_str("</td></tr>\n");
}

/// A kiosk's problem with its file named from STATUS_DIR (the row already says which kiosk, the
/// page's top which folder); the full path is the title, shown on hover.
fn problem_note(problem: &StatusProblem, status_dir: &Path) -> String {
    let full = problem.file.display().to_string();
    let shown = problem
        .file
        .strip_prefix(status_dir)
        .map_or_else(|_| full.clone(), |p| p.display().to_string());
    let mut place = text(&shown);
    if let Some(line) = problem.line {
        let _ = write!(place, ":{line}");
        if let Some(column) = problem.column {
            let _ = write!(place, ":{column}");
        }
    }
    format!(
        "<span class=\"where\" title=\"{}\">{place}</span>: {}",
        text(&full),
        text(&problem.message)
    )
}

/// A string from a file, made safe for the page: control characters shown escaped, clipped,
/// then HTML-escaped.
fn text(raw: &str) -> String {
    escape(&clipped(&printable(raw), LONGEST_TEXT))
}

/// HTML-escapes `text` for an element's content or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// `14:03:12` today, `2025-06-14 14:03` another day, at the anchor's offset (named once, at the top).
fn time_at(at: DateTime<Utc>, offset: FixedOffset, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&offset);
    if local.date_naive() == now.with_timezone(&offset).date_naive() {
        local.format("%H:%M:%S").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M").to_string()
    }
}
