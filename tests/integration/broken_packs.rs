//! A corpus of broken content packs. Every case starts from a copy of the good default pack
//! (`assets/justice-for-sergei/`), breaks one thing (or several), and asserts exactly which problems
//! `content::load` reports: code, severity, file and, for findings in the manifest, line and column.
//! A case whose findings are all warnings (or that expects none: a pack that only looks broken) must
//! load; a case with any error must be refused.
//!
//! Line numbers refer to the default pack's `manifest.toml`; `the_default_pack_is_where_the_corpus_aims`
//! fails first, with a clear message, if that file is edited and the corpus needs updating.

use screening_kiosk_lib::{
    cli::{self, ReportFormat},
    content::{self, Code, LoadError, Pack, Problem, Severity, CHECKSUM_FILE},
    media::MediaId,
    settings::durable,
};

use crate::util;
use std::fs;
use std::path::Path;

const MANIFEST: &str = "manifest.toml";

// Where things are in the default pack's manifest (1-based lines).
const FORMAT_LINE: usize = 5;
const LANGUAGES_LINE: usize = 7;
const DEFAULT_LANGUAGE_LINE: usize = 8;
const FILM_LINE: usize = 10; // [film]
const TITLE_LINE: usize = 11;
const YEAR_LINE: usize = 12;
const COUNTRY_LINE: usize = 13;
const POSTER_LINE: usize = 14;
const SYNOPSIS_EN_LINE: usize = 15; // synopsis.en = """… (five lines), then synopsis.ru
const SYNOPSIS_RU_LINE: usize = 20;
const DIRECTED_BY_LABEL_LINE: usize = 27; // the first [[film.facts]]
const TRAILER_NOTE_EN_LINE: usize = 64;
const RENDITIONS_LINE: usize = 67; // the first [[trailer.renditions]]
const MP4_FILE_LINE: usize = 68;
const MP4_MIME_LINE: usize = 69;
const WEBM_FILE_LINE: usize = 72;
const WEBM_MIME_LINE: usize = 73;
const EN_CAPTION_LANGUAGE_LINE: usize = 76;
const RU_CAPTION_LABEL_LINE: usize = 82;
const KLEINER_LINE: usize = 113; // a credited name, one of an array's inline tables
const AWARDS_HEADING_LINE: usize = 122;
const GLOBAL_ID_LINE: usize = 159;
const GLOBAL_STATUS_LINE: usize = 163;
const GLOBAL_FILE_LINE: usize = 167;
const S1039_ID_LINE: usize = 170;
const S1039_LANGUAGE_LINE: usize = 175;
const S1039_FILE_LINE: usize = 178;
const PL_ID_LINE: usize = 181;
const PL_FILE_LINE: usize = 189;
const DEATH_DATE_LINE: usize = 237; // date = "2009-11-16"
const COUNCIL_DATE_LINE: usize = 255; // date = "2011-07"

// Columns where a value starts after `key = `.
const COL_FORMAT: usize = 10; // format = 1
const COL_LANGUAGES: usize = 13; // languages = […]
const COL_DEFAULT_LANGUAGE: usize = 20; // default_language = "…"
const COL_COUNTRY: usize = 11; // country = { … }
const COL_POSTER: usize = 10; // poster = "…"
const COL_LABEL: usize = 9; // label = { … }
const COL_RENDITIONS: usize = 14; // renditions = []
const COL_FILE: usize = 8; // file = "…"
const COL_MIME: usize = 8; // mime = '…'
const COL_LANGUAGE: usize = 12; // language = "…"
const COL_STATUS: usize = 10; // status = "…"
const COL_YEAR: usize = 8; // year = 2010
const COL_ID: usize = 6; // id = "…"
const COL_DATE: usize = 8; // date = "…"
const COL_INDENTED: usize = 3; // an array item on its own line, indented by two spaces
                               // Inside the title line `title = "Justice for Sergei"`.
const COL_TITLE_FOR: usize = 18; // where `for` starts
const COL_TITLE_CLOSING_QUOTE: usize = 28;

/// The files `content::write_checksums` lists for the default pack, in order: the manifest, then
/// every file it names in the order the loader meets them (poster, renditions, laws, captions).
const PACKED_FILES: [&str; 9] = [
    MANIFEST,
    "images/poster.jpg",
    "trailer/trailer.mp4",
    "trailer/trailer.webm",
    "law/global-magnitsky.md",
    "law/s1039-magnitsky-2011.md",
    "law/pl-112-208.md",
    "captions/trailer.en.vtt",
    "captions/trailer.ru.vtt",
];

/// The 1-based line of `file` in a freshly written checksum list.
fn checksum_line(file: &str) -> usize {
    PACKED_FILES
        .iter()
        .position(|packed| *packed == file)
        .unwrap_or_else(|| panic!("{file} is not in PACKED_FILES"))
        + 1
}

/// One expected finding. `saying` (optional) must occur in the message, `never_saying` must not.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Want {
    code: Code,
    severity: Severity,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    saying: Option<&'static str>,
    never_saying: Option<&'static str>,
}

impl Want {
    fn saying(mut self, text: &'static str) -> Self {
        self.saying = Some(text);
        self
    }

    fn never_saying(mut self, text: &'static str) -> Self {
        self.never_saying = Some(text);
        self
    }

    /// The same finding, as a warning (the pack still loads).
    fn warning(self) -> Self {
        Self {
            severity: Severity::Warning,
            ..self
        }
    }

    fn matches(&self, found: &Problem) -> bool {
        self.code == found.code
            && self.severity == found.severity
            && Path::new(&self.file) == found.file
            && self.line == found.line
            && self.column == found.column
            && self.saying.is_none_or(|text| found.message.contains(text))
            && self
                .never_saying
                .is_none_or(|text| !found.message.contains(text))
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
        never_saying: None,
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

/// Loads `root` and asserts it reports exactly `wanted`, in order. If `wanted` holds an error the
/// pack must be refused; if it holds only warnings (or nothing) the pack must load, with exactly those
/// warnings. Returns the pack when it loaded.
fn assert_reports(case: &str, root: &Path, wanted: &[Want]) -> Option<Pack> {
    let must_load = wanted.iter().all(|w| w.severity == Severity::Warning);
    let (problems, loaded) = match content::load(root) {
        Ok(pack) if must_load => (pack.warnings.clone(), Some(pack)),
        Ok(pack) => panic!(
            "{case}: the broken pack loaded (warnings: {})",
            describe(&pack.warnings)
        ),
        Err(LoadError::Unreadable(why)) => panic!("{case}: unreadable instead of invalid: {why}"),
        Err(LoadError::Invalid(problems)) if must_load => panic!(
            "{case}: the pack should load (with {} warning(s)) but was refused:{}",
            wanted.len(),
            describe(&problems)
        ),
        Err(LoadError::Invalid(problems)) => (problems, None),
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
    loaded
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

/// The manifest without its `[[legislation]]` blocks (they come right before the `[[timeline]]`,
/// which stays).
fn without_legislation(root: &Path) -> String {
    let text = manifest_text(root);
    let first = text
        .find("[[legislation]]")
        .expect("the pack has legislation");
    let timeline = text.find("[[timeline]]").expect("the pack has a timeline");
    assert!(
        first < timeline,
        "the legislation comes before the timeline"
    );
    format!("{}{}", &text[..first], &text[timeline..])
}

/// Packs the copy as `screening-kiosk pack` does (validates it and writes `checksums.sha256`) and
/// checks the list names `PACKED_FILES` in order, so the cases can aim at its lines.
fn pack_checksums(root: &Path) {
    let listed = content::write_checksums(root, durable::write_atomically)
        .unwrap_or_else(|e| panic!("packing: {e}"));
    assert_eq!(listed, PACKED_FILES.len());
    let names: Vec<String> = checksum_lines(root)
        .iter()
        .map(|line| line.split_once("  ").expect("hash  name").1.to_string())
        .collect();
    assert_eq!(names, PACKED_FILES);
}

fn checksum_lines(root: &Path) -> Vec<String> {
    fs::read_to_string(root.join(CHECKSUM_FILE))
        .expect("the checksum list is UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

/// Rewrites line `line` (1-based) of the checksum list with `edit`; `None` removes the line.
fn edit_checksum_line(root: &Path, line: usize, edit: impl FnOnce(&str) -> Option<String>) {
    let mut lines = checksum_lines(root);
    match edit(&lines[line - 1]) {
        Some(changed) => lines[line - 1] = changed,
        None => {
            lines.remove(line - 1);
        }
    }
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    fs::write(root.join(CHECKSUM_FILE), text).unwrap();
}

/// How many lines the default pack's manifest has: the budget cases append after them.
const DEFAULT_MANIFEST_LINES: usize = 300;
/// The limits of `docs/content-pack.md` (Limits) that the budget cases go one past.
const MAX_FINDINGS_PER_CODE: usize = 20;
const MAX_CHECKSUM_LINES: usize = 2_001;
const LAW_MAX_DEPTH: usize = 16;
const LAW_MAX_MARKUP: usize = 1_000_000;
/// A law text just under the 10 MB limit of one file: four entries naming it exceed the 32 MiB
/// the entries of a pack may bring in, three do not.
const BIG_LAW_BYTES: usize = 9_000_000;

/// Appends `text` to the manifest, after its `DEFAULT_MANIFEST_LINES` lines.
fn append_to_manifest(root: &Path, text: &str) {
    let mut manifest = manifest_text(root);
    assert_eq!(
        manifest.lines().count(),
        DEFAULT_MANIFEST_LINES,
        "the default manifest changed length: update DEFAULT_MANIFEST_LINES"
    );
    assert!(manifest.ends_with('\n'));
    manifest.push_str(text);
    fs::write(root.join(MANIFEST), manifest).unwrap();
}

/// A `[[legislation]]` entry of nine lines (a blank one first) naming `file`; its `file` line is
/// the ninth.
fn law_entry(id: &str, file: &str) -> String {
    format!(
        "\n[[legislation]]\nid = \"{id}\"\ntitle = \"An Act\"\ncitation = \"Public Law 1\"\nsource_url = \"https://example.org/\"\nstatus = \"full\"\nlanguage = \"en\"\nfile = \"{file}\"\n"
    )
}

/// The line of the `file` key of the `n`th (1-based) entry `law_entry` appended.
const fn appended_law_file_line(n: usize) -> usize {
    DEFAULT_MANIFEST_LINES + 9 * n
}

/// Appends `lines` to the checksum list.
fn append_checksum_lines(root: &Path, lines: &[String]) {
    let mut text = fs::read_to_string(root.join(CHECKSUM_FILE)).unwrap();
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    fs::write(root.join(CHECKSUM_FILE), text).unwrap();
}

/// A file of `tests/fixtures/media/` (see its README).
fn media_fixture(name: &str) -> Vec<u8> {
    fs::read(util::repo_root().join("tests/fixtures/media").join(name)).unwrap()
}

/// The offsets of an MP4's top-level boxes of type `kind`.
fn top_level_boxes(bytes: &[u8], kind: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut offset = 0;
    while offset + 8 <= bytes.len() {
        let size = u32::from_be_bytes(bytes[offset..offset + 4].try_into().unwrap()) as usize;
        assert!(size >= 8, "a box of size {size} at {offset}");
        if &bytes[offset + 4..offset + 8] == kind.as_bytes() {
            found.push(offset);
        }
        offset += size;
    }
    found
}

/// A small, real PNG from the repository (the app icon), for a poster whose bytes are PNG.
fn png_bytes() -> Vec<u8> {
    let png = fs::read(util::repo_root().join("src-tauri/icons/128x128.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "the icon is a PNG");
    png
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

/// Replaces `from` with `to` in the caption file `file`; `from` must occur exactly once.
fn replace_in_captions(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} must occur once in {file}"
    );
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

// ---- the corpus ------------------------------------------------------------------------------------

/// One `#[test]` per case, named for what is broken; `corpus()` lists them all. A case expecting no
/// errors (warnings only, or `[]`) asserts that the pack loads; `then |pack| { … }` checks the loaded
/// pack further.
macro_rules! broken_packs {
    ($(
        $(#[$meta:meta])*
        $name:ident: |$root:ident, $outside:ident| $mutate:block
            => [$($want:expr),* $(,)?] $(and $more:block)? $(then |$pack:ident| $check:block)?;
    )+) => {
        $(
            $(#[$meta])*
            #[test]
            #[allow(unused_variables, unused_mut)]
            fn $name() {
                let pack = util::copy_of_default_pack();
                let outside = outside_dir();
                let $root: &Path = pack.path();
                let $outside: &Path = outside.path();
                $mutate
                let mut wanted: Vec<Want> = vec![$($want),*];
                $(wanted.extend($more);)?
                let loaded = assert_reports(stringify!($name), $root, &wanted);
                $(
                    let $pack = loaded.expect("the pack loaded");
                    $check
                )?
            }
        )+

        /// Every case by name with the codes it expects.
        // Read by the coverage test, which needs the Unix-only cases.
        #[cfg_attr(not(unix), allow(dead_code))]
        fn corpus() -> Vec<(&'static str, Vec<Code>)> {
            vec![$((stringify!($name), {
                #[allow(unused_mut)]
                let mut codes: Vec<Code> = vec![$($want.code),*];
                $(codes.extend($more.into_iter().map(|want: Want| want.code));)?
                codes
            })),+]
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
        // `title = "Justice ` is 17 characters: the bad byte is at the column of `for`.
        insert_bytes_before(&root.join(MANIFEST), "for Sergei\"\nyear", b"\xFF");
    } => [in_file_at(Code::NotUtf8, MANIFEST, TITLE_LINE, COL_TITLE_FOR)];

    manifest_saved_as_utf16: |root, outside| {
        let text = manifest_text(root);
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        fs::write(root.join(MANIFEST), bytes).unwrap();
    } => [in_file_at(Code::NotUtf8, MANIFEST, 1, 1)];

    // -- TOML and types --
    manifest_has_an_unclosed_string: |root, outside| {
        replace(root, "title = \"Justice for Sergei\"", "title = \"Justice for Sergei");
    } => [at(Code::ManifestSyntax, TITLE_LINE, COL_TITLE_CLOSING_QUOTE)]; // toml reports the end of the line

    film_year_is_a_string: |root, outside| {
        replace(root, "year = 2010", "year = \"2010\"");
    } => [at(Code::ManifestField, YEAR_LINE, COL_YEAR).saying("expected a whole number from 0 to 65535")];

    film_year_does_not_fit_in_u16: |root, outside| {
        replace(root, "year = 2010", "year = 70000");
    } => [at(Code::ManifestField, YEAR_LINE, COL_YEAR).saying("expected a whole number from 0 to 65535")];

    film_year_is_too_large_for_any_integer: |root, outside| {
        // Read as a 128-bit integer first; the message once said "as i128, expected u16".
        replace(root, "year = 2010", "year = 99999999999999999999");
    } => [at(Code::ManifestField, YEAR_LINE, COL_YEAR).saying("`99999999999999999999`, expected a whole number")];

    film_title_is_missing: |root, outside| {
        replace(root, "title = \"Justice for Sergei\"\n", "");
    } => [at(Code::ManifestField, FILM_LINE, 1).saying("missing field `title`")];

    legislation_status_is_not_full_or_excerpt: |root, outside| {
        replace(
            root,
            "status = \"full\"",
            "status = \"complete\"",
        );
    } => [at(Code::ManifestField, GLOBAL_STATUS_LINE, COL_STATUS).saying("complete")];

    format_is_version_2: |root, outside| {
        replace(root, "format = 1", "format = 2");
    } => [at(Code::UnsupportedFormat, FORMAT_LINE, COL_FORMAT).saying("format 2")];

    format_is_a_string: |root, outside| {
        replace(root, "format = 1", "format = \"1\"");
    } => [at(Code::ManifestField, FORMAT_LINE, COL_FORMAT).saying("expected a whole number")];

    manifest_nests_a_dotted_key_deeper_than_the_parser_goes: |root, outside| {
        // The parser stops at its nesting limit without a position; the report still has one.
        let mut text = manifest_text(root);
        text.insert_str(0, &format!("{}b = 1\n", "a.".repeat(300)));
        fs::write(root.join(MANIFEST), text).unwrap();
    } => [in_file_at(Code::ManifestSyntax, MANIFEST, 1, 600).saying("recursion")];

    // -- trailer --
    trailer_renditions_array_is_empty: |root, outside| {
        let text = manifest_text(root);
        let start = text.find("[[trailer.renditions]]").unwrap();
        let end = text.find("[[trailer.captions]]").unwrap();
        let text = format!("{}renditions = []\n\n{}", &text[..start], &text[end..]);
        fs::write(root.join(MANIFEST), text).unwrap();
    } => [at(Code::NoRenditions, RENDITIONS_LINE, COL_RENDITIONS)];

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

    #[cfg(unix)]
    manifest_is_a_symlink_to_a_manifest_outside_the_pack: |root, outside| {
        fs::rename(root.join(MANIFEST), outside.join(MANIFEST)).unwrap();
        symlink(&outside.join(MANIFEST), &root.join(MANIFEST));
    } => [in_file(Code::PathEscapesPack, MANIFEST).saying("outside")];

    #[cfg(unix)]
    checksum_list_is_a_symlink_to_a_list_outside_the_pack: |root, outside| {
        pack_checksums(root);
        fs::rename(root.join(CHECKSUM_FILE), outside.join(CHECKSUM_FILE)).unwrap();
        symlink(&outside.join(CHECKSUM_FILE), &root.join(CHECKSUM_FILE));
    } => [in_file(Code::PathEscapesPack, CHECKSUM_FILE).saying("outside")];

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
    } => [in_file_at(Code::ManifestField, MANIFEST, 1, 1).saying("missing field `legislation`")];

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
        at(Code::NotVideoMime, WEBM_MIME_LINE, COL_MIME),
        at(Code::BadId, S1039_ID_LINE, COL_ID),
        in_file(Code::LawEmpty, "law/pl-112-208.md"),
    ];

    // -- languages --
    country_has_a_translation_in_an_undeclared_language: |root, outside| {
        replace(root, "ru = \"Нидерланды\" }\nposter", "ru = \"Нидерланды\", nl = \"Nederland\" }\nposter");
    } => [at(Code::BadLanguage, COUNTRY_LINE, 56).saying("translation \"nl\"")]; // at the `nl` key

    synopsis_has_a_dotted_translation_in_an_undeclared_language: |root, outside| {
        // synopsis.en spans five lines; synopsis.de goes on the line synopsis.ru had.
        replace(root, "synopsis.ru = \"\"\"", "synopsis.de = \"Ein Dokumentarfilm.\"\nsynopsis.ru = \"\"\"");
    } => [at(Code::BadLanguage, SYNOPSIS_RU_LINE, 10).saying("translation \"de\"")]; // the `de` of synopsis.de

    fact_label_has_no_version_in_the_default_language: |root, outside| {
        replace(root, "label = { en = \"Directed by\", ru = \"Режиссёры\" }", "label = { ru = \"Режиссёры\" }");
    } => [at(Code::MissingTranslation, DIRECTED_BY_LABEL_LINE, COL_LABEL).saying("default language \"en\"")];

    trailer_note_lost_its_default_language_line: |root, outside| {
        let text = manifest_text(root);
        let note_en = text.lines().nth(TRAILER_NOTE_EN_LINE - 1).unwrap();
        assert!(note_en.starts_with("note.en = "), "{note_en}");
        replace(root, &format!("{note_en}\n"), "");
    } => [at(Code::MissingTranslation, TRAILER_NOTE_EN_LINE, 1)]; // note.ru moved up to its line

    credited_name_has_only_a_russian_spelling: |root, outside| {
        replace(root, "{ en = \"Vadim Kleiner\", ru = \"Вадим Кляйнер\" }", "{ ru = \"Вадим Кляйнер\" }");
    } => [at(Code::MissingTranslation, KLEINER_LINE, COL_INDENTED)];

    default_language_is_not_among_the_languages: |root, outside| {
        replace(root, "default_language = \"en\"", "default_language = \"nl\"");
    } => [at(Code::BadLanguage, DEFAULT_LANGUAGE_LINE, COL_DEFAULT_LANGUAGE).saying("default_language \"nl\"")];

    languages_list_a_malformed_tag: |root, outside| {
        replace(root, "languages = [\"en\", \"ru\"]", "languages = [\"en\", \"ru\", \"en_GB\"]");
    } => [at(Code::BadLanguage, LANGUAGES_LINE, 26).saying("\"en_GB\" is not a language tag")]; // at "en_GB"

    languages_one_per_line_with_a_malformed_tag: |root, outside| {
        replace(root, "languages = [\"en\", \"ru\"]", "languages = [\n  \"en\",\n  \"ru\",\n  \"english\",\n]");
    } => [at(Code::BadLanguage, LANGUAGES_LINE + 3, 3).saying("\"english\"")];

    caption_track_is_in_an_undeclared_language: |root, outside| {
        replace(root, "language = \"en\"\nlabel = \"English\"", "language = \"fr\"\nlabel = \"Français\"");
    } => [at(Code::BadLanguage, EN_CAPTION_LANGUAGE_LINE, COL_LANGUAGE).saying("language \"fr\"")];

    legislation_language_is_not_declared: |root, outside| {
        replace(
            root,
            "language = \"en\"\nnote.en = \"Opening of the bill",
            "language = \"de\"\nnote.en = \"Opening of the bill",
        );
    } => [at(Code::BadLanguage, S1039_LANGUAGE_LINE, COL_LANGUAGE).saying("language \"de\"")];

    caption_track_has_an_unknown_field: |root, outside| {
        replace(root, "label = \"Русский\"\n", "label = \"Русский\"\nkind = \"subtitles\"\n");
    } => [at(Code::UnknownField, RU_CAPTION_LABEL_LINE + 1, 1).warning().saying("`trailer.captions.1.kind`")];

    // -- timeline --
    timeline_date_is_written_in_words: |root, outside| {
        replace(root, "date = \"2009-11-16\"", "date = \"16 Nov 2009\"");
    } => [at(Code::BadDate, DEATH_DATE_LINE, COL_DATE).saying("\"16 Nov 2009\"")];

    timeline_date_is_the_29th_of_february_in_a_common_year: |root, outside| {
        replace(root, "date = \"2011-07\"", "date = \"2011-02-29\"");
    } => [at(Code::BadDate, COUNCIL_DATE_LINE, COL_DATE).saying("\"2011-02-29\"")];

    // -- captions and media: the bytes decide, not the name --
    caption_file_is_srt_not_webvtt: |root, outside| {
        fs::write(
            root.join("captions/trailer.ru.vtt"),
            "1\n00:00:00,000 --> 00:00:04,000\nСергей Магнитский\n\n2\n00:00:04,000 --> 00:00:08,000\n1972–2009\n",
        )
        .unwrap();
    } => [in_file_at(Code::NotWebVtt, "captions/trailer.ru.vtt", 1, 1)];

    // -- captions read as a browser reads them (lines of captions/trailer.en.vtt: bed-in's timing
    // on line 10, bed-out's on line 14) --
    caption_file_is_an_srt_body_under_a_webvtt_line: |root, outside| {
        fs::write(
            root.join("captions/trailer.ru.vtt"),
            "WEBVTT\n\n1\n00:00:00,000 --> 00:00:04,000\nСергей Магнитский\n\n2\n00:00:04,000 --> 00:00:08,000\n1972–2009\n",
        )
        .unwrap();
    } => [
        in_file(Code::CaptionsWithoutCues, "captions/trailer.ru.vtt").saying("looks like SRT"),
        in_file_at(Code::CaptionCueDropped, "captions/trailer.ru.vtt", 4, 9).warning().saying("comma"),
        in_file_at(Code::CaptionCueDropped, "captions/trailer.ru.vtt", 8, 9).warning().saying("comma"),
    ];

    caption_cue_has_a_timing_with_two_digit_milliseconds: |root, outside| {
        replace_in_captions(root, "captions/trailer.en.vtt", "00:00:45.900 --> 00:00:49.400", "00:00:45.900 --> 00:00:49.40");
    } => [in_file_at(Code::CaptionCueDropped, "captions/trailer.en.vtt", 14, 27).warning().saying("three digits")];

    caption_cues_are_out_of_time_order: |root, outside| {
        replace_in_captions(root, "captions/trailer.en.vtt", "00:00:00.000 --> 00:00:04.800", "00:00:46.000 --> 00:00:48.000");
    } => [in_file_at(Code::CaptionOutOfOrder, "captions/trailer.en.vtt", 14, 1).warning().saying("line 10")];

    caption_cue_end_typed_too_late_overlaps_the_next: |root, outside| {
        replace_in_captions(root, "captions/trailer.en.vtt", "00:00:00.000 --> 00:00:04.800", "00:00:00.000 --> 00:00:48.000");
    } => [in_file_at(Code::CaptionOverlap, "captions/trailer.en.vtt", 14, 1).warning().saying("until 00:00:48.000")];

    caption_cue_runs_past_the_trailer_end: |root, outside| {
        replace_in_captions(root, "captions/trailer.en.vtt", "00:00:45.900 --> 00:00:49.400", "00:00:45.900 --> 00:01:49.400");
    } => [in_file_at(Code::CaptionPastTrailerEnd, "captions/trailer.en.vtt", 14, 1).warning().saying("ends at 00:01:49.400, after the trailer ends")];

    poster_is_a_png_named_jpg_and_loads: |root, outside| {
        fs::write(root.join("images/poster.jpg"), png_bytes()).unwrap();
    } => [] then |pack| {
        assert_eq!(pack.media[&MediaId::Poster].mime, "image/png", "served as what its bytes are");
    };

    poster_is_an_svg_named_jpg: |root, outside| {
        fs::write(
            root.join("images/poster.jpg"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"900\"><text x=\"10\" y=\"40\">Justice for Sergei</text></svg>\n",
        )
        .unwrap();
    } => [at(Code::MediaMismatch, POSTER_LINE, COL_POSTER).saying("not a JPEG, PNG or WebP image")];

    mp4_rendition_holds_the_webm_bytes: |root, outside| {
        fs::copy(root.join("trailer/trailer.webm"), root.join("trailer/trailer.mp4")).unwrap();
    } => [at(Code::MediaMismatch, MP4_MIME_LINE, COL_MIME).saying("is a WebM file but its mime says \"video/mp4")];

    mp4_rendition_is_cut_off_after_4_kb: |root, outside| {
        let mp4 = root.join("trailer/trailer.mp4");
        let bytes = fs::read(&mp4).unwrap();
        fs::write(&mp4, &bytes[..4096]).unwrap();
    } => [at(Code::MediaUnreadable, MP4_FILE_LINE, COL_FILE).saying("not a readable MP4")];

    webm_rendition_is_cut_off_after_4_kb: |root, outside| {
        let webm = root.join("trailer/trailer.webm");
        let bytes = fs::read(&webm).unwrap();
        fs::write(&webm, &bytes[..4096]).unwrap();
    } => [at(Code::MediaUnreadable, WEBM_FILE_LINE, COL_FILE).saying("not a readable WebM").never_saying("None")];

    /// A trailer that Windows decodes only with an extension and a GPU that has HEVC, and macOS
    /// not at all under the tag `hev1`: visitors there may get the poster. The fixture is 0.4 s of
    /// black in H.265 (`hev1`) with AAC, 4 KB, made with ffmpeg's libx265.
    only_rendition_is_hevc_which_windows_may_not_play: |root, outside| {
        fs::copy(
            util::repo_root().join("tests/fixtures/hevc-and-aac.mp4"),
            root.join("trailer/trailer.mp4"),
        )
        .unwrap();
        replace(root, "codecs=\"avc1.4D401F, mp4a.40.2\"", "codecs=\"hev1.1.6.L93.B0, mp4a.40.2\"");
        replace(
            root,
            "[[trailer.renditions]]\nfile = \"trailer/trailer.webm\"\nmime = 'video/webm; codecs=\"vp9, opus\"'\n\n",
            "",
        );
    } => [
        at(Code::NoRenditionForPlatform, RENDITIONS_LINE, 1).warning().saying("no trailer rendition is sure to play on Windows"),
        at(Code::NoRenditionForPlatform, RENDITIONS_LINE, 1).warning().saying("no trailer rendition is sure to play on macOS"),
        // The fixture is far shorter than the captions.
        in_file_at(Code::CaptionPastTrailerEnd, "captions/trailer.en.vtt", 10, 1).warning().saying("after the trailer ends at 00:00:00.400"),
        in_file_at(Code::CaptionPastTrailerEnd, "captions/trailer.ru.vtt", 10, 1).warning().saying("13 more cues"),
    ];

    webm_rendition_is_a_text_file: |root, outside| {
        fs::write(root.join("trailer/trailer.webm"), "The trailer goes here.\n").unwrap();
    } => [at(Code::MediaUnreadable, WEBM_FILE_LINE, COL_FILE).saying("not a video")];

    // -- the budget of one validation (docs/content-pack.md, Limits) --
    manifest_holds_more_entries_than_a_pack_may: |root, outside| {
        let event = "\n[[timeline]]\ndate = \"2009\"\ntext = \"An event.\"\nsource = \"https://example.org/\"\n";
        append_to_manifest(root, &event.repeat(2_001));
    } => [in_file(Code::TooManyEntries, MANIFEST).saying("2001 of them [[timeline]]").saying("at most 2000")];

    one_big_law_file_named_by_entries_past_the_text_budget: |root, outside| {
        let paragraph = format!("{}\n\n", "The President may impose sanctions. ".repeat(27));
        let text = paragraph.repeat(BIG_LAW_BYTES / paragraph.len() + 1);
        fs::write(root.join("law/big.md"), &text[..BIG_LAW_BYTES]).unwrap();
        let entries: String = (1..=4)
            .map(|n| law_entry(&format!("big-{n}"), "law/big.md"))
            .collect();
        append_to_manifest(root, &entries);
    } => [at(Code::TextBudgetExceeded, appended_law_file_line(4), COL_FILE).saying("33554432")];

    one_broken_law_file_named_three_ways_is_reported_once: |root, outside| {
        insert_bytes_before(&root.join("law/pl-112-208.md"), "Public", b"\xFF");
        let entries: String = ["./law/pl-112-208.md", "law//pl-112-208.md"]
            .iter()
            .enumerate()
            .map(|(n, file)| law_entry(&format!("again-{n}"), file))
            .collect();
        append_to_manifest(root, &entries);
    } => [in_file_at(Code::NotUtf8, "law/pl-112-208.md", 1, 3)];

    a_law_named_two_ways_is_one_file_of_the_pack: |root, outside| {
        append_to_manifest(root, &law_entry("again", "law/./pl-112-208.md"));
    } => [] then |pack| {
        assert_eq!(pack.files, PACKED_FILES, "each file once, by its plain path");
        assert_eq!(pack.laws["again"], pack.laws["public-law-112-208"]);
    };

    checksum_list_is_longer_than_a_pack_has_files: |root, outside| {
        pack_checksums(root);
        let line = checksum_lines(root)[0].clone();
        append_checksum_lines(root, &vec![line; MAX_CHECKSUM_LINES]);
    } => [in_file_at(Code::TooManyChecksumLines, CHECKSUM_FILE, MAX_CHECKSUM_LINES + 1, 1)];

    checksum_list_names_one_file_three_more_ways: |root, outside| {
        pack_checksums(root);
        let line = &checksum_lines(root)[checksum_line("law/pl-112-208.md") - 1];
        let (hash, _) = line.split_once("  ").unwrap();
        let again: Vec<String> = ["./law/pl-112-208.md", "law//pl-112-208.md", "law/./pl-112-208.md"]
            .iter()
            .map(|name| format!("{hash}  {name}"))
            .collect();
        append_checksum_lines(root, &again);
    } => [
        in_file_at(Code::ChecksumDuplicate, CHECKSUM_FILE, PACKED_FILES.len() + 1, 1).saying("line 7"),
        in_file_at(Code::ChecksumDuplicate, CHECKSUM_FILE, PACKED_FILES.len() + 2, 1).saying("line 7"),
        in_file_at(Code::ChecksumDuplicate, CHECKSUM_FILE, PACKED_FILES.len() + 3, 1).saying("line 7"),
    ];

    manifest_has_more_unknown_fields_than_a_report_lists: |root, outside| {
        let fields: String = (0..MAX_FINDINGS_PER_CODE + 5)
            .map(|n| format!("extra_{n:02} = 1\n"))
            .collect();
        replace(root, "year = 2010\n", &format!("year = 2010\n{fields}"));
    } => [] and {
        (1..=MAX_FINDINGS_PER_CODE)
            .map(|n| at(Code::UnknownField, YEAR_LINE + n, 1).warning())
            .chain([in_file(Code::TooManyFindings, MANIFEST).warning().saying("5 more unknown_field findings")])
            .collect::<Vec<_>>()
    };

    law_text_nests_quotes_deeper_than_the_kiosk_shows: |root, outside| {
        let text = format!("# Sec. 1\n\n{}x\n", "> ".repeat(LAW_MAX_DEPTH + 1));
        fs::write(root.join("law/pl-112-208.md"), text).unwrap();
    } => [in_file_at(Code::LawTooDeep, "law/pl-112-208.md", 3, 1)];

    law_text_is_little_but_markup: |root, outside| {
        fs::write(root.join("law/pl-112-208.md"), "- a\n".repeat(LAW_MAX_MARKUP / 2 + 1)).unwrap();
    } => [in_file_at(Code::LawTooComplex, "law/pl-112-208.md", LAW_MAX_MARKUP / 2 + 1, 1)];
    // -- containers and codecs held against the file: half copies, tags, declared codecs --
    mp4_rendition_is_a_fragmented_mp4_cut_between_two_fragments: |root, outside| {
        let bytes = media_fixture("fragmented.mp4");
        let cut = top_level_boxes(&bytes, "moof")[3];
        fs::write(root.join("trailer/trailer.mp4"), &bytes[..cut]).unwrap();
    } => [at(Code::MediaUnreadable, MP4_FILE_LINE, COL_FILE).saying("the fragments cover only")];

    mp4_rendition_is_a_fragmented_mp4_init_segment_alone: |root, outside| {
        let bytes = media_fixture("fragmented.mp4");
        let cut = top_level_boxes(&bytes, "moof")[0];
        fs::write(root.join("trailer/trailer.mp4"), &bytes[..cut]).unwrap();
    } => [at(Code::MediaUnreadable, MP4_FILE_LINE, COL_FILE).saying("init segment alone")];

    mp4_rendition_second_half_is_zeros: |root, outside| {
        // What a copy that sets the file's full size first leaves when it dies half-way.
        let mp4 = root.join("trailer/trailer.mp4");
        let mut bytes = fs::read(&mp4).unwrap();
        let half = bytes.len() / 2;
        bytes[half..].fill(0);
        fs::write(&mp4, bytes).unwrap();
    } => [at(Code::MediaUnreadable, MP4_FILE_LINE, COL_FILE).saying("half-copied")];

    webm_rendition_is_live_style_without_a_duration_and_cut_off: |root, outside| {
        let bytes = media_fixture("live.webm");
        fs::write(root.join("trailer/trailer.webm"), &bytes[..bytes.len() * 3 / 4]).unwrap();
    } => [at(Code::MediaUnreadable, WEBM_FILE_LINE, COL_FILE).saying("the file ends inside a cluster")];

    /// `hvc1` is the HEVC tag Apple's decoders take: only Windows may lack a decoder.
    only_rendition_is_hevc_tagged_hvc1: |root, outside| {
        fs::write(root.join("trailer/trailer.mp4"), media_fixture("hvc1.mp4")).unwrap();
        replace(root, "codecs=\"avc1.4D401F, mp4a.40.2\"", "codecs=\"hvc1.1.6.L93.B0\"");
        replace(
            root,
            "[[trailer.renditions]]\nfile = \"trailer/trailer.webm\"\nmime = 'video/webm; codecs=\"vp9, opus\"'\n\n",
            "",
        );
    } => [
        at(Code::NoRenditionForPlatform, RENDITIONS_LINE, 1).warning().saying("no trailer rendition is sure to play on Windows"),
        // The fixture is far shorter than the captions.
        in_file_at(Code::CaptionPastTrailerEnd, "captions/trailer.en.vtt", 10, 1).warning().saying("after the trailer ends at 00:00:02.000"),
        in_file_at(Code::CaptionPastTrailerEnd, "captions/trailer.ru.vtt", 10, 1).warning().saying("13 more cues"),
    ];

    mp4_rendition_declares_h264_but_holds_hevc: |root, outside| {
        fs::write(root.join("trailer/trailer.mp4"), media_fixture("hvc1.mp4")).unwrap();
    } => [
        at(Code::MediaMismatch, MP4_MIME_LINE, COL_MIME).saying("holds HEVC but its mime declares H.264 + AAC"),
        // The fixture is far shorter than the captions.
        in_file_at(Code::CaptionPastTrailerEnd, "captions/trailer.en.vtt", 10, 1).warning().saying("after the trailer ends at 00:00:02.000"),
        in_file_at(Code::CaptionPastTrailerEnd, "captions/trailer.ru.vtt", 10, 1).warning().saying("13 more cues"),
    ];

    webm_rendition_is_matroska_with_h264: |root, outside| {
        fs::write(root.join("trailer/trailer.webm"), media_fixture("h264-aac.mkv")).unwrap();
    } => [at(Code::MediaMismatch, WEBM_MIME_LINE, COL_MIME).saying("is a Matroska file (its DocType is \"matroska\"), not WebM, but its mime says \"video/webm; codecs=\\\"vp9, opus\\\"\": browsers play only WebM"),
        // The fixture is far shorter than the captions.
        in_file_at(Code::CaptionPastTrailerEnd, "captions/trailer.en.vtt", 10, 1).warning().saying("after the trailer ends at 00:00:02.005"),
        in_file_at(Code::CaptionPastTrailerEnd, "captions/trailer.ru.vtt", 10, 1).warning().saying("13 more cues"),
    ];

    mp4_rendition_is_h264_high_10: |root, outside| {
        // The avcC's profile byte set to High 10 (110): what players read to choose a decoder.
        let mp4 = root.join("trailer/trailer.mp4");
        let mut bytes = fs::read(&mp4).unwrap();
        let avcc = bytes.windows(4).position(|w| w == b"avcC").unwrap();
        assert_eq!(bytes[avcc + 5], 77, "the bundled trailer is Main profile");
        bytes[avcc + 5] = 110;
        fs::write(&mp4, bytes).unwrap();
    } => [at(Code::CodecProfileUnsupported, MP4_FILE_LINE, COL_FILE).warning().saying("H.264 in the High 10 profile, which most hardware decoders and webviews refuse")];

    // -- checksums: the copy is packed, then damaged on the way --
    law_file_changed_after_packing: |root, outside| {
        pack_checksums(root);
        let law = root.join("law/pl-112-208.md");
        let mut text = fs::read_to_string(&law).unwrap();
        text.push_str("\nA paragraph added after packing.\n");
        fs::write(&law, text).unwrap();
    } => [in_file(Code::ChecksumMismatch, "law/pl-112-208.md").saying("checksums.sha256 line 7")];

    manifest_comment_edited_after_packing: |root, outside| {
        pack_checksums(root);
        replace(root, "# Content pack for", "# The content pack for");
    } => [in_file(Code::ChecksumMismatch, MANIFEST).saying("checksums.sha256 line 1")];

    checksum_line_lost_one_of_its_two_spaces: |root, outside| {
        pack_checksums(root);
        edit_checksum_line(root, checksum_line("trailer/trailer.webm"), |line| {
            Some(line.replacen("  ", " ", 1))
        });
    } => [
        in_file_at(Code::ChecksumSyntax, CHECKSUM_FILE, checksum_line("trailer/trailer.webm"), 1),
        // The damaged line no longer vouches for the WebM.
        in_file(Code::NotInChecksums, CHECKSUM_FILE).warning().saying("\"trailer/trailer.webm\""),
    ];

    checksum_line_has_a_hash_one_digit_short: |root, outside| {
        pack_checksums(root);
        edit_checksum_line(root, checksum_line("law/global-magnitsky.md"), |line| {
            Some(line[1..].to_string())
        });
    } => [
        in_file_at(Code::ChecksumSyntax, CHECKSUM_FILE, checksum_line("law/global-magnitsky.md"), 1),
        in_file(Code::NotInChecksums, CHECKSUM_FILE).warning().saying("\"law/global-magnitsky.md\""),
    ];

    checksum_list_leaves_a_caption_out: |root, outside| {
        pack_checksums(root);
        edit_checksum_line(root, checksum_line("captions/trailer.ru.vtt"), |_| None);
    } => [in_file(Code::NotInChecksums, CHECKSUM_FILE).warning().saying("\"captions/trailer.ru.vtt\"")];
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

/// Defines `every_code()` from one list. The `match` below has no `_` arm, so a variant added to
/// `Code` stops this file compiling until it is listed here (and then the coverage test wants a case).
macro_rules! every_code {
    ($($code:ident),+ $(,)?) => {
        #[cfg_attr(not(unix), allow(dead_code))]
        fn every_code() -> Vec<Code> {
            fn _listed(code: Code) {
                match code {
                    $(Code::$code)|+ => {}
                }
            }
            vec![$(Code::$code),+]
        }
    };
}

every_code![
    ManifestSyntax,
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
    TooManyEntries,
    TextBudgetExceeded,
    TooManyChecksumLines,
    ChecksumDuplicate,
    TooManyFindings,
    LawTooDeep,
    LawTooComplex,
    CodecProfileUnsupported,
];

#[cfg(unix)] // the symlink and FIFO cases are Unix-only
#[test]
fn the_corpus_has_at_least_30_cases_and_covers_every_code() {
    let corpus = corpus();
    assert!(corpus.len() >= 30, "only {} cases", corpus.len());
    let mut names: Vec<&str> = corpus.iter().map(|(name, _)| *name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), corpus.len(), "case names are unique");
    let covered: Vec<Code> = corpus.iter().flat_map(|(_, codes)| codes.clone()).collect();
    let uncovered: Vec<Code> = every_code()
        .into_iter()
        .filter(|code| !covered.contains(code))
        .collect();
    assert!(uncovered.is_empty(), "no case expects {uncovered:?}");
}

/// Guards the positions the corpus aims at: if the default pack changes, this says so first. Each
/// entry is a line, a column, the text before that column and the text that starts there.
#[test]
fn the_default_pack_is_where_the_corpus_aims() {
    let pack = content::load(&util::default_pack()).expect("the default pack loads");
    assert!(pack.warnings.is_empty(), "{}", describe(&pack.warnings));
    assert_eq!(pack.files, PACKED_FILES, "the files a checksum list names");
    assert_eq!(pack.laws.len(), 3);
    let text = fs::read_to_string(util::default_pack().join(MANIFEST)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for (line, column, before, starts) in [
        (FORMAT_LINE, COL_FORMAT, "format = ", "1"),
        (
            LANGUAGES_LINE,
            COL_LANGUAGES,
            "languages = ",
            "[\"en\", \"ru\"]",
        ),
        (
            DEFAULT_LANGUAGE_LINE,
            COL_DEFAULT_LANGUAGE,
            "default_language = ",
            "\"en\"",
        ),
        (FILM_LINE, 1, "", "[film]"),
        (
            TITLE_LINE,
            COL_TITLE_FOR,
            "title = \"Justice ",
            "for Sergei\"",
        ),
        (
            TITLE_LINE,
            COL_TITLE_CLOSING_QUOTE,
            "title = \"Justice for Sergei",
            "\"",
        ),
        (YEAR_LINE, COL_YEAR, "year = ", "2010"),
        (COUNTRY_LINE, COL_COUNTRY, "country = ", "{ en = "),
        (
            POSTER_LINE,
            COL_POSTER,
            "poster = ",
            "\"images/poster.jpg\"",
        ),
        (SYNOPSIS_EN_LINE, 1, "", "synopsis.en = \"\"\""),
        (SYNOPSIS_RU_LINE, 1, "", "synopsis.ru = \"\"\""),
        (
            DIRECTED_BY_LABEL_LINE,
            COL_LABEL,
            "label = ",
            "{ en = \"Directed by\"",
        ),
        (TRAILER_NOTE_EN_LINE, 1, "", "note.en = "),
        (RENDITIONS_LINE, 1, "", "[[trailer.renditions]]"),
        (
            MP4_FILE_LINE,
            COL_FILE,
            "file = ",
            "\"trailer/trailer.mp4\"",
        ),
        (MP4_MIME_LINE, COL_MIME, "mime = ", "'video/mp4"),
        (
            WEBM_FILE_LINE,
            COL_FILE,
            "file = ",
            "\"trailer/trailer.webm\"",
        ),
        (WEBM_MIME_LINE, COL_MIME, "mime = ", "'video/webm"),
        (
            EN_CAPTION_LANGUAGE_LINE,
            COL_LANGUAGE,
            "language = ",
            "\"en\"",
        ),
        (RU_CAPTION_LABEL_LINE, 1, "", "label = \"Русский\""),
        (KLEINER_LINE, COL_INDENTED, "  ", "{ en = \"Vadim Kleiner\""),
        (AWARDS_HEADING_LINE, 1, "", "heading = { en = \"Awards\""),
        (GLOBAL_ID_LINE, COL_ID, "id = ", "\"global-magnitsky\""),
        (GLOBAL_STATUS_LINE, COL_STATUS, "status = ", "\"full\""),
        (
            GLOBAL_FILE_LINE,
            COL_FILE,
            "file = ",
            "\"law/global-magnitsky.md\"",
        ),
        (
            S1039_ID_LINE,
            COL_ID,
            "id = ",
            "\"magnitsky-act-2011-s1039\"",
        ),
        (S1039_LANGUAGE_LINE, COL_LANGUAGE, "language = ", "\"en\""),
        (
            S1039_FILE_LINE,
            COL_FILE,
            "file = ",
            "\"law/s1039-magnitsky-2011.md\"",
        ),
        (PL_ID_LINE, COL_ID, "id = ", "\"public-law-112-208\""),
        (PL_FILE_LINE, COL_FILE, "file = ", "\"law/pl-112-208.md\""),
        (DEATH_DATE_LINE, COL_DATE, "date = ", "\"2009-11-16\""),
        (COUNCIL_DATE_LINE, COL_DATE, "date = ", "\"2011-07\""),
    ] {
        let text = lines[line - 1];
        assert!(
            text.starts_with(before) && text[before.len()..].starts_with(starts),
            "line {line} is now {text:?}, wanted {before:?} then {starts:?}"
        );
        assert_eq!(
            before.chars().count() + 1,
            column,
            "column of {starts:?} on line {line}"
        );
    }
    // The renditions are the second table after the [trailer] note, whose first line is guarded above.
    assert_eq!(
        lines[RENDITIONS_LINE - 2],
        "",
        "a blank line before the renditions"
    );
}

#[test]
fn a_pack_folder_that_does_not_exist_is_unreadable() {
    let parent = tempfile::tempdir().unwrap();
    let missing = parent.path().join("no-such-pack");
    match content::load(&missing) {
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
    match content::load(&file) {
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
    let loaded = content::load(pack.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.manifest.id, "justice-for-sergei");
    assert!(loaded.warnings.is_empty(), "{}", describe(&loaded.warnings));
}

/// Applies one manifest replacement and asserts the pack still loads with exactly one warning: an
/// UnknownField at `line`:1 whose message names `path`.
fn assert_single_unknown_field(case: &str, from: &str, to: &str, line: usize, path: &'static str) {
    let pack = util::copy_of_default_pack();
    replace(pack.path(), from, to);
    let loaded = content::load(pack.path()).unwrap_or_else(|e| panic!("{case}: {e}"));
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
        "language = \"en\"\nnote.en = \"Opening of the bill",
        "language = \"en\"\ncolour = \"red\"\nnote.en = \"Opening of the bill",
        S1039_LANGUAGE_LINE + 1,
        "`legislation.1.colour`",
    );
}

#[test]
fn an_unknown_field_that_shares_a_name_with_a_known_one_warns_at_its_own_line() {
    // `label` is a real key in [[film.facts]] (DIRECTED_BY_LABEL_LINE) but unknown in [[credits]].
    assert_single_unknown_field(
        "label in the second [[credits]]",
        "heading = { en = \"Awards\", ru = \"Награды\" }\n",
        "heading = { en = \"Awards\", ru = \"Награды\" }\nlabel = \"Prizes\"\n",
        AWARDS_HEADING_LINE + 1,
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
    let loaded = content::load(root).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.media[&MediaId::Poster]
        .path
        .ends_with("poster-real.jpg"));
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
        let _ = tx.send(content::load(&root).map(|_| ()));
    });
    let result = rx.recv_timeout(std::time::Duration::from_secs(5));
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
    // The warning comes first (it is found while reading), then the error it does not excuse; the
    // inserted line moves the poster down by one.
    let warning = format!("{}:{}:1: warning:", manifest.display(), YEAR_LINE + 1);
    assert!(lines[0].starts_with(&warning), "{} vs {warning}", lines[0]);
    let error = format!(
        "{}:{}:{COL_POSTER}: error:",
        manifest.display(),
        POSTER_LINE + 1
    );
    assert!(lines[1].starts_with(&error), "{} vs {error}", lines[1]);
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
    let missing_webm = format!(":{WEBM_FILE_LINE}:{COL_FILE}: error:");
    assert!(second.contains(&missing_webm), "{second}");
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
