//! The `installer` step of `cargo xtask test`: builds the .deb, installs it with dpkg, runs the
//! installed kiosk on its bundled pack in a network namespace that holds only loopback
//! (tests/e2e/installed.rs), and removes the package again on every way out.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::packages::{self, on_path};
use crate::{bundle, run_status, Error};

/// The Debian package name the Tauri CLI derives from `productName`.
const PACKAGE: &str = "screening-kiosk";
/// Where the package puts the kiosk and its resources (the bundled pack among them).
pub const INSTALLED_BINARY: &str = "/usr/bin/screening-kiosk";
const RESOURCE_DIR: &str = "/usr/lib/Screening Kiosk";
/// Everything an install must put in place, and a removal take away: the kiosk, the bundled pack,
/// the desktop entry and an icon it names.
const INSTALLED_PATHS: &[&str] = &[
    INSTALLED_BINARY,
    "/usr/lib/Screening Kiosk/justice-for-sergei/manifest.toml",
    "/usr/share/applications/Screening Kiosk.desktop",
    "/usr/share/icons/hicolor/128x128/apps/screening-kiosk.png",
];
/// The one e2e test that drives the installed kiosk; the `e2e` step skips its module.
pub const TEST_MODULE: &str = "installed::";
const TEST: &str = "installed::the_installed_kiosk_plays_its_bundled_pack_without_a_network";
/// Tells that test which binary to launch; without it, it fails.
const INSTALLED_APP_VAR: &str = "SCREENING_KIOSK_INSTALLED_APP";

pub fn run(repo: &Path, screenshots: &Path) -> Result<(), Error> {
    let sudo = !packages::is_root();
    let mut tools = vec!["dpkg", "dpkg-deb", "unshare", "ip"];
    if sudo {
        tools.extend(["sudo", "setpriv"]);
    }
    if let Some(missing) = tools.iter().find(|tool| !on_path(tool)) {
        return Err(Error(format!(
            "`{missing}` is not on PATH (Debian packages: dpkg, util-linux, iproute2, sudo)"
        )));
    }
    if packages::is_installed(PACKAGE) {
        return Err(Error(format!(
            "{PACKAGE} is already installed here; this step installs and removes its own build, so \
             remove it first (`dpkg -r {PACKAGE}`) or run `cargo xtask test --no-e2e`"
        )));
    }

    let deb = bundle::build(repo, &["deb".to_string()])?
        .pop()
        .expect("one package per format");
    println!("xtask: {}", bundle::describe_package(&deb));
    let depends = field(&deb.path, "Depends")?;
    let missing = missing_dependencies(&depends, packages::is_installed);
    if !missing.is_empty() {
        return Err(Error(format!(
            "the .deb depends on packages that are not installed: {} (the `system packages` step \
             installs them; is one missing from xtask/src/packages.rs RUNTIME?)",
            missing.join(", ")
        )));
    }
    let test_binary = e2e_test_binary(repo)?;

    let mut test = Command::new(&test_binary);
    test.args([
        "--ignored",
        "--exact",
        TEST,
        "--nocapture",
        "--test-threads=1",
    ])
    .env(INSTALLED_APP_VAR, INSTALLED_BINARY)
    .env("SCREENING_KIOSK_SCREENSHOTS", screenshots)
    .current_dir(repo);
    // Declared before the package so they outlive it: dropped after the removal, on every path.
    let _session = crate::test_session(repo, &mut test, false)?;

    let installed = Installed::install(&deb.path, sudo)?;
    let ran = run_status(&mut in_network_namespace(&test, sudo.then(current_ids)));
    let removed = installed.remove();
    ran.and(removed)
}

/// One control field of a .deb, e.g. `Depends`.
fn field(deb: &Path, name: &str) -> Result<String, Error> {
    let out = Command::new("dpkg-deb")
        .arg("-f")
        .arg(deb)
        .arg(name)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error(format!("cannot run dpkg-deb: {e}")))?;
    if !out.status.success() {
        return Err(Error(format!(
            "`dpkg-deb -f {} {name}` failed: {}",
            deb.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The dependencies in a Debian `Depends` value that `installed` does not satisfy, as written
/// (`a | b` is satisfied by either; version constraints are not checked, dpkg does that).
fn missing_dependencies(depends: &str, installed: impl Fn(&str) -> bool) -> Vec<String> {
    depends
        .split(',')
        .map(str::trim)
        .filter(|group| !group.is_empty())
        .filter(|group| {
            !group.split('|').any(|alternative| {
                let name = alternative.split_whitespace().next().unwrap_or_default();
                let name = name.split(':').next().unwrap_or(name);
                installed(name)
            })
        })
        .map(str::to_string)
        .collect()
}

/// Builds the e2e test binary (so nothing is compiled, or fetched, inside the namespace) and
/// returns its path from cargo's JSON messages.
fn e2e_test_binary(repo: &Path) -> Result<std::path::PathBuf, Error> {
    let mut cmd = crate::cargo();
    cmd.args([
        "test",
        "--test",
        "e2e",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ])
    .current_dir(repo)
    .stdin(Stdio::null())
    .stderr(Stdio::inherit());
    println!("xtask: $ {}", crate::describe(&cmd));
    let out = cmd
        .output()
        .map_err(|e| Error(format!("cannot run cargo: {e}")))?;
    if !out.status.success() {
        return Err(Error(format!(
            "`cargo test --test e2e --no-run` failed ({})",
            out.status
        )));
    }
    test_executable(&String::from_utf8_lossy(&out.stdout), "e2e")
        .map(Into::into)
        .ok_or_else(|| Error("cargo built the e2e tests but named no executable".into()))
}

/// The `executable` of the test target `name` in cargo's `--message-format=json` output. A std
/// only xtask has no JSON parser; cargo writes one compact object per line with these keys.
fn test_executable(messages: &str, name: &str) -> Option<String> {
    let target = format!("\"kind\":[\"test\"],\"crate_types\":[\"bin\"],\"name\":\"{name}\"");
    messages
        .lines()
        .filter(|line| line.contains("\"reason\":\"compiler-artifact\"") && line.contains(&target))
        .find_map(|line| {
            let (_, rest) = line.split_once("\"executable\":\"")?;
            let (path, _) = rest.split_once('"')?;
            Some(path.replace("\\\\", "\\"))
        })
}

/// The real uid and gid, for dropping back from sudo's root inside the namespace.
fn current_ids() -> (String, String) {
    let id = |flag: &str| {
        Command::new("id")
            .arg(flag)
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .unwrap_or_default()
    };
    (id("-u"), id("-g"))
}

/// `inner` run in a new network namespace with only loopback, up. As root directly; otherwise
/// through sudo (which needs the environment passed on explicitly) and back to our own user and
/// group with setpriv, so the test runs as the user who started it.
fn in_network_namespace(inner: &Command, drop_to: Option<(String, String)>) -> Command {
    const UP_THEN_RUN: &str = "ip link set lo up && exec \"$@\"";
    let envs: Vec<(String, Option<String>)> = inner
        .get_envs()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.map(|v| v.to_string_lossy().into_owned()),
            )
        })
        .collect();
    let mut cmd;
    match &drop_to {
        None => {
            cmd = Command::new("unshare");
            for (key, value) in &envs {
                match value {
                    Some(value) => cmd.env(key, value),
                    None => cmd.env_remove(key),
                };
            }
        }
        Some(_) => {
            cmd = Command::new("sudo");
            cmd.arg("env");
            for (key, _) in envs.iter().filter(|(_, v)| v.is_none()) {
                cmd.arg(format!("--unset={key}"));
            }
            // sudo resets these; the test finds tauri-driver on PATH and the real GStreamer cache by HOME.
            for key in ["PATH", "HOME"] {
                if let (false, Some(value)) =
                    (envs.iter().any(|(k, _)| k == key), std::env::var_os(key))
                {
                    cmd.arg(format!("{key}={}", value.to_string_lossy()));
                }
            }
            for (key, value) in &envs {
                if let Some(value) = value {
                    cmd.arg(format!("{key}={value}"));
                }
            }
            cmd.arg("unshare");
        }
    }
    cmd.args(["--net", "--", "sh", "-c", UP_THEN_RUN, "sh"]);
    if let Some((uid, gid)) = drop_to {
        cmd.args([
            "setpriv",
            &format!("--reuid={uid}"),
            &format!("--regid={gid}"),
            "--init-groups",
            "--",
        ]);
    }
    cmd.arg(inner.get_program()).args(inner.get_args());
    if let Some(dir) = inner.get_current_dir() {
        cmd.current_dir(dir);
    }
    cmd
}

/// The package while it is installed: dropping it removes it, so a failed or panicking run
/// leaves the machine as it found it.
struct Installed {
    sudo: bool,
    removed: bool,
}

impl Installed {
    /// `dpkg -i`. The guard exists before dpkg runs: a failed install can still leave the package
    /// unpacked, and that must be removed too.
    fn install(deb: &Path, sudo: bool) -> Result<Installed, Error> {
        let installed = Installed {
            sudo,
            removed: false,
        };
        run_status(dpkg(sudo).arg("-i").arg(deb))?;
        let absent: Vec<&str> = INSTALLED_PATHS
            .iter()
            .copied()
            .filter(|path| !Path::new(path).is_file())
            .collect();
        if !absent.is_empty() {
            return Err(Error(format!(
                "dpkg -i finished but these are not there: {}",
                absent.join(", ")
            )));
        }
        Ok(installed)
    }

    /// `dpkg -r`, then checks that the package left nothing behind.
    fn remove(mut self) -> Result<(), Error> {
        self.removed = true;
        run_status(dpkg(self.sudo).args(["-r", PACKAGE]))?;
        let left: Vec<&str> = INSTALLED_PATHS
            .iter()
            .chain(&[RESOURCE_DIR])
            .copied()
            .filter(|path| Path::new(path).exists())
            .collect();
        if packages::is_installed(PACKAGE) || !left.is_empty() {
            return Err(Error(format!(
                "`dpkg -r {PACKAGE}` left the package behind ({})",
                if left.is_empty() {
                    "still registered as installed".to_string()
                } else {
                    left.join(", ")
                }
            )));
        }
        println!(
            "xtask: {PACKAGE} removed; {INSTALLED_BINARY}, {RESOURCE_DIR} and the desktop entry are gone"
        );
        Ok(())
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        if !self.removed {
            if let Err(e) = run_status(dpkg(self.sudo).args(["-r", PACKAGE])) {
                eprintln!("xtask: {}", e.0);
            }
        }
    }
}

fn dpkg(sudo: bool) -> Command {
    let mut cmd = if sudo {
        let mut c = Command::new("sudo");
        c.arg("dpkg");
        c
    } else {
        Command::new("dpkg")
    };
    cmd.stdin(Stdio::null());
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(cmd: &Command) -> Vec<String> {
        cmd.get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn unsatisfied_dependencies_are_named() {
        let installed = |name: &str| ["libgtk-3-0", "gstreamer1.0-libav", "b"].contains(&name);
        assert_eq!(
            missing_dependencies(
                "gstreamer1.0-libav, libwebkit2gtk-4.1-0 (>= 2.40), libgtk-3-0, a | b:amd64, c | d",
                installed
            ),
            ["libwebkit2gtk-4.1-0 (>= 2.40)", "c | d"]
        );
        assert!(missing_dependencies("", installed).is_empty());
    }

    #[test]
    fn the_e2e_executable_is_read_from_cargo_messages() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","package_id":"x","manifest_path":"/r/Cargo.toml","target":{"kind":["lib"],"crate_types":["lib"],"name":"e2e_helpers","src_path":"/r/src/lib.rs"},"executable":null,"fresh":true}"#,
            "\n",
            r#"{"reason":"compiler-artifact","package_id":"x","manifest_path":"/r/Cargo.toml","target":{"kind":["test"],"crate_types":["bin"],"name":"integration","src_path":"/r/tests/integration/main.rs"},"executable":"/t/debug/deps/integration-1111","fresh":true}"#,
            "\n",
            r#"{"reason":"compiler-artifact","package_id":"x","manifest_path":"/r/Cargo.toml","target":{"kind":["test"],"crate_types":["bin"],"name":"e2e","src_path":"/r/tests/e2e/main.rs"},"executable":"/t/debug/deps/e2e-2222","fresh":false}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
        );
        assert_eq!(
            test_executable(messages, "e2e").as_deref(),
            Some("/t/debug/deps/e2e-2222")
        );
        assert_eq!(test_executable(messages, "nope"), None);
    }

    #[test]
    fn as_root_the_test_runs_straight_in_the_namespace() {
        let mut inner = Command::new("/t/e2e");
        inner.args(["--exact", "x"]).env("DISPLAY", ":7");
        let cmd = in_network_namespace(&inner, None);
        assert_eq!(cmd.get_program(), "unshare");
        assert_eq!(
            args(&cmd),
            [
                "--net",
                "--",
                "sh",
                "-c",
                "ip link set lo up && exec \"$@\"",
                "sh",
                "/t/e2e",
                "--exact",
                "x"
            ]
        );
        assert!(cmd
            .get_envs()
            .any(|(k, v)| k == "DISPLAY" && v == Some(":7".as_ref())));
    }

    #[test]
    fn through_sudo_the_environment_is_passed_and_the_user_restored() {
        let mut inner = Command::new("/t/e2e");
        inner
            .arg("--exact")
            .env("DISPLAY", ":7")
            .env("PATH", "/bin")
            .env("HOME", "/h")
            .env_remove("WAYLAND_DISPLAY");
        let cmd = in_network_namespace(&inner, Some(("1000".into(), "1001".into())));
        assert_eq!(cmd.get_program(), "sudo");
        let args = args(&cmd);
        let unshare = args.iter().position(|a| a == "unshare").unwrap();
        let mut env_args = args[1..unshare].to_vec();
        env_args.sort();
        assert_eq!(args[0], "env");
        assert_eq!(
            env_args,
            [
                "--unset=WAYLAND_DISPLAY",
                "DISPLAY=:7",
                "HOME=/h",
                "PATH=/bin"
            ]
        );
        assert_eq!(
            args[unshare + 7..],
            [
                "setpriv",
                "--reuid=1000",
                "--regid=1001",
                "--init-groups",
                "--",
                "/t/e2e",
                "--exact"
            ]
        );
    }
}
