//! What validation finds: each finding with its file, line, column, severity and a stable code,
//! printed like a compiler diagnostic, and the two ways a load fails.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem a finding is: stable, for tools and tests; the message is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    ManifestSyntax,
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
    ChecksumSyntax,
    ChecksumMismatch,
    NotInChecksums,
    NoRenditionForPlatform,
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

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
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
        write!(f, ": {severity}: {}", self.message)
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
