//! `.github/workflows/release.yml` cannot run here; `cargo xtask test` checks it against GitHub's
//! workflow schema, and this checks what the schema cannot: that tauri-action is given only the
//! inputs it documents, and that the installers go into the one release created before them.

use crate::util;

/// tauri-action@v0's inputs as its action.yml documents them (tauri-apps/tauri-action, `dev`).
const TAURI_ACTION_INPUTS: &[&str] = &[
    "releaseId",
    "tagName",
    "releaseName",
    "releaseBody",
    "releaseDraft",
    "prerelease",
    "releaseCommitish",
    "projectPath",
    "distPath",
    "iconPath",
    "appName",
    "appVersion",
    "includeDebug",
    "includeRelease",
    "includeUpdaterJson",
    "updaterJsonPreferNsis",
    "updaterJsonKeepUniversal",
    "tauriScript",
    "args",
    "bundleIdentifier",
    "owner",
    "repo",
];

/// The keys of the `with:` block of the step that uses `action`.
fn inputs_of(workflow: &str, action: &str) -> Vec<String> {
    let lines: Vec<&str> = workflow.lines().collect();
    let at = lines
        .iter()
        .position(|line| line.trim_start().starts_with(&format!("- uses: {action}")))
        .unwrap_or_else(|| panic!("no step uses {action}"));
    let indent = |line: &str| line.len() - line.trim_start().len();
    let step_indent = indent(lines[at]) + 2;
    let with = (at + 1..lines.len())
        .take_while(|&i| lines[i].trim().is_empty() || indent(lines[i]) >= step_indent)
        .find(|&i| lines[i].trim() == "with:")
        .unwrap_or_else(|| panic!("{action} has no with:"));
    let key_indent = indent(lines[with]) + 2;
    lines[with + 1..]
        .iter()
        .take_while(|line| line.trim().is_empty() || indent(line) >= key_indent)
        .filter(|line| indent(line) == key_indent && !line.trim_start().starts_with('#'))
        .filter_map(|line| line.trim().split(':').next().map(str::to_string))
        .collect()
}

#[test]
fn tauri_action_gets_only_its_documented_inputs_and_uploads_into_the_release_made_first() {
    let path = util::repo_root().join(".github/workflows/release.yml");
    let workflow = std::fs::read_to_string(&path).unwrap();
    let inputs = inputs_of(&workflow, "tauri-apps/tauri-action@");
    let unknown: Vec<&String> = inputs
        .iter()
        .filter(|input| !TAURI_ACTION_INPUTS.contains(&input.as_str()))
        .collect();
    assert!(unknown.is_empty(), "undocumented inputs: {unknown:?}");
    // Three jobs each creating the release from one tag race into duplicate drafts
    // (tauri-action#914): they upload into the release the `release` job made.
    assert!(inputs.contains(&"releaseId".to_string()), "{inputs:?}");
    assert!(!inputs.contains(&"tagName".to_string()), "{inputs:?}");
    assert!(workflow.contains("createRelease("));
    // Run by hand, `github.ref_name` is the branch: the release would be named after it.
    assert!(workflow.contains("inputs.tag"));
}

#[test]
fn the_inputs_of_a_step_are_read_from_its_own_with_block() {
    let workflow = "steps:\n  - uses: a/b@v1\n    with:\n      one: 1\n      # note\n      two: x\n  - uses: c/d@v1\n    with:\n      three: 3\n";
    assert_eq!(inputs_of(workflow, "a/b@"), ["one", "two"]);
    assert_eq!(inputs_of(workflow, "c/d@"), ["three"]);
}

/// The `-dev` packages `cargo xtask` installs to build the kiosk on Debian and Ubuntu.
fn build_packages() -> Vec<String> {
    let packages =
        std::fs::read_to_string(util::repo_root().join("xtask/src/packages.rs")).unwrap();
    let runtime = packages
        .split_once("pub const RUNTIME")
        .and_then(|(_, rest)| rest.split_once("];"))
        .map(|(list, _)| list)
        .expect("xtask's RUNTIME package list");
    runtime
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|name| name.ends_with("-dev"))
        .map(str::to_string)
        .collect()
}

/// A Linux job that built without GStreamer's headers failed in gstreamer-sys: every `apt-get
/// install` of the workflow carries every header package the kiosk builds against.
#[test]
fn regression_the_linux_release_jobs_lacked_the_gstreamer_headers() {
    let workflow =
        std::fs::read_to_string(util::repo_root().join(".github/workflows/release.yml")).unwrap();
    let installs: Vec<&str> = workflow
        .lines()
        .filter(|line| line.contains("apt-get install"))
        .collect();
    assert_eq!(
        installs.len(),
        2,
        "the tests job and the installers job: {installs:?}"
    );
    let needed = build_packages();
    assert!(
        needed.contains(&"libgstreamer1.0-dev".to_string()),
        "{needed:?}"
    );
    for install in installs {
        for package in &needed {
            assert!(
                install.split_whitespace().any(|word| word == package),
                "{package} missing from: {install}"
            );
        }
    }
}
