//! What the server's bench commands share: the backends and sizes asked on
//! the command line, distinct application numbers, and latency tables.
//! (Included by each example with `#[path]`; not an example itself.)

#![allow(dead_code)]

use domain::ApplicationNumber;
use std::time::Duration;

/// `both`, `postgres` or (default) `sqlite` among the arguments.
pub fn backends(args: &[String]) -> Vec<&'static str> {
    if args.iter().any(|a| a == "both") {
        vec!["sqlite", "postgres"]
    } else if args.iter().any(|a| a == "postgres") {
        vec!["postgres"]
    } else {
        vec!["sqlite"]
    }
}

/// The number after `flag`, if given and well-formed.
pub fn number_after<T: std::str::FromStr>(args: &[String], flag: &str) -> Option<T> {
    let at = args.iter().position(|a| a == flag)?;
    args.get(at + 1)?.parse().ok()
}

/// Distinct valid application numbers: a counter in base 30.
pub fn application_number(i: usize) -> ApplicationNumber {
    ApplicationNumber::from_indices(std::array::from_fn(|d| {
        ((i as u64 / 30u64.pow(d as u32)) % 30) as u8
    }))
}

/// Latencies of one page or step, printed as a markdown row.
pub struct Latencies(pub Vec<Duration>);

impl Latencies {
    /// Prints `| what | n | p50 | p99 | max |` in ms and returns the p99.
    pub fn report(mut self, what: &str) -> f64 {
        self.0.sort();
        let at = |q: f64| self.0[((self.0.len() - 1) as f64 * q).round() as usize];
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {what} | {} | {:.1} | {:.1} | {:.1} |",
            self.0.len(),
            ms(at(0.5)),
            ms(at(0.99)),
            ms(*self.0.last().expect("timed at least once"))
        );
        ms(at(0.99))
    }
}
