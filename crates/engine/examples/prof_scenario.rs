use gpsim_engine::rules::{Catalog, Override};
use std::time::Instant;
fn main() {
    let c = Catalog::builtin();
    let o = vec![Override {
        path: "qof.point_value".into(),
        value: "170".parse().unwrap(),
    }];
    let t = Instant::now();
    for _ in 0..2000 {
        let _ = c.scenario("2013-14", &o).unwrap();
    }
    println!("scenario: {:?}/iter", t.elapsed() / 2000);
    let rs = c.get("2013-14").unwrap();
    let t = Instant::now();
    for _ in 0..2000 {
        let _ = rs.clone();
    }
    println!("clone: {:?}/iter", t.elapsed() / 2000);
    let t = Instant::now();
    for _ in 0..2000 {
        let _ = rs.figure("qof.point_value");
    }
    println!("figure lookup: {:?}/iter", t.elapsed() / 2000);
    let t = Instant::now();
    for _ in 0..2000 {
        let _ = gpsim_engine::prepared::Prepared::new(rs);
    }
    println!("prepare: {:?}/iter", t.elapsed() / 2000);
}
