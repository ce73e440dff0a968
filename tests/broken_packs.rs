//! A corpus of broken content packs. Every case starts from a copy of the good default pack
//! (`assets/justice-for-sergei/`), breaks one thing (or several), and asserts exactly which problems
//! `content_pack::load` reports: code, severity, file and, for findings in the manifest, line and column.
//!
//! Line numbers refer to the default pack's `manifest.toml`; `the_default_pack_is_where_the_corpus_aims`
//! fails first, with a clear message, if that file is edited and the corpus needs updating.

mod util;

use screening_kiosk_lib::cli::{self, ReportFormat};
use screening_kiosk_lib::content_pack::{self, Code, LoadError, Problem, Severity};
use std::fs;
use std::path::Path;
use std::time::Duration;

const MANIFEST: &str = "manifest.toml";

// Where things are in the default pack's manifest (1-based lines).
const FORMAT_LINE: usize = 4;
const TITLE_LINE: usize = 8;
const YEAR_LINE: usize = 9;
const POSTER_LINE: usize = 11;
const MP4_FILE_LINE: usize = 58;
const MP4_MIME_LINE: usize = 59;
const WEBM_FILE_LINE: usize = 62;
const GLOBAL_ID_LINE: usize = 119;
const GLOBAL_FILE_LINE: usize = 125;
const S1039_FILE_LINE: usize = 134;
const PL_ID_LINE: usize = 137;
const PL_FILE_LINE: usize = 143;

// Columns where a value starts after `key = `.
const COL_FORMAT: usize = 10; // format = 1
const COL_POSTER: usize = 10; // poster = "…"
const COL_FILE: usize = 8; // file = "…"
const COL_MIME: usize = 8; // mime = '…'
const COL_YEAR: usize = 8; // year = 2010
const COL_ID: usize = 6; // id = "…"

/// One expected finding. `saying` (optional) must occur in the message.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Want {
    code: Code,
    severity: Severity,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    saying: Option<&'static str>,
}

impl Want {
    fn saying(mut self, text: &'static str) -> Self {
        self.saying = Some(text);
        self
    }

    fn matches(&self, found: &Problem) -> bool {
        self.code == found.code
            && self.severity == found.severity
            && Path::new(&self.file) == found.file
            && self.line == found.line
            && self.column == found.column
            && self.saying.is_none_or(|text| found.message.contains(text))
    }
}

/// An error in the manifest at `line:column`.
fn at(code: Code, line: usize, column: usize) -> Want {
    in_file_at(code, MANIFEST, line, column)
}

/// An error in `file` at `line:column`.
fn in_file_at(code: Code, file: &str, line: usize, column: usize) -> Want {
    Want {
        code,
        severity: Severity::Error,
        file: file.to_string(),
        line: Some(line),
        column: Some(column),
        saying: None,
    }
}

/// An error about `file` as a whole (no location inside it).
fn in_file(code: Code, file: &str) -> Want {
    Want {
        line: None,
        column: None,
        ..in_file_at(code, file, 0, 0)
    }
}

fn describe(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("\n    {:?} {p}", p.code))
        .collect()
}

/// Loads `root` and asserts it is refused with exactly `wanted`, in order.
fn assert_reports(case: &str, root: &Path, wanted: &[Want]) {
    let problems = match content_pack::load(root) {
        Ok(pack) => panic!(
            "{case}: the broken pack loaded (warnings: {})",
            describe(&pack.warnings)
        ),
        Err(LoadError::Unreadable(why)) => panic!("{case}: unreadable instead of invalid: {why}"),
        Err(LoadError::Invalid(problems)) => problems,
    };
    let all_match =
        problems.len() == wanted.len() && wanted.iter().zip(&problems).all(|(w, p)| w.matches(p));
    assert!(
        all_match,
        "{case}:\n  wanted:{}\n  found:{}",
        wanted
            .iter()
            .map(|w| format!("\n    {w:?}"))
            .collect::<String>(),
        describe(&problems)
    );
}

// ---- mutations -------------------------------------------------------------------------------------

fn manifest_text(root: &Path) -> String {
    fs::read_to_string(root.join(MANIFEST)).expect("the copied manifest is UTF-8")
}

/// Replaces `from` with `to` in the manifest; `from` must occur exactly once, so a case cannot
/// silently stop breaking anything when the default pack changes.
fn replace(root: &Path, from: &str, to: &str) {
    let text = manifest_text(root);
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur once in the manifest"
    );
    fs::write(root.join(MANIFEST), text.replacen(from, to, 1)).unwrap();
}

/// Inserts raw bytes into a file right before the first occurrence of `before`.
fn insert_bytes_before(path: &Path, before: &str, bytes: &[u8]) {
    let mut content = fs::read(path).unwrap();
    let at = content
        .windows(before.len())
        .position(|w| w == before.as_bytes())
        .unwrap_or_else(|| panic!("{before:?} not in {}", path.display()));
    content.splice(at..at, bytes.iter().copied());
    fs::write(path, content).unwrap();
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Removes every `[[legislation]]` block (they are at the end of the default manifest).
fn without_legislation(root: &Path) -> String {
    let text = manifest_text(root);
    let first = text
        .find("[[legislation]]")
        .expect("the pack has legislation");
    text[..first].to_string()
}

/// A folder outside the pack for symlinks to point into: `secret.txt` and `laws/` (a copy of the
/// pack's law folder, so only the link itself is wrong).
fn outside_dir() -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "not part of the pack\n").unwrap();
    fs::create_dir(outside.path().join("laws")).unwrap();
    for entry in fs::read_dir(util::default_pack().join("law")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(
            entry.path(),
            outside.path().join("laws").join(entry.file_name()),
        )
        .unwrap();
    }
    outside
}

// ---- the corpus ------------------------------------------------------------------------------------

/// One `#[test]` per case, named for what is broken; `corpus()` lists them all.
macro_rules! broken_packs {
    ($(
        $(#[$meta:meta])*
        $name:ident: |$root:ident, $outside:ident| $mutate:block => [$($want:expr),+ $(,)?];
    )+) => {
        $(
            $(#[$meta])*
            #[test]
            #[allow(unused_variables)]
            fn $name() {
                let pack = util::copy_of_default_pack();
                let outside = outside_dir();
                let $root: &Path = pack.path();
                let $outside: &Path = outside.path();
                $mutate
                assert_reports(stringify!($name), $root, &[$($want),+]);
            }
        )+

        /// Every case by name with the codes it expects.
        fn corpus() -> Vec<(&'static str, Vec<Code>)> {
            vec![$((stringify!($name), vec![$($want.code),+])),+]
        }
    };
}

broken_packs! {
    // -- the manifest as a file --
    manifest_is_missing: |root, outside| {
        fs::remove_file(root.join(MANIFEST)).unwrap();
    } => [in_file(Code::FileMissing, MANIFEST)];

    manifest_is_a_directory_is_not_a_file: |root, outside| {
        fs::remove_file(root.join(MANIFEST)).unwrap();
        fs::create_dir(root.join(MANIFEST)).unwrap();
    } => [in_file(Code::NotAFile, MANIFEST).saying("not a regular file")];

    manifest_is_one_and_a_half_megabytes: |root, outside| {
        let mut text = manifest_text(root);
        text.push_str(&format!("# {}\n", "x".repeat(1_500_000)));
        fs::write(root.join(MANIFEST), text).unwrap();
    } => [in_file(Code::TooLarge, MANIFEST).saying("1048576")];

    manifest_has_invalid_utf8_in_the_title: |root, outside| {
        // `title = "Justice ` is 17 characters: the bad byte is at 8:18.
        insert_bytes_before(&root.join(MANIFEST), "for Sergei\"\nyear", b"\xFF");
    } => [in_file_at(Code::NotUtf8, MANIFEST, TITLE_LINE, 18)];

    manifest_saved_as_utf16: |root, outside| {
        let text = manifest_text(root);
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        fs::write(root.join(MANIFEST), bytes).unwrap();
    } => [in_file_at(Code::NotUtf8, MANIFEST, 1, 1)];

    // -- TOML and types --
    manifest_has_an_unclosed_string: |root, outside| {
        replace(root, "country = \"The Netherlands\"", "country = \"The Netherlands");
    } => [at(Code::ManifestSyntax, 10, 27)]; // toml reports the end of the line

    film_year_is_a_string: |root, outside| {
        replace(root, "year = 2010", "year = \"2010\"");
    } => [at(Code::ManifestSyntax, YEAR_LINE, COL_YEAR).saying("u16")];

    film_year_does_not_fit_in_u16: |root, outside| {
        replace(root, "year = 2010", "year = 70000");
    } => [at(Code::ManifestSyntax, YEAR_LINE, COL_YEAR)];

    film_title_is_missing: |root, outside| {
        replace(root, "title = \"Justice for Sergei\"\n", "");
    } => [at(Code::ManifestSyntax, 7, 1).saying("`title`")];

    legislation_status_is_not_full_or_excerpt: |root, outside| {
        replace(
            root,
            "status = \"full\"",
            "status = \"complete\"",
        );
    } => [at(Code::ManifestSyntax, 123, 10).saying("complete")];

    format_is_version_2: |root, outside| {
        replace(root, "format = 1", "format = 2");
    } => [at(Code::UnsupportedFormat, FORMAT_LINE, COL_FORMAT).saying("format 2")];

    format_is_a_string: |root, outside| {
        replace(root, "format = 1", "format = \"1\"");
    } => [at(Code::ManifestSyntax, FORMAT_LINE, COL_FORMAT)];

    // -- trailer --
    trailer_renditions_array_is_empty: |root, outside| {
        let text = manifest_text(root);
        let start = text.find("[[trailer.renditions]]").unwrap();
        let end = text.find("[[credits]]").unwrap();
        let text = format!("{}renditions = []\n\n{}", &text[..start], &text[end..]);
        fs::write(root.join(MANIFEST), text).unwrap();
    } => [at(Code::NoRenditions, 57, 14)];

    trailer_rendition_mime_is_audio_mpeg: |root, outside| {
        replace(
            root,
            "mime = 'video/mp4; codecs=\"avc1.4D401F, mp4a.40.2\"'",
            "mime = \"audio/mpeg\"",
        );
    } => [at(Code::NotVideoMime, MP4_MIME_LINE, COL_MIME).saying("audio/mpeg")];

    trailer_file_path_is_empty: |root, outside| {
        replace(root, "file = \"trailer/trailer.mp4\"", "file = \"\"");
    } => [at(Code::PathEmpty, MP4_FILE_LINE, COL_FILE)];

    webm_rendition_is_zero_bytes: |root, outside| {
        fs::write(root.join("trailer/trailer.webm"), b"").unwrap();
    } => [at(Code::FileEmpty, WEBM_FILE_LINE, COL_FILE)];

    // -- paths that try to leave the pack --
    poster_path_climbs_out_with_dot_dot: |root, outside| {
        replace(root, "\"images/poster.jpg\"", "\"../poster.jpg\"");
    } => [at(Code::PathParent, POSTER_LINE, COL_POSTER).saying("'..'")];

    law_path_climbs_out_through_a_subfolder: |root, outside| {
        replace(root, "\"law/global-magnitsky.md\"", "\"law/../../x.md\"");
    } => [at(Code::PathParent, GLOBAL_FILE_LINE, COL_FILE)];

    law_path_dot_dot_is_refused_even_when_it_lands_inside: |root, outside| {
        replace(
            root,
            "\"law/global-magnitsky.md\"",
            "\"law/../law/global-magnitsky.md\"",
        );
    } => [at(Code::PathParent, GLOBAL_FILE_LINE, COL_FILE)];

    law_path_is_absolute_etc_passwd: |root, outside| {
        replace(root, "\"law/global-magnitsky.md\"", "\"/etc/passwd\"");
    } => [at(Code::PathAbsolute, GLOBAL_FILE_LINE, COL_FILE)];

    law_path_uses_a_backslash: |root, outside| {
        replace(root, "\"law/global-magnitsky.md\"", r"'law\global-magnitsky.md'");
    } => [at(Code::PathBackslash, GLOBAL_FILE_LINE, COL_FILE)];

    poster_path_is_a_windows_absolute_path: |root, outside| {
        replace(root, "\"images/poster.jpg\"", r"'C:\kiosk\poster.jpg'");
    } => [at(Code::PathBackslash, POSTER_LINE, COL_POSTER)];

    #[cfg(unix)]
    law_file_is_a_symlink_to_a_file_outside_the_pack: |root, outside| {
        fs::remove_file(root.join("law/global-magnitsky.md")).unwrap();
        symlink(&outside.join("secret.txt"), &root.join("law/global-magnitsky.md"));
    } => [at(Code::PathEscapesPack, GLOBAL_FILE_LINE, COL_FILE).saying("outside")];

    #[cfg(unix)]
    law_folder_is_a_symlink_to_a_directory_outside_the_pack: |root, outside| {
        fs::remove_dir_all(root.join("law")).unwrap();
        symlink(&outside.join("laws"), &root.join("law"));
    } => [
        at(Code::PathEscapesPack, GLOBAL_FILE_LINE, COL_FILE),
        at(Code::PathEscapesPack, S1039_FILE_LINE, COL_FILE),
        at(Code::PathEscapesPack, PL_FILE_LINE, COL_FILE),
    ];

    #[cfg(unix)]
    poster_is_a_symlink_to_a_directory_outside_the_pack: |root, outside| {
        fs::remove_file(root.join("images/poster.jpg")).unwrap();
        symlink(outside, &root.join("images/poster.jpg"));
    } => [at(Code::PathEscapesPack, POSTER_LINE, COL_POSTER)];

    // -- files that are missing, not files, or unreadable --
    poster_file_is_missing: |root, outside| {
        fs::remove_file(root.join("images/poster.jpg")).unwrap();
    } => [at(Code::FileMissing, POSTER_LINE, COL_POSTER)];

    law_file_name_has_a_typo: |root, outside| {
        replace(root, "\"law/pl-112-208.md\"", "\"law/pl-112-280.md\"");
    } => [at(Code::FileMissing, PL_FILE_LINE, COL_FILE).saying("law/pl-112-280.md")];

    poster_path_names_a_folder: |root, outside| {
        replace(root, "\"images/poster.jpg\"", "\"images\"");
    } => [at(Code::NotAFile, POSTER_LINE, COL_POSTER)];

    #[cfg(unix)]
    law_file_is_a_fifo: |root, outside| {
        let law = root.join("law/s1039-magnitsky-2011.md");
        fs::remove_file(&law).unwrap();
        mkfifo(&law);
    } => [at(Code::NotAFile, S1039_FILE_LINE, COL_FILE)];

    #[cfg(unix)]
    law_file_is_a_symlink_loop: |root, outside| {
        let law = root.join("law/global-magnitsky.md");
        fs::remove_file(&law).unwrap();
        symlink(Path::new("global-magnitsky.md"), &law);
    } => [at(Code::FileUnreadable, GLOBAL_FILE_LINE, COL_FILE)];

    poster_path_goes_through_a_file: |root, outside| {
        replace(root, "\"images/poster.jpg\"", "\"images/poster.jpg/large.jpg\"");
    } => [at(Code::FileUnreadable, POSTER_LINE, COL_POSTER)];

    // -- legislation --
    legislation_array_is_empty: |root, outside| {
        let text = without_legislation(root)
            .replacen("id = \"justice-for-sergei\"\n", "id = \"justice-for-sergei\"\nlegislation = []\n", 1);
        fs::write(root.join(MANIFEST), text).unwrap();
    } => [in_file(Code::NoLegislation, MANIFEST)];

    every_legislation_entry_is_removed: |root, outside| {
        fs::write(root.join(MANIFEST), without_legislation(root)).unwrap();
    } => [in_file_at(Code::ManifestSyntax, MANIFEST, 1, 1).saying("`legislation`")];

    legislation_id_has_a_space_and_capitals: |root, outside| {
        replace(root, "id = \"global-magnitsky\"", "id = \"Law One\"");
    } => [at(Code::BadId, GLOBAL_ID_LINE, COL_ID).saying("Law One")];

    legislation_id_is_empty: |root, outside| {
        replace(root, "id = \"global-magnitsky\"", "id = \"\"");
    } => [at(Code::BadId, GLOBAL_ID_LINE, COL_ID)];

    legislation_id_is_used_twice: |root, outside| {
        replace(root, "id = \"public-law-112-208\"", "id = \"global-magnitsky\"");
    } => [at(Code::DuplicateId, PL_ID_LINE, COL_ID).saying("global-magnitsky")];

    law_file_is_empty: |root, outside| {
        fs::write(root.join("law/pl-112-208.md"), b"").unwrap();
    } => [at(Code::FileEmpty, PL_FILE_LINE, COL_FILE)];

    law_file_is_only_html_comments: |root, outside| {
        fs::write(
            root.join("law/pl-112-208.md"),
            "<!-- TODO: paste the text of Public Law 112-208 -->\n\n<!-- from govinfo.gov -->\n",
        )
        .unwrap();
    } => [in_file(Code::LawEmpty, "law/pl-112-208.md")];

    law_file_is_only_blank_lines: |root, outside| {
        fs::write(root.join("law/pl-112-208.md"), "\n \n\t\n").unwrap();
    } => [in_file(Code::LawEmpty, "law/pl-112-208.md")];

    law_file_has_invalid_utf8_after_an_em_dash: |root, outside| {
        // Line 1 is `# Chapter 108—Global …`: the bad byte follows 14 characters (16 bytes).
        insert_bytes_before(&root.join("law/global-magnitsky.md"), "Global Magnitsky Human", b"\xC3");
    } => [in_file_at(Code::NotUtf8, "law/global-magnitsky.md", 1, 15)];

    law_file_is_latin1_on_line_3: |root, outside| {
        insert_bytes_before(&root.join("law/s1039-magnitsky-2011.md"), "CONGRESS", b"Caf\xE9 ");
    } => [in_file_at(Code::NotUtf8, "law/s1039-magnitsky-2011.md", 3, 10)];

    law_file_is_over_ten_megabytes: |root, outside| {
        let mut text = fs::read_to_string(root.join("law/pl-112-208.md")).unwrap();
        text.push_str(&"Padding paragraph.\n\n".repeat(550_000));
        fs::write(root.join("law/pl-112-208.md"), text).unwrap();
    } => [in_file(Code::TooLarge, "law/pl-112-208.md").saying("10485760")];

    // -- several at once, in manifest order, then law files --
    five_problems_are_all_reported_in_one_run: |root, outside| {
        replace(root, "format = 1", "format = 2");
        replace(root, "\"images/poster.jpg\"", "\"../poster.jpg\"");
        replace(root, "mime = 'video/webm; codecs=\"vp9, opus\"'", "mime = \"audio/webm\"");
        replace(root, "id = \"magnitsky-act-2011-s1039\"", "id = \"S1039\"");
        fs::write(root.join("law/pl-112-208.md"), "<!-- nothing yet -->\n").unwrap();
    } => [
        at(Code::UnsupportedFormat, FORMAT_LINE, COL_FORMAT),
        at(Code::PathParent, POSTER_LINE, COL_POSTER),
        at(Code::NotVideoMime, 63, COL_MIME),
        at(Code::BadId, 128, COL_ID),
        in_file(Code::LawEmpty, "law/pl-112-208.md"),
    ];
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

// ---- cases outside the table -----------------------------------------------------------------------

/// The problem codes the corpus must cover (the ones the brief lists; new codes need adding here).
fn every_code() -> Vec<Code> {
    vec![
        Code::ManifestSyntax,
        Code::UnsupportedFormat,
        Code::UnknownField,
        Code::PathEmpty,
        Code::PathBackslash,
        Code::PathParent,
        Code::PathAbsolute,
        Code::PathEscapesPack,
        Code::FileMissing,
        Code::NotAFile,
        Code::FileEmpty,
        Code::FileUnreadable,
        Code::TooLarge,
        Code::NotUtf8,
        Code::NotVideoMime,
        Code::NoRenditions,
        Code::NoLegislation,
        Code::LawEmpty,
        Code::BadId,
        Code::DuplicateId,
    ]
}

#[cfg(unix)] // the symlink and FIFO cases are Unix-only
#[test]
fn the_corpus_has_at_least_30_cases_and_covers_every_error_code() {
    let corpus = corpus();
    assert!(corpus.len() >= 30, "only {} cases", corpus.len());
    let covered: Vec<Code> = corpus.iter().flat_map(|(_, codes)| codes.clone()).collect();
    let uncovered: Vec<Code> = every_code()
        .into_iter()
        // UnknownField is a warning: its cases load, so they are tests of their own below.
        .filter(|code| *code != Code::UnknownField && !covered.contains(code))
        .collect();
    assert!(uncovered.is_empty(), "no broken pack expects {uncovered:?}");
}

/// Guards the line numbers the corpus expects: if the default pack changes, this says so first.
#[test]
fn the_default_pack_is_where_the_corpus_aims() {
    let pack = content_pack::load(&util::default_pack()).expect("the default pack loads");
    assert!(pack.warnings.is_empty(), "{}", describe(&pack.warnings));
    let text = fs::read_to_string(util::default_pack().join(MANIFEST)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (line, column, starts) in [
        (FORMAT_LINE, COL_FORMAT, "format = "),
        (TITLE_LINE, 1, "title = \"Justice "),
        (YEAR_LINE, COL_YEAR, "year = "),
        (POSTER_LINE, COL_POSTER, "poster = "),
        (MP4_FILE_LINE, COL_FILE, "file = \"trailer/trailer.mp4\""),
        (MP4_MIME_LINE, COL_MIME, "mime = 'video/mp4"),
        (WEBM_FILE_LINE, COL_FILE, "file = \"trailer/trailer.webm\""),
        (GLOBAL_ID_LINE, COL_ID, "id = \"global-magnitsky\""),
        (
            GLOBAL_FILE_LINE,
            COL_FILE,
            "file = \"law/global-magnitsky.md\"",
        ),
        (
            S1039_FILE_LINE,
            COL_FILE,
            "file = \"law/s1039-magnitsky-2011.md\"",
        ),
        (PL_ID_LINE, COL_ID, "id = \"public-law-112-208\""),
        (PL_FILE_LINE, COL_FILE, "file = \"law/pl-112-208.md\""),
    ] {
        let text = lines[line - 1];
        assert!(text.starts_with(starts), "line {line} is now {text:?}");
        if column > 1 {
            assert_eq!(
                &text[column - 3..column - 1],
                "= ",
                "column {column} of {text:?}"
            );
        }
    }
}

#[test]
fn a_pack_folder_that_does_not_exist_is_unreadable() {
    let parent = tempfile::tempdir().unwrap();
    let missing = parent.path().join("no-such-pack");
    match content_pack::load(&missing) {
        Err(LoadError::Unreadable(why)) => assert!(
            why.starts_with(&missing.display().to_string()),
            "the reason names the folder: {why}"
        ),
        Err(LoadError::Invalid(problems)) => {
            panic!("invalid, not unreadable:{}", describe(&problems))
        }
        Ok(_) => panic!("a missing folder loaded"),
    }
}

#[test]
fn a_pack_path_that_is_a_file_is_unreadable() {
    let pack = util::copy_of_default_pack();
    let file = pack.path().join(MANIFEST);
    match content_pack::load(&file) {
        Err(LoadError::Unreadable(why)) => assert!(why.ends_with("not a folder"), "{why}"),
        Err(LoadError::Invalid(problems)) => {
            panic!("invalid, not unreadable:{}", describe(&problems))
        }
        Ok(_) => panic!("a file loaded as a pack"),
    }
}

#[test]
fn a_manifest_with_a_byte_order_mark_still_loads() {
    let pack = util::copy_of_default_pack();
    let path = pack.path().join(MANIFEST);
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fs::read(&path).unwrap());
    fs::write(&path, bytes).unwrap();
    let loaded = content_pack::load(pack.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.manifest.id, "justice-for-sergei");
    assert!(loaded.warnings.is_empty(), "{}", describe(&loaded.warnings));
}

/// Applies one manifest replacement and asserts the pack still loads with exactly one warning: an
/// UnknownField at `line`:1 whose message names `path`.
fn assert_single_unknown_field(case: &str, from: &str, to: &str, line: usize, path: &'static str) {
    let pack = util::copy_of_default_pack();
    replace(pack.path(), from, to);
    let loaded = content_pack::load(pack.path()).unwrap_or_else(|e| panic!("{case}: {e}"));
    assert_eq!(loaded.laws.len(), 3, "{case}: every law still loads");
    let wanted = Want {
        severity: Severity::Warning,
        ..at(Code::UnknownField, line, 1).saying(path)
    };
    assert!(
        loaded.warnings.len() == 1 && wanted.matches(&loaded.warnings[0]),
        "{case}: wanted {wanted:?}, found:{}",
        describe(&loaded.warnings)
    );
}

#[test]
fn an_unknown_field_only_warns_and_the_warning_has_its_line() {
    assert_single_unknown_field(
        "subtitle in [film]",
        "year = 2010\n",
        "year = 2010\nsubtitle = \"Magnitsky\"\n",
        YEAR_LINE + 1,
        "`film.subtitle`",
    );
}

#[test]
fn an_unknown_field_in_a_law_entry_warns_at_its_line() {
    assert_single_unknown_field(
        "colour in the second [[legislation]]",
        "status = \"excerpt\"\nnote = \"Opening of the bill",
        "status = \"excerpt\"\ncolour = \"red\"\nnote = \"Opening of the bill",
        133,
        "`legislation.1.colour`",
    );
}

#[test]
fn an_unknown_field_that_shares_a_name_with_a_known_one_warns_at_its_own_line() {
    // `label` is a real key in [[film.facts]] (line 19) but unknown in [[credits]].
    assert_single_unknown_field(
        "label in the second [[credits]]",
        "heading = \"Awards\"\n",
        "heading = \"Awards\"\nlabel = \"Prizes\"\n",
        90,
        "`credits.1.label`",
    );
}

#[test]
fn an_unknown_field_in_a_rendition_is_named_without_serde_internals() {
    assert_single_unknown_field(
        "colour in the first [[trailer.renditions]]",
        "file = \"trailer/trailer.mp4\"\n",
        "file = \"trailer/trailer.mp4\"\ncolour = \"blue\"\n",
        MP4_FILE_LINE + 1,
        "`trailer.renditions.0.colour`",
    );
}

#[test]
fn an_unknown_quoted_key_warns_at_its_own_line() {
    assert_single_unknown_field(
        "quoted subtitle in [film]",
        "year = 2010\n",
        "year = 2010\n\"subtitle\" = \"Magnitsky\"\n",
        YEAR_LINE + 1,
        "`film.subtitle`",
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_file_inside_the_pack_is_allowed() {
    let pack = util::copy_of_default_pack();
    let root = pack.path();
    fs::rename(root.join("images/poster.jpg"), root.join("poster-real.jpg")).unwrap();
    symlink(
        Path::new("../poster-real.jpg"),
        &root.join("images/poster.jpg"),
    );
    let loaded = content_pack::load(root).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.media["poster"].path.ends_with("poster-real.jpg"));
}

#[cfg(unix)]
#[test]
fn a_manifest_that_is_a_fifo_is_refused_not_waited_on() {
    let pack = util::copy_of_default_pack();
    let manifest = pack.path().join(MANIFEST);
    fs::remove_file(&manifest).unwrap();
    mkfifo(&manifest);
    let (tx, rx) = std::sync::mpsc::channel();
    let root = pack.path().to_path_buf();
    let loader = std::thread::spawn(move || {
        let _ = tx.send(content_pack::load(&root).map(|_| ()));
    });
    let result = rx.recv_timeout(Duration::from_secs(5));
    if result.is_err() {
        // Unblock the loader (it waits for a writer), so the thread ends before the pack is removed.
        drop(fs::OpenOptions::new().write(true).open(&manifest));
        let _ = loader.join();
        panic!("load() was still waiting on the FIFO after 5 s");
    }
    let _ = loader.join();
    match result.unwrap() {
        Err(LoadError::Invalid(problems)) => assert!(
            problems.len() == 1
                && problems[0].file == Path::new(MANIFEST)
                && matches!(problems[0].code, Code::NotAFile | Code::FileUnreadable),
            "{}",
            describe(&problems)
        ),
        other => panic!("expected an invalid pack naming the manifest, got {other:?}"),
    }
}

// ---- through `screening-kiosk check` --------------------------------------------------------------

fn run_check(dir: &Path, format: ReportFormat) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli::check(dir, format, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn check_text_names_the_manifest_line_and_column_and_exits_1() {
    let pack = util::copy_of_default_pack();
    replace(pack.path(), "\"images/poster.jpg\"", "\"../poster.jpg\"");
    replace(pack.path(), "year = 2010", "year = 2010\nsubtitle = \"x\"");
    let (code, out, err) = run_check(pack.path(), ReportFormat::Text);
    assert_eq!(code, cli::EXIT_INVALID, "{err}");
    assert!(out.is_empty(), "stdout: {out}");
    let lines: Vec<&str> = err.lines().collect();
    let manifest = pack.path().join(MANIFEST);
    assert_eq!(lines.len(), 3, "{err}");
    // The warning comes first (it is found while reading), then the error it does not excuse.
    assert!(
        lines[0].starts_with(&format!("{}:10:1: warning:", manifest.display())),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(&format!("{}:12:10: error:", manifest.display())),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].ends_with("invalid content pack: 2 problem(s)"),
        "{}",
        lines[2]
    );
}

#[test]
fn check_text_first_line_is_the_first_error_in_the_manifest() {
    let pack = util::copy_of_default_pack();
    replace(pack.path(), "format = 1", "format = 2");
    fs::remove_file(pack.path().join("trailer/trailer.webm")).unwrap();
    let (code, _, err) = run_check(pack.path(), ReportFormat::Text);
    assert_eq!(code, cli::EXIT_INVALID, "{err}");
    let prefix = format!(
        "{}:{FORMAT_LINE}:{COL_FORMAT}: error:",
        pack.path().join(MANIFEST).display()
    );
    let first = err.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&prefix),
        "{first:?} should start with {prefix:?}"
    );
    let second = err.lines().nth(1).unwrap_or_default();
    assert!(second.contains(":62:8: error:"), "{second}");
}

#[test]
fn check_json_parses_and_carries_codes_and_locations() {
    let pack = util::copy_of_default_pack();
    replace(pack.path(), "id = \"global-magnitsky\"", "id = \"Law One\"");
    fs::write(pack.path().join("law/pl-112-208.md"), "<!-- -->\n").unwrap();
    let (code, out, err) = run_check(pack.path(), ReportFormat::Json);
    assert_eq!(code, cli::EXIT_INVALID);
    assert!(err.is_empty(), "stderr: {err}");
    let report: serde_json::Value =
        serde_json::from_str(&out).expect("check --format json is JSON");
    assert_eq!(report["valid"], false);
    assert_eq!(report["readable"], true);
    let problems = report["problems"].as_array().expect("a problems array");
    let codes: Vec<&str> = problems.iter().filter_map(|p| p["code"].as_str()).collect();
    assert_eq!(codes, ["bad_id", "law_empty"]);
    assert_eq!(problems[0]["line"], GLOBAL_ID_LINE);
    assert_eq!(problems[0]["column"], COL_ID);
    assert_eq!(problems[0]["severity"], "error");
    assert_eq!(
        problems[0]["file"],
        pack.path().join(MANIFEST).display().to_string()
    );
    assert_eq!(problems[1]["line"], serde_json::Value::Null);
    assert_eq!(
        problems[1]["file"],
        pack.path().join("law/pl-112-208.md").display().to_string()
    );
}

#[test]
fn check_on_a_missing_folder_exits_2_in_both_formats() {
    let parent = tempfile::tempdir().unwrap();
    let missing = parent.path().join("gone");
    let (code, out, err) = run_check(&missing, ReportFormat::Text);
    assert_eq!(code, cli::EXIT_UNREADABLE);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.starts_with("error: cannot read the content pack:"),
        "{err}"
    );
    let (code, out, _) = run_check(&missing, ReportFormat::Json);
    assert_eq!(code, cli::EXIT_UNREADABLE);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["readable"], false);
    assert_eq!(report["problems"], serde_json::json!([]));
}
