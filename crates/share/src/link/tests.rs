use super::*;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn open(fragment: &str) -> Result<Opened, LinkError> {
    let selected = ["2012-13".to_string(), "2013-14".to_string()];
    read(
        fragment,
        catalog(),
        Defaults {
            selected: &selected,
            target: "2013-14",
            base: "2013-14",
        },
    )
}

fn example() -> Link {
    let mut form = Form::default();
    form.set(&Field::ListSize, "7200".into());
    form.set(&Field::Register("diabetes".into()), "390".into());
    form.set(&Field::Name, "Église & Co: 100% <care>".into());
    let mut edits = BTreeMap::new();
    edits.insert("qof.point_value".to_string(), "170".to_string());
    edits.insert("funding.ooh_deduction".to_string(), "5".to_string());
    Link {
        selected: vec!["2013-14".into(), "2014-15".into(), CUSTOM.into()],
        target: CUSTOM.into(),
        base: Some("2013-14".into()),
        edits,
        practice: Some(form),
        expanded: ["qof".to_string()].into(),
        explaining: Some("global_sum".into()),
        national: true,
    }
}

#[test]
fn a_link_reads_back_to_what_was_written() {
    let link = example();
    let text = write(&link);
    assert!(text.starts_with("v=2&"), "{text}");
    let back = open(&format!("#{text}")).unwrap();
    assert_eq!(back.link, link);
    assert_eq!(back.version, 2);
    assert!(back.notes.is_empty());
}

/// A link cut anywhere, or with any one character changed, is refused:
/// it once opened a named practice with 41 patients when cut inside a number.
#[test]
fn a_cut_or_altered_link_is_refused_not_opened_as_other_figures() {
    let text = write(&example());
    for end in (1..text.len()).filter(|i| text.is_char_boundary(*i)) {
        match open(&text[..end]) {
            Err(LinkError::Damaged(_)) => {}
            other => panic!("cut at {end} ({:?}) opened: {other:?}", &text[..end]),
        }
    }
    let digits = text.find("7200").unwrap();
    let altered = format!("{}8{}", &text[..digits], &text[digits + 1..]);
    match open(&altered) {
        Err(LinkError::Damaged(why)) => assert!(why.contains("checksum"), "{why}"),
        other => panic!("{other:?}"),
    }
}

/// Format 1 links open the scenario they always did: a share edit was a
/// fraction then and is typed as a percentage now, and a number only the
/// old rule read is read that way, with a note naming it.
#[test]
fn a_format_1_link_opens_as_it_always_did_and_says_how_it_read_old_numbers() {
    let o = open("v=1&s=2013-14,custom&t=custom&b=2013-14&e.funding.ooh_deduction=0.05&e.qof.point_value=1,70&p.list_size=6,91").unwrap();
    assert_eq!(o.version, 1);
    assert_eq!(o.link.edits["funding.ooh_deduction"], "5");
    assert_eq!(o.link.edits["qof.point_value"], "170");
    assert_eq!(
        o.link.practice.as_ref().unwrap().get(&Field::ListSize),
        "691"
    );
    assert_eq!(o.notes.len(), 2, "{:?}", o.notes);
    assert!(o
        .notes
        .iter()
        .any(|n| n.contains("qof.point_value") && n.contains("\"1,70\"") && n.contains("170")));
    assert!(o
        .notes
        .iter()
        .any(|n| n.contains("list_size") && n.contains("691")));
    // A format-1 link has no checksum and needs none.
    assert!(open("v=1&s=2012-13,2013-14&t=2013-14").is_ok());
    // `w` is format 2's.
    assert!(open("v=1&s=2012-13,2013-14&t=2013-14&w=national").is_err());
}

#[test]
fn a_place_on_the_page_is_not_a_link() {
    for place in ["", "#", "main", "#main", "first-main", "f-list_size"] {
        assert!(!is_link(place), "{place:?}");
    }
    for link in ["v=1&s=2012-13", "#v=1", "main&x", "v=9", "%76=1", "f list"] {
        assert!(is_link(link), "{link:?}");
    }
    assert_eq!(fragment_of("https://example.org/app/#v=2&s=x"), "v=2&s=x");
    assert_eq!(fragment_of("v=2&s=x"), "v=2&s=x");
}

#[test]
fn a_newer_link_says_so() {
    assert_eq!(
        open("#v=3&s=2012-13,2013-14&t=2013-14").map(|o| o.link),
        Err(LinkError::Newer(3))
    );
}

#[test]
fn damaged_links_say_what_is_wrong_and_never_panic() {
    let signed = |body: &str| format!("{body}&c={}", checksum(body));
    for (link, words) in [
        ("".to_string(), "version"),
        ("#s=2012-13".into(), "version"),
        ("#v=x".into(), "not a number"),
        ("#v=0".into(), "never a version"),
        ("#v=1&s=2012-13,1999-00&t=2012-13".into(), "1999-00"),
        ("#v=1&s=2012-13&t=2012-13".into(), "fewer than two"),
        ("#v=1&p.nonsense=1".into(), "nonsense"),
        ("#v=1&e.qof.point_value=%G1".into(), "broken escape"),
        ("#v=1&e.qof.point_value=%FF".into(), "UTF-8"),
        ("#v=1&zzz=1".into(), "zzz"),
        ("#v=1&s=2012-13,2013-14&t=2014-15".into(), "not among"),
        ("#v=1&novalue".into(), "no value"),
        (
            "#v=1&s=2012-13,2013-14&s=2013-14,2014-15&t=2013-14".into(),
            "\"s\" more than once",
        ),
        (
            "#v=1&s=2012-13,2013-14&t=2013-14&t=2012-13".into(),
            "\"t\" more than once",
        ),
        (
            "#v=1&s=2013-14,custom&t=custom&b=2013-14&e.qof.point_value=170&e.qof.point_value=1"
                .into(),
            "more than once",
        ),
        ("#v=1&s=2013-14,2013-14&t=2013-14".into(), "twice"),
        ("v=2&s=2012-13,2013-14&t=2013-14".into(), "checksum"),
        (
            "v=2&s=2012-13,2013-14&t=2013-14&c=00000000".into(),
            "checksum",
        ),
        (
            signed("v=2&s=2012-13,2013-14&t=2013-14&w=elsewhere"),
            "view",
        ),
        (signed("v=2&s=2012-13,2013-14&t=2013-14&c=1"), "(\"c\")"),
        (
            format!("v=2&s={}", "x".repeat(MAX_LINK_BYTES)),
            "bytes long",
        ),
    ] {
        match open(&link) {
            Err(LinkError::Damaged(why)) => assert!(why.contains(words), "{link}: {why}"),
            other => panic!("{link}: {other:?}"),
        }
    }
}

/// A link of 10,000 edits (the most it may carry) is read whole, and one
/// of 20,000 is refused naming the limit (that its scenario is built once
/// is the app's test, which counts the builds).
#[test]
fn a_link_is_read_up_to_its_edit_limit_and_refused_beyond_it() {
    let signed = |n: usize| {
        let mut body = "v=2&s=2013-14,custom&t=custom&b=2013-14".to_string();
        for i in 0..n {
            body.push_str(&format!("&e.qof.nothing{i}=1"));
        }
        format!("{body}&c={}", checksum(&body))
    };
    let o = open(&signed(MAX_EDITS)).unwrap();
    assert_eq!(o.link.edits.len(), MAX_EDITS);
    match open(&signed(20_000)) {
        Err(LinkError::Damaged(why)) => assert!(
            why.contains("20000 scenario edits") && why.contains("10000"),
            "{why}"
        ),
        other => panic!("{other:?}"),
    }
}
