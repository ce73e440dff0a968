//! Turns a legislation document written in Markdown into plain structured blocks.
//!
//! The UI builds DOM nodes from these blocks with `textContent`, so nothing in a pack's Markdown (raw HTML,
//! links, images) can inject markup or navigate the kiosk: inline markup is flattened to text and raw HTML
//! is dropped.
//!
//! The parser builds a tree of the whole document before it hands out the first event, at a cost
//! per node that dwarfs a byte of source: a text made of little but markup (ten megabytes of `- `
//! or `*a*`) would take hundreds of megabytes. So before parsing, one pass over the lines bounds
//! what the tree can hold (`MAX_MARKUP`) and how deep its containers go (`MAX_DEPTH`); the events
//! are checked for depth again, for nesting made by indentation alone.

use super::problem::{line_column, Code};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;

/// Lists and block quotes nested in one another. Statutes nest (a)(1)(A)(i)(I): five levels.
pub const MAX_DEPTH: usize = 16;
/// Lines, container markers and inline markup characters in one law text: an upper bound on the
/// parser's tree, and so on its memory, that ordinary prose stays far below.
pub const MAX_MARKUP: usize = 1_000_000;

/// Characters at which the parser may start an inline node (emphasis, code, links, images, raw
/// HTML, entities, escapes).
const INLINE_MARKUP: &[u8] = b"*_`[]!<&\\";

/// Why a law text is refused before or while it is parsed: a `LawTooDeep` or `LawTooComplex` at
/// a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub code: Code,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Block {
    Heading { level: u8, id: String, text: String },
    Paragraph { text: String },
    List { ordered: bool, items: Vec<String> },
    Preformatted { text: String },
}

/// Parses Markdown into blocks; heading ids are unique within the document so a table of contents can
/// link to them. A text nested deeper than `MAX_DEPTH` or denser in markup than `MAX_MARKUP` is
/// refused.
pub fn parse_markdown(source: &str) -> Result<Vec<Block>, Refused> {
    within_budget(source)?;
    let mut blocks = Vec::new();
    let mut depth = 0;
    let mut text = String::new();
    // Nested lists are flattened into their outermost list: a reader on a kiosk gains little from deep
    // indentation, and the item order is what carries the meaning.
    let mut open_lists: Vec<(bool, Vec<String>)> = Vec::new();
    let mut ids = HeadingIds::default();

    for (event, range) in Parser::new(source).into_offset_iter() {
        match &event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(line_column(source, range.start).0));
                }
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_)) => depth -= 1,
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Paragraph | Tag::CodeBlock(_)) => {
                if open_lists.is_empty() {
                    text.clear();
                } else if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            Event::End(TagEnd::Heading(level)) if open_lists.is_empty() => {
                let heading = collapse_whitespace(&text);
                if !heading.is_empty() {
                    blocks.push(Block::Heading {
                        level: heading_level(level),
                        id: ids.unique_id(&heading),
                        text: heading,
                    });
                }
            }
            Event::End(TagEnd::Paragraph) if open_lists.is_empty() => {
                let paragraph = collapse_whitespace(&text);
                if !paragraph.is_empty() {
                    blocks.push(Block::Paragraph { text: paragraph });
                }
            }
            Event::End(TagEnd::CodeBlock) if open_lists.is_empty() => {
                let kept = text.trim_end_matches('\n').to_string();
                if !kept.is_empty() {
                    blocks.push(Block::Preformatted { text: kept });
                }
            }
            Event::Start(Tag::List(first_number)) => {
                if let Some((_, items)) = open_lists.last_mut() {
                    push_item(items, &text);
                }
                text.clear();
                open_lists.push((first_number.is_some(), Vec::new()));
            }
            Event::Start(Tag::Item) => text.clear(),
            Event::End(TagEnd::Item) => {
                if let Some((_, items)) = open_lists.last_mut() {
                    push_item(items, &text);
                }
                text.clear();
            }
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = open_lists.pop() {
                    match open_lists.last_mut() {
                        Some((_, parent)) => parent.extend(items),
                        None if !items.is_empty() => blocks.push(Block::List { ordered, items }),
                        None => {}
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            _ => {}
        }
    }
    Ok(blocks)
}

/// One pass over the lines, before the parser sees them: how deep each line's own container
/// markers (`>`, `-`, `1.`) go, and how much markup the whole text holds.
fn within_budget(source: &str) -> Result<(), Refused> {
    let mut markup = 0;
    // A lone carriage return ends a line for the parser too.
    for (index, line) in source.split(['\n', '\r']).enumerate() {
        if line.is_empty() {
            continue;
        }
        let depth = container_markers(line.as_bytes());
        if depth > MAX_DEPTH {
            return Err(too_deep(index + 1));
        }
        let inline = line.bytes().filter(|b| INLINE_MARKUP.contains(b)).count();
        markup += 1 + depth + inline;
        if markup > MAX_MARKUP {
            return Err(Refused {
                code: Code::LawTooComplex,
                line: index + 1,
                message: format!(
                    "by this line the text holds more than {MAX_MARKUP} lines and markup characters (list markers, `>`, `*`, `_`, `[`, `<`, …); split it into several documents"
                ),
            });
        }
    }
    Ok(())
}

/// How many block quote and list markers open the line (`> - 1. text` has three).
fn container_markers(line: &[u8]) -> usize {
    let mut at = 0;
    let mut markers = 0;
    let ends_marker = |at: usize| matches!(line.get(at), None | Some(b' ' | b'\t'));
    loop {
        while matches!(line.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        match line.get(at) {
            Some(b'>') => at += 1,
            Some(b'-' | b'+' | b'*') if ends_marker(at + 1) => at += 1,
            Some(b'0'..=b'9') => {
                let digits = line[at..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = at + digits;
                if digits > 9
                    || !matches!(line.get(after), Some(b'.' | b')'))
                    || !ends_marker(after + 1)
                {
                    break;
                }
                at = after + 1;
            }
            _ => break,
        }
        markers += 1;
    }
    markers
}

fn too_deep(line: usize) -> Refused {
    Refused {
        code: Code::LawTooDeep,
        line,
        message: format!(
            "lists and quotes are nested more than {MAX_DEPTH} levels deep here; the kiosk shows at most {MAX_DEPTH}"
        ),
    }
}

fn push_item(items: &mut Vec<String>, text: &str) {
    let item = collapse_whitespace(text);
    if !item.is_empty() {
        items.push(item);
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Joins runs of spaces and soft line breaks, but keeps hard line breaks the author asked for.
fn collapse_whitespace(text: &str) -> String {
    text.split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[derive(Default)]
struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    fn unique_id(&mut self, heading: &str) -> String {
        let mut slug = String::new();
        for c in heading.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let base = format!("sec-{}", slug.trim_end_matches('-'));
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.used.insert(candidate.clone()) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_lists_become_blocks() {
        let blocks = parse_markdown(
            "# § 10101. Definitions\n\nIn this\nchapter:\n\n- one\n- *two*\n\n1. first\n2. second\n",
        ).unwrap();
        assert_eq!(
            blocks,
            vec![
                Block::Heading {
                    level: 1,
                    id: "sec-10101-definitions".into(),
                    text: "§ 10101. Definitions".into()
                },
                Block::Paragraph {
                    text: "In this chapter:".into()
                },
                Block::List {
                    ordered: false,
                    items: vec!["one".into(), "two".into()]
                },
                Block::List {
                    ordered: true,
                    items: vec!["first".into(), "second".into()]
                },
            ]
        );
    }

    #[test]
    fn raw_html_and_links_never_reach_the_ui_as_markup() {
        let blocks = parse_markdown(
            "<script>alert(1)</script>\n\nSee [the source](https://evil.example) <img src=x onerror=alert(1)>.\n",
        ).unwrap();
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                text: "See the source .".into()
            }]
        );
    }

    #[test]
    fn repeated_headings_get_distinct_ids() {
        let blocks =
            parse_markdown("## (a) In general\n\n## (a) In general\n\n## Русский заголовок\n")
                .unwrap();
        let ids: Vec<_> = blocks
            .iter()
            .map(|b| match b {
                Block::Heading { id, .. } => id.as_str(),
                _ => "",
            })
            .collect();
        assert_eq!(
            ids,
            [
                "sec-a-in-general",
                "sec-a-in-general-2",
                "sec-русский-заголовок"
            ]
        );
    }

    #[test]
    fn nested_lists_are_flattened_in_order() {
        let blocks = parse_markdown("- outer\n  - inner a\n  - inner b\n- last\n").unwrap();
        assert_eq!(
            blocks,
            vec![Block::List {
                ordered: false,
                items: vec![
                    "outer".into(),
                    "inner a".into(),
                    "inner b".into(),
                    "last".into()
                ]
            }]
        );
    }

    #[test]
    fn deeply_nested_input_is_refused_at_its_line_before_it_is_parsed() {
        let hostile = format!("Intro.\n\n{}x", "> ".repeat(50_000));
        let refused = parse_markdown(&hostile).unwrap_err();
        assert_eq!((refused.code, refused.line), (Code::LawTooDeep, 3));
        let mixed = format!("{}x", "> - 1. ".repeat(6));
        assert_eq!(parse_markdown(&mixed).unwrap_err().code, Code::LawTooDeep);
    }

    #[test]
    fn nesting_by_indentation_alone_is_refused_too() {
        let nested: String = (0..=MAX_DEPTH)
            .map(|level| format!("{}- item\n", "  ".repeat(level)))
            .collect();
        let refused = parse_markdown(&nested).unwrap_err();
        assert_eq!(
            (refused.code, refused.line),
            (Code::LawTooDeep, MAX_DEPTH + 1)
        );
        let shallow: String = (0..MAX_DEPTH)
            .map(|level| format!("{}- item\n", "  ".repeat(level)))
            .collect();
        assert!(parse_markdown(&shallow).is_ok());
    }

    #[test]
    fn statute_nesting_is_well_within_the_depth() {
        let statute = "> (a) In general\n>\n> 1. first\n>    - (A) sub\n>      - (i) clause\n>        - (I) subclause\n";
        assert!(parse_markdown(statute).is_ok());
    }

    #[test]
    fn a_text_that_is_mostly_markup_is_refused_at_the_line_that_goes_over() {
        let dense = "*a* ".repeat(MAX_MARKUP / 2 + 1);
        let refused = parse_markdown(&dense).unwrap_err();
        assert_eq!((refused.code, refused.line), (Code::LawTooComplex, 1));
        let list = "- a\n".repeat(MAX_MARKUP / 2 + 1);
        let refused = parse_markdown(&list).unwrap_err();
        assert_eq!(refused.code, Code::LawTooComplex);
        assert_eq!(refused.line, MAX_MARKUP / 2 + 1);
    }

    #[test]
    fn long_prose_is_far_below_the_markup_budget() {
        let prose =
            "The President may impose sanctions [under this section] on any foreign person.\n"
                .repeat(100_000);
        assert_eq!(parse_markdown(&prose).unwrap().len(), 1);
    }
}
