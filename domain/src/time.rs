//! The hall's clock face: instants are UTC everywhere; dates people see
//! (submitted on, promised by, kept until) are China Standard Time.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+8; the mainland has no daylight saving.
pub const HALL_UTC_OFFSET_SECONDS: i32 = 8 * 3600;

pub fn hall_offset() -> FixedOffset {
    FixedOffset::east_opt(HALL_UTC_OFFSET_SECONDS).expect("+08:00 is a valid offset")
}

/// An instant on the hall's clock.
pub fn in_hall_time(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&hall_offset())
}

/// The calendar day at the hall at `at`.
pub fn hall_date(at: DateTime<Utc>) -> NaiveDate {
    in_hall_time(at).date_naive()
}

/// The instant the hall's day `day` begins.
pub fn hall_day_start(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(hall_offset()).single())
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_utc_evening_is_the_next_day_at_the_hall() {
        let at: DateTime<Utc> = "2026-11-24T17:30:00Z".parse().unwrap();
        assert_eq!(hall_date(at).to_string(), "2026-11-25");
        assert_eq!(in_hall_time(at).to_rfc3339(), "2026-11-25T01:30:00+08:00");
        let start = hall_day_start("2026-11-25".parse().unwrap());
        assert_eq!(start.to_rfc3339(), "2026-11-24T16:00:00+00:00");
        assert_eq!(hall_date(start).to_string(), "2026-11-25");
    }
}
