//! `multipart/form-data` bodies (RFC 7578), for the Census batch
//! upload.

/// One field of a form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part<'a> {
    /// The field name.
    pub name: &'a str,
    /// For a file: its name and media type.
    pub file: Option<(&'a str, &'a str)>,
    /// The content.
    pub data: &'a [u8],
}

/// The `Content-Type` header and body of a form with `parts`.
pub(crate) fn encode(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let boundary = boundary(parts);
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(disposition(part).as_bytes());
        body.extend_from_slice(part.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    (content_type, body)
}

/// The part's headers, through the blank line.
fn disposition(part: &Part<'_>) -> String {
    match part.file {
        Some((filename, media_type)) => format!(
            "Content-Disposition: form-data; name=\"{}\"; \
             filename=\"{filename}\"\r\nContent-Type: {media_type}\r\n\r\n",
            part.name
        ),
        None => format!(
            "Content-Disposition: form-data; name=\"{}\"\r\n\r\n",
            part.name
        ),
    }
}

/// A boundary that occurs in no part.
fn boundary(parts: &[Part<'_>]) -> String {
    (0_u64..)
        .map(|n| format!("honeygrid-form-boundary-{n:08x}"))
        .find(|b| !parts.iter().any(|p| contains(p.data, b.as_bytes())))
        .unwrap_or_default()
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_fields_and_files() {
        let parts = [
            Part {
                name: "benchmark",
                file: None,
                data: b"Public_AR_Current",
            },
            Part {
                name: "addressFile",
                file: Some(("a.csv", "text/csv")),
                data: b"0,1 Main St,,,02101\n",
            },
        ];
        let (content_type, body) = encode(&parts);
        let b = "honeygrid-form-boundary-00000000";
        assert_eq!(content_type, format!("multipart/form-data; boundary={b}"));
        let text = String::from_utf8(body).unwrap();
        assert!(text.starts_with(&format!("--{b}\r\n")));
        assert!(text.contains("name=\"benchmark\"\r\n\r\nPublic_AR_Current"));
        assert!(text.contains(
            "name=\"addressFile\"; filename=\"a.csv\"\r\n\
             Content-Type: text/csv\r\n\r\n0,1 Main St,,,02101\n\r\n"
        ));
        assert!(text.ends_with(&format!("--{b}--\r\n")));
    }

    #[test]
    fn avoids_boundaries_found_in_the_data() {
        let data = b"honeygrid-form-boundary-00000000";
        let parts = [Part {
            name: "f",
            file: None,
            data,
        }];
        let (content_type, _) = encode(&parts);
        assert!(content_type.ends_with("-00000001"));
    }
}
