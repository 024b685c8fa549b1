//! Calendar dates and the per-line status `nodus compat list` prints.

use crate::load::{catalog, Catalog};
use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar date (`YYYY-MM-DD`), enough for release schedules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("'{text}' is not a YYYY-MM-DD date");
        let mut parts = text.trim().splitn(3, '-');
        let mut next = || parts.next().ok_or_else(bad);
        let (y, m, d) = (next()?, next()?, next()?);
        let date = Date {
            year: y.parse().map_err(|_| bad())?,
            month: m.parse().map_err(|_| bad())?,
            day: d.parse().map_err(|_| bad())?,
        };
        if !(1..=12).contains(&date.month) || !(1..=31).contains(&date.day) || y.len() != 4 {
            return Err(bad());
        }
        Ok(date)
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Date::from_days((secs / 86_400) as i64)
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Where a line is in Node's schedule on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Alpha channel (yearly model), before the first Current release.
    Alpha,
    /// Current release.
    Current,
    /// Active LTS.
    ActiveLts,
    /// Maintenance LTS.
    Maintenance,
    /// End of life.
    EndOfLife,
    /// `releases/lines.yaml` has no entry for the line.
    Unknown,
}

/// One row of `nodus compat list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineStatus {
    /// The Node major.
    pub line: u32,
    /// The version nodus presents.
    pub version: String,
    /// LTS codename, if the line has one.
    pub codename: Option<String>,
    /// Phase on the day asked about.
    pub phase: Phase,
    /// First Current release.
    pub start: Option<Date>,
    /// Start of Active LTS.
    pub lts: Option<Date>,
    /// Start of Maintenance.
    pub maintenance: Option<Date>,
    /// End of life.
    pub end: Option<Date>,
}

/// Status of every shipped line on `today`, oldest first.
pub fn list(today: Date) -> Vec<LineStatus> {
    list_from(catalog(), today)
}

/// [`list`] against a given catalog.
pub fn list_from(catalog: &Catalog, today: Date) -> Vec<LineStatus> {
    let date = |d: Option<&String>| d.and_then(|d| Date::parse(d).ok());
    catalog
        .lines()
        .iter()
        .map(|line| {
            let entry = catalog.schedule().iter().find(|s| s.major == line.major());
            let (start, lts, maintenance, end) = match entry {
                Some(s) => (date(Some(&s.start)), date(s.lts.as_ref()), date(s.maintenance.as_ref()), date(Some(&s.end))),
                None => (None, None, None, None),
            };
            let reached = |d: Option<Date>| d.is_some_and(|d| d <= today);
            let phase = match entry {
                None => Phase::Unknown,
                Some(_) if reached(end) => Phase::EndOfLife,
                Some(_) if reached(maintenance) => Phase::Maintenance,
                Some(_) if reached(lts) => Phase::ActiveLts,
                Some(_) if reached(start) => Phase::Current,
                Some(_) => Phase::Alpha,
            };
            LineStatus {
                line: line.major(),
                version: line.data.version.clone(),
                codename: catalog.codename(line.major()),
                phase,
                start,
                lts,
                maintenance,
                end,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::tests_support::FIXTURE;

    #[test]
    fn dates_round_trip() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_781).to_string(), "2026-11-24");
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("2026-11-24").unwrap() < Date::parse("2026-11-25").unwrap());
    }

    #[test]
    fn phases_on_2026_11_24() {
        let catalog = crate::load::tests_support::catalog_with_schedule(FIXTURE);
        let today = Date::parse("2026-11-24").unwrap();
        let rows = list_from(&catalog, today);
        let phase = |n| rows.iter().find(|r| r.line == n).unwrap().phase;
        assert_eq!(phase(18), Phase::Unknown);
        assert_eq!(phase(20), Phase::EndOfLife);
        assert_eq!(phase(24), Phase::Maintenance);
        assert_eq!(phase(26), Phase::ActiveLts);
        assert_eq!(phase(27), Phase::Alpha);
        assert_eq!(catalog.lts_lines(today), vec![26, 24]);
    }
}
