//! Reads a caption file the way a browser does, by the parsing rules of the W3C WebVTT spec
//! (<https://www.w3.org/TR/webvtt1/#file-parsing>), and reports what a visitor would miss: blocks
//! the parser drops, cues that are never shown, cues out of time order and cues that pile up on
//! screen. `check` is linear in its input, never recurses and reports at most
//! [`REPORTED_PER_KIND`] findings of each kind (with the total), so a hostile file costs no more
//! than reading it.
//!
//! Written here rather than taken from crates.io: the WebVTT crates there parse a file whole or
//! fail whole (`webvtt-parser` stops at the first bad cue and wants exactly one space around
//! `-->`; `vtt` is a serde model of well-formed files), while a browser drops a bad cue and keeps
//! the rest, and the point of this check is to say which ones it drops, at which line. The parts
//! of the spec that decide whether a cue exists are small: the file signature, blocks split by
//! blank lines (or by a line with `-->` where a new block may start), the timing line and the
//! timestamp rules. Cue settings and cue text are read only as far as these checks need.
//!
//! Overlap is judged conservatively, because stacked cues are often meant: two cues starting at
//! the same time are simultaneous on purpose (two speakers), a cue inside another's time nests in
//! it (a sound caption over a line of speech; the spec's "nested cues"), and a cue with any cue
//! setting (`line`, `position`, `size`, `align`, `region`, `vertical`) has been laid out beside
//! the others. Only a cue that starts while the cue before it in the file is on screen and ends
//! after it, with neither carrying a setting, is reported: two cues that partly overlap, the usual
//! slip of an end time typed too late or a start too early.

use std::fmt;

/// At most this many findings of each kind are listed; the report still counts them all.
pub const REPORTED_PER_KIND: usize = 10;

/// A time in a caption file, in milliseconds from the start of the video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub u64);

impl Timestamp {
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        write!(
            f,
            "{:02}:{:02}:{:02}.{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }
}

/// A cue a browser keeps and can show: its end is after its start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// 1-based line of its timing line.
    pub line: usize,
    pub start: Timestamp,
    pub end: Timestamp,
    /// It has a cue setting (`line`, `position`, `size`, `align`, `region`, `vertical`): laid out
    /// on purpose.
    pub placed: bool,
    /// The cue's text as written (markup and character references included), lines joined by
    /// `\n`; `plain_text` is what a reader of it sees.
    pub text: String,
}

impl Cue {
    /// The text without its markup (`<i>`, `<v Speaker>`, timestamps) and with the character
    /// references a cue may use decoded, for a page that draws captions itself. The voice of a
    /// `<v>` span is dropped, as browsers show it by default.
    pub fn plain_text(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut rest = self.text.as_str();
        while let Some(at) = rest.find(['<', '&']) {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if rest.starts_with('<') {
                // A tag runs to its '>'; one left open runs to the end of the cue, as the spec's
                // tokenizer reads it.
                rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
                continue;
            }
            // Only as far as the longest reference could reach: a cue of ampersands without
            // semicolons would otherwise be searched to its end once for each of them.
            let window = &rest.as_bytes()[1..rest.len().min(REFERENCE_REACH + 2)];
            let reference = window
                .iter()
                .position(|&b| b == b';')
                .map(|end| (&rest[1..=end], &rest[end + 2..]))
                .and_then(|(name, after)| decoded(name).map(|c| (c, after)));
            match reference {
                Some((c, after)) => {
                    out.push(c);
                    rest = after;
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// The longest reference name `decoded` reads, with room for leading zeros: `#x0010FFFF`.
const REFERENCE_REACH: usize = 16;

/// The named references WebVTT defines, and numeric ones.
fn decoded(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    })
}

/// What a WebVTT timing line can get wrong, as the spec's timestamp rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimingError {
    /// No digit where a timestamp should start.
    NotATimestamp,
    /// A comma before the milliseconds, as SRT writes them.
    SrtComma,
    /// Minutes or seconds written with other than two digits.
    NotTwoDigits,
    /// Milliseconds written with other than three digits.
    NotThreeDigits,
    /// A `:` or `.` missing.
    MissingSeparator,
    /// Minutes or seconds above 59.
    Above59,
    /// The two timestamps are not joined by `-->`.
    NoArrow,
}

impl fmt::Display for TimingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimingError::NotATimestamp => "a timestamp such as `00:00:01.000` is expected here",
            TimingError::SrtComma => {
                "the milliseconds follow a comma, as in SRT; WebVTT writes a full stop (`00:00:01.000`)"
            }
            TimingError::NotTwoDigits => "minutes and seconds are written with two digits each",
            TimingError::NotThreeDigits => {
                "the milliseconds are written with exactly three digits after the full stop"
            }
            TimingError::MissingSeparator => {
                "a timestamp is written `hh:mm:ss.ttt` or `mm:ss.ttt`; a `:` or `.` is missing here"
            }
            TimingError::Above59 => "minutes and seconds go up to 59",
            TimingError::NoArrow => "the two timestamps are joined by `-->`",
        })
    }
}

/// Why a block of the file never reaches the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropReason {
    /// A line with `-->` where a cue's timing belongs that the timestamp rules refuse.
    BadTiming(TimingError),
    /// A cue whose end is not after its start: a browser keeps it but never shows it.
    EndNotAfterStart { start: Timestamp, end: Timestamp },
    /// Text with no timing line above it (often a blank line inside a cue's text).
    NoTimingLine,
    /// A `STYLE` or `REGION` block after the first cue, which the parser ignores.
    LateDefinition(&'static str),
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DropReason::BadTiming(why) => {
                write!(f, "the cue is dropped, its timing line is not valid: {why}")
            }
            DropReason::EndNotAfterStart { start, end } => write!(
                f,
                "the cue is never shown: it ends at {end}, not after its start at {start}"
            ),
            DropReason::NoTimingLine => f.write_str(
                "this text is not shown: no timing line comes before it (a blank line inside a cue's text ends the cue)",
            ),
            DropReason::LateDefinition(kind) => write!(
                f,
                "this {kind} block is ignored: {kind} blocks come before the first cue"
            ),
        }
    }
}

/// One thing a visitor would miss or see wrongly, at a 1-based line and column of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    Dropped {
        line: usize,
        column: usize,
        why: DropReason,
    },
    /// A cue starting before a cue above it starts.
    OutOfOrder {
        line: usize,
        start: Timestamp,
        earlier_line: usize,
        earlier_start: Timestamp,
    },
    /// A cue starting while the cue above it is on screen and ending after it; see the module doc.
    Overlap {
        line: usize,
        start: Timestamp,
        previous_line: usize,
        previous_end: Timestamp,
    },
}

impl Finding {
    pub fn line(&self) -> usize {
        match self {
            Finding::Dropped { line, .. }
            | Finding::OutOfOrder { line, .. }
            | Finding::Overlap { line, .. } => *line,
        }
    }

    pub fn column(&self) -> usize {
        match self {
            Finding::Dropped { column, .. } => *column,
            Finding::OutOfOrder { .. } | Finding::Overlap { .. } => 1,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Dropped { why, .. } => write!(f, "{why}"),
            Finding::OutOfOrder {
                start,
                earlier_line,
                earlier_start,
                ..
            } => write!(
                f,
                "this cue starts at {start}, before the cue at line {earlier_line} (at {earlier_start}): keep cues in time order"
            ),
            Finding::Overlap {
                start,
                previous_line,
                previous_end,
                ..
            } => write!(
                f,
                "this cue starts at {start}, while the cue at line {previous_line} is still on screen (until {previous_end}): both show at once, stacked"
            ),
        }
    }
}

/// Everything `check` found in a file that has the WebVTT signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The cues a browser keeps and can show, in file order.
    pub cues: Vec<Cue>,
    /// In file order, at most [`REPORTED_PER_KIND`] of each kind.
    pub findings: Vec<Finding>,
    /// How many of each kind there are in all, listed or not.
    pub dropped: usize,
    pub out_of_order: usize,
    pub overlaps: usize,
}

impl Report {
    /// The cue that ends last, to compare with the video's length.
    pub fn last_to_end(&self) -> Option<&Cue> {
        self.cues
            .iter()
            .max_by_key(|cue| (cue.end, std::cmp::Reverse(cue.line)))
    }

    fn add(&mut self, finding: Finding) {
        let total = match finding {
            Finding::Dropped { .. } => &mut self.dropped,
            Finding::OutOfOrder { .. } => &mut self.out_of_order,
            Finding::Overlap { .. } => &mut self.overlaps,
        };
        *total += 1;
        if *total <= REPORTED_PER_KIND {
            self.findings.push(finding);
        }
    }
}

/// The file does not start with the WebVTT signature, so a browser reads nothing from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotWebVtt;

/// Parses `text` (a byte-order mark at its start is skipped, as UTF-8 decoding does) by the
/// WebVTT parser algorithm and reports what it keeps and drops.
pub fn check(text: &str) -> Result<Report, NotWebVtt> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // The signature: "WEBVTT" alone or followed by a space, a tab or a line break.
    let signed = text
        .strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']));
    if !signed {
        return Err(NotWebVtt);
    }
    let mut lines = Lines::new(text).peekable();
    lines.next(); // the signature line, whatever follows "WEBVTT" on it
    let mut parser = Parser::default();
    if lines.peek().is_some_and(|(_, line)| !line.is_empty()) {
        parser.collect_block(&mut lines, true);
    }
    loop {
        while lines.next_if(|(_, line)| line.is_empty()).is_some() {}
        if lines.peek().is_none() {
            break;
        }
        match parser.collect_block(&mut lines, false) {
            Block::Cue(cue) => parser.keep(cue),
            Block::Dropped { line, column, why } => {
                parser.report.add(Finding::Dropped { line, column, why })
            }
            Block::Ignored => {}
        }
    }
    Ok(parser.report)
}

/// The file's lines, each with its 1-based number; CRLF, CR and LF each end a line.
struct Lines<'a> {
    rest: &'a str,
    number: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            rest: text,
            number: 0,
        }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let line = match self.rest.find(['\n', '\r']) {
            Some(at) => {
                let terminator = if self.rest[at..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                let line = &self.rest[..at];
                self.rest = &self.rest[at + terminator..];
                line
            }
            None => std::mem::take(&mut self.rest),
        };
        self.number += 1;
        Some((self.number, line))
    }
}

/// What one "collect a WebVTT block" returns, as far as these checks care.
enum Block {
    Cue(Cue),
    Dropped {
        line: usize,
        column: usize,
        why: DropReason,
    },
    /// The header, a comment, a style sheet or a region: nothing a visitor misses.
    Ignored,
}

#[derive(Default)]
struct Parser {
    seen_cue: bool,
    report: Report,
    /// The cue with the latest start so far, for the order check.
    latest_start: Option<(usize, Timestamp)>,
    /// The cue kept just before, for the overlap check.
    previous: Option<(usize, Timestamp, Timestamp, bool)>,
}

impl Parser {
    /// The spec's "collect a WebVTT block". A line holding `-->` that cannot belong to this block
    /// is left for the next one; every other line read is consumed, and a block outside the
    /// header always consumes its first line, so the caller's loop always moves on.
    fn collect_block<'a, I>(&mut self, lines: &mut std::iter::Peekable<I>, in_header: bool) -> Block
    where
        I: Iterator<Item = (usize, &'a str)>,
    {
        let mut line_count = 0;
        let mut seen_arrow = false;
        let mut cue: Option<Cue> = None;
        let mut bad_timing: Option<(usize, usize, TimingError)> = None;
        // The buffer matters only through its first line and whether it is empty.
        let mut buffer_first: Option<(usize, &'a str)> = None;
        let mut definition = false;
        while let Some(&(number, line)) = lines.peek() {
            line_count += 1;
            if line.contains("-->") {
                if !in_header && (line_count == 1 || (line_count == 2 && !seen_arrow)) {
                    lines.next();
                    seen_arrow = true;
                    match parse_timing(line) {
                        Ok((start, end, placed)) => {
                            cue = Some(Cue {
                                line: number,
                                start,
                                end,
                                placed,
                                text: String::new(),
                            });
                            buffer_first = None;
                            self.seen_cue = true;
                        }
                        Err((at, why)) => {
                            cue = None;
                            bad_timing = Some((number, column_of(line, at), why));
                        }
                    }
                    continue;
                }
                break;
            }
            lines.next();
            if line.is_empty() {
                break;
            }
            if let Some(cue) = cue.as_mut() {
                if !cue.text.is_empty() {
                    cue.text.push('\n');
                }
                cue.text.push_str(line);
            }
            if !in_header && line_count == 2 && !self.seen_cue {
                if let Some((_, first)) = buffer_first {
                    if definition_keyword(first).is_some() {
                        definition = true;
                        buffer_first = None;
                    }
                }
            }
            if buffer_first.is_none() {
                buffer_first = Some((number, line));
            }
        }
        if in_header {
            return Block::Ignored;
        }
        if let Some(cue) = cue {
            return Block::Cue(cue);
        }
        if let Some((line, column, why)) = bad_timing {
            return Block::Dropped {
                line,
                column,
                why: DropReason::BadTiming(why),
            };
        }
        if definition {
            return Block::Ignored;
        }
        let Some((line, first)) = buffer_first.filter(|(_, first)| !is_note(first)) else {
            return Block::Ignored;
        };
        let why = match definition_keyword(first) {
            // Before any cue, a keyword line alone is an empty definition: harmless.
            Some(_) if !self.seen_cue => return Block::Ignored,
            Some(kind) => DropReason::LateDefinition(kind),
            None => DropReason::NoTimingLine,
        };
        Block::Dropped {
            line,
            column: 1,
            why,
        }
    }

    fn keep(&mut self, cue: Cue) {
        if cue.end <= cue.start {
            self.report.add(Finding::Dropped {
                line: cue.line,
                column: 1,
                why: DropReason::EndNotAfterStart {
                    start: cue.start,
                    end: cue.end,
                },
            });
            return;
        }
        match self.latest_start {
            Some((earlier_line, earlier_start)) if cue.start < earlier_start => {
                self.report.add(Finding::OutOfOrder {
                    line: cue.line,
                    start: cue.start,
                    earlier_line,
                    earlier_start,
                });
            }
            _ => {
                if let Some((previous_line, previous_start, previous_end, previous_placed)) =
                    self.previous
                {
                    if previous_start < cue.start
                        && cue.start < previous_end
                        && previous_end < cue.end
                        && !previous_placed
                        && !cue.placed
                    {
                        self.report.add(Finding::Overlap {
                            line: cue.line,
                            start: cue.start,
                            previous_line,
                            previous_end,
                        });
                    }
                }
                self.latest_start = Some((cue.line, cue.start));
            }
        }
        self.previous = Some((cue.line, cue.start, cue.end, cue.placed));
        self.report.cues.push(cue);
    }
}

/// "STYLE" or "REGION" followed by nothing but ASCII whitespace: the first line of a definition.
fn definition_keyword(line: &str) -> Option<&'static str> {
    ["STYLE", "REGION"].into_iter().find(|keyword| {
        line.strip_prefix(keyword)
            .is_some_and(|rest| rest.chars().all(is_ascii_whitespace))
    })
}

/// A comment block: "NOTE" alone or followed by a space or a tab.
fn is_note(line: &str) -> bool {
    line.strip_prefix("NOTE")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// The spec's ASCII whitespace; a line holds no line feed or carriage return by now.
fn is_ascii_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{000C}' | '\r' | ' ')
}

fn column_of(line: &str, byte: usize) -> usize {
    line.get(..byte)
        .map_or(1, |before| before.chars().count() + 1)
}

/// The spec's "collect WebVTT cue timings and settings": start, end, and whether a setting places
/// the cue. On failure, the byte offset in `line` where the rules refused it, and why.
fn parse_timing(line: &str) -> Result<(Timestamp, Timestamp, bool), (usize, TimingError)> {
    let bytes = line.as_bytes();
    let mut at = skip_whitespace(bytes, 0);
    let (start, after) = parse_timestamp(bytes, at)?;
    at = skip_whitespace(bytes, after);
    if !bytes[at..].starts_with(b"-->") {
        return Err((at, TimingError::NoArrow));
    }
    at = skip_whitespace(bytes, at + 3);
    let (end, after) = parse_timestamp(bytes, at)?;
    // Settings are split on ASCII whitespace; a token counts only with text either side of its
    // first colon, as the spec's settings parser requires.
    let placed = line[after..]
        .split(is_ascii_whitespace)
        .filter_map(|setting| setting.split_once(':'))
        .any(|(name, value)| {
            !name.is_empty()
                && !value.is_empty()
                && matches!(
                    name,
                    "line" | "position" | "size" | "align" | "region" | "vertical"
                )
        });
    Ok((start, end, placed))
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b'\t' | b'\x0C' | b' ') {
        at += 1;
    }
    at
}

/// Digits from `at`: their value (saturating: an absurd hour is still past any video's end), how
/// many there were, and where they end.
fn digits(bytes: &[u8], at: usize) -> (u64, usize, usize) {
    let mut end = at;
    let mut value: u64 = 0;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        value = value
            .saturating_mul(10)
            .saturating_add(u64::from(bytes[end] - b'0'));
        end += 1;
    }
    (value, end - at, end)
}

/// The spec's "collect a WebVTT timestamp" from byte `at`: the time and where it ends.
fn parse_timestamp(bytes: &[u8], start: usize) -> Result<(Timestamp, usize), (usize, TimingError)> {
    let (value1, len1, mut at) = digits(bytes, start);
    if len1 == 0 {
        return Err((at, TimingError::NotATimestamp));
    }
    let hours_first = len1 != 2 || value1 > 59;
    if bytes.get(at) != Some(&b':') {
        return Err((at, TimingError::MissingSeparator));
    }
    let at2 = at + 1;
    let (value2, len2, after) = digits(bytes, at2);
    if len2 != 2 {
        return Err((at2, TimingError::NotTwoDigits));
    }
    at = after;
    // Where the minutes and the seconds start, for pointing at one above 59.
    let (hours, minutes, seconds, minutes_at, seconds_at) =
        if hours_first || bytes.get(at) == Some(&b':') {
            if bytes.get(at) != Some(&b':') {
                return Err((at, separator_error(bytes, at)));
            }
            let at3 = at + 1;
            let (value3, len3, after) = digits(bytes, at3);
            if len3 != 2 {
                return Err((at3, TimingError::NotTwoDigits));
            }
            at = after;
            (value1, value2, value3, at2, at3)
        } else {
            (0, value1, value2, start, at2)
        };
    if bytes.get(at) != Some(&b'.') {
        return Err((at, separator_error(bytes, at)));
    }
    let (millis, len4, after) = digits(bytes, at + 1);
    if len4 != 3 {
        return Err((at + 1, TimingError::NotThreeDigits));
    }
    if minutes > 59 {
        return Err((minutes_at, TimingError::Above59));
    }
    if seconds > 59 {
        return Err((seconds_at, TimingError::Above59));
    }
    let time = hours
        .saturating_mul(3_600_000)
        .saturating_add(minutes * 60_000 + seconds * 1000 + millis);
    Ok((Timestamp(time), after))
}

fn separator_error(bytes: &[u8], at: usize) -> TimingError {
    if bytes.get(at) == Some(&b',') {
        TimingError::SrtComma
    } else {
        TimingError::MissingSeparator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Report {
        check(text).expect("has the WebVTT signature")
    }

    fn ms(text: &str) -> Timestamp {
        let (time, _) = parse_timestamp(text.as_bytes(), 0).expect("a valid timestamp");
        time
    }

    /// The reason of every dropped block, with its line and column.
    fn dropped(report: &Report) -> Vec<(usize, usize, DropReason)> {
        report
            .findings
            .iter()
            .filter_map(|finding| match finding {
                Finding::Dropped { line, column, why } => Some((*line, *column, why.clone())),
                _ => None,
            })
            .collect()
    }

    fn assert_clean(text: &str, cues: usize) {
        let report = parse(text);
        assert_eq!(report.findings, [], "{text}");
        assert_eq!(report.cues.len(), cues, "{text}");
    }

    // ---- the spec's examples, each in a file of its own kind: every cue kept, nothing reported ----

    #[test]
    fn an_interview_with_side_by_side_speakers_is_clean() {
        // Overlapping cues laid out left and right with `align` and `size`.
        assert_clean(
            "WEBVTT\n\n00:11.000 --> 00:13.000\n<v Roger>We are in a city\n\n\
             00:30.000 --> 00:31.500 align:right size:50%\n<v Roger>When we e-mailed\n\n\
             00:30.500 --> 00:32.500 align:left size:50%\n<v Neil>Didn't we talk?\n\n\
             00:32.000 --> 00:35.500 align:right size:50%\n<v Roger>No! No no no\n\n\
             00:32.500 --> 00:33.500 align:left size:50%\n<v Neil><i>Laughs</i>\n\n\
             00:35.500 --> 00:38.000\n<v Roger>My glasses are falling off.\n",
            6,
        );
    }

    #[test]
    fn style_blocks_and_comments_before_the_first_cue_are_clean() {
        assert_clean(
            "WEBVTT\n\nSTYLE\n::cue {\n  color: papayawhip;\n}\n/* no blank lines */\n\n\
             NOTE comment blocks can be used between style blocks.\n\n\
             STYLE\n::cue(b) {\n  color: peachpuff;\n}\n\n\
             hello\n00:00:00.000 --> 00:00:10.000\nHello <b>world</b>.\n\n\
             NOTE style blocks cannot appear after the first cue.\n",
            1,
        );
    }

    #[test]
    fn identifiers_and_simultaneous_cues_are_clean() {
        assert_clean(
            "WEBVTT\n\ntest\n00:00.000 --> 00:02.000\nThis is a test.\n\n\
             123\n00:00.000 --> 00:02.000\nThat's an, an, that's an L!\n\n\
             crédit de transcription\n00:04.000 --> 00:05.000\nTranscrit par Célestes™\n",
            3,
        );
    }

    #[test]
    fn regions_and_positioned_cues_are_clean() {
        assert_clean(
            "WEBVTT\n\nREGION\nid:fred\nwidth:40%\nlines:3\nscroll:up\n\n\
             REGION\nid:bill\nwidth:40%\nlines:3\nscroll:up\n\n\
             00:00:00.000 --> 00:00:20.000 region:fred align:left\n<v Fred>Hi, my name is Fred\n\n\
             00:00:02.500 --> 00:00:22.500 region:bill align:right\n<v Bill>Hi, I'm Bill\n\n\
             00:00:05.000 --> 00:00:25.000 region:fred align:left\n<v Fred>Coffee?\n",
            3,
        );
        assert_eq!(
            parse(
                "WEBVTT\n\n00:00:00.000 --> 00:00:04.000 position:10%,line-left align:left size:35%\nWhere?\n\n\
                 00:00:03.000 --> 00:00:06.500 position:90% align:right size:35%\nDown the lane.\n\n\
                 00:00:04.000 --> 00:00:06.500 position:45%,line-right align:center size:35%\nWaiting?\n"
            )
            .findings,
            []
        );
    }

    #[test]
    fn long_comments_and_chapters_with_nested_cues_are_clean() {
        assert_clean(
            "WEBVTT\n\nNOTE\nThis file was written by Jill. I hope\nyou enjoy reading it.\n\n\
             00:01.000 --> 00:04.000\nNever drink liquid nitrogen.\n\nNOTE check next cue\n\n\
             00:05.000 --> 00:09.000\n— It will perforate your stomach.\n— You could die.\n\n\
             NOTE end of file\n",
            2,
        );
        // Chapters nested in chapters: inside the previous cue's time is not an odd overlap.
        assert_clean(
            "WEBVTT\n\n00:00.000 --> 01:24.000\nIntroduction\n\n00:00.000 --> 00:44.000\nTopics\n\n\
             00:44.000 --> 01:19.000\nPresenters\n\n01:24.000 --> 05:00.000\nScrolling Effects\n\n\
             01:35.000 --> 03:00.000\nAchim's Demo\n\n03:00.000 --> 05:00.000\nTimeline Panel\n",
            6,
        );
    }

    #[test]
    fn metadata_cues_with_hours_and_a_header_are_clean() {
        assert_clean(
            "WEBVTT - a title\nKind: metadata\n\n1\n00:00:00.100 --> 00:00:07.342\n{\n \"type\": \"WikipediaPage\"\n}\n\n\
             2\n00:07.810 --> 00:09.221\n{\n \"type\": \"LongLat\"\n}\n\n\
             104:02:00.500 --> 104:05:00.000\nJ'ai commencé le basket\n",
            3,
        );
    }

    // ---- the timestamp rules ----

    #[test]
    fn timestamps_follow_the_spec() {
        assert_eq!(ms("00:01.000"), Timestamp(1000));
        assert_eq!(ms("01:02:03.004"), Timestamp(3_723_004));
        assert_eq!(ms("123:00:00.000"), Timestamp(123 * 3_600_000));
        // The parser reads one hour digit, though authors should write two.
        assert_eq!(ms("1:00:00.000"), Timestamp(3_600_000));
        let refused = |text: &str| parse_timestamp(text.as_bytes(), 0).unwrap_err();
        assert_eq!(refused("00:00:01,000"), (8, TimingError::SrtComma));
        assert_eq!(refused("00:01,000"), (5, TimingError::SrtComma));
        assert_eq!(refused("00:60.000"), (3, TimingError::Above59));
        assert_eq!(refused("00:60:00.000"), (3, TimingError::Above59));
        assert_eq!(refused("00:00.00"), (6, TimingError::NotThreeDigits));
        assert_eq!(refused("00:00.0000"), (6, TimingError::NotThreeDigits));
        assert_eq!(refused("0:1.000"), (2, TimingError::NotTwoDigits));
        // Three digits first make them hours, so a second colon must follow.
        assert_eq!(refused("100:00.000"), (6, TimingError::MissingSeparator));
        assert_eq!(refused("1:00.000"), (4, TimingError::MissingSeparator));
        assert_eq!(refused("00:00"), (5, TimingError::MissingSeparator));
        assert_eq!(refused("x"), (0, TimingError::NotATimestamp));
        // An absurd hour saturates rather than overflowing.
        assert_eq!(ms("99999999999999999999999:00:00.000"), Timestamp(u64::MAX));
    }

    #[test]
    fn a_timing_line_takes_any_whitespace_around_the_arrow() {
        assert_clean(
            "WEBVTT\n\n00:01.000-->00:02.000\na\n\n \t00:03.000 \t-->\t 00:04.000\nb\n",
            2,
        );
        let report = parse("WEBVTT\n\n00:01.000 -> 00:02.000\na\n\n00:03.000 --> 00:04.000\nb\n");
        // The block has no `-->` at all: text without a timing line.
        assert_eq!(dropped(&report), [(3, 1, DropReason::NoTimingLine)]);
        let report = parse("WEBVTT\n\n00:01.000 => 00:02.000 -->\na\n");
        assert_eq!(
            dropped(&report),
            [(3, 11, DropReason::BadTiming(TimingError::NoArrow))]
        );
    }

    // ---- what a browser drops ----

    #[test]
    fn an_srt_body_under_a_webvtt_line_keeps_no_cue() {
        let report = parse(
            "WEBVTT\n\n1\n00:00:00,000 --> 00:00:04,000\nСергей Магнитский\n\n2\n00:00:04,000 --> 00:00:08,000\n1972–2009\n",
        );
        assert_eq!(report.cues, []);
        assert_eq!(
            dropped(&report),
            [
                (4, 9, DropReason::BadTiming(TimingError::SrtComma)),
                (8, 9, DropReason::BadTiming(TimingError::SrtComma)),
            ]
        );
    }

    #[test]
    fn a_bad_timing_line_drops_its_cue_and_keeps_the_others() {
        let report = parse(
            "WEBVTT\n\n00:01.000 --> 00:02.000\nkept\n\n00:02.000 --> 00:03.00\ndropped\n\n00:03.000 --> 00:04.000\nkept\n",
        );
        assert_eq!(report.cues.len(), 2);
        assert_eq!(
            dropped(&report),
            [(6, 21, DropReason::BadTiming(TimingError::NotThreeDigits))]
        );
        assert!(report.findings[0]
            .to_string()
            .contains("exactly three digits"));
    }

    #[test]
    fn a_cue_ending_before_it_starts_is_never_shown() {
        let report = parse(
            "WEBVTT\n\n00:05.000 --> 00:04.000\nbackwards\n\n00:06.000 --> 00:06.000\nzero\n",
        );
        assert_eq!(report.cues, []);
        assert_eq!(
            dropped(&report),
            [
                (
                    3,
                    1,
                    DropReason::EndNotAfterStart {
                        start: Timestamp(5000),
                        end: Timestamp(4000)
                    }
                ),
                (
                    6,
                    1,
                    DropReason::EndNotAfterStart {
                        start: Timestamp(6000),
                        end: Timestamp(6000)
                    }
                ),
            ]
        );
        assert!(report.findings[0]
            .to_string()
            .contains("ends at 00:00:04.000, not after its start at 00:00:05.000"));
    }

    #[test]
    fn text_after_a_blank_line_inside_a_cue_is_not_shown() {
        let report = parse("WEBVTT\n\n00:01.000 --> 00:02.000\nfirst line\n\nsecond line\n");
        assert_eq!(report.cues.len(), 1);
        assert_eq!(dropped(&report), [(6, 1, DropReason::NoTimingLine)]);
    }

    #[test]
    fn a_style_block_after_a_cue_is_ignored() {
        let report = parse("WEBVTT\n\n00:01.000 --> 00:02.000\na\n\nSTYLE\n::cue { color: red }\n");
        assert_eq!(
            dropped(&report),
            [(6, 1, DropReason::LateDefinition("STYLE"))]
        );
    }

    #[test]
    fn a_line_with_an_arrow_starts_a_new_cue_without_a_blank_line() {
        // The parser's recovery: a timing line inside a cue's text begins the next cue.
        assert_clean(
            "WEBVTT\n00:01.000 --> 00:02.000\na\nb\n00:02.000 --> 00:03.000\nc\n",
            2,
        );
        // A bad timing line first, a good one right after: the first is dropped, the second kept.
        let report = parse("WEBVTT\n\n00:01 --> 00:02\n00:02.000 --> 00:03.000\nc\n");
        assert_eq!(report.cues.len(), 1);
        assert_eq!(report.cues[0].line, 4);
        assert_eq!(
            dropped(&report),
            [(3, 6, DropReason::BadTiming(TimingError::MissingSeparator))]
        );
    }

    #[test]
    fn a_header_or_a_lone_signature_has_no_cues_and_no_findings() {
        assert_eq!(parse("WEBVTT"), Report::default());
        assert_eq!(parse("WEBVTT\n"), Report::default());
        assert_eq!(
            parse("WEBVTT\nKind: captions\nLanguage: en\n\n"),
            Report::default()
        );
        assert_eq!(parse("WEBVTT\n\nNOTE only a comment\n"), Report::default());
    }

    #[test]
    fn the_signature_is_required() {
        for text in [
            "",
            "WEBVT",
            "WEBVTTX\n",
            "webvtt\n",
            "1\n00:00:00,000 --> 00:00:01,000\n",
            "\u{FEFF}\u{FEFF}WEBVTT",
        ] {
            assert_eq!(check(text), Err(NotWebVtt), "{text:?}");
        }
        for text in ["WEBVTT", "WEBVTT ", "WEBVTT\t-", "WEBVTT\r\n", "WEBVTT\r"] {
            assert!(check(text).is_ok(), "{text:?}");
        }
    }

    // ---- order and overlap ----

    #[test]
    fn a_cue_starting_before_an_earlier_one_is_out_of_order() {
        let report = parse(
            "WEBVTT\n\n00:05.000 --> 00:06.000\nb\n\n00:01.000 --> 00:02.000\na\n\n00:03.000 --> 00:04.000\nc\n",
        );
        assert_eq!(report.cues.len(), 3);
        assert_eq!(
            report.findings,
            [
                Finding::OutOfOrder {
                    line: 6,
                    start: Timestamp(1000),
                    earlier_line: 3,
                    earlier_start: Timestamp(5000),
                },
                Finding::OutOfOrder {
                    line: 9,
                    start: Timestamp(3000),
                    earlier_line: 3,
                    earlier_start: Timestamp(5000),
                },
            ]
        );
        assert_eq!(report.out_of_order, 2);
    }

    #[test]
    fn a_cue_starting_while_the_previous_one_shows_and_ending_after_it_overlaps() {
        let report = parse(
            "WEBVTT\n\n00:01.000 --> 00:04.000\na\n\n00:03.990 --> 00:06.000\nb\n\n00:06.000 --> 00:07.000\nc\n",
        );
        assert_eq!(
            report.findings,
            [Finding::Overlap {
                line: 6,
                start: ms("00:03.990"),
                previous_line: 3,
                previous_end: ms("00:04.000"),
            }]
        );
        assert!(report.findings[0].to_string().contains("still on screen"));
        // One of the two laid out with a setting: meant.
        assert_clean(
            "WEBVTT\n\n00:01.000 --> 00:04.000\na\n\n00:03.990 --> 00:06.000 line:0\nb\n",
            2,
        );
        // A setting with nothing after its colon is no setting.
        assert_eq!(
            super::check(
                "WEBVTT\n\n00:01.000 --> 00:04.000\na\n\n00:03.990 --> 00:06.000 line:\nb\n"
            )
            .unwrap()
            .overlaps,
            1
        );
    }

    // ---- line endings and the byte-order mark ----

    #[test]
    fn crlf_and_cr_line_endings_count_lines_like_lf() {
        let lf = "WEBVTT\n\n00:01.000 --> 00:02.000\na\n\n00:02,000 --> 00:03.000\nb\n";
        for ending in ["\r\n", "\r"] {
            let text = lf.replace('\n', ending);
            assert_eq!(parse(&text), parse(lf), "{ending:?}");
        }
        assert_eq!(dropped(&parse(lf))[0].0, 6);
        // Mixed within one file.
        assert_clean(
            "WEBVTT\r\n\r00:01.000 --> 00:02.000\na\r\n\n00:02.000 --> 00:03.000\rb",
            2,
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_clean("\u{FEFF}WEBVTT\n\n00:01.000 --> 00:02.000\na\n", 1);
    }

    #[test]
    fn the_cue_that_ends_last_is_found() {
        let report = parse(
            "WEBVTT\n\n00:01.000 --> 00:09.000\na\n\n00:02.000 --> 00:03.000\nb\n\n00:04.000 --> 00:05.000\nc\n",
        );
        let last = report.last_to_end().unwrap();
        assert_eq!((last.line, last.end), (3, Timestamp(9000)));
        assert_eq!(parse("WEBVTT\n").last_to_end(), None);
    }

    #[test]
    fn a_cue_keeps_its_text_and_reads_without_its_markup() {
        let report = parse(
            "WEBVTT\n\nintro\n00:01.000 --> 00:02.000 line:0\n<v Narrator>Sergei &amp; <i>his</i> lawyer</v>\n\
             second &lt;line&gt; &#x41;&#66; &nbsp;&bogus; & so on; <b unclosed\n\n\
             00:03.000 --> 00:04.000\n\n",
        );
        assert_eq!(report.cues.len(), 2);
        let cue = &report.cues[0];
        assert_eq!(
            cue.text,
            "<v Narrator>Sergei &amp; <i>his</i> lawyer</v>\n\
             second &lt;line&gt; &#x41;&#66; &nbsp;&bogus; & so on; <b unclosed"
        );
        assert_eq!(
            cue.plain_text(),
            "Sergei & his lawyer\nsecond <line> AB \u{a0}&bogus; & so on; "
        );
        assert_eq!(report.cues[1].text, "");
    }

    // Regression: each '&' searched the rest of the cue for a ';', so a cue of ampersands took
    // time in the square of its length (a 2 MB one: hours).
    #[test]
    fn a_cue_of_ampersands_without_semicolons_reads_in_one_pass() {
        let text = "&".repeat(2 * 1024 * 1024);
        let report = parse(&format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{text}\n"));
        assert_eq!(report.cues[0].plain_text(), text);
        let spaced = format!("&{};", "x".repeat(REFERENCE_REACH * 4));
        let cue = &parse(&format!("WEBVTT\n\n00:01.000 --> 00:02.000\n{spaced}\n")).cues[0];
        assert_eq!(cue.plain_text(), spaced, "too long to be a reference");
        let zeros = parse("WEBVTT\n\n00:01.000 --> 00:02.000\n&#x0010FFFF;&#x00041;\n");
        assert_eq!(zeros.cues[0].plain_text(), "\u{10FFFF}A");
    }

    // ---- a hostile file ----

    #[test]
    fn a_ten_megabyte_hostile_file_returns_with_its_findings_capped() {
        let mut text = String::from("WEBVTT\n\n");
        let patterns = [
            "00:00:01,000 --> 00:00:02,000\nsrt\n\n",
            "00:09.000 --> 00:10.000\nx\n",
            "00:01.000 --> 00:09.500\ny\n\n",
            "-->-->-->\n",
            "text\n\n",
            "99999999999999999999:00:00.000 --> 0:00.000\n",
        ];
        let mut i = 0;
        while text.len() < 10 * 1024 * 1024 {
            text.push_str(patterns[i % patterns.len()]);
            i += 1;
        }
        let report = parse(&text);
        assert!(report.findings.len() <= 3 * REPORTED_PER_KIND);
        assert!(report.dropped > REPORTED_PER_KIND);
        assert!(report.out_of_order > REPORTED_PER_KIND);
        // One long line of arrows and digits, and one of nothing but line breaks.
        let arrows = format!("WEBVTT\n\n{}", "00:00.000-->".repeat(1024 * 1024));
        assert_eq!(parse(&arrows).dropped, 1);
        let breaks = format!("WEBVTT\n{}", "\r\n\r".repeat(3 * 1024 * 1024));
        assert_eq!(parse(&breaks), Report::default());
    }
}
