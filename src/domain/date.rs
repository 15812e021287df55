//! Calendar dates (YYYY-MM-DD): what `as_of` and `granted_on` mean, read from the forms
//! spreadsheets write, and whole months and years between them.

use serde::{Deserialize, Serialize};

/// A calendar date (YYYY-MM-DD), what `as_of` and `granted_on` mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Reads `2025-06-30`, `2025/6/30`, `2025.6.30`, `2025年6月30日`, `20250630`, or a
    /// spreadsheet date serial (1900 system, e.g. `45838`); `None` for anything else or
    /// a day the month does not have.
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        // A spreadsheet date cell read as its serial number (possibly with a time part).
        if let Ok(serial) = t.parse::<f64>() {
            if t.len() == 8 && !t.contains('.') {
                let n: i64 = t.parse().ok()?;
                return Date::new((n / 10000) as i32, ((n / 100) % 100) as u32, (n % 100) as u32);
            }
            if (1.0..200_000.0).contains(&serial) {
                return Some(Date::from_days_since_1899_12_30(serial.floor() as i64));
            }
            return None;
        }
        // A calamine date-time text: `2024-03-01 00:00:00` or `2024-03-01T00:00:00`.
        let date_part = t.split([' ', 'T']).next().unwrap_or(t);
        let parts: Vec<&str> = date_part
            .split(['-', '/', '.', '年', '月', '日'])
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() != 3 || parts[0].len() != 4 {
            return None;
        }
        let y: i32 = parts[0].parse().ok()?;
        let m: u32 = parts[1].parse().ok()?;
        let d: u32 = parts[2].parse().ok()?;
        Date::new(y, m, d)
    }

    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) && (1900..=9999).contains(&year))
            .then_some(Date { year, month, day })
    }

    fn from_days_since_1899_12_30(days: i64) -> Date {
        // Civil-from-days (Howard Hinnant), shifted from 1970-01-01 (25569 days later).
        let z = days - 25569 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + if month <= 2 { 1 } else { 0 }) as i32;
        Date { year, month, day }
    }

    /// Whole months from `self` to `later` (a month is complete on the same day of
    /// the month, or the month's last day when it is shorter); negative when earlier.
    pub fn months_until(self, later: Date) -> i64 {
        let mut months = (later.year - self.year) as i64 * 12 + later.month as i64 - self.month as i64;
        let end_of_month = later.day == days_in_month(later.year, later.month);
        if later.day < self.day && !end_of_month {
            months -= 1;
        }
        months
    }

    /// The same day `months` later (the month's last day when it is shorter).
    pub fn add_months(self, months: i64) -> Date {
        let total = self.year as i64 * 12 + (self.month as i64 - 1) + months;
        let year = total.div_euclid(12) as i32;
        let month = (total.rem_euclid(12) + 1) as u32;
        Date { year, month, day: self.day.min(days_in_month(year, month)) }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not a date: {text:?}")))
    }
}
