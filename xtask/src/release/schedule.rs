//! `release schedule`: validate `releases/lines.yaml` and show each line's
//! phase on a day.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::lines::{Phase, ReleaseLines};

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// The schedule table on `day`, newest line first.
pub fn render(lines: &ReleaseLines, day: NaiveDate) -> String {
    let mut out = format!("Release lines on {day}\n\n");
    let _ = writeln!(out, "{:<6} {:<12} {:<12} {:<11} {:<11} {:<11} {:<11} {:<11} nodus", "line", "phase", "codename", "alpha", "start", "lts", "maintenance", "end");
    for l in lines.lines.iter().rev() {
        let phase = l.phase_on(day);
        let nodus = match lines.nodus.iter().find(|n| n.major == l.major) {
            Some(n) if day >= n.end => format!("ended {}", n.end),
            Some(n) if day < n.start => format!("from {}", n.start),
            Some(_) => "shipped".into(),
            None => "-".into(),
        };
        let _ = writeln!(
            out,
            "{:<6} {:<12} {:<12} {:<11} {:<11} {:<11} {:<11} {:<11} {nodus}",
            format!("v{}", l.major),
            phase.to_string(),
            l.codename.as_deref().unwrap_or("-"),
            date_or_dash(l.alpha),
            l.start.to_string(),
            date_or_dash(l.lts),
            date_or_dash(l.maintenance),
            l.end.to_string(),
        );
    }
    let summary = |p: Phase| -> String {
        let v: Vec<String> = lines.lines.iter().rev().filter(|l| l.phase_on(day) == p).map(|l| format!("v{}", l.major)).collect();
        if v.is_empty() { "-".into() } else { v.join(", ") }
    };
    let _ = write!(
        out,
        "\nCurrent: {}\nActive LTS: {}\nMaintenance: {}\nAlpha: {}\n",
        summary(Phase::Current),
        summary(Phase::ActiveLts),
        summary(Phase::Maintenance),
        summary(Phase::Alpha)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_schedule_today() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../releases/lines.yaml");
        let lines = ReleaseLines::load(&path).unwrap();
        let out = render(&lines, "2026-11-24".parse().unwrap());
        assert!(out.contains("Active LTS: v26\n"), "{out}");
        assert!(out.contains("Maintenance: v24, v22\n"), "{out}");
        assert!(out.contains("Alpha: v27\n"), "{out}");
        assert!(out.contains("Current: -\n"), "{out}");
    }
}
