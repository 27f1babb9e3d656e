//! Where the national run's time goes: reading, validating, statements.
use std::time::Instant;
fn main() {
    let c = gpsim_engine::Catalog::builtin();
    let text = include_str!("../../../assets/national/population-2014-15.tsv");
    let t = Instant::now();
    let pop = gpsim_engine::population::parse(text).unwrap();
    println!("parse {:?}", t.elapsed());
    let t = Instant::now();
    let raws: Vec<_> = pop
        .members
        .iter()
        .map(|m| pop.raw_practice(c, m).unwrap())
        .collect();
    println!("raw {:?}", t.elapsed());
    let t = Instant::now();
    let ps: Vec<_> = raws
        .iter()
        .filter_map(|r| gpsim_engine::validate(r, c).ok())
        .map(|x| x.0)
        .collect();
    println!("validate {:?}", t.elapsed());
    for id in ["2013-14", "2014-15"] {
        let rs = c.get(id).unwrap();
        let t = Instant::now();
        let mut total = gpsim_engine::Money::ZERO;
        for p in &ps {
            total += gpsim_engine::statement(c, rs, p).total;
        }
        println!("statements {id} {:?} {}", t.elapsed(), total);
    }
    let t = Instant::now();
    let s = gpsim_engine::national::run(
        c,
        &pop,
        c.get("2013-14").unwrap(),
        c.get("2014-15").unwrap(),
    );
    println!("run {:?} {}", t.elapsed(), s.all.practices);
}
