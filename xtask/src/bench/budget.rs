//! `cargo xtask bench --check-budget`: what `screening-kiosk check` costs on hostile packs, each a
//! copy of the default pack broken to hit one limit of validation's budget (the attacks of issue
//! 14), next to the default pack and a large but honest one. Each `check` runs under
//! `/usr/bin/time`, which reports the child's wall time and peak RSS; the figures belong in
//! docs/performance.md. A benchmark, not a test: nothing here fails on a number.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::Error;

/// A case: its name, what it does to the pack, and what it is expected to be refused for.
type Case = (
    &'static str,
    &'static str,
    fn(&Path, &Path) -> Result<(), Error>,
);

const CASES: &[Case] = &[
    ("default pack", "valid", |_, _| Ok(())),
    ("honest 9.9 MB law text", "valid", |pack, _| {
        write(&pack.join("law/pl-112-208.md"), &prose(9_900_000))
    }),
    (
        "400 entries naming one 9.9 MB law",
        "text_budget_exceeded",
        |pack, _| {
            write(&pack.join("law/big.md"), &prose(9_900_000))?;
            append(
                pack,
                &(0..400)
                    .map(|n| law_entry(n, "law/big.md"))
                    .collect::<String>(),
            )
        },
    ),
    (
        "1 MB manifest of law entries",
        "too_many_entries",
        |pack, _| {
            let mut entries = String::new();
            let mut n = 0;
            while entries.len() < 1_000_000 {
                entries.push_str(&law_entry(n, "law/pl-112-208.md"));
                n += 1;
            }
            append(pack, &entries)
        },
    ),
    (
        "20,000 unknown fields",
        "too_many_findings (warning)",
        |pack, _| {
            let fields: String = (0..20_000).map(|n| format!("extra_{n:05} = 1\n")).collect();
            replace(pack, "year = 2010\n", &format!("year = 2010\n{fields}"))
        },
    ),
    (
        "1,700 bad translations after 900 KB of comment",
        "bad_language",
        |pack, _| {
            let padding = format!("# {}\n", "x".repeat(100)).repeat(9_000);
            let keys: String = (0..1_700)
                .map(|n| format!("text.q{n:04} = \"a\"\n"))
                .collect();
            append(
                pack,
                &format!("\n{padding}[[timeline]]\ndate = \"2009\"\nsource = \"s\"\ntext.en = \"a\"\n{keys}"),
            )
        },
    ),
    (
        "checksum list: 1,990 spellings of the trailer",
        "checksum_duplicate",
        |pack, kiosk| {
            packed(pack, kiosk)?;
            let line = checksum_of(pack, "trailer/trailer.mp4")?;
            let (hash, _) = line.split_once("  ").unwrap_or_default();
            let lines: String = (0..1_990)
                .map(|n| format!("{hash}  {}trailer/trailer.mp4\n", "./".repeat(n % 50 + 1)))
                .collect();
            append_list(pack, &lines)
        },
    ),
    (
        "10 MB checksum list",
        "too_many_checksum_lines",
        |pack, kiosk| {
            packed(pack, kiosk)?;
            let line = checksum_of(pack, "trailer/trailer.mp4")?;
            append_list(
                pack,
                &format!("{line}\n").repeat(10_000_000 / (line.len() + 1)),
            )
        },
    ),
    ("10 MB of nested lists", "law_too_deep", |pack, _| {
        write(&pack.join("law/pl-112-208.md"), &"- ".repeat(5_000_000))
    }),
    (
        "10 MB flat list of one-letter items",
        "law_too_complex",
        |pack, _| write(&pack.join("law/pl-112-208.md"), &"- a\n".repeat(2_500_000)),
    ),
    (
        "emphasis just under the markup limit",
        "valid",
        |pack, _| write(&pack.join("law/pl-112-208.md"), &"*a* ".repeat(499_999)),
    ),
];

pub fn run(repo: &Path, kiosk: &Path, work: &Path) -> Result<(), Error> {
    if !Path::new("/usr/bin/time").is_file() {
        return Err(Error(
            "/usr/bin/time is missing (Debian package: time)".into(),
        ));
    }
    println!(
        "{:<46} {:<30} {:>5} {:>8} {:>10}  first line of the report",
        "pack", "expected", "exit", "wall s", "peak RSS"
    );
    for (index, (name, expected, break_it)) in CASES.iter().enumerate() {
        let pack = work.join(format!("budget-{index}"));
        crate::clip::copy_dir(&repo.join(crate::DEFAULT_PACK), &pack)
            .map_err(|e| Error(format!("cannot copy the default pack: {e}")))?;
        break_it(&pack, kiosk)?;
        let times = work.join(format!("budget-{index}.time"));
        let output = Command::new("/usr/bin/time")
            .args(["-f", "%e %M", "-o"])
            .arg(&times)
            .arg(kiosk)
            .arg("check")
            .arg(&pack)
            .env("HOME", work)
            .output()
            .map_err(|e| Error(format!("cannot run check: {e}")))?;
        let measured = fs::read_to_string(&times).unwrap_or_default();
        let mut figures = measured.lines().last().unwrap_or("").split_whitespace();
        let wall = figures.next().unwrap_or("?");
        let peak_kb: u64 = figures.next().and_then(|k| k.parse().ok()).unwrap_or(0);
        // A valid pack's report goes to stdout, a refused one's findings to stderr.
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let first: String = report
            .lines()
            .next()
            .unwrap_or("")
            .replace(&pack.display().to_string(), "<pack>")
            .chars()
            .take(110)
            .collect();
        println!(
            "{name:<46} {expected:<30} {:>5} {wall:>8} {:>7} MB  {first}",
            output.status.code().unwrap_or(-1),
            peak_kb / 1024,
        );
        let _ = fs::remove_dir_all(&pack);
    }
    Ok(())
}

/// About `bytes` of plain paragraphs, as a long statute would be.
fn prose(bytes: usize) -> String {
    let paragraph = format!(
        "{}\n\n",
        "The President may impose sanctions on any foreign person responsible. ".repeat(12)
    );
    paragraph.repeat(bytes / paragraph.len() + 1)[..bytes].to_string()
}

fn law_entry(n: usize, file: &str) -> String {
    format!(
        "\n[[legislation]]\nid = \"law-{n}\"\ntitle = \"An Act\"\ncitation = \"Public Law {n}\"\nsource_url = \"https://example.org/\"\nstatus = \"full\"\nlanguage = \"en\"\nfile = \"{file}\"\n"
    )
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    fs::write(path, text).map_err(|e| Error(format!("cannot write {}: {e}", path.display())))
}

fn read(path: &Path) -> Result<String, Error> {
    fs::read_to_string(path).map_err(|e| Error(format!("cannot read {}: {e}", path.display())))
}

fn append(pack: &Path, text: &str) -> Result<(), Error> {
    let manifest = pack.join("manifest.toml");
    write(&manifest, &(read(&manifest)? + text))
}

fn replace(pack: &Path, from: &str, to: &str) -> Result<(), Error> {
    let manifest = pack.join("manifest.toml");
    write(&manifest, &read(&manifest)?.replacen(from, to, 1))
}

/// Writes the pack's checksum list as an operator would, with `screening-kiosk pack`.
fn packed(pack: &Path, kiosk: &Path) -> Result<(), Error> {
    let output = Command::new(kiosk)
        .arg("pack")
        .arg(pack)
        .output()
        .map_err(|e| Error(format!("cannot run pack: {e}")))?;
    if !output.status.success() {
        return Err(Error(format!(
            "`screening-kiosk pack` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(())
}

fn checksum_of(pack: &Path, file: &str) -> Result<String, Error> {
    read(&pack.join("checksums.sha256"))?
        .lines()
        .find(|line| line.ends_with(&format!("  {file}")))
        .map(str::to_string)
        .ok_or_else(|| Error(format!("{file} is not in the checksum list")))
}

fn append_list(pack: &Path, lines: &str) -> Result<(), Error> {
    let list = pack.join("checksums.sha256");
    write(&list, &(read(&list)? + lines))
}
