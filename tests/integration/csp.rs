//! The content security policy in `tauri.conf.json` lets the page reach nothing off the machine:
//! only the app's own files, data: URLs, Tauri's IPC and the loopback media server. Together with
//! the installed kiosk running in a network namespace (tests/e2e/installed.rs), this is the offline
//! promise; this half fails the moment someone adds a remote origin to the policy.

use serde_json::Value;

/// Every source the policy may name. Anything else (a host, a scheme like https:, a wildcard) could
/// reach a network.
const LOCAL_SOURCES: &[&str] = &[
    "'self'",
    "'none'",
    "data:",
    "ipc:",
    "http://ipc.localhost",
    "http://127.0.0.1:*",
];

/// The `app.security.csp` of a Tauri config, as directive -> sources, whether written as one string
/// or as an object of directives.
fn csp_directives(config: &Value) -> Vec<(String, Vec<String>)> {
    let csp = &config["app"]["security"]["csp"];
    let split = |sources: &str| sources.split_whitespace().map(str::to_string).collect();
    match csp {
        Value::Object(directives) => directives
            .iter()
            .map(|(name, sources)| {
                let sources = match sources {
                    Value::String(s) => split(s),
                    Value::Array(list) => list
                        .iter()
                        .map(|s| s.as_str().expect("CSP sources are strings").to_string())
                        .collect(),
                    other => panic!("CSP directive {name} is neither a string nor a list: {other}"),
                };
                (name.clone(), sources)
            })
            .collect(),
        Value::String(policy) => policy
            .split(';')
            .filter_map(|directive| {
                let mut words = directive.split_whitespace();
                let name = words.next()?.to_string();
                Some((name, words.map(str::to_string).collect()))
            })
            .collect(),
        other => panic!("app.security.csp must be set (a string or an object), not {other}"),
    }
}

/// The sources in `config`'s policy that are not local, as `directive source`.
fn non_local_sources(config: &Value) -> Vec<String> {
    csp_directives(config)
        .into_iter()
        .flat_map(|(name, sources)| {
            sources
                .into_iter()
                .filter(|s| !LOCAL_SOURCES.contains(&s.as_str()))
                .map(move |s| format!("{name} {s}"))
        })
        .collect()
}

fn shipped_config() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_shipped_policy_names_no_remote_origin() {
    let config = shipped_config();
    assert_eq!(non_local_sources(&config), Vec::<String>::new());
    // Directives left out fall back to default-src, so it must be there and local too.
    let directives = csp_directives(&config);
    let default = directives
        .iter()
        .find(|(name, _)| name == "default-src")
        .expect("the policy has a default-src");
    assert_eq!(default.1, ["'self'"]);
}

#[test]
fn a_remote_origin_in_the_policy_is_caught() {
    let mut config = shipped_config();
    config["app"]["security"]["csp"]["connect-src"] =
        Value::String("ipc: http://ipc.localhost https://cdn.example.org".into());
    config["app"]["security"]["csp"]["media-src"] = Value::String("http://127.0.0.1:* *".into());
    assert_eq!(
        non_local_sources(&config),
        ["connect-src https://cdn.example.org", "media-src *"]
    );

    let as_string = serde_json::json!({
        "app": { "security": { "csp": "default-src 'self'; img-src 'self' https:" } }
    });
    assert_eq!(non_local_sources(&as_string), ["img-src https:"]);
}
