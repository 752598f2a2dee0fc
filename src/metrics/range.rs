//! The report range (spec section 2).

use crate::dataset::Dataset;
use crate::model::Month;

/// Months shown by default: the last year of data.
pub const DEFAULT_MONTHS: i32 = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    NoData,
    OutsideData {
        month: Month,
        first: Month,
        last: Month,
    },
    Reversed {
        from: Month,
        to: Month,
    },
    /// The per-month counts of the window would need more memory than a
    /// report may take: too many distinct values over too many months.
    TooLarge {
        months: usize,
        values: usize,
    },
}

impl std::error::Error for RangeError {}

/// Resolves an optional from/to into a closed range of data months:
/// neither given, the last 12 data months; `from` alone ends at the last
/// data month; `to` alone starts 11 months earlier or at the first data
/// month. A month outside the data months is an error, not clamped, so a
/// typo is never silently answered with other months' figures.
pub fn resolve(
    ds: &Dataset,
    from: Option<Month>,
    to: Option<Month>,
) -> Result<(Month, Month), RangeError> {
    let (Some(first), Some(last)) = (ds.first_month, ds.last_month()) else {
        return Err(RangeError::NoData);
    };
    for month in [from, to].into_iter().flatten() {
        if month < first || month > last {
            return Err(RangeError::OutsideData { month, first, last });
        }
    }
    let to = to.unwrap_or(last);
    let from = from.unwrap_or_else(|| to.plus(1 - DEFAULT_MONTHS).max(first));
    if from > to {
        return Err(RangeError::Reversed { from, to });
    }
    Ok((from, to))
}
