//! The rules every name in the archive keeps, checked on their own: the
//! oracle the property tests and the `naming` fuzz target hold the
//! sanitiser to, and a check anyone can run over an existing archive.

use super::{MAX_COMPONENT_BYTES, RESERVED};

/// Why `component` (one file or folder name) is not safe to write on every
/// filesystem the archive may land on, or `None` when it is: it must be
/// non-empty, not `.` or `..`, at most [`MAX_COMPONENT_BYTES`] bytes, free of
/// control characters and of `/ \ : * ? " < > |`, without a leading space or a
/// trailing space or dot, and not a Windows device name (matched on the part
/// before the first dot, trailing spaces ignored, any case).
///
/// ```
/// use zoom_archiver::naming::component_problem;
/// assert_eq!(component_problem("0930 Weekly sync [1a2b3c4d]"), None);
/// assert!(component_problem("..").is_some());
/// assert!(component_problem("nul .txt").is_some());
/// ```
pub fn component_problem(component: &str) -> Option<String> {
    if component.is_empty() {
        return Some("empty".into());
    }
    if component == "." || component == ".." {
        return Some("a dot name".into());
    }
    if component.len() > MAX_COMPONENT_BYTES {
        return Some(format!(
            "{} bytes (at most {MAX_COMPONENT_BYTES})",
            component.len()
        ));
    }
    if let Some(c) = component
        .chars()
        .find(|c| c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
    {
        return Some(format!("holds {c:?}"));
    }
    if component.starts_with(char::is_whitespace) || component.ends_with([' ', '.']) {
        return Some("a leading space or a trailing space or dot".into());
    }
    let stem = component
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_uppercase();
    if RESERVED.iter().any(|r| r.to_uppercase() == stem) {
        return Some("a reserved device name".into());
    }
    None
}

/// Why `path` (a `/`-separated path inside the archive) could leave the
/// archive's root or holds an unsafe component, or `None` when it is safe.
///
/// ```
/// use zoom_archiver::naming::path_problem;
/// assert_eq!(path_problem("alice@example.com/2026-03-10/0930 Sync [1a2b]/audio_only.m4a"), None);
/// assert!(path_problem("/etc/passwd").is_some());
/// assert!(path_problem("alice/../../x").is_some());
/// ```
pub fn path_problem(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return Some("an absolute path".into());
    }
    path.split('/').find_map(|component| {
        component_problem(component).map(|problem| format!("component {component:?}: {problem}"))
    })
}

#[cfg(test)]
mod tests {
    use super::{component_problem, path_problem};

    #[test]
    fn each_rule_is_named() {
        for (name, rule) in [
            ("", "empty"),
            (".", "dot"),
            ("a\u{7}b", "holds"),
            ("a:b", "holds"),
            (" a", "leading space"),
            ("a.", "trailing"),
            ("COM¹.txt", "device"),
            ("Con ", "trailing"),
            ("con .mp4", "device"),
        ] {
            let problem = component_problem(name).unwrap_or_default();
            assert!(problem.contains(rule), "{name:?}: {problem:?}");
        }
        assert!(component_problem(&"é".repeat(61)).unwrap().contains("122 bytes"));
        assert_eq!(component_problem(&"é".repeat(60)), None);
        assert!(path_problem("a//b").unwrap().contains("empty"));
    }
}
