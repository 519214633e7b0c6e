//! Helpers shared by the fuzz targets: splitting an input into lines and the
//! path invariants the naming target checks.

/// The first `n` lines of `data` (lossy UTF-8, `\n`-separated; missing lines
/// are empty) and the bytes after them.
pub fn lines(data: &[u8], n: usize) -> (Vec<String>, &[u8]) {
    let mut rest = data;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        match rest.iter().position(|&b| b == b'\n') {
            Some(at) => {
                out.push(String::from_utf8_lossy(&rest[..at]).into_owned());
                rest = &rest[at + 1..];
            }
            None => {
                out.push(String::from_utf8_lossy(rest).into_owned());
                rest = &[];
            }
        }
    }
    (out, rest)
}

/// Names Windows reserves for devices (with or without an extension).
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
    "LPT9", "LPT¹", "LPT²", "LPT³", "CONIN$", "CONOUT$",
];

/// Why `component` is not a safe file or folder name, if it is not.
pub fn component_problem(component: &str) -> Option<String> {
    if component.is_empty() {
        return Some("empty".into());
    }
    if component == "." || component == ".." {
        return Some("a dot name".into());
    }
    if component.len() > 255 {
        return Some(format!("{} bytes", component.len()));
    }
    if let Some(c) = component
        .chars()
        .find(|c| c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
    {
        return Some(format!("holds {c:?}"));
    }
    if component.starts_with(char::is_whitespace) || component.ends_with([' ', '.']) {
        return Some("starts with a space or ends with a space or dot".into());
    }
    // Windows ignores trailing spaces (and what follows the first dot) when
    // matching device names: `nul .txt` is the device too.
    let stem = component.split('.').next().unwrap_or("").trim_end();
    if RESERVED
        .iter()
        .any(|r| r.eq_ignore_ascii_case(stem) || r.to_uppercase() == stem.to_uppercase())
    {
        return Some("a reserved device name".into());
    }
    None
}

/// Panics unless `path` is a relative `/`-separated path of safe components
/// (so it stays under the archive's root).
pub fn assert_safe_path(path: &str) {
    assert!(!path.starts_with('/'), "absolute path {path:?}");
    for component in path.split('/') {
        if let Some(problem) = component_problem(component) {
            panic!("component {component:?} of {path:?}: {problem}");
        }
    }
}
