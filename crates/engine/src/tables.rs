//! The rows behind every CSV download and `--format csv`: one statement,
//! a comparison, a waterfall. Plain text cells, money as pounds and pence
//! (`436334.62`), so the CLI (through `csv::Writer`) and the app write the
//! same figures. Header rows name the rule sets by id and by name.

use crate::calc::{LineKind, Statement};
use crate::compare::{Comparison, Waterfall};

/// A header row, then records.
pub type Table = Vec<Vec<String>>;

/// Text that came from outside (a practice's name, a CSV cell) made safe
/// to print in a terminal line or a spreadsheet cell: control characters
/// (a NUL, an escape, a line break) and the bidirectional controls that can
/// reorder what follows them (a right-to-left override, say) are written as
/// a visible `\u{…}` escape; everything else is kept. JSON output keeps
/// names exactly and does not use this.
pub fn safe_text(s: &str) -> String {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(unsafe_char) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// An enum's serde name (`service_component`, `point_value`).
fn word(v: impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn kind(k: LineKind) -> String {
    word(k)
}

/// One rule set's statement, line by line, then its total.
pub fn statement(st: &Statement) -> Table {
    let mut t = vec![vec![
        "id".into(),
        "parent".into(),
        "label".into(),
        "kind".into(),
        "amount".into(),
        "points".into(),
        "max_points".into(),
        "status".into(),
    ]];
    for l in &st.lines {
        t.push(vec![
            l.id.to_string(),
            l.parent.as_deref().unwrap_or("").to_string(),
            l.label.to_string(),
            kind(l.kind),
            l.amount.to_pence_string(),
            l.points.map(|x| x.display()).unwrap_or_default(),
            l.max_points.map(|x| x.display()).unwrap_or_default(),
            l.status.word().to_string(),
        ]);
    }
    t.push(vec![
        "total".into(),
        String::new(),
        "Total".into(),
        "total".into(),
        st.total.to_pence_string(),
        st.qof_points.display(),
        st.qof_max_points.display(),
        String::new(),
    ]);
    t
}

/// Lines side by side: each rule set's amount, then each set's change
/// against the first. The header names each set by id (`2013-14`).
pub fn comparison(cmp: &Comparison) -> Table {
    let sts = &cmp.statements;
    let mut head: Vec<String> = vec!["id".into(), "label".into(), "kind".into()];
    head.extend(sts.iter().map(|s| s.rules.to_string()));
    head.extend(sts.iter().skip(1).map(|s| format!("change_{}", s.rules)));
    let mut t = vec![head];
    for r in &cmp.rows {
        let mut row = vec![r.id.to_string(), r.label.to_string(), kind(r.kind)];
        let money = |m: Option<crate::Money>| m.map(|m| m.to_pence_string()).unwrap_or_default();
        row.extend(r.cells.iter().map(|c| money(c.amount)));
        row.extend(r.cells.iter().skip(1).map(|c| money(c.change)));
        t.push(row);
    }
    let mut total = vec!["total".into(), "Total".into(), "total".into()];
    total.extend(sts.iter().map(|s| s.total.to_pence_string()));
    if let Some(base) = sts.first() {
        total.extend(
            sts.iter()
                .skip(1)
                .map(|s| (s.total - base.total).to_pence_string()),
        );
    }
    t.push(total);
    t
}

/// The waterfall: the starting income, each cause in order with the income
/// after it, and the end. `from` and `to` are the two sets' names.
pub fn waterfall(w: &Waterfall, from: &str, to: &str) -> Table {
    let mut t = vec![vec![
        "step".into(),
        "cause".into(),
        "change".into(),
        "income_after".into(),
    ]];
    t.push(vec![
        "start".into(),
        format!("Income under {from} ({})", w.from),
        String::new(),
        w.from_total.to_pence_string(),
    ]);
    for s in &w.steps {
        t.push(vec![
            word(s.cause),
            s.label.to_string(),
            s.amount.to_pence_string(),
            s.running_total.to_pence_string(),
        ]);
    }
    t.push(vec![
        "end".into(),
        format!("Income under {to} ({})", w.to),
        w.total_change.to_pence_string(),
        w.to_total.to_pence_string(),
    ]);
    t
}

/// The national CSVs' `figures` column: every figure in them is the
/// model's, not what was paid, so a row pasted alone still says so.
pub const MODELLED: &str = "modelled, not paid";

/// The national run, one row per practice in the population: those run,
/// then those left out (with the reason, and no figures). Every figure is
/// modelled: registers and, where not published, achievement.
pub fn national_practices(s: &crate::national::Summary) -> Table {
    let mut t = vec![vec![
        "code".to_string(),
        "name".into(),
        "region".into(),
        "ccg".into(),
        "ccg_name".into(),
        "postcode".into(),
        "contract".into(),
        "list_size".into(),
        "weighted_list".into(),
        format!("total_{}", s.from_id),
        format!("total_{}", s.to_id),
        "change".into(),
        "change_percent".into(),
        "change_per_weighted_patient".into(),
        format!("qof_points_{}", s.to_id),
        format!("qof_share_of_points_percent_{}", s.to_id),
        "qof_achievement".into(),
        "left_out_reason".into(),
        "figures".into(),
    ]];
    for o in &s.outcomes {
        t.push(vec![
            o.code.clone(),
            safe_text(&o.name),
            o.region.clone(),
            o.ccg.clone(),
            s.ccg_names.get(&o.ccg).cloned().unwrap_or_default(),
            o.postcode.clone(),
            o.contract.clone(),
            o.list.to_string(),
            o.weighted.to_string(),
            o.from.to_pence_string(),
            o.to.to_pence_string(),
            o.change.to_pence_string(),
            o.percent.to_string(),
            o.change_per_weighted.to_pence_string(),
            o.qof_points_to.to_string(),
            o.qof_share_to.to_string(),
            o.achievement.word().to_string(),
            String::new(),
            MODELLED.into(),
        ]);
    }
    for l in &s.left_out {
        // Only these columns have a value; each is found by its header.
        let mut row = vec![String::new(); t[0].len()];
        for (column, value) in [
            ("code", l.code.clone()),
            ("name", safe_text(&l.name)),
            ("region", l.region.clone()),
            ("contract", l.contract.clone()),
            ("left_out_reason", l.reason.clone()),
            ("figures", "not run".into()),
        ] {
            if let Some(i) = t[0].iter().position(|h| h == column) {
                row[i] = value;
            }
        }
        t.push(row);
    }
    t
}

/// The national run's summary: every breakdown, the totals by payment and
/// both histograms, one row each, with what each row is in the first column.
pub fn national_summary(s: &crate::national::Summary) -> Table {
    let mut t = vec![vec![
        "table".to_string(),
        "name".into(),
        "practices".into(),
        "gain_over_1pc".into(),
        "lose_over_1pc".into(),
        "within_1pc".into(),
        format!("total_{}", s.from_id),
        format!("total_{}", s.to_id),
        "change".into(),
        "median_change_percent".into(),
        "figures".into(),
    ]];
    let groups = [
        ("all", std::slice::from_ref(&s.all)),
        ("region", &s.by_region[..]),
        ("contract", &s.by_contract[..]),
        ("list_size", &s.by_list_band[..]),
        ("ccg", &s.by_ccg[..]),
    ];
    for (table, gs) in groups {
        for g in gs {
            t.push(vec![
                table.to_string(),
                g.name.clone(),
                g.practices.to_string(),
                g.gain.to_string(),
                g.lose.to_string(),
                g.same.to_string(),
                g.from.to_pence_string(),
                g.to.to_pence_string(),
                g.change.to_pence_string(),
                g.median_percent.to_string(),
                MODELLED.into(),
            ]);
        }
    }
    for c in &s.components {
        let mut row = vec![String::new(); 11];
        row[0] = "payment".into();
        row[10] = MODELLED.into();
        row[1] = format!("{} ({})", c.label, c.id);
        row[6] = c.from.to_pence_string();
        row[7] = c.to.to_pence_string();
        row[8] = (c.to - c.from).to_pence_string();
        t.push(row);
    }
    for (table, bins) in [
        ("histogram_pounds", &s.histogram_pounds),
        ("histogram_percent", &s.histogram_percent),
    ] {
        let labels = crate::national::histogram_labels(bins, |d| d.normalize().to_string());
        for (b, label) in bins.iter().zip(labels) {
            let mut row = vec![String::new(); 11];
            row[0] = table.into();
            row[1] = label;
            row[2] = b.practices.to_string();
            row[3] = b.gain.to_string();
            row[4] = b.lose.to_string();
            row[5] = b.same.to_string();
            row[10] = MODELLED.into();
            t.push(row);
        }
    }
    t
}

/// RFC 4180 text for a table: fields with a comma, quote or line break are
/// quoted, lines end in CRLF.
pub fn to_csv(t: &Table) -> String {
    let mut out = String::new();
    for row in t {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{compare, waterfall as wf};
    use crate::prepared::Prepared;
    use crate::{presets, validate, Catalog};

    fn setup() -> (Comparison, Waterfall) {
        let c = Catalog::builtin();
        let p = validate(&presets::builtin()[0].practice, c).unwrap().0;
        let a = c.get("2012-13").unwrap();
        let b = c.get("2013-14").unwrap();
        let (a, b) = (Prepared::new(a), Prepared::new(b));
        (compare(c, &[a.clone(), b.clone()], &p), wf(c, &a, &b, &p))
    }

    #[test]
    fn every_row_has_the_header_s_width_and_the_totals_are_the_statements() {
        let (cmp, w) = setup();
        for t in [
            statement(&cmp.statements[0]),
            comparison(&cmp),
            waterfall(&w, "A", "B"),
        ] {
            assert!(t.iter().all(|r| r.len() == t[0].len()));
        }
        let c = comparison(&cmp);
        assert_eq!(c[0][3..], ["2012-13", "2013-14", "change_2013-14"]);
        let last = c.last().unwrap();
        assert_eq!(last[3], cmp.statements[0].total.to_pence_string());
        assert_eq!(last[4], cmp.statements[1].total.to_pence_string());
        let s = statement(&cmp.statements[1]);
        assert_eq!(
            s.last().unwrap()[4],
            cmp.statements[1].total.to_pence_string()
        );
    }

    #[test]
    fn the_waterfall_runs_from_one_total_to_the_other() {
        let (_, w) = setup();
        let t = waterfall(&w, "A", "B");
        assert_eq!(t[1][3], w.from_total.to_pence_string());
        assert_eq!(t[t.len() - 2][3], w.to_total.to_pence_string());
        assert_eq!(t.last().unwrap()[3], w.to_total.to_pence_string());
        assert_eq!(t.len(), w.steps.len() + 3);
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let t = vec![vec!["a,b".into(), "say \"hi\"".into(), "plain".into()]];
        assert_eq!(to_csv(&t), "\"a,b\",\"say \"\"hi\"\"\",plain\r\n");
    }

    #[test]
    fn names_with_control_and_bidi_characters_print_as_visible_escapes() {
        // A NUL, a right-to-left override and a line break would hide or
        // reorder a terminal line or a spreadsheet cell.
        let name = "Evil\u{0}Surgery \u{202E}gnp.exe\nnext";
        assert_eq!(
            safe_text(name),
            "Evil\\u{0000}Surgery \\u{202E}gnp.exe\\u{000A}next"
        );
        assert_eq!(safe_text("Église & Co: 100%"), "Église & Co: 100%");
    }
}
