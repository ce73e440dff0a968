//! The TOML parser's and serde's errors about `manifest.toml`, said in an operator's words: a
//! field that is missing or of the wrong kind is told apart from broken TOML syntax (its own code,
//! so `check --format json` can tell them apart), Rust's type names become what the field takes,
//! and an error the parser gives no position for (nesting too deep) still gets a line.

use super::problem::Code;

/// serde's own wording for data that parsed as TOML but does not fit the manifest.
const FIELD_ERRORS: [&str; 6] = [
    "missing field",
    "invalid type",
    "invalid value",
    "invalid length",
    "unknown variant",
    "duplicate field",
];

/// What Rust calls a field's type, and what the operator reads instead.
const TYPE_WORDS: [(&str, &str); 14] = [
    ("expected u8", "expected a whole number from 0 to 255"),
    ("expected u16", "expected a whole number from 0 to 65535"),
    (
        "expected u32",
        "expected a whole number from 0 to 4294967295",
    ),
    ("expected u64", "expected a whole number of 0 or more"),
    ("expected usize", "expected a whole number of 0 or more"),
    ("expected i8", "expected a whole number from -128 to 127"),
    (
        "expected i16",
        "expected a whole number from -32768 to 32767",
    ),
    ("expected i32", "expected a whole number"),
    ("expected i64", "expected a whole number"),
    ("expected f32", "expected a number"),
    ("expected f64", "expected a number"),
    ("expected a sequence", "expected a list `[ ... ]`"),
    ("expected a map", "expected a table"),
    ("expected a borrowed string", "expected a string"),
];

/// The code and the operator's message for one error about the manifest.
pub(super) fn describe(raw: &str) -> (Code, String) {
    let code = if FIELD_ERRORS.iter().any(|prefix| raw.starts_with(prefix)) {
        Code::ManifestField
    } else {
        Code::ManifestSyntax
    };
    (code, plain_words(raw))
}

fn plain_words(raw: &str) -> String {
    // `99999999999999999999` is read as a 128-bit integer first, and serde says so.
    let mut message = raw
        .trim_end()
        .replace(" as i128", "")
        .replace(" as u128", "");
    for (rust, plain) in TYPE_WORDS {
        message = replace_word(&message, rust, plain);
    }
    // "expected struct Film" / "expected enum Status": the name is the code's, not the manifest's.
    for (rust, plain) in [
        ("expected struct ", "expected a table"),
        (
            "expected enum ",
            "expected one of the values the field takes",
        ),
    ] {
        while let Some(at) = message.find(rust) {
            let name_end = message[at + rust.len()..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(message.len(), |end| at + rust.len() + end);
            message.replace_range(at..name_end, plain);
        }
    }
    message
}

/// Replaces `word` where it is not the start of a longer word (`expected u8` in `expected u80`).
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let after = &rest[at + word.len()..];
        out.push_str(&rest[..at]);
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Where a manifest nests deepest, in arrays and inline tables or in a dotted key (`a.b.c = 1`):
/// the place to point at when the parser stops at its nesting limit without saying where. Strings
/// and comments are skipped, so a `[` in a title counts for nothing. One pass, no allocation.
pub(super) fn deepest_nesting(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, None);
    // Dots in the key of the current line, counted until its `=`.
    let (mut key_dots, mut in_key) = (0usize, true);
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => (key_dots, in_key) = (0, true),
            b'=' if depth == 0 => in_key = false,
            b'.' if depth == 0 && in_key => {
                key_dots += 1;
                if key_dots > deepest {
                    deepest = key_dots;
                    at = Some(i);
                }
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                let triple = bytes[i..].starts_with(&[quote; 3]);
                let close: &[u8] = if triple {
                    &bytes[i..i + 3]
                } else {
                    &bytes[i..i + 1]
                };
                i += close.len();
                while i < bytes.len() && !bytes[i..].starts_with(close) {
                    // A basic string's `\"` does not end it; a literal string has no escapes.
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    if !triple && bytes.get(i) == Some(&b'\n') {
                        break;
                    }
                    i += 1;
                }
                i += close.len() - 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > deepest {
                    deepest = depth;
                    at = Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    // Table headers (`[[film.facts]]`) reach depth 2 at most: nothing to point at.
    at.filter(|_| deepest > 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_field_is_a_field_error_not_a_syntax_error() {
        let (code, message) = describe("missing field `title`\n");
        assert_eq!(code, Code::ManifestField);
        assert_eq!(message, "missing field `title`");
        assert_eq!(describe("invalid table header").0, Code::ManifestSyntax);
    }

    #[test]
    fn rust_type_names_become_what_the_field_takes() {
        let (_, message) =
            describe("invalid type: integer `99999999999999999999` as i128, expected u32");
        assert_eq!(
            message,
            "invalid type: integer `99999999999999999999`, expected a whole number from 0 to 4294967295"
        );
        let (_, message) = describe("invalid type: string \"x\", expected u16");
        assert_eq!(
            message,
            "invalid type: string \"x\", expected a whole number from 0 to 65535"
        );
        let (_, message) = describe("invalid type: integer `1`, expected struct Film");
        assert_eq!(message, "invalid type: integer `1`, expected a table");
        let (_, message) = describe("invalid type: string \"x\", expected a sequence");
        assert_eq!(
            message,
            "invalid type: string \"x\", expected a list `[ ... ]`"
        );
    }

    #[test]
    fn the_deepest_nesting_is_found_outside_strings_and_comments() {
        let text = "title = \"[[[[[[[[\" # [[[[[[[[\nx = [[[[1]]]]\n";
        assert_eq!(deepest_nesting(text), Some(text.find("[1").unwrap()));
        assert_eq!(deepest_nesting("[[film.facts]]\nlabel = 'a'\n"), None);
        assert_eq!(deepest_nesting("s = '''[[[[[['''\n"), None);
        let dotted = format!("title = 'a.b.c.d'\n{}b = 1.5\n", "a.".repeat(5));
        assert_eq!(
            deepest_nesting(&dotted),
            Some(dotted.find("b = ").unwrap() - 1)
        );
    }
}
