//! The ranges layer (`gpsim_engine::ranges`): a total's range is the total
//! with every uncertain figure at the end that lowers it, and at the end
//! that raises it. That relies on the total being monotone in each figure,
//! with no figure's effect reversing another's; these tests can fail if it
//! is not so: every figure moved alone, and random corners (each figure at a
//! random end), must lie within the ends, for every preset under every set.

use gpsim_engine::prepared::Prepared;
use gpsim_engine::ranges::{
    change_ends, change_range, change_range_at, change_swings, range_at, statement_range, swings,
    total_directions, total_ends, Reference,
};
use gpsim_engine::rules::{Catalog, Override, RuleSet};
use gpsim_engine::{statement, validate, Money, Practice};

fn presets() -> Vec<(String, Practice)> {
    let c = Catalog::builtin();
    gpsim_engine::presets::builtin()
        .into_iter()
        .map(|p| (p.id.clone(), validate(&p.practice, c).unwrap().0))
        .collect()
}

fn average() -> Practice {
    presets()
        .into_iter()
        .find(|(id, _)| id == "average")
        .unwrap()
        .1
}

/// `rs`'s ranged figures at the ends `pick` chooses for each path (true:
/// high).
fn corner(c: &Catalog, rs: &RuleSet, pick: &mut dyn FnMut(&str) -> bool) -> RuleSet {
    let overrides: Vec<Override> = rs
        .figures()
        .iter()
        .filter_map(|f| {
            let r = f.meta.range.as_ref()?;
            Some(Override {
                path: f.path().to_string(),
                value: if pick(f.path()) { r.high } else { r.low },
            })
        })
        .collect();
    c.scenario(&rs.id, &overrides)
        .expect("ends are within bounds")
}

fn total(c: &Catalog, rs: &RuleSet, p: &Practice) -> Money {
    statement(c, &Prepared::new(rs), p).total
}

/// The total with its gaps' estimates at their least and at their most.
fn span(c: &Catalog, rs: &RuleSet, p: &Practice) -> (Money, Money) {
    let st = statement(c, &Prepared::new(rs), p);
    let (mut least, mut most) = (st.total, st.total);
    for g in &st.gaps {
        if let (Some(e), Some(m)) = (g.estimate, g.value_at_full) {
            least = least - e;
            most += m - e;
        }
    }
    (least, most)
}

/// An indicator's or a group's points: figures whose effects act together
/// through their domain's gap.
fn is_points(path: &str) -> bool {
    (path.starts_with("qof.indicators.") || path.starts_with("qof.pools."))
        && path.ends_with(".points")
}

#[test]
fn every_figure_alone_and_random_corners_lie_within_a_totals_range() {
    let c = Catalog::builtin();
    // A fixed xorshift, so a failure reproduces.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut coin = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state & 1 == 1
    };
    for (id, p) in presets() {
        for rs in &c.sets {
            let (r, swings) = statement_range(c, rs, &p);
            assert!(r.low <= r.central && r.central <= r.high, "{id} {}", rs.id);
            for s in &swings {
                for t in [s.at_low, s.at_high] {
                    assert!(
                        r.low <= t && t <= r.high,
                        "{id} {} {}: {t:?} outside {r:?}",
                        rs.id,
                        s.path
                    );
                }
            }
            // Random corners, and corners with every points figure at its
            // low end or its high end (the rest random), each with its
            // gaps at their least and at their most.
            for k in 0..9 {
                let mut pick = |path: &str| match (k % 3, is_points(path)) {
                    (1, true) => false,
                    (2, true) => true,
                    _ => coin(),
                };
                let (least, most) = span(c, &corner(c, rs, &mut pick), &p);
                assert!(
                    r.low <= least && most <= r.high,
                    "{id} {}: a corner ({k}) {least:?} to {most:?} outside {r:?}",
                    rs.id
                );
            }
        }
    }
}

/// Uncertain figures move the average practice's totals, and the figure
/// that matters most is named first; a set where every uncertain figure is
/// edited (taken as given) has no range left but its gaps'.
#[test]
fn ranges_name_the_figures_that_matter_and_edited_figures_are_certain() {
    let c = Catalog::builtin();
    let p = average();
    let rs = c.get("2014-15").unwrap();
    let (r, swings) = statement_range(c, rs, &p);
    assert!(
        r.high.0 - r.low.0 > rust_decimal::Decimal::from(5000),
        "{r:?}"
    );
    assert!(swings.windows(2).all(|w| w[0].swing >= w[1].swing));
    assert_eq!(
        swings[0].path,
        "funding.ooh_deduction",
        "{:?}",
        &swings[..3]
    );
    // Every ranged figure edited to its own value: nothing is uncertain.
    let overrides: Vec<Override> = rs
        .figures()
        .iter()
        .filter(|f| f.meta.range.is_some())
        .map(|f| {
            // A hundredth away from the published value, inside the bounds.
            let (v, step) = (f.value.unwrap(), rust_decimal::Decimal::new(1, 2));
            Override {
                path: f.path().to_string(),
                value: if v + step <= f.unit().bounds().max {
                    v + step
                } else {
                    v - step
                },
            }
        })
        .collect();
    let edited = c.scenario("2014-15", &overrides).unwrap();
    let (r, swings) = statement_range(c, &edited, &p);
    assert_eq!(
        (r.low, r.high),
        (r.central, r.central),
        "2014/15 has no gaps"
    );
    assert!(swings.is_empty());
}

/// A change's range contains the change at every corner where the figures
/// the two sets share (the out-of-hours deduction, stated alike in each)
/// sit at the same end, and is narrower than moving them apart would give.
#[test]
fn a_change_moves_a_shared_unknown_together() {
    let c = Catalog::builtin();
    let p = average();
    let (a, b) = (c.get("2013-14").unwrap(), c.get("2014-15").unwrap());
    let r = change_range(c, a, b, &p);
    assert!(r.low <= r.central && r.central <= r.high);
    let ooh = |rs: &RuleSet, v: &str| {
        c.scenario(
            &rs.id,
            &[Override {
                path: "funding.ooh_deduction".into(),
                value: v.parse().unwrap(),
            }],
        )
        .unwrap()
    };
    for v in ["0.045", "0.06"] {
        let change = total(c, &ooh(b, v), &p) - total(c, &ooh(a, v), &p);
        assert!(
            r.low <= change && change <= r.high,
            "{v}: {change:?} outside {r:?}"
        );
    }
    // Moved apart, the shared figures would widen the change by about the
    // sum of the two totals' ranges; moved together they cancel.
    let width = |x: gpsim_engine::ranges::Range| x.high.0 - x.low.0;
    let (ra, rb) = (statement_range(c, a, &p).0, statement_range(c, b, &p).0);
    assert!(
        width(r) < width(ra) + width(rb) - rust_decimal::Decimal::from(5000),
        "change {r:?}, totals {ra:?} {rb:?}"
    );
}

/// The build's reference directions (the example practice's own) give the
/// example exactly the ranges `statement_range` and `change_range` give,
/// through the text the page reads them from, for every total and change;
/// and they are not every practice's: a figure's effect can change sign
/// (national prevalence moves nothing at national prevalence), which is
/// why the page replaces them with each practice's own.
#[test]
fn the_reference_directions_are_the_examples_own() {
    let c = Catalog::builtin();
    let avg = average();
    let reference = Reference::decode(&Reference::for_practice(c, &avg).encode()).unwrap();
    for rs in &c.sets {
        let d = reference.total(&rs.id).unwrap();
        let (r, _) = statement_range(c, rs, &avg);
        assert_eq!(
            range_at(c, &total_ends(rs, d), r.central, &avg),
            r,
            "{}",
            rs.id
        );
    }
    for a in &c.sets {
        for b in &c.sets {
            if a.id == b.id {
                continue;
            }
            let ends = change_ends(
                a,
                b,
                reference.total(&a.id).unwrap(),
                reference.total(&b.id).unwrap(),
                reference.change(&a.id, &b.id).unwrap(),
            );
            let r = change_range(c, a, b, &avg);
            let (ta, tb) = (total(c, a, &avg), total(c, b, &avg));
            assert_eq!(
                change_range_at(c, &ends, ta, tb, &avg),
                r,
                "{} → {}",
                a.id,
                b.id
            );
        }
    }
    let deprived = presets()
        .into_iter()
        .find(|(id, _)| id == "deprived-high-prevalence")
        .unwrap()
        .1;
    let rs = c.get("2014-15").unwrap();
    let (_, own) = swings(c, rs, &deprived);
    assert_ne!(
        &total_directions(c, rs, &deprived, &own),
        reference.total("2014-15").unwrap()
    );
    // Damaged bytes are refused, never read as something else: every
    // cut, and positions out of order.
    let bytes = Reference::for_practice(c, &avg).encode();
    for cut in 0..bytes.len() {
        assert!(Reference::decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    assert!(Reference::decode(&[bytes.as_slice(), &[0]].concat()).is_err());
    assert!(
        Reference::decode(&[1, 1, b'x', 2, 5, 0, 0]).is_err(),
        "a repeated position"
    );
}

/// The figures that matter for a change: each figure's swing on the
/// change, moved in both sets where they share it (the out-of-hours
/// deduction, 2013/14 → 2014/15, whose moves nearly cancel) and in its own
/// set only where not; each figure's change at its ends equals the change
/// worked out with the figure moved that way.
#[test]
fn a_changes_figures_that_matter_move_shared_figures_in_both() {
    let c = Catalog::builtin();
    let p = average();
    let (a, b) = (c.get("2013-14").unwrap(), c.get("2014-15").unwrap());
    let (ta, sa) = swings(c, a, &p);
    let (tb, sb) = swings(c, b, &p);
    let ranked = change_swings(a, b, (ta, &sa), (tb, &sb));
    assert!(ranked.windows(2).all(|w| w[0].0.swing >= w[1].0.swing));
    let at = |rs: &RuleSet, path: &str, v| {
        c.scenario(
            &rs.id,
            &[Override {
                path: path.into(),
                value: v,
            }],
        )
        .unwrap()
    };
    for (s, in_b) in ranked.iter().take(12) {
        let range = c
            .get(if *in_b { "2014-15" } else { "2013-14" })
            .unwrap()
            .figure(&s.path)
            .unwrap()
            .meta
            .range
            .clone()
            .unwrap();
        for (v, want) in [(range.low, s.at_low), (range.high, s.at_high)] {
            let tb2 = if *in_b {
                total(c, &at(b, &s.path, v), &p)
            } else {
                tb
            };
            // The same unknown: the same description, or the same value,
            // source and range (as `ranges` decides).
            let shared = *in_b
                && a.figure(&s.path).is_some_and(|f| {
                    let g = b.figure(&s.path).unwrap();
                    std::sync::Arc::ptr_eq(&f.meta, &g.meta)
                        || (f.meta.published == g.meta.published
                            && f.meta.source == g.meta.source
                            && f.meta.range.as_ref().map(|r| (r.low, r.high))
                                == g.meta.range.as_ref().map(|r| (r.low, r.high)))
                });
            let ta2 = if !*in_b || shared {
                total(c, &at(a, &s.path, v), &p)
            } else {
                ta
            };
            assert_eq!(tb2 - ta2, want, "{}", s.path);
        }
    }
    let ooh = ranked
        .iter()
        .find(|(s, _)| s.path == "funding.ooh_deduction")
        .unwrap();
    let alone = sb
        .iter()
        .find(|s| s.path == "funding.ooh_deduction")
        .unwrap();
    assert!(
        ooh.0.swing.0 * rust_decimal::Decimal::from(10) < alone.swing.0,
        "{ooh:?} {alone:?}"
    );
}
