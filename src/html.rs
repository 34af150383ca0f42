//! Read-only parts of a screen written as escaped HTML text and set as one element's content.
//!
//! Why: every distinct `view!` tree compiles its own build, mount and update code, and every
//! phone downloads it; a page that only shows what the server said needs none of that. Links in
//! it are plain `<a href>`, which the router follows like any other (`rel="external"` ones, to
//! another entry app, it leaves to the browser). Interactive parts (forms,
//! buttons, uploads) stay Leptos views.

use leptos::prelude::*;
use portal_core::Lang;

/// HTML being written; every text and attribute value is escaped.
#[derive(Default)]
pub struct Html(String);

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

impl Html {
    /// Opens `tag` with a class and a testid (each left out when empty).
    pub fn open(&mut self, tag: &str, class: &str, testid: &str) -> &mut Html {
        self.open_with(tag, &[("class", class), ("data-testid", testid)])
    }

    /// Opens `tag` with attributes (left out when their value is empty).
    pub fn open_with(&mut self, tag: &str, attributes: &[(&str, &str)]) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attributes.iter().filter(|(_, v)| !v.is_empty()) {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            escape_into(&mut self.0, value);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    /// Closes `tag`.
    pub fn close(&mut self, tag: &str) -> &mut Html {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Writes a text.
    pub fn text(&mut self, text: &str) -> &mut Html {
        escape_into(&mut self.0, text);
        self
    }

    /// `<tag class data-testid>text</tag>`.
    pub fn leaf(&mut self, tag: &str, class: &str, testid: &str, text: &str) -> &mut Html {
        self.open(tag, class, testid).text(text).close(tag)
    }

    /// A `<div><dt>label</dt><dd data-testid>value</dd></div>` row of a `<dl>`.
    pub fn fact(&mut self, label: &str, testid: &str, value: &str) -> &mut Html {
        self.open("div", "", "")
            .leaf("dt", "", "", label)
            .leaf("dd", "", testid, value)
            .close("div")
    }

    /// `<a href>text</a>`, with a testid if given.
    pub fn link(&mut self, href: &str, testid: &str, text: &str) -> &mut Html {
        self.open_with("a", &[("href", href), ("data-testid", testid)])
            .text(text)
            .close("a")
    }

    /// A `<div>` (with a class) holding what was written.
    pub fn into_view(self, class: &'static str) -> AnyView {
        view! { <div class=class inner_html=self.0></div> }.into_any()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_and_attributes_are_escaped() {
        let mut html = Html::default();
        html.open("p", "a\"b", "").text("<script>&'").close("p");
        assert_eq!(html.0, "<p class=\"a&quot;b\">&lt;script&gt;&amp;&#39;</p>");
    }
}
