//! zoom-archiver (in progress).
