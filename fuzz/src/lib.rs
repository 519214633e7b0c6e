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

/// Why `component` is not a safe file or folder name, if it is not
/// (`zoom_archiver::naming::component_problem`).
pub fn component_problem(component: &str) -> Option<String> {
    zoom_archiver::naming::component_problem(component)
}

/// Panics unless `path` is a relative `/`-separated path of safe components
/// (so it stays under the archive's root).
pub fn assert_safe_path(path: &str) {
    if let Some(problem) = zoom_archiver::naming::path_problem(path) {
        panic!("{path:?}: {problem}");
    }
}
