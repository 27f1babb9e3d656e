//! The loaded catalog (and the presets) in a compact binary form, made at
//! build time so that the browser carries neither the TOML files nor a TOML
//! parser: the app's `build.rs` loads the rules through the TOML loader,
//! checks them, and writes [`encode`]'s bytes; the page [`decode`]s them.
//!
//! The form is private to one build (the app and its blob are always built
//! together), so it has no version: a test checks that decoding gives back
//! exactly the catalog the TOML loader builds.
//!
//! Layout: a magic tag, the string table (every distinct string once, so the
//! text shared by four rule sets is stored once), then the catalog, whose
//! strings are indexes into the table. Numbers are LEB128 varints; a decimal
//! is its scale and zigzagged mantissa. Decoding never panics: a short,
//! damaged or foreign input is an error.
//!
//! Length: one codec: every type's encoding is written out field by field (a
//! macro lists each struct's fields) so the whole format reads in one place;
//! about 150 lines are its tests.

use crate::figure::{Figure, FigureMeta, FigureRange, RangeBasis, Status, Unit};
use crate::practice::{
    RawAchievement, RawAchievementTable, RawBool, RawNumber, RawNumberOnly, RawPractice, RawUptake,
    RawUptakeTable,
};
use crate::presets::Preset;
use crate::rules::model::*;
use crate::rules::{Catalog, CodeTable, SetKind};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

const MAGIC: &[u8; 8] = b"gpsim\x00r1";

/// Why bytes did not decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompactError(pub String);

impl std::fmt::Display for CompactError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the compact rules do not decode: {}", self.0)
    }
}

fn bad<T>(what: &str) -> Result<T, CompactError> {
    Err(CompactError(what.to_string()))
}

/// Writes values, collecting strings into the table.
#[derive(Default)]
pub struct Writer {
    body: Vec<u8>,
    strings: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u32>,
    /// Figure descriptions already written, by address: a derived set shares
    /// its base's descriptions, and the decoded catalog shares them again.
    metas: HashMap<usize, u32>,
}

impl Writer {
    fn varint(&mut self, mut v: u128) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.body.push(byte);
                return;
            }
            self.body.push(byte | 0x80);
        }
    }

    fn string(&mut self, s: &str) {
        let id = match self.index.get(s) {
            Some(&id) => id,
            None => {
                let id = self.strings.len() as u32;
                let s: Arc<str> = Arc::from(s);
                self.strings.push(s.clone());
                self.index.insert(s, id);
                id
            }
        };
        self.varint(u128::from(id));
    }

    fn finish(self) -> Vec<u8> {
        let mut head = Writer::default();
        head.body.extend_from_slice(MAGIC);
        head.varint(self.strings.len() as u128);
        for s in &self.strings {
            head.varint(s.len() as u128);
            head.body.extend_from_slice(s.as_bytes());
        }
        head.body.extend_from_slice(&self.body);
        head.body
    }
}

/// Reads values back; every read is checked.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    strings: Vec<Arc<str>>,
    metas: Vec<Arc<FigureMeta>>,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Result<Reader<'a>, CompactError> {
        if bytes.get(..MAGIC.len()) != Some(&MAGIC[..]) {
            return bad("not compact rules of this version");
        }
        let mut r = Reader {
            bytes,
            at: MAGIC.len(),
            strings: Vec::new(),
            metas: Vec::new(),
        };
        let n = r.len()?;
        for _ in 0..n {
            let len = r.len()?;
            let end = r.at.checked_add(len).filter(|&e| e <= r.bytes.len());
            let Some(end) = end else {
                return bad("a string runs past the end");
            };
            let Ok(s) = std::str::from_utf8(&r.bytes[r.at..end]) else {
                return bad("a string is not UTF-8");
            };
            r.strings.push(Arc::from(s));
            r.at = end;
        }
        Ok(r)
    }

    fn byte(&mut self) -> Result<u8, CompactError> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or(CompactError("the input ends early".into()))?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u128, CompactError> {
        let mut v: u128 = 0;
        for shift in (0..128).step_by(7) {
            let b = self.byte()?;
            v |= u128::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        bad("a number is too long")
    }

    /// A count or index, bounded by the input's size so that a damaged count
    /// cannot ask for a huge allocation.
    fn len(&mut self) -> Result<usize, CompactError> {
        match usize::try_from(self.varint()?) {
            Ok(n) if n <= self.bytes.len() => Ok(n),
            _ => bad("a count is larger than the input"),
        }
    }

    fn string(&mut self) -> Result<Arc<str>, CompactError> {
        let i = self.len()?;
        match self.strings.get(i) {
            Some(s) => Ok(s.clone()),
            None => bad("a string index is out of range"),
        }
    }
}

/// A value in the compact form.
pub trait Code: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader) -> Result<Self, CompactError>;
}

impl Code for u32 {
    fn put(&self, w: &mut Writer) {
        w.varint(u128::from(*self));
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        u32::try_from(r.varint()?).or_else(|_| bad("a number is out of range"))
    }
}

impl Code for usize {
    fn put(&self, w: &mut Writer) {
        w.varint(*self as u128);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        r.len()
    }
}

impl Code for bool {
    fn put(&self, w: &mut Writer) {
        w.body.push(u8::from(*self));
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        match r.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => bad("a flag is neither 0 nor 1"),
        }
    }
}

impl Code for Decimal {
    fn put(&self, w: &mut Writer) {
        w.body.push(self.scale() as u8);
        let m = self.mantissa();
        w.varint(((m << 1) ^ (m >> 127)) as u128);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        let scale = u32::from(r.byte()?);
        let z = r.varint()?;
        let m = (z >> 1) as i128 ^ -((z & 1) as i128);
        Decimal::try_from_i128_with_scale(m, scale).or_else(|_| bad("a decimal is out of range"))
    }
}

impl Code for i64 {
    fn put(&self, w: &mut Writer) {
        w.varint(((self << 1) ^ (self >> 63)) as u64 as u128);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        let z = u64::try_from(r.varint()?).or_else(|_| bad("a number is out of range"))?;
        Ok((z >> 1) as i64 ^ -((z & 1) as i64))
    }
}

/// A float, bit for bit (a preset's practice may give `6911.5`).
impl Code for f64 {
    fn put(&self, w: &mut Writer) {
        w.varint(u128::from(self.to_bits()));
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        u64::try_from(r.varint()?)
            .map(f64::from_bits)
            .or_else(|_| bad("a number is out of range"))
    }
}

impl<T: Code> Code for BTreeMap<String, T> {
    fn put(&self, w: &mut Writer) {
        self.len().put(w);
        for (k, v) in self {
            k.put(w);
            v.put(w);
        }
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        // Inserted one by one: collecting would sort, and a sort for each
        // value type costs the page more code than the loop.
        let n = r.len()?;
        let mut map = BTreeMap::new();
        for _ in 0..n {
            let k = String::get(r)?;
            map.insert(k, T::get(r)?);
        }
        Ok(map)
    }
}

impl Code for Arc<str> {
    fn put(&self, w: &mut Writer) {
        w.string(self);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        r.string()
    }
}

impl Code for String {
    fn put(&self, w: &mut Writer) {
        w.string(self);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        Ok(r.string()?.to_string())
    }
}

impl<T: Code> Code for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.body.push(0),
            Some(v) => {
                w.body.push(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        match bool::get(r)? {
            false => Ok(None),
            true => Ok(Some(T::get(r)?)),
        }
    }
}

impl<T: Code> Code for Vec<T> {
    fn put(&self, w: &mut Writer) {
        self.len().put(w);
        for v in self {
            v.put(w);
        }
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        // A loop, not `collect` into a `Result`: less code in the page for
        // each element type.
        let n = r.len()?;
        let mut v = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            v.push(T::get(r)?);
        }
        Ok(v)
    }
}

impl<T: Code> Code for Arc<[T]> {
    fn put(&self, w: &mut Writer) {
        self.len().put(w);
        for v in self.iter() {
            v.put(w);
        }
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        Ok(Vec::<T>::get(r)?.into())
    }
}

impl<T: Code> Code for Arc<T> {
    fn put(&self, w: &mut Writer) {
        (**self).put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        Ok(Arc::new(T::get(r)?))
    }
}

impl<A: Code, B: Code> Code for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        Ok((A::get(r)?, B::get(r)?))
    }
}

impl<A: Code, B: Code, C: Code> Code for (A, B, C) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
        self.2.put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        Ok((A::get(r)?, B::get(r)?, C::get(r)?))
    }
}

/// A struct, field by field. The struct literal names every field, so a
/// field added to the model and not here does not compile.
macro_rules! code_struct {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Code for $t {
            fn put(&self, w: &mut Writer) {
                $( self.$f.put(w); )*
            }
            fn get(r: &mut Reader) -> Result<Self, CompactError> {
                Ok($t { $( $f: Code::get(r)?, )* })
            }
        }
    )*};
}

/// A fieldless enum, as its variant's position in the list.
macro_rules! code_enum {
    ($($t:ident { $($v:ident),* $(,)? })*) => {$(
        impl Code for $t {
            fn put(&self, w: &mut Writer) {
                const ALL: &[$t] = &[$($t::$v),*];
                let i = ALL.iter().position(|v| v == self).unwrap_or(0);
                w.body.push(i as u8);
            }
            fn get(r: &mut Reader) -> Result<Self, CompactError> {
                const ALL: &[$t] = &[$($t::$v),*];
                match ALL.get(usize::from(r.byte()?)) {
                    Some(v) => Ok(*v),
                    None => bad(concat!("an unknown ", stringify!($t))),
                }
            }
        }
    )*};
}

code_enum! {
    Status { Verified, Supported, Uncertain, NotFound }
    RangeBasis { Stated, Alternatives, Default }
    Unit { Gbp, GbpPerPoint, GbpPerPatient, GbpPerWeightedPatient, GbpPerItem, Points, Patients, Percent, Share, Count }
    SetKind { Enacted, Proposal }
    ActivityMeasure { Count, Percent, Index }
    IndicatorKind { Threshold, Register, YesNo }
    PaymentBasis { Prevalence, List, TargetPopulation }
}

code_struct! {
    FigureMeta { path, label, published, unit, source, locator, status, note, alternatives, min, range }
    FigureRange { low, high, basis, reason, source }
    Source { id, title, publisher, url, date, note }
    Register { id, name, note }
    Activity { id, name, measure, default, help }
    Assumption { id, text, figures }
    Retirement { what, codes, points, reason, source, status, funds }
    RuleSet {
        id, name, short_name, period, order, summary, kind, derives_from, assumptions,
        retirements, qof, prevalence, funding, services, reinvestment, custom,
    }
    PrevalenceFigure { index, used, register, name, figure }
    CustomInfo { base, edits }
    Qof {
        point_value, average_list_size, aspiration_share, average_points_achieved,
        official_total_points, official_indicator_count, pms_deduction_amount,
        pms_deduction_per_patients, domains, areas, indicators, pools,
    }
    Domain { id, name, organisational, official_points }
    Area { id, name, domain, official_points, line_id }
    Indicator {
        code, id, line_id, code_id, area, kind, payment, register, description, code_note,
        code_found, note, continues, points, lower, upper, pool, typical_achievement,
    }
    Pool { id, name, line_id, area, members, points }
    Funding {
        global_sum_price, ooh_deduction, mpig_phase_out_years, mpig_years_elapsed, pms_uplift,
        pms_premium_review,
    }
    Service { id, name, description, line_id, rate, components }
    Component { id, name, line_id, kind }
    Reinvestment { points, targets }
    ReinvestTarget { target, weight }
    RawPractice {
        format, name, list_size, weighted_list, contract, ooh_opted_out, mpig_correction_factor,
        seniority, pms_baseline, pms_premium_reduction, default_achievement, last_year_points,
        registers,
        achievement, services, activity,
    }
    RawAchievementTable { percent, numerator, denominator, met }
    RawUptakeTable { taken_up, components }
}

/// An enum whose variants each hold one value, as the variant's position
/// and then the value.
macro_rules! code_either {
    ($($t:ident { $($v:ident),* $(,)? })*) => {$(
        impl Code for $t {
            fn put(&self, w: &mut Writer) {
                let mut i = 0u8;
                $(
                    if let $t::$v(x) = self {
                        w.body.push(i);
                        x.put(w);
                        return;
                    }
                    i += 1;
                )*
                let _ = i;
            }
            fn get(r: &mut Reader) -> Result<Self, CompactError> {
                let tag = r.byte()?;
                let mut i = 0u8;
                $(
                    if tag == i {
                        return Ok($t::$v(Code::get(r)?));
                    }
                    i += 1;
                )*
                let _ = i;
                bad(concat!("an unknown ", stringify!($t)))
            }
        }
    )*};
}

code_either! {
    RawNumber { Int, Float, Text }
    RawNumberOnly { Int, Float, Text }
    RawBool { Bool, Text }
    RawAchievement { Bool, Number, Table }
    RawUptake { Bool, Table }
}

/// A figure: its value, then its description, written once and referred to
/// by number after that (0 = a new description follows; n = the n-th one).
impl Code for Figure {
    fn put(&self, w: &mut Writer) {
        self.value.put(w);
        let key = Arc::as_ptr(&self.meta) as usize;
        match w.metas.get(&key) {
            Some(&n) => w.varint(u128::from(n) + 1),
            None => {
                let n = w.metas.len() as u32;
                w.metas.insert(key, n);
                w.varint(0);
                self.meta.put(w);
            }
        }
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        let value = Code::get(r)?;
        let meta = match r.len()? {
            0 => {
                let m = Arc::new(FigureMeta::get(r)?);
                r.metas.push(m.clone());
                m
            }
            n => match r.metas.get(n - 1) {
                Some(m) => m.clone(),
                None => return bad("a figure refers to a description not yet read"),
            },
        };
        Ok(Figure { value, meta })
    }
}

impl Code for ComponentKind {
    fn put(&self, w: &mut Writer) {
        match self {
            ComponentKind::PerPatient { rate, activity } => {
                w.body.push(0);
                rate.put(w);
                activity.put(w);
            }
            ComponentKind::PerItem { rate, activity } => {
                w.body.push(1);
                rate.put(w);
                activity.put(w);
            }
            ComponentKind::FlatIfShare {
                amount,
                min_percent,
                activity,
            } => {
                w.body.push(2);
                amount.put(w);
                min_percent.put(w);
                activity.put(w);
            }
            ComponentKind::ShareOfRate { share } => {
                w.body.push(3);
                share.put(w);
            }
            ComponentKind::Reinvested => w.body.push(4),
        }
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        Ok(match r.byte()? {
            0 => ComponentKind::PerPatient {
                rate: Code::get(r)?,
                activity: Code::get(r)?,
            },
            1 => ComponentKind::PerItem {
                rate: Code::get(r)?,
                activity: Code::get(r)?,
            },
            2 => ComponentKind::FlatIfShare {
                amount: Code::get(r)?,
                min_percent: Code::get(r)?,
                activity: Code::get(r)?,
            },
            3 => ComponentKind::ShareOfRate {
                share: Code::get(r)?,
            },
            4 => ComponentKind::Reinvested,
            _ => return bad("an unknown component kind"),
        })
    }
}

impl Code for CodeTable {
    fn put(&self, w: &mut Writer) {
        self.names.put(w);
        self.lineage.put(w);
        self.related.put(w);
        self.kinds.put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        let names: Vec<String> = Code::get(r)?;
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as CodeId))
            .collect();
        Ok(CodeTable {
            names,
            index,
            lineage: Code::get(r)?,
            related: Code::get(r)?,
            kinds: Code::get(r)?,
        })
    }
}

impl Code for Catalog {
    fn put(&self, w: &mut Writer) {
        let sources: Vec<&Source> = self.sources.values().collect();
        sources.len().put(w);
        for s in sources {
            s.put(w);
        }
        self.registers.put(w);
        self.activities.put(w);
        self.sets.put(w);
        self.kinds.put(w);
        self.codes.put(w);
        // Sorted, so that the same catalog always gives the same bytes.
        let mut first: Vec<(u32, (u32, Decimal))> =
            self.first_typical.iter().map(|(k, v)| (*k, *v)).collect();
        first.sort_by_key(|(k, _)| *k);
        first.put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        let sources: Vec<Source> = Code::get(r)?;
        let sources: BTreeMap<String, Source> =
            sources.into_iter().map(|s| (s.id.clone(), s)).collect();
        let registers = Code::get(r)?;
        let activities = Code::get(r)?;
        let sets: Vec<RuleSet> = Code::get(r)?;
        let kinds: Vec<SetKind> = Code::get(r)?;
        if sets.is_empty() || kinds.len() != sets.len() {
            return bad("the rule sets and their kinds do not match");
        }
        let codes = Code::get(r)?;
        let first: Vec<(u32, (u32, Decimal))> = Code::get(r)?;
        Ok(Catalog {
            sources,
            registers,
            activities,
            sets,
            kinds,
            codes,
            first_typical: first.into_iter().collect(),
        })
    }
}

impl Code for Preset {
    fn put(&self, w: &mut Writer) {
        self.id.put(w);
        self.name.put(w);
        self.description.put(w);
        self.source.put(w);
        self.practice.put(w);
    }
    fn get(r: &mut Reader) -> Result<Self, CompactError> {
        Ok(Preset {
            id: Code::get(r)?,
            name: Code::get(r)?,
            description: Code::get(r)?,
            source: Code::get(r)?,
            practice: Code::get(r)?,
        })
    }
}

/// The catalog and the presets, in the compact form.
pub fn encode(catalog: &Catalog, presets: &[Preset]) -> Vec<u8> {
    let mut w = Writer::default();
    catalog.put(&mut w);
    presets.len().put(&mut w);
    for p in presets {
        p.put(&mut w);
    }
    w.finish()
}

/// The catalog and the presets without the text only the full simulator
/// shows ([`Catalog::without_prose`], and each preset's file text),
/// in the compact form: what the embed carries.
pub fn encode_lean(catalog: &Catalog, presets: &[Preset]) -> Vec<u8> {
    let presets: Vec<Preset> = presets
        .iter()
        .map(|p| Preset {
            source: Arc::from(""),
            ..p.clone()
        })
        .collect();
    encode(&catalog.without_prose(), &presets)
}

/// Reads what [`encode`] wrote. Trailing bytes are an error, so a blob from
/// a different build fails here rather than decoding into nonsense.
pub fn decode(bytes: &[u8]) -> Result<(Catalog, Vec<Preset>), CompactError> {
    let mut r = Reader::new(bytes)?;
    let catalog = <Catalog as Code>::get(&mut r)?;
    let presets: Vec<Preset> = Code::get(&mut r)?;
    if r.at != bytes.len() {
        return bad("there are bytes after the end");
    }
    Ok((catalog, presets))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepared::Prepared;
    use crate::presets;

    #[test]
    fn decoding_gives_back_exactly_what_the_toml_loader_built() {
        let loaded = Catalog::builtin();
        let presets = presets::builtin();
        let bytes = encode(loaded, &presets);
        let (catalog, back) = decode(&bytes).expect("decodes");
        assert_eq!(&catalog, loaded);
        assert_eq!(back, presets);
        assert_eq!(
            encode(&catalog, &back),
            bytes,
            "the encoding is deterministic"
        );
    }

    /// Writes `v` alone and reads it back.
    fn again<T: Code>(v: &T) -> T {
        let mut w = Writer::default();
        v.put(&mut w);
        let bytes = w.finish();
        let mut r = Reader::new(&bytes).expect("a header");
        let back = T::get(&mut r).expect("reads back");
        assert_eq!(r.at, bytes.len(), "reads exactly what was written");
        back
    }

    #[test]
    fn a_practice_reads_back_exactly_whatever_its_numbers() {
        for i in [i64::MIN, -7_000, -1, 0, 1, 6_911, i64::MAX] {
            assert_eq!(again(&i), i);
        }
        for f in [0.0, -0.0, 0.1, -2.5, 6911.5, 1e308, f64::MIN_POSITIVE] {
            assert_eq!(again(&f).to_bits(), f64::to_bits(f));
        }
        assert!(again(&f64::NAN).is_nan());
        let mut p = RawPractice {
            name: Some("Ünïcode & \"quotes\"".into()),
            list_size: Some(RawNumber::Int(-5)),
            weighted_list: Some(RawNumber::Float(7010.25)),
            mpig_correction_factor: Some(RawNumber::Text("£12,000".into())),
            ooh_opted_out: Some(RawBool::Text("yes".into())),
            last_year_points: Some(RawNumber::Float(-0.5)),
            ..Default::default()
        };
        p.registers.insert("diabetes".into(), RawNumber::Int(412));
        p.achievement
            .insert("CHD 6".into(), RawAchievement::Bool(false));
        p.achievement.insert(
            "DM 2".into(),
            RawAchievement::Number(RawNumberOnly::Float(87.5)),
        );
        p.achievement.insert(
            "BP 5".into(),
            RawAchievement::Table(RawAchievementTable {
                numerator: Some(RawNumber::Int(120)),
                denominator: Some(RawNumber::Text("140".into())),
                ..Default::default()
            }),
        );
        p.services.insert("dementia".into(), RawUptake::Bool(false));
        let mut uptake = RawUptakeTable {
            taken_up: Some(RawBool::Bool(true)),
            ..Default::default()
        };
        uptake
            .components
            .insert("register".into(), RawBool::Bool(false));
        p.services
            .insert("learning".into(), RawUptake::Table(uptake));
        p.activity
            .insert("ld_health_checks".into(), RawNumber::Int(-3));
        assert_eq!(again(&p), p);
    }

    #[test]
    fn the_lean_catalog_pays_exactly_what_the_full_one_pays() {
        let full = Catalog::builtin();
        let lean_bytes = encode_lean(full, &presets::builtin());
        let (lean, lean_presets) = decode(&lean_bytes).expect("decodes");
        assert!(lean.sources.is_empty());
        for (a, b) in presets::builtin().iter().zip(&lean_presets) {
            assert!(
                b.source.is_empty(),
                "{}: the preset's file text stays out",
                a.id
            );
            assert_eq!(
                (&a.id, &a.name, &a.description, &a.practice),
                (&b.id, &b.name, &b.description, &b.practice)
            );
        }
        assert!(lean.sets[0].figures().iter().all(|f| f.meta.note.is_none()));
        assert!(
            lean_bytes.len() * 10 < encode(full, &presets::builtin()).len() * 7,
            "the lean form is at least 30% smaller"
        );
        let shown = |s: &crate::Statement| {
            let lines: Vec<_> = s
                .lines
                .iter()
                .map(|l| (l.id.clone(), l.amount, l.points, l.status, l.basis.clone()))
                .collect();
            (
                s.total,
                s.qof_points,
                lines,
                s.gaps.clone(),
                s.warnings.clone(),
            )
        };
        for preset in presets::builtin() {
            let (p, _) = crate::validate(&preset.practice, full).expect("a preset validates");
            for (a, b) in full.sets.iter().zip(&lean.sets) {
                let (a, b) = (Prepared::new(a), Prepared::new(b));
                assert_eq!(
                    shown(&crate::statement(full, &a, &p)),
                    shown(&crate::statement(&lean, &b, &p)),
                    "{} under {}",
                    preset.id,
                    a.rules().id
                );
            }
        }
    }

    #[test]
    fn damaged_input_is_an_error_never_a_panic() {
        let bytes = encode(Catalog::builtin(), &presets::builtin());
        assert!(decode(&[]).is_err());
        assert!(decode(b"gpsim\x00r0").is_err());
        // Every truncation fails cleanly.
        for cut in (0..bytes.len()).step_by(97) {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        // Flipped bytes may decode to another catalog or fail; never panic.
        for at in (MAGIC.len()..bytes.len()).step_by(131) {
            let mut b = bytes.clone();
            b[at] ^= 0xff;
            let _ = decode(&b);
        }
    }
}
