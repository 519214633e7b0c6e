//! File contents: bytes generated on the fly from (seed, file id), at any offset.

use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use crate::rng::{hash_str, mix64};

/// What kind of bytes a file holds; decides its `Content-Type` and first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ContentKind {
    Mp4,
    M4a,
    Vtt,
    Txt,
    Json,
    Csv,
    /// An image attached to an archived meeting.
    Png,
    /// A meeting transcript: WebVTT cues (see `content_vtt`).
    Transcript,
}

impl ContentKind {
    /// The `Content-Type` the file host sends.
    pub(crate) fn mime(self) -> &'static str {
        match self {
            Self::Mp4 => "video/mp4",
            Self::M4a => "audio/mp4",
            Self::Vtt => "text/vtt",
            Self::Txt => "text/plain",
            Self::Json => "application/json",
            Self::Csv => "text/csv",
            Self::Png => "image/png",
            Self::Transcript => "text/vtt",
        }
    }

    /// The file name extension.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Self::Mp4 => "mp4",
            Self::M4a => "m4a",
            Self::Vtt => "vtt",
            Self::Txt => "txt",
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Png => "png",
            Self::Transcript => "vtt",
        }
    }

    fn prefix(self) -> &'static [u8] {
        match self {
            Self::Mp4 => b"\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41",
            Self::M4a => b"\0\0\0\x1cftypM4A \0\0\0\0M4A mp42isom",
            Self::Vtt => b"WEBVTT\n\n",
            Self::Txt => b"",
            Self::Json => b"{\"fake\": \"",
            Self::Csv => b"#,Question,Answer\n",
            Self::Png => b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR",
            Self::Transcript => b"",
        }
    }

    fn is_text(self) -> bool {
        !matches!(self, Self::Mp4 | Self::M4a | Self::Png)
    }
}

/// One downloadable file's bytes.
#[derive(Debug)]
pub(crate) struct Blob {
    pub id: String,
    /// The meeting UUID it belongs to (download tokens are per meeting).
    pub meeting_uuid: String,
    pub size: u64,
    pub kind: ContentKind,
    pub file_name: String,
    /// Where the bytes start in the generator's stream.
    pub key: u64,
    /// Bytes the file host has sent of this file.
    pub served: AtomicU64,
}

impl Blob {
    pub(crate) fn new(seed: u64, id: &str, meeting_uuid: &str, size: u64, kind: ContentKind) -> Self {
        Self {
            id: id.to_owned(),
            meeting_uuid: meeting_uuid.to_owned(),
            size,
            kind,
            file_name: format!("{}.{}", &id[..id.len().min(8)], kind.extension()),
            key: hash_str(seed, id),
            served: AtomicU64::new(0),
        }
    }

    /// Counts bytes sent.
    pub(crate) fn add_served(&self, n: u64) {
        self.served.fetch_add(n, Ordering::Relaxed);
    }

    /// Fills `buf` with the bytes at `offset..offset + buf.len()`.
    pub(crate) fn fill(&self, offset: u64, buf: &mut [u8]) {
        const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
        const TEXT: &[u8; 64] = b"abcdefghijklmnopqrstuvwxyz eeaaoo tn \n,. ABCDEFGHIJKLMNOPRSTUW01";
        if self.kind == ContentKind::Transcript {
            crate::content_vtt::fill(self.key, offset, buf);
            return;
        }
        let mut pos = offset;
        let mut i = 0;
        while i < buf.len() {
            let word = mix64(self.key ^ (pos / 8).wrapping_mul(GOLDEN)).to_le_bytes();
            let within = (pos % 8) as usize;
            let n = (8 - within).min(buf.len() - i);
            buf[i..i + n].copy_from_slice(&word[within..within + n]);
            i += n;
            pos += n as u64;
        }
        if self.kind.is_text() {
            for b in buf.iter_mut() {
                *b = TEXT[usize::from(*b & 63)];
            }
        }
        let prefix = self.kind.prefix();
        if offset < prefix.len() as u64 {
            let start = offset as usize;
            let n = (prefix.len() - start).min(buf.len());
            buf[..n].copy_from_slice(&prefix[start..start + n]);
        }
    }

    /// SHA-256 of the whole file, by streaming the generator.
    pub(crate) fn sha256_hex(&self) -> String {
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut offset = 0;
        while offset < self.size {
            let n = (self.size - offset).min(buf.len() as u64) as usize;
            self.fill(offset, &mut buf[..n]);
            hasher.update(&buf[..n]);
            offset += n as u64;
        }
        hex(&hasher.finalize())
    }
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_offset_gives_the_same_bytes() {
        let blob = Blob::new(3, "abcdef-123", "m==", 1000, ContentKind::Mp4);
        let mut whole = vec![0; 1000];
        blob.fill(0, &mut whole);
        let mut part = vec![0; 77];
        blob.fill(13, &mut part);
        assert_eq!(&whole[13..90], &part[..]);
        assert_eq!(&whole[4..8], b"ftyp");
        let text = Blob::new(3, "x", "m==", 100, ContentKind::Vtt);
        let mut t = vec![0; 100];
        text.fill(0, &mut t);
        assert!(t.starts_with(b"WEBVTT\n\n") && t.is_ascii());
    }
}
