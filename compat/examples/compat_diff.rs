//! Prints `nodus compat diff <a> <b>` as the library renders it (for reviewers).
fn main() {
    let args: Vec<u32> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let (a, b) = (args.first().copied().unwrap_or(20), args.get(1).copied().unwrap_or(26));
    let diffs = nodus_compat::diff(a, b).unwrap_or_else(|e| panic!("{e}"));
    for d in &diffs {
        println!("{d}");
    }
    println!("{} differences", diffs.len());
}
