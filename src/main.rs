//! Entry point: everything is in the library, so browser tests can use it.
fn main() {
    gpsim_app::run();
}
