//! A span of data months, as offsets from a dataset's first month.

use std::ops::RangeInclusive;

/// The data months `first..=last` (offsets from the dataset's first month,
/// never empty). Passes compute a window; a report shows a window inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    pub first: usize,
    pub last: usize,
}

impl Window {
    pub fn new(first: usize, last: usize) -> Window {
        assert!(first <= last, "a window of no month");
        Window { first, last }
    }

    /// The first `len` data months.
    pub fn of_len(len: usize) -> Window {
        Window::new(0, len - 1)
    }

    /// How many months it spans.
    #[allow(clippy::len_without_is_empty)] // never empty
    pub fn len(self) -> usize {
        self.last - self.first + 1
    }

    /// Its months, as data-month offsets.
    pub fn months(self) -> RangeInclusive<usize> {
        self.first..=self.last
    }

    pub fn contains(self, month: usize) -> bool {
        self.months().contains(&month)
    }

    /// Where data month `month` is in this window: its index in the
    /// window's per-month figures.
    pub fn at(self, month: usize) -> usize {
        debug_assert!(self.contains(month), "month {month} outside {self:?}");
        month - self.first
    }

    /// The window of as many months just before this one, when the data
    /// has them all.
    pub fn before(self) -> Option<Window> {
        let n = self.len();
        (self.first >= n).then(|| Window::new(self.first - n, self.first - 1))
    }

    /// This window widened back by `months`, or to the first data month.
    pub fn back_by(self, months: usize) -> Window {
        Window::new(self.first.saturating_sub(months), self.last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_places() {
        let w = Window::new(3, 5);
        assert_eq!((w.len(), w.at(3), w.at(5)), (3, 0, 2));
        assert_eq!(w.before(), Some(Window::new(0, 2)));
        assert_eq!(Window::new(2, 4).before(), None);
        assert_eq!(w.back_by(4), Window::new(0, 5));
        assert_eq!(w.back_by(1), Window::new(2, 5));
        assert!(w.contains(4) && !w.contains(6));
        assert_eq!(Window::of_len(12), Window::new(0, 11));
    }
}
