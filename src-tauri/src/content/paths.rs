//! Path confinement: every path a manifest or checksum list names resolves to a regular,
//! non-empty file inside the pack folder, never outside it.

use super::problem::{Code, PathProblem};
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Resolves `relative` inside `root`, refusing anything that could leave it: absolute paths, `..`,
/// backslashes (a Windows separator that would mean something else on another OS) and symlinks that
/// point outside. `root` must already be canonical.
pub fn confine(root: &Path, relative: &str) -> Result<PathBuf, PathProblem> {
    if relative.is_empty() {
        return Err(PathProblem::new(Code::PathEmpty, "the path is empty"));
    }
    if relative.contains('\\') {
        return Err(PathProblem::new(
            Code::PathBackslash,
            "use '/' in pack paths, not '\\'",
        ));
    }
    let as_path = Path::new(relative);
    for component in as_path.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => {
                return Err(PathProblem::new(
                    Code::PathParent,
                    "'..' is not allowed in pack paths",
                ))
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(PathProblem::new(
                    Code::PathAbsolute,
                    "absolute paths are not allowed; use a path relative to the pack folder",
                ))
            }
        }
    }
    let resolved = match fs::canonicalize(root.join(as_path)) {
        Ok(resolved) => resolved,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PathProblem::new(Code::FileMissing, "file is missing"))
        }
        Err(e) => {
            return Err(PathProblem::new(
                Code::FileUnreadable,
                format!("cannot read: {e}"),
            ))
        }
    };
    if !resolved.starts_with(root) {
        return Err(PathProblem::new(
            Code::PathEscapesPack,
            "the path leads outside the pack folder (through a symbolic link)",
        ));
    }
    let meta = fs::metadata(&resolved)
        .map_err(|e| PathProblem::new(Code::FileUnreadable, format!("cannot read: {e}")))?;
    if !meta.is_file() {
        return Err(PathProblem::new(Code::NotAFile, "not a regular file"));
    }
    if meta.len() == 0 {
        return Err(PathProblem::new(Code::FileEmpty, "file is empty"));
    }
    Ok(resolved)
}

/// The one spelling of a pack path however it is written (`./a//b/./c` is `a/b/c`), so a file named
/// several ways is resolved, read and hashed once. `..`, a leading `/` and a trailing `/` are kept:
/// they change what the path means, and `confine` refuses such paths by what they say.
pub(crate) fn normalized(relative: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str().unwrap_or_default()),
            Component::ParentDir => parts.push(".."),
            Component::RootDir => parts.push(""),
            Component::Prefix(prefix) => {
                parts.push(prefix.as_os_str().to_str().unwrap_or_default())
            }
            Component::CurDir => {}
        }
    }
    let mut spelled = parts.join("/");
    if spelled.is_empty() {
        // `.`, `/` and the like name no file: kept as written, each refused for what it is.
        return relative.to_string();
    }
    if relative.ends_with('/') {
        spelled.push('/');
    }
    spelled
}
