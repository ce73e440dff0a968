mod util;
use screening_kiosk_lib::content_pack::{self, LoadError};
use std::fs;
fn run(name: &str, f: impl FnOnce(&std::path::Path)) {
    let pack = util::copy_of_default_pack();
    f(pack.path());
    match content_pack::load(pack.path()) {
        Ok(p) => println!("== {name}: OK warnings={:?} poster={:?}", p.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(), p.media.get("poster").map(|m| m.mime.clone())),
        Err(LoadError::Invalid(ps)) => { println!("== {name}: {} problems", ps.len()); for p in ps.iter().take(6) { println!("   {:?} {}", p.code, p); } }
        Err(e) => println!("== {name}: {e}"),
    }
}
fn rep(root: &std::path::Path, a: &str, b: &str) {
    let t = fs::read_to_string(root.join("manifest.toml")).unwrap();
    assert_eq!(t.matches(a).count(), 1, "{a}");
    fs::write(root.join("manifest.toml"), t.replacen(a, b, 1)).unwrap();
}
#[test]
fn probe() {
    run("unclosed ru", |r| rep(r, "ru = \"Нидерланды\" }\nposter", "ru = \"Нидерланды }\nposter"));
    run("unclosed title", |r| rep(r, "title = \"Justice for Sergei\"", "title = \"Justice for Sergei"));
    run("title missing", |r| rep(r, "title = \"Justice for Sergei\"\n", ""));
    run("note.en removed", |r| rep(r, "note.en = \"Placeholder trailer made for this kiosk from sourced facts; it contains no footage from the film. The operator can drop in the licensed trailer.\"\n", ""));
    run("synopsis dotted de", |r| rep(r, "synopsis.ru = \"\"\"", "synopsis.de = \"Ein Film.\"\nsynopsis.ru = \"\"\""));
    run("kleiner", |r| rep(r, "{ en = \"Vadim Kleiner\", ru = \"Вадим Кляйнер\" }", "{ ru = \"Вадим Кляйнер\" }"));
    run("default nl", |r| rep(r, "default_language = \"en\"", "default_language = \"nl\""));
    run("default ru", |r| rep(r, "default_language = \"en\"", "default_language = \"ru\""));
    run("tag en_GB", |r| rep(r, "languages = [\"en\", \"ru\"]", "languages = [\"en\", \"ru\", \"en_GB\"]"));
    run("svg", |r| fs::write(r.join("images/poster.jpg"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"900\"><text x=\"10\" y=\"40\">Justice for Sergei</text></svg>\n").unwrap());
    run("svg bare", |r| fs::write(r.join("images/poster.jpg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n").unwrap());
    run("png", |r| { fs::copy(util::repo_root().join("src-tauri/icons/128x128.png"), r.join("images/poster.jpg")).unwrap(); });
    run("mp4 cut", |r| { let b = fs::read(r.join("trailer/trailer.mp4")).unwrap(); fs::write(r.join("trailer/trailer.mp4"), &b[..4096]).unwrap(); });
    run("webm cut", |r| { let b = fs::read(r.join("trailer/trailer.webm")).unwrap(); fs::write(r.join("trailer/trailer.webm"), &b[..4096]).unwrap(); });
    run("mp4 half", |r| { let b = fs::read(r.join("trailer/trailer.mp4")).unwrap(); fs::write(r.join("trailer/trailer.mp4"), &b[..b.len()/2]).unwrap(); });
    run("webm half", |r| { let b = fs::read(r.join("trailer/trailer.webm")).unwrap(); fs::write(r.join("trailer/trailer.webm"), &b[..b.len()/2]).unwrap(); });
    run("webm text", |r| fs::write(r.join("trailer/trailer.webm"), "This is the trailer, honest.\n").unwrap());
    run("webm in mp4", |r| { fs::copy(r.join("trailer/trailer.webm"), r.join("trailer/trailer.mp4")).unwrap(); });
    run("no legislation", |r| { let t = fs::read_to_string(r.join("manifest.toml")).unwrap(); let a = t.find("[[legislation]]").unwrap(); let b = t.find("[[timeline]]").unwrap(); fs::write(r.join("manifest.toml"), format!("{}{}", &t[..a], &t[b..])).unwrap(); });
    run("dup caption lang", |r| rep(r, "language = \"ru\"\nlabel", "language = \"en\"\nlabel"));
    run("caption bom", |r| { let b = fs::read(r.join("captions/trailer.ru.vtt")).unwrap(); let mut v = b"\xEF\xBB\xBF".to_vec(); v.extend(b); fs::write(r.join("captions/trailer.ru.vtt"), v).unwrap(); });
    run("caption missing", |r| { fs::remove_file(r.join("captions/trailer.ru.vtt")).unwrap(); });
    run("caption WEBVTTX", |r| { fs::write(r.join("captions/trailer.ru.vtt"), "WEBVTTX\n\n").unwrap(); });
    run("checksums", |r| { println!("{:?}", content_pack::write_checksums(r)); println!("{}", fs::read_to_string(r.join("checksums.sha256")).unwrap()); });
    run("checksum dotted", |r| { content_pack::write_checksums(r).unwrap(); let t = fs::read_to_string(r.join("checksums.sha256")).unwrap(); fs::write(r.join("checksums.sha256"), t.replace("  trailer/trailer.webm", "  ./trailer/trailer.webm")).unwrap(); });
    run("checksum extra", |r| { content_pack::write_checksums(r).unwrap(); let mut t = fs::read_to_string(r.join("checksums.sha256")).unwrap(); t.push_str(&format!("{}  law/gone.md\n", "0".repeat(64))); fs::write(r.join("checksums.sha256"), t).unwrap(); });
    run("checksum crlf", |r| { content_pack::write_checksums(r).unwrap(); let t = fs::read_to_string(r.join("checksums.sha256")).unwrap(); fs::write(r.join("checksums.sha256"), t.replace('\n', "\r\n")).unwrap(); });
    run("checksum star", |r| { content_pack::write_checksums(r).unwrap(); let t = fs::read_to_string(r.join("checksums.sha256")).unwrap(); fs::write(r.join("checksums.sha256"), t.replace("  law/", " *law/")).unwrap(); });
}
