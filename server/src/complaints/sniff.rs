//! The real type of an uploaded file, from its first bytes (whatever its name or the browser say).

/// The bytes needed to tell every allowed type apart.
pub const SNIFF_LEN: usize = 12;

/// The media type of an allowed file: a photo (JPEG, PNG, WebP, HEIC) or a PDF.
pub fn allowed_type(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        Some("image/webp")
    } else if head.len() >= 12
        && &head[4..8] == b"ftyp"
        && matches!(
            &head[8..12],
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
    {
        Some("image/heic")
    } else if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_and_pdfs_are_told_by_their_bytes() {
        assert_eq!(
            allowed_type(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some("image/jpeg")
        );
        assert_eq!(
            allowed_type(b"\x89PNG\r\n\x1a\n\0\0\0\r"),
            Some("image/png")
        );
        assert_eq!(allowed_type(b"RIFF\x24\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(allowed_type(b"\0\0\0\x18ftypheic"), Some("image/heic"));
        assert_eq!(allowed_type(b"%PDF-1.7\n"), Some("application/pdf"));
    }

    #[test]
    fn text_named_like_a_photo_is_not_allowed() {
        assert_eq!(allowed_type(b"hello, this is not a jpeg"), None);
        assert_eq!(allowed_type(b""), None);
        assert_eq!(allowed_type(b"\0\0\0\x18ftypisom"), None);
    }
}
