//! A calendar date (with an optional time) as pages carry it, and its printed forms.

use std::fmt;

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    /// Hours, minutes and seconds, in UTC.
    pub time: Option<(u8, u8, u8)>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// `2024-05-01`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `1 May 2024`.
    pub fn long(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }

    /// `2024-05-01T00:00:00Z`, as feeds and sitemaps want it.
    pub fn rfc3339(&self) -> String {
        let (hours, minutes, seconds) = self.time.unwrap_or((0, 0, 0));
        format!("{}T{hours:02}:{minutes:02}:{seconds:02}Z", self.iso())
    }

    /// Parses `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` and `Z` or an offset
    /// (the offset is applied so that every time is in UTC).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date = text.get(..10)?;
        let rest = &text[10..];
        let bytes = date.as_bytes();
        if bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year: u16 = digits(&date[0..4])?;
        let month: u8 = digits(&date[5..7])?;
        let day: u8 = digits(&date[8..10])?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let mut parsed = Date {
            year,
            month,
            day,
            time: None,
        };
        if rest.is_empty() {
            return Some(parsed);
        }
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let (clock, offset) = match rest.find(['Z', 'z', '+', '-']) {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        let clock = clock.split('.').next()?;
        let mut parts = clock.split(':');
        let hours: u8 = digits(parts.next()?)?;
        let minutes: u8 = digits(parts.next()?)?;
        let seconds: u8 = parts.next().map_or(Some(0), digits)?;
        if parts.next().is_some() || hours > 23 || minutes > 59 || seconds > 60 {
            return None;
        }
        let offset_minutes = parse_offset(offset)?;
        let total = i32::from(hours) * 60 + i32::from(minutes) - offset_minutes;
        parsed = parsed.shifted_days(total.div_euclid(24 * 60))?;
        let in_day = total.rem_euclid(24 * 60);
        parsed.time = Some(((in_day / 60) as u8, (in_day % 60) as u8, seconds));
        Some(parsed)
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Self::from_days_since_epoch((seconds / 86_400) as i64)
    }

    /// This moment in UTC, to the second, from the system clock.
    pub fn now() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        let mut date = Self::from_days_since_epoch((seconds / 86_400) as i64);
        let in_day = seconds % 86_400;
        date.time = Some((
            (in_day / 3600) as u8,
            (in_day / 60 % 60) as u8,
            (in_day % 60) as u8,
        ));
        date
    }

    /// Whether this date comes after `other`; a date without a time stands for its midnight.
    pub fn is_after(&self, other: &Date) -> bool {
        let key = |date: &Date| {
            (
                date.year,
                date.month,
                date.day,
                date.time.unwrap_or((0, 0, 0)),
            )
        };
        key(self) > key(other)
    }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u8;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        } as u8;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as u16;
        Date {
            year,
            month,
            day,
            time: None,
        }
    }

    /// The date a day later or earlier (`days` is -1, 0 or 1); `None` before year 0 or after 9999.
    fn shifted_days(self, days: i32) -> Option<Date> {
        let mut date = self;
        match days {
            1 => {
                if date.day == days_in_month(date.year, date.month) {
                    date.day = 1;
                    if date.month == 12 {
                        date.month = 1;
                        date.year = date.year.checked_add(1).filter(|&y| y <= 9999)?;
                    } else {
                        date.month += 1;
                    }
                } else {
                    date.day += 1;
                }
            }
            -1 => {
                if date.day == 1 {
                    if date.month == 1 {
                        date.month = 12;
                        date.year = date.year.checked_sub(1)?;
                    } else {
                        date.month -= 1;
                    }
                    date.day = days_in_month(date.year, date.month);
                } else {
                    date.day -= 1;
                }
            }
            _ => {}
        }
        Some(date)
    }
}

fn digits<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn parse_offset(offset: &str) -> Option<i32> {
    match offset {
        "" | "Z" | "z" => Some(0),
        _ => {
            let (sign, rest) = match offset.split_at_checked(1)? {
                ("-", rest) => (-1, rest),
                ("+", rest) => (1, rest),
                _ => return None,
            };
            let (hours, minutes) = rest.split_once(':')?;
            let hours: i32 = digits(hours)?;
            let minutes: i32 = digits(minutes)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            Some(sign * (hours * 60 + minutes))
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_times() {
        let date = Date::parse("2024-02-29").unwrap();
        assert_eq!(date.long(), "29 February 2024");
        assert_eq!(date.rfc3339(), "2024-02-29T00:00:00Z");
        let date = Date::parse("2024-12-31T23:30:00-01:00").unwrap();
        assert_eq!(date.rfc3339(), "2025-01-01T00:30:00Z");
        assert_eq!(
            Date::parse("2024-03-04 10:20").unwrap().time,
            Some((10, 20, 0))
        );
    }

    #[test]
    fn days_since_the_epoch_become_calendar_dates() {
        assert_eq!(Date::from_days_since_epoch(0).iso(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(11_016).iso(), "2000-02-29");
        assert_eq!(Date::from_days_since_epoch(20_786).iso(), "2026-11-29");
    }

    #[test]
    fn a_date_without_time_is_its_midnight() {
        let day = Date::parse("2025-06-01").unwrap();
        let morning = Date::parse("2025-06-01T09:00:00Z").unwrap();
        assert!(morning.is_after(&day));
        assert!(!day.is_after(&morning));
        assert!(!day.is_after(&Date::parse("2025-06-01T00:00:00Z").unwrap()));
        assert!(Date::parse("2025-06-02").unwrap().is_after(&morning));
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "yesterday",
            "2024-01-01T25:00",
            "2024-05-1é",
            "2024-05-é1",
            "éééééééééé",
            "2024-05-01T10:00+99999999999:00",
            "2024-05-01T10:00+2147483647:00",
            "2024-05-01T10:00Zé",
            "0000-01-01T00:00+01:00",
            "9999-12-31T23:59-01:00",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}
