//! Turns a legislation document written in Markdown into plain structured blocks.
//!
//! The UI builds DOM nodes from these blocks with `textContent`, so nothing in a pack's Markdown (raw HTML,
//! links, images) can inject markup or navigate the kiosk: inline markup is flattened to text and raw HTML
//! is dropped.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Block {
    Heading { level: u8, id: String, text: String },
    Paragraph { text: String },
    List { ordered: bool, items: Vec<String> },
    Preformatted { text: String },
}

/// Parses Markdown into blocks; heading ids are unique within the document so a table of contents can
/// link to them.
pub fn parse_markdown(source: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    // Nested lists are flattened into their outermost list: a reader on a kiosk gains little from deep
    // indentation, and the item order is what carries the meaning.
    let mut open_lists: Vec<(bool, Vec<String>)> = Vec::new();
    let mut ids = HeadingIds::default();

    for event in Parser::new(source) {
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
    blocks
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
        );
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
        );
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
            parse_markdown("## (a) In general\n\n## (a) In general\n\n## Русский заголовок\n");
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
        let blocks = parse_markdown("- outer\n  - inner a\n  - inner b\n- last\n");
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
    fn deeply_nested_input_does_not_exhaust_the_stack() {
        let hostile = format!("{}x", "> ".repeat(50_000));
        let blocks = parse_markdown(&hostile);
        assert_eq!(blocks, vec![Block::Paragraph { text: "x".into() }]);
    }
}
