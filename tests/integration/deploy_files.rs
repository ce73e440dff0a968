//! The OS supervisor files in `deploy/` must agree with the kiosk's exit codes: restart after a
//! crash, the watchdog's exit and the scheduled restart, never after the operator's Exit (code 0).

use screening_kiosk_lib::unattended::{EXIT_SCHEDULED_RESTART, EXIT_WATCHDOG};

use crate::util;

fn deploy_file(path: &str) -> String {
    let path = util::repo_root().join("deploy").join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `key=value` lines of a systemd unit's section.
fn unit_value<'a>(unit: &'a str, key: &str) -> Option<&'a str> {
    unit.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .find_map(|line| line.strip_prefix(&format!("{key}=")))
}

/// An operator reading the file learns what the watchdog's and the daily restart's codes mean.
fn assert_explains_the_restart_codes(name: &str, text: &str) {
    for code in [EXIT_WATCHDOG, EXIT_SCHEDULED_RESTART] {
        assert!(
            text.contains(&format!("{code} = ")),
            "{name} explains exit code {code}"
        );
    }
}

#[test]
fn systemd_units_restart_on_failure_only_and_never_give_up() {
    for name in [
        "linux/screening-kiosk.service",
        "linux/screening-kiosk-cage.service",
    ] {
        let unit = deploy_file(name);
        assert_eq!(unit_value(&unit, "Restart"), Some("on-failure"), "{name}");
        assert_eq!(
            unit_value(&unit, "StartLimitIntervalSec"),
            Some("0"),
            "{name}"
        );
        // systemd ignores it, with only a warning, anywhere but in [Unit].
        assert!(
            unit.find("\nStartLimitIntervalSec=") < unit.find("\n[Service]"),
            "{name}: StartLimitIntervalSec belongs in [Unit]"
        );
        assert!(
            unit_value(&unit, "ExecStart")
                .is_some_and(|e| e.contains("/usr/bin/screening-kiosk --supervised")),
            "{name}: a supervised kiosk, so a second copy waits rather than exit 0"
        );
        // 0 must not be declared a failure, nor 3 or 4 a success.
        assert_eq!(unit_value(&unit, "SuccessExitStatus"), None, "{name}");
        assert_eq!(
            unit_value(&unit, "RestartPreventExitStatus"),
            None,
            "{name}"
        );
        assert_explains_the_restart_codes(name, &unit);
    }
}

/// A plist's XML (which names Apple's DTD).
fn plist(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("the plist is well-formed XML")
}

fn top_dict<'a, 'input>(doc: &'a roxmltree::Document<'input>) -> roxmltree::Node<'a, 'input> {
    doc.root_element()
        .children()
        .find(|n| n.has_tag_name("dict"))
        .expect("a top-level dict")
}

/// In a plist `<dict>`, the element after `<key>key</key>`.
fn plist_value<'a, 'input>(
    dict: roxmltree::Node<'a, 'input>,
    key: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    let mut nodes = dict.children().filter(|n| n.is_element());
    while let Some(node) = nodes.next() {
        if node.has_tag_name("key") && node.text() == Some(key) {
            return nodes.next();
        }
    }
    None
}

#[test]
fn the_launch_agent_restarts_after_any_exit_but_a_successful_one() {
    let text = deploy_file(&format!("macos/{}.plist", screening_kiosk_lib::IDENTIFIER));
    let doc = plist(&text);
    let dict = top_dict(&doc);
    assert_eq!(
        plist_value(dict, "Label").and_then(|n| n.text()),
        Some(screening_kiosk_lib::IDENTIFIER)
    );
    let keep_alive = plist_value(dict, "KeepAlive").expect("KeepAlive");
    let successful_exit = plist_value(keep_alive, "SuccessfulExit").expect("SuccessfulExit");
    assert!(
        successful_exit.has_tag_name("false"),
        "restart unless the exit was successful"
    );
    let arguments: Vec<&str> = plist_value(dict, "ProgramArguments")
        .expect("ProgramArguments")
        .children()
        .filter(|n| n.has_tag_name("string"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        arguments[0].ends_with("/Contents/MacOS/screening-kiosk"),
        "{arguments:?}"
    );
    assert_eq!(arguments[1..], ["--supervised"], "a supervised kiosk");
}

#[test]
fn shell_launcher_does_nothing_after_exit_code_0_and_restarts_otherwise() {
    let script = deploy_file("windows/shell-launcher.ps1");
    assert!(script.contains("$DoNothing = 3") && script.contains("$RestartShell = 0"));
    for setting in [
        "CustomReturnCodes = [int[]]@(0)\n",
        "CustomReturnCodesAction = [int[]]@($DoNothing)\n",
        "DefaultAction = $RestartShell\n",
        "Shell = \"`\"$KioskExe`\" --supervised\"\n",
    ] {
        assert!(
            script.contains(setting),
            "exit code 0 maps to do nothing, the default action restarts a supervised kiosk: {setting}"
        );
    }
    assert!(
        !script.contains("[wmiclass]"),
        "[wmiclass] is gone in PowerShell 7: Invoke-CimMethod"
    );
    assert_explains_the_restart_codes("windows/shell-launcher.ps1", &script);
}

#[test]
fn the_scheduled_task_loop_stops_after_exit_code_0_and_restarts_otherwise() {
    let script = deploy_file("windows/restart-until-exit.ps1");
    assert!(script.contains("$OperatorExit = 0"));
    assert!(
        script.contains("if ($kiosk.ExitCode -eq $OperatorExit) { break }"),
        "only the operator's Exit ends the loop"
    );
    assert!(
        script.contains(
            "Start-Process -FilePath $KioskExe -ArgumentList '--supervised' -Wait -PassThru"
        ),
        "waits for the kiosk, a windowed program, to get its exit code"
    );
    assert!(
        script.contains("-ExecutionTimeLimit ([TimeSpan]::Zero)"),
        "the task has no time limit"
    );
    assert_explains_the_restart_codes("windows/restart-until-exit.ps1", &script);
}

/// Syncthing as each OS runs it for a fleet (docs/fleet.md): started again whatever happened to it,
/// never upgrading itself from the internet, never making a folder of its own beside the fleet's.
#[test]
fn syncthing_is_kept_running_without_upgrades_or_a_default_folder_on_every_os() {
    let drop_in = deploy_file("linux/syncthing-kiosk.conf");
    assert_eq!(unit_value(&drop_in, "StartLimitIntervalSec"), Some("0"));
    assert!(
        drop_in.find("\nStartLimitIntervalSec=") < drop_in.find("\n[Service]"),
        "StartLimitIntervalSec belongs in [Unit]"
    );
    for variable in ["STNOUPGRADE=1", "STNODEFAULTFOLDER=1"] {
        assert!(
            drop_in.contains(&format!("\nEnvironment={variable}\n")),
            "the drop-in sets {variable}"
        );
    }

    let text = deploy_file("macos/net.syncthing.syncthing.plist");
    let doc = plist(&text);
    let dict = top_dict(&doc);
    assert!(plist_value(dict, "KeepAlive").is_some_and(|n| n.has_tag_name("true")));
    let arguments: Vec<&str> = plist_value(dict, "ProgramArguments")
        .expect("ProgramArguments")
        .children()
        .filter_map(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(arguments[1..], ["serve", "--no-browser", "--no-restart"]);
    let environment = plist_value(dict, "EnvironmentVariables").expect("EnvironmentVariables");
    for variable in ["STNOUPGRADE", "STNODEFAULTFOLDER"] {
        assert_eq!(
            plist_value(environment, variable).and_then(|n| n.text()),
            Some("1"),
            "{variable}"
        );
    }

    let task = deploy_file("windows/syncthing-task.ps1");
    for option in [
        "serve",
        "--no-browser",
        "--no-upgrade",
        "--no-default-folder",
    ] {
        assert!(
            task.contains(option),
            "the Windows task runs Syncthing with {option}"
        );
    }
}
