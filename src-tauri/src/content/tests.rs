//! Unit tests of loading and validating packs, kept apart from the code they test for length.

use super::texts::is_iso_date;
use super::*;
use crate::media::MediaId;
use std::fs;
use std::path::Path;

pub(crate) const GOOD_MANIFEST: &str = r#"format = 1
id = "test-pack"
languages = ["en", "ru"]
default_language = "en"

[film]
title = "Justice for Sergei"
year = 2010
country = "The Netherlands"
synopsis = "A documentary."
poster = "images/poster.jpg"

[[film.facts]]
label = "Directed by"
value = "Hans Hermans and Martin Maat"

[trailer]
[[trailer.renditions]]
file = "trailer/trailer.mp4"
mime = 'video/mp4; codecs="avc1.4D401F, mp4a.40.2"'

[[credits]]
heading = "The film"
[[credits.entries]]
role = "A film by"
names = ["Hans Hermans", "Martin Maat"]

[[legislation]]
id = "law-one"
title = "An Act"
citation = "22 U.S.C. 10101"
source_url = "https://www.govinfo.gov/"
status = "excerpt"
file = "law/one.md"
language = "en"
"#;

fn write_pack(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("images")).unwrap();
    fs::create_dir_all(root.join("trailer")).unwrap();
    fs::create_dir_all(root.join("law")).unwrap();
    let default_pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/justice-for-sergei");
    for media in ["images/poster.jpg", "trailer/trailer.mp4"] {
        fs::copy(default_pack.join(media), root.join(media)).unwrap();
    }
    fs::write(root.join("law/one.md"), "# Sec. 1\n\nText.\n").unwrap();
    fs::write(root.join(MANIFEST_FILE), manifest).unwrap();
    dir
}

fn problems(manifest: &str) -> Vec<String> {
    let dir = write_pack(manifest);
    match load(dir.path()) {
        Ok(_) => vec![],
        Err(LoadError::Invalid(p)) => p.iter().map(Problem::to_string).collect(),
        Err(other) => panic!("unexpected {other}"),
    }
}

#[test]
fn a_good_pack_loads_with_media_and_law() {
    let dir = write_pack(GOOD_MANIFEST);
    let pack = load(dir.path()).unwrap();
    assert_eq!(
        pack.manifest.film.title.get_ref().resolve("ru", "en"),
        "Justice for Sergei"
    );
    assert_eq!(
        pack.media
            .keys()
            .map(|id| id.to_string())
            .collect::<Vec<_>>(),
        ["poster", "trailer-0"]
    );
    assert!(pack.media[&MediaId::Trailer(0)]
        .path
        .ends_with("trailer/trailer.mp4"));
    assert_eq!(pack.laws["law-one"].len(), 2);
}

#[test]
fn the_view_carries_urls_by_id_and_never_paths() {
    let dir = write_pack(GOOD_MANIFEST);
    let pack = load(dir.path()).unwrap();
    let view =
        serde_json::to_value(pack.view(None, |id| format!("http://127.0.0.1:1/tok/media/{id}")))
            .unwrap();
    assert_eq!(
        view["film"]["posterUrl"],
        "http://127.0.0.1:1/tok/media/poster"
    );
    assert_eq!(
        view["trailer"]["renditions"][0]["url"],
        "http://127.0.0.1:1/tok/media/trailer-0"
    );
    assert_eq!(view["legislation"][0]["status"], "excerpt");
    assert!(!view.to_string().contains(&*dir.path().to_string_lossy()));
    let law = serde_json::to_value(pack.law("law-one", None).unwrap()).unwrap();
    assert_eq!(law["sourceUrl"], "https://www.govinfo.gov/");
    assert_eq!(law["blocks"][0]["kind"], "heading");
    assert!(pack.law("nope", None).is_none());
}

#[test]
fn every_problem_is_reported_in_one_run_with_line_and_column() {
    let manifest = GOOD_MANIFEST
        .replace("format = 1", "format = 7")
        .replace("images/poster.jpg", "../poster.jpg")
        .replace("law/one.md", "law/missing.md");
    let found = problems(&manifest);
    assert_eq!(
        found,
        [
            "manifest.toml:1:10: error: pack format 7 is not supported by this kiosk (it reads format 1); update the kiosk or re-export the pack",
            "manifest.toml:11:10: error: \"../poster.jpg\": '..' is not allowed in pack paths",
            "manifest.toml:34:8: error: \"law/missing.md\": file is missing",
        ]
    );
}

#[test]
fn syntax_errors_name_the_line() {
    let found = problems(&GOOD_MANIFEST.replace("year = 2010", "year = \"twenty ten\""));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("manifest.toml:8:8: error:"),
        "{}",
        found[0]
    );
}

#[test]
fn confine_refuses_every_way_out_of_the_root() {
    let dir = write_pack(GOOD_MANIFEST);
    let root = fs::canonicalize(dir.path()).unwrap();
    for (path, why) in [
        ("", "empty"),
        ("../etc/passwd", "'..'"),
        ("law/../../x", "'..'"),
        ("/etc/passwd", "absolute"),
        ("law\\one.md", "'/'"),
        ("law", "regular file"),
        ("nope.md", "missing"),
    ] {
        let err = confine(&root, path).unwrap_err();
        assert!(err.message.contains(why), "{path}: {err:?}");
    }
    assert!(confine(&root, "./law/one.md").is_ok());
}

#[cfg(unix)]
#[test]
fn confine_refuses_a_symlink_that_escapes() {
    let dir = write_pack(GOOD_MANIFEST);
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        dir.path().join("law/link.md"),
    )
    .unwrap();
    let root = fs::canonicalize(dir.path()).unwrap();
    let err = confine(&root, "law/link.md").unwrap_err();
    assert_eq!(err.code, Code::PathEscapesPack, "{err:?}");
}

#[test]
fn empty_files_and_bad_utf8_are_named() {
    let dir = write_pack(GOOD_MANIFEST);
    fs::write(dir.path().join("trailer/trailer.mp4"), b"").unwrap();
    fs::write(dir.path().join("law/one.md"), b"# Title\n\nbad \xFF byte").unwrap();
    let Err(LoadError::Invalid(found)) = load(dir.path()) else {
        panic!("expected invalid")
    };
    let found: Vec<String> = found.iter().map(Problem::to_string).collect();
    assert_eq!(
        found,
        [
            "manifest.toml:19:8: error: \"trailer/trailer.mp4\": file is empty",
            "law/one.md:3:5: error: text is not valid UTF-8 (save the file as UTF-8)",
        ]
    );
}

#[test]
fn unknown_fields_warn_with_their_line_but_the_pack_loads() {
    let manifest = GOOD_MANIFEST
        .replace("year = 2010", "year = 2010\nsubtitel = \"typo\"")
        .replace(
            "status = \"excerpt\"",
            "status = \"excerpt\"\ncolour = \"red\"",
        );
    let dir = write_pack(&manifest);
    let pack = load(dir.path()).unwrap();
    let warnings: Vec<String> = pack.warnings.iter().map(Problem::to_string).collect();
    assert_eq!(
        warnings,
        [
            "manifest.toml:9:1: warning: unknown field `film.subtitel` is ignored (a typo, or written for a newer kiosk?)",
            "manifest.toml:35:1: warning: unknown field `legislation.0.colour` is ignored (a typo, or written for a newer kiosk?)",
        ]
    );
    assert!(pack.warnings.iter().all(|w| w.code == Code::UnknownField));
}

#[test]
fn the_published_schema_matches_the_manifest_types() {
    let published = include_str!("../../../docs/content-pack.schema.json");
    assert!(
        published == manifest_schema(),
        "docs/content-pack.schema.json is stale: run `cargo run -- schema > docs/content-pack.schema.json`"
    );
}

#[test]
fn checksums_name_the_file_that_changed() {
    let dir = write_pack(GOOD_MANIFEST);
    assert_eq!(
        write_checksums(dir.path(), |path, bytes| fs::write(path, bytes)).unwrap(),
        4
    );
    let list = fs::read_to_string(dir.path().join(CHECKSUM_FILE)).unwrap();
    assert!(list.starts_with(&format!(
        "{}  manifest.toml\n",
        sha256_file(&dir.path().join(MANIFEST_FILE)).unwrap()
    )));
    assert!(load(dir.path()).unwrap().warnings.is_empty());

    fs::write(dir.path().join("law/one.md"), "# Sec. 1\n\nChanged text.\n").unwrap();
    let Err(LoadError::Invalid(found)) = load(dir.path()) else {
        panic!("a changed file must invalidate the pack")
    };
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, Code::ChecksumMismatch);
    assert_eq!(found[0].file, Path::new("law/one.md"));

    // Re-packing accepts the change on purpose.
    write_checksums(dir.path(), |path, bytes| fs::write(path, bytes)).unwrap();
    assert!(load(dir.path()).is_ok());
}

#[test]
fn a_damaged_checksum_list_is_reported_by_line() {
    let dir = write_pack(GOOD_MANIFEST);
    write_checksums(dir.path(), |path, bytes| fs::write(path, bytes)).unwrap();
    let list = fs::read_to_string(dir.path().join(CHECKSUM_FILE)).unwrap();
    let damaged: Vec<&str> = list.lines().collect();
    let text = format!("{}\nnot a checksum\n{}\n", damaged[0], damaged[2]);
    fs::write(dir.path().join(CHECKSUM_FILE), text).unwrap();
    let Err(LoadError::Invalid(found)) = load(dir.path()) else {
        panic!("a damaged list must invalidate the pack")
    };
    let found: Vec<String> = found.iter().map(Problem::to_string).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found[0].starts_with("checksums.sha256:2:1: error: expected"),
        "{}",
        found[0]
    );
    assert!(
        found[1].contains("warning:") && found[1].contains("images/poster.jpg"),
        "{}",
        found[1]
    );
    assert!(
        found[2].contains("warning:") && found[2].contains("law/one.md"),
        "{}",
        found[2]
    );
}

#[test]
fn media_whose_bytes_do_not_match_the_manifest_are_named() {
    let dir = write_pack(GOOD_MANIFEST);
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/justice-for-sergei/trailer/trailer.webm"),
        dir.path().join("trailer/trailer.mp4"),
    )
    .unwrap();
    fs::write(dir.path().join("images/poster.jpg"), "<svg/>").unwrap();
    let Err(LoadError::Invalid(found)) = load(dir.path()) else {
        panic!("mismatched media must invalidate the pack")
    };
    let found: Vec<(Code, String)> = found.iter().map(|p| (p.code, p.to_string())).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, Code::MediaMismatch);
    assert!(
        found[0]
            .1
            .starts_with("manifest.toml:11:10: error: \"images/poster.jpg\""),
        "{}",
        found[0].1
    );
    assert_eq!(found[1].0, Code::MediaMismatch);
    assert!(
        found[1].1.contains("is a WebM file but its mime says"),
        "{}",
        found[1].1
    );
}

#[test]
fn a_valid_pack_reports_what_its_renditions_contain() {
    let pack = load(write_pack(GOOD_MANIFEST).path()).unwrap();
    assert_eq!(pack.renditions.len(), 1);
    assert_eq!(pack.renditions[0].codecs, ["avc1", "mp4a"]);
}

#[test]
fn texts_fall_back_to_the_default_language() {
    let manifest = GOOD_MANIFEST.replace(
        "synopsis = \"A documentary.\"",
        "synopsis = { en = \"A documentary.\", ru = \"Документальный фильм.\" }\ncountry.ru = \"Нидерланды\"",
    ).replace("country = \"The Netherlands\"\n", "country.en = \"The Netherlands\"\n");
    let dir = write_pack(&manifest);
    let pack = load(dir.path()).unwrap();
    let url = |id: MediaId| id.to_string();
    let ru = pack.view(Some("ru"), url);
    assert_eq!(ru.language, "ru");
    assert_eq!(ru.film.synopsis, "Документальный фильм.");
    assert_eq!(ru.film.country, "Нидерланды");
    // Not translated: the default language's text.
    assert_eq!(ru.credits[0].entries[0].role, "A film by");
    let unknown = pack.view(Some("fr"), url);
    assert_eq!(unknown.language, "en");
    assert_eq!(unknown.film.synopsis, "A documentary.");
}

#[test]
fn translations_must_use_declared_languages_and_include_the_default() {
    let manifest = GOOD_MANIFEST
        .replace(
            "synopsis = \"A documentary.\"",
            "synopsis = { ru = \"Фильм.\", de = \"Ein Film.\" }",
        )
        .replace("default_language = \"en\"", "default_language = \"en\"\n");
    let found = problems(&manifest);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("manifest.toml:11:29: error: translation \"de\""),
        "{}",
        found[0]
    );
    assert!(
        found[1].contains("no version in the default language \"en\""),
        "{}",
        found[1]
    );

    let bad_default =
        GOOD_MANIFEST.replace("default_language = \"en\"", "default_language = \"nl\"");
    let found = problems(&bad_default);
    assert!(
        found
            .iter()
            .any(|p| p.starts_with("manifest.toml:4:20: error: default_language \"nl\"")),
        "{found:?}"
    );
}

#[test]
fn timeline_dates_must_be_real_iso_dates() {
    for (date, ok) in [
        ("2009", true),
        ("2009-11", true),
        ("2009-11-16", true),
        ("2012-02-29", true),
        ("2011-02-29", false),
        ("2009-13", false),
        ("16 Nov 2009", false),
        ("2009-1-6", false),
    ] {
        assert_eq!(is_iso_date(date), ok, "{date}");
    }
    let manifest = format!("{GOOD_MANIFEST}\n[[timeline]]\ndate = \"16 Nov 2009\"\ntext = \"Dies in custody.\"\nsource = \"https://example.org\"\n");
    let found = problems(&manifest);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("is not an ISO date"), "{}", found[0]);
}

#[test]
fn caption_files_must_be_webvtt_in_a_declared_language() {
    let dir = write_pack(&GOOD_MANIFEST.replace(
        "[[credits]]",
        "[[trailer.captions]]\nlanguage = \"ru\"\nfile = \"captions/ru.vtt\"\n\n[[trailer.captions]]\nlanguage = \"fr\"\nfile = \"captions/fr.vtt\"\n\n[[credits]]",
    ));
    fs::create_dir_all(dir.path().join("captions")).unwrap();
    fs::write(
        dir.path().join("captions/ru.vtt"),
        "WEBVTT\n\n00:00.000 --> 00:02.000\nПривет\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("captions/fr.vtt"),
        "1\n00:00:00,000 --> 00:00:02,000\nSalut\n",
    )
    .unwrap();
    let Err(LoadError::Invalid(found)) = load(dir.path()) else {
        panic!("expected invalid")
    };
    let codes: Vec<Code> = found.iter().map(|p| p.code).collect();
    assert_eq!(codes, [Code::BadLanguage, Code::NotWebVtt], "{found:?}");
    assert_eq!(found[1].file, Path::new("captions/fr.vtt"));
}

#[test]
fn logos_labels_and_audio_description_reach_the_view() {
    let manifest = GOOD_MANIFEST
        .replace(
            "[[credits.entries]]",
            "[[credits.logos]]\nfile = \"images/poster.jpg\"\nalt = { en = \"Festival\", ru = \"Фестиваль\" }\n\n[[credits.entries]]",
        )
        .replace(
            "[[credits]]",
            "[[trailer.audio_description]]\nlanguage = \"en\"\nfile = \"trailer/trailer.mp4\"\n\n[[credits]]",
        )
        + "\n[labels]\ntouch_to_begin = { en = \"Touch to watch\", ru = \"Коснитесь экрана\" }\nmystery = \"?\"\n";
    let dir = write_pack(&manifest);
    let pack = load(dir.path()).unwrap();
    let view = pack.view(Some("ru"), |id| id.to_string());
    assert_eq!(view.credits[0].logos[0].url, "logo-0-0");
    assert_eq!(view.credits[0].logos[0].alt, "Фестиваль");
    assert_eq!(view.trailer.audio_description[0].url, "audio-description-0");
    assert_eq!(view.labels["touch_to_begin"], "Коснитесь экрана");
    assert_eq!(
        pack.media[&MediaId::Logo { group: 0, index: 0 }].mime,
        "image/jpeg"
    );
    assert_eq!(pack.media[&MediaId::AudioDescription(0)].mime, "audio/mp4");
    let warnings: Vec<String> = pack.warnings.iter().map(Problem::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("label `mystery` is not one the kiosk shows"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_logo_that_is_not_an_image_is_named() {
    let manifest = GOOD_MANIFEST.replace(
        "[[credits.entries]]",
        "[[credits.logos]]\nfile = \"law/one.md\"\nalt = \"Logo\"\n\n[[credits.entries]]",
    );
    let found = problems(&manifest);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("\"law/one.md\": the file is not a JPEG, PNG or WebP image"),
        "{}",
        found[0]
    );
}

#[test]
fn language_tags_are_checked_for_shape() {
    for tag in ["en", "ru", "pt-BR", "zh-Hant-TW", "fil"] {
        assert!(is_language_tag(tag), "{tag}");
    }
    for tag in ["", "EN", "english", "en_GB", "e"] {
        assert!(!is_language_tag(tag), "{tag}");
    }
}

#[test]
fn a_missing_folder_is_unreadable_not_invalid() {
    let err = load(Path::new("/definitely/not/here")).unwrap_err();
    assert!(matches!(err, LoadError::Unreadable(_)));
}

#[test]
fn duplicate_and_malformed_law_ids_are_refused() {
    let doubled = format!(
        "{GOOD_MANIFEST}\n[[legislation]]\nid = \"Law One!\"\ntitle = \"t\"\ncitation = \"c\"\nsource_url = \"u\"\nstatus = \"full\"\nfile = \"law/one.md\"\nlanguage = \"en\"\n"
    );
    let found = problems(&doubled);
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("may only contain"), "{}", found[0]);
}

/// A value for `node` of the manifest schema with every optional field set and one element in
/// every list; each `Localized` text is a unique marker, collected in `markers`.
fn with_every_field(
    schema: &serde_json::Value,
    node: &serde_json::Value,
    markers: &mut Vec<String>,
) -> toml::Value {
    use serde_json::Value;
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        if name == "Localized" {
            let marker = format!("localized-{}", markers.len());
            markers.push(marker.clone());
            return toml::Value::String(marker);
        }
        return with_every_field(schema, &schema["$defs"][name], markers);
    }
    if let Some(options) = node
        .get("anyOf")
        .or_else(|| node.get("oneOf"))
        .and_then(Value::as_array)
    {
        let set = options
            .iter()
            .find(|option| option.get("type").and_then(Value::as_str) != Some("null"))
            .expect("an option that is not null");
        return with_every_field(schema, set, markers);
    }
    if let Some(value) = node
        .get("const")
        .or_else(|| node.get("enum").and_then(|e| e.get(0)))
    {
        return toml::Value::String(value.as_str().expect("string enums").into());
    }
    let kind = match &node["type"] {
        Value::Array(kinds) => kinds.iter().find(|k| *k != "null").unwrap_or(&kinds[0]),
        kind => kind,
    };
    match kind.as_str().expect("a typed schema node") {
        "object" => {
            let mut table = toml::Table::new();
            if let Some(properties) = node.get("properties").and_then(Value::as_object) {
                for (key, property) in properties {
                    table.insert(key.clone(), with_every_field(schema, property, markers));
                }
            }
            if let Some(values) = node.get("additionalProperties").filter(|v| v.is_object()) {
                table.insert("any".into(), with_every_field(schema, values, markers));
            }
            toml::Value::Table(table)
        }
        "array" => toml::Value::Array(vec![with_every_field(schema, &node["items"], markers)]),
        "integer" => toml::Value::Integer(1),
        "number" => toml::Value::Float(1.0),
        "boolean" => toml::Value::Boolean(true),
        "string" => toml::Value::String("x".into()),
        other => panic!("schema type {other} is not generated"),
    }
}

#[test]
fn every_localized_text_in_the_schema_is_walked_by_the_translation_checks() {
    let schema: serde_json::Value = serde_json::from_str(&manifest_schema()).unwrap();
    let mut markers = Vec::new();
    let manifest = with_every_field(&schema, &schema, &mut markers);
    assert!(
        markers.len() > 10,
        "the generator reached the texts: {markers:?}"
    );
    let manifest: Manifest = toml::from_str(&toml::to_string(&manifest).unwrap()).unwrap();
    let walked: Vec<&str> = manifest
        .localized_fields()
        .into_iter()
        .map(|text| match text.get_ref() {
            Localized::Same(marker) => marker.as_str(),
            Localized::PerLanguage(_) => panic!("markers are plain strings"),
        })
        .collect();
    let missing: Vec<&String> = markers
        .iter()
        .filter(|marker| !walked.contains(&marker.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "texts the translation checks skip (add them to their type's walk_texts): {missing:?} in\n{}",
        toml::to_string(&manifest_schema_example(&schema)).unwrap()
    );
    assert_eq!(walked.len(), markers.len(), "each text walked once");
}

/// The generated manifest again, for the failure message: where each marker sits.
fn manifest_schema_example(schema: &serde_json::Value) -> toml::Value {
    with_every_field(schema, schema, &mut Vec::new())
}

#[test]
fn a_path_spelled_several_ways_normalizes_to_one_and_keeps_what_changes_its_meaning() {
    use super::paths::normalized;
    for spelling in [
        "law/a.md",
        "./law/a.md",
        "law//a.md",
        "law/./a.md",
        "././law///a.md",
    ] {
        assert_eq!(normalized(spelling), "law/a.md", "{spelling}");
    }
    // Each of these is refused by `confine` for what it says, so must not share a spelling with a
    // path it would accept.
    assert_eq!(normalized("law/../a.md"), "law/../a.md");
    assert_eq!(normalized("/law/a.md"), "/law/a.md");
    assert_eq!(normalized("law/a.md/"), "law/a.md/");
    assert_eq!(normalized("."), ".");
    assert_eq!(normalized(""), "");
}

#[test]
fn the_default_pack_is_far_within_the_budget() {
    let pack = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/justice-for-sergei"))
        .expect("the default pack loads");
    let entries: usize = super::limits::count_entries(&pack.manifest)
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert!(
        entries * 4 < super::limits::MAX_ENTRIES,
        "the default pack has {entries} entries: the limit leaves a real pack too little room"
    );
}
