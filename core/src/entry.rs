//! Which entry page (one html + one wasm each) shows a path of the web app. The server picks the
//! page to answer a client route with from this table, and the web app decides from it whether a
//! link stays inside the running app or loads another: one table, so the two never disagree.

/// The entry page (its file stem in `dist/`) that shows `path`; `index` for anything else.
pub fn entry_page(path: &str) -> &'static str {
    let section = path
        .trim_start_matches('/')
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    match section {
        // The inbox and the channels belong with the cases they lead to, which keeps the first
        // load (login and policies) small.
        "complaints" | "inbox" | "channels" => "complaints",
        "claims" => "claims",
        _ => "index",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_segment_names_the_entry_page() {
        assert_eq!(entry_page("/"), "index");
        assert_eq!(entry_page("/policies/3"), "index");
        assert_eq!(entry_page("/login?next=/complaints/7"), "index");
        assert_eq!(entry_page("/complaints/7/receipt"), "complaints");
        assert_eq!(entry_page("/inbox"), "complaints");
        assert_eq!(entry_page("/channels"), "complaints");
        assert_eq!(entry_page("/claims/new"), "claims");
        assert_eq!(entry_page("/complaintsx"), "index");
    }
}
