//! Embedding in a news article: the embed switch in the page's address,
//! the `<iframe>` snippet, and the height messages hosts already listen for.
//! Pure text; `browser.rs` reads the address and posts the messages.
//!
//! The embed is its own page, `embed.html#v=1&…` (any share link's
//! fragment), with its own small module; `…/?embed#v=1&…`, the address
//! snippets gave before, goes on to it with its query and fragment. Its height is posted to the parent page in three formats, so the
//! host's own resizer applies it: Pym.js (`pymxPYMx<id>xPYMxheightxPYMx<h>`,
//! when the host's Pym gave a `childId`), Datawrapper
//! (`{"datawrapper-height": {"gpsim": h}}`) and AMP (`{"sentinel": "amp",
//! "type": "embed-size", "height": h}`). The height is that of the page's
//! content, never of the frame, so resizing the frame cannot feed back into
//! the next height. The embed never listens to messages, so a host (or any
//! page) sending junk changes nothing.

/// How the page was asked to show itself, from its query string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mode {
    pub embed: bool,
    /// The Pym.js child id the host's Pym put in the frame's address.
    pub pym_id: Option<String>,
}

/// Percent-decoding for query values; invalid escapes are kept as typed.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads the query string (with or without `?`). `embed`, `embed=1`,
/// `embed=true` and `embed=yes` switch the embed on; any other value, or
/// anything malformed, leaves the full app. A Pym child id is kept only if
/// it is short and plain (it goes into every height message).
pub fn mode(query: &str) -> Mode {
    let mut m = Mode::default();
    for pair in query.trim_start_matches('?').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match unescape(k).as_str() {
            "embed" => {
                m.embed = matches!(
                    unescape(v).to_ascii_lowercase().as_str(),
                    "" | "1" | "true" | "yes"
                )
            }
            "childId" => {
                let id = unescape(v);
                if !id.is_empty()
                    && id.len() <= 64
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    m.pym_id = Some(id);
                }
            }
            _ => {}
        }
    }
    m
}

/// The Pym.js height message.
pub fn pym_message(id: &str, height: u32) -> String {
    format!("pymxPYMx{id}xPYMxheightxPYMx{height}")
}

/// The Datawrapper and AMP height messages, as JSON text (the caller turns
/// them into objects).
pub fn object_messages(height: u32) -> [String; 2] {
    [
        format!("{{\"datawrapper-height\":{{\"gpsim\":{height}}}}}"),
        format!("{{\"sentinel\":\"amp\",\"type\":\"embed-size\",\"height\":{height}}}"),
    ]
}

/// The folder a page's address is in, with its final `/`: the same for
/// `…/sim/`, `…/sim/index.html` and `…/sim/embed.html?embed#x`.
fn folder(page: &str) -> &str {
    let page = page.split(['?', '#']).next().unwrap_or("");
    match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    }
}

/// The embed's address for a scenario, from any page of the site: the
/// embed's own page (`embed.html`, the small module) and the scenario's
/// fragment.
pub fn address(page: &str, fragment: &str) -> String {
    format!("{}embed.html#{fragment}", folder(page))
}

/// Where an older embed address (`…/?embed&childId=c#v=1…`) now lives: the
/// embed's page, with the same query and fragment.
pub fn moved_address(page: &str, fragment: &str) -> String {
    let query = page
        .split('#')
        .next()
        .and_then(|p| p.split_once('?'))
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{}embed.html{query}#{fragment}", folder(page))
}

/// The full simulator's address for a scenario, from the embed's page: the
/// site's folder (its `index.html`) and the fragment.
pub fn full_address(page: &str, fragment: &str) -> String {
    format!("{}#{fragment}", folder(page))
}

/// The height in the code before the embed has been measured (or where it
/// cannot be): the embed comparing three contract years measured 1,957 px
/// tall in a 375 px column with the services list closed.
pub const FALLBACK_HEIGHT: u32 = 2000;

/// The column widths the generator measures the embed at: a phone's, and a
/// typical article column's.
pub const PHONE_COLUMN: u32 = 375;
pub const WIDE_COLUMN: u32 = 600;

/// Room left below the measured content, so a line that wraps differently
/// in the reader's browser (another font, a longer number) is not clipped.
pub const HEIGHT_MARGIN: u32 = 40;

/// The height to put in the code for a measured content height.
pub fn fixed_height(measured: u32) -> u32 {
    measured + HEIGHT_MARGIN
}

/// The resizer for hosts with none of their own: one line, loading
/// `embed-resize.js` from the simulator's own folder.
pub fn resizer_line(page: &str) -> String {
    format!(
        "<script src=\"{}embed-resize.js\" async></script>",
        attr(folder(page))
    )
}

fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The `<iframe>` code for an article, `height` pixels tall.
pub fn snippet(src: &str, title: &str, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" loading=\"lazy\" width=\"100%\" height=\"{height}\" style=\"border:0;width:100%;max-width:700px\"></iframe>",
        attr(src),
        attr(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_switch_reads_plainly_and_ignores_nonsense() {
        assert!(mode("?embed").embed);
        assert!(mode("embed=1&x=2").embed);
        assert!(mode("?a=b&embed=TRUE").embed);
        assert!(!mode("").embed);
        assert!(!mode("?embed=0").embed);
        assert!(!mode("?embed=banana").embed);
        assert!(!mode("?embed=%ZZ").embed);
        assert!(!mode("?%=&&==").embed);
    }

    #[test]
    fn a_pym_child_id_is_kept_only_when_plain() {
        assert_eq!(
            mode("?embed&childId=gp-sim_1").pym_id.as_deref(),
            Some("gp-sim_1")
        );
        assert_eq!(mode("?childId=a%22b").pym_id, None);
        assert_eq!(mode(&format!("?childId={}", "a".repeat(65))).pym_id, None);
    }

    #[test]
    fn height_messages_are_in_the_hosts_formats() {
        assert_eq!(pym_message("c1", 640), "pymxPYMxc1xPYMxheightxPYMx640");
        let [dw, amp] = object_messages(640);
        assert_eq!(dw, r#"{"datawrapper-height":{"gpsim":640}}"#);
        assert_eq!(
            amp,
            r#"{"sentinel":"amp","type":"embed-size","height":640}"#
        );
    }

    #[test]
    fn the_snippet_is_lazy_full_width_titled_and_escaped() {
        let src = address("https://x.org/sim/?embed#old", "v=1&s=2012-13,2013-14");
        assert_eq!(src, "https://x.org/sim/embed.html#v=1&s=2012-13,2013-14");
        let s = snippet(&src, "Income \"now\"", 1234);
        assert!(s.contains("height=\"1234\""));
        assert_eq!(
            resizer_line("https://x.org/sim/index.html#a"),
            "<script src=\"https://x.org/sim/embed-resize.js\" async></script>"
        );
        assert!(s.contains("loading=\"lazy\"") && s.contains("width=\"100%\""));
        assert!(s.contains("title=\"Income &quot;now&quot;\""));
        assert!(s.contains("src=\"https://x.org/sim/embed.html#v=1&amp;s=2012-13,2013-14\""));
    }

    #[test]
    fn the_embed_and_the_full_app_address_each_other_from_any_page() {
        for page in [
            "https://x.org/sim/",
            "https://x.org/sim/index.html",
            "https://x.org/sim/index.html?a=b#old",
            "https://x.org/sim/embed.html?childId=c1#v=1",
        ] {
            assert_eq!(address(page, "v=1"), "https://x.org/sim/embed.html#v=1");
            assert_eq!(full_address(page, "v=1"), "https://x.org/sim/#v=1");
        }
        assert_eq!(
            moved_address("https://x.org/sim/?embed&childId=c1", "v=1&s=a"),
            "https://x.org/sim/embed.html?embed&childId=c1#v=1&s=a"
        );
        assert_eq!(
            moved_address("https://x.org/sim/index.html?embed", ""),
            "https://x.org/sim/embed.html?embed#"
        );
        // A page's address always has a folder; if not, the links stay relative.
        assert_eq!(full_address("", "v=1"), "#v=1");
    }
}
