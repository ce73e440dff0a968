//! What validation finds: each finding with its file, line, column, severity and a stable code,
//! printed like a compiler diagnostic, and the two ways a load fails.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem a finding is: stable, for tools and tests; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    ManifestSyntax,
    /// TOML that parses but does not fit the manifest: a missing field, a value of the wrong kind.
    ManifestField,
    UnsupportedFormat,
    UnknownField,
    PathEmpty,
    PathBackslash,
    PathParent,
    PathAbsolute,
    PathEscapesPack,
    FileMissing,
    NotAFile,
    FileEmpty,
    FileUnreadable,
    TooLarge,
    NotUtf8,
    NotVideoMime,
    NoRenditions,
    NoLegislation,
    LawEmpty,
    BadId,
    DuplicateId,
    MediaMismatch,
    MediaUnreadable,
    BadLanguage,
    MissingTranslation,
    BadDate,
    NotWebVtt,
    CaptionsWithoutCues,
    CaptionCueDropped,
    CaptionOutOfOrder,
    CaptionOverlap,
    CaptionPastTrailerEnd,
    ChecksumSyntax,
    ChecksumMismatch,
    NotInChecksums,
    NoRenditionForPlatform,
    // The budget of one validation (`limits`).
    TooManyEntries,
    TextBudgetExceeded,
    TooManyChecksumLines,
    ChecksumDuplicate,
    TooManyFindings,
    LawTooDeep,
    LawTooComplex,
    /// A codec profile most hardware and webview decoders refuse (H.264 High 10, 4:2:2, 4:4:4).
    CodecProfileUnsupported,
}

/// One finding of validation, printed as `file:line:col: error: message` like a compiler diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
}

/// `text` with its control characters written as escapes (`\n`, `\u{1b}`), for a terminal or a log
/// line: a file name or message from a pack can neither drive the terminal with escape sequences
/// nor forge a line of its own.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            escaped.extend(c.escape_debug());
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// One line, whatever the file name or message holds (see `printable`).
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", printable(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", printable(&self.message))
    }
}

#[derive(Debug)]
pub enum LoadError {
    /// The folder itself cannot be read: nothing to validate.
    Unreadable(String),
    /// The folder was read and is not a valid pack; every finding is listed, warnings included.
    Invalid(Vec<Problem>),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Unreadable(why) => write!(f, "{why}"),
            LoadError::Invalid(problems) => {
                let lines: Vec<String> = problems.iter().map(Problem::to_string).collect();
                write!(f, "{}", lines.join("\n"))
            }
        }
    }
}

/// Why a manifest path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathProblem {
    pub code: Code,
    pub message: String,
}

impl PathProblem {
    pub(crate) fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// 1-based line and column of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
