//! Workload usage records (spec 1.3): one customer, one workload, one month.

use super::Dict;
use crate::model::{Month, MonthCode, MonthResolver};

#[derive(Debug, Clone, Default)]
pub struct UsageData {
    /// The rows in the order of month, customer and workload, made the
    /// first time figures are asked of the file (see [`UsageData::month_rows`]).
    order: std::sync::OnceLock<UsageOrder>,
    /// Until the file is read: `Month(code)` of a [`MonthCode`].
    pub month: Vec<Month>,
    pub customer: Vec<u32>,
    /// Tenant ids, in the usage file's own dictionary.
    pub customers: Dict,
    /// Workload as written in the file.
    pub workload: Vec<u32>,
    pub workloads: Dict,
    /// Per written workload: the workload it counts as (OneDrive: SharePoint).
    pub counts_as: Vec<u32>,
    /// The workloads as reported.
    pub reported: Dict,
    pub licenses: Vec<u32>,
    pub active_users: Vec<u32>,
}

/// The rows of a usage file sorted by month, customer and workload, and
/// where each month's rows start.
#[derive(Debug, Clone, Default)]
struct UsageOrder {
    rows: Vec<u32>,
    months: Vec<(Month, usize)>,
}

impl UsageData {
    pub fn rows(&self) -> usize {
        self.month.len()
    }

    /// The rows of `month`, sorted by customer and workload: a month's
    /// figures are one walk over its own rows, whatever the file's order.
    /// The order is made once (a sort of the file's rows), the first time.
    pub fn month_rows(&self, month: Month) -> &[u32] {
        let order = self.order.get_or_init(|| {
            let mut rows: Vec<u32> = (0..self.rows() as u32).collect();
            crate::order::sort_by_key(&mut rows, |&r| {
                let r = r as usize;
                (self.month[r], self.customer[r], self.workload[r])
            });
            let mut months: Vec<(Month, usize)> = Vec::new();
            for (at, &r) in rows.iter().enumerate() {
                let m = self.month[r as usize];
                if months.last().is_none_or(|(last, _)| *last != m) {
                    months.push((m, at));
                }
            }
            UsageOrder { rows, months }
        });
        let Ok(i) = order.months.binary_search_by_key(&month, |(m, _)| *m) else {
            return &[];
        };
        let end = order
            .months
            .get(i + 1)
            .map_or(order.rows.len(), |(_, at)| *at);
        &order.rows[order.months[i].1..end]
    }

    /// Turns the rows' month codes into months, leaving out the rows
    /// whose month the file's date order makes invalid.
    pub fn resolve_months(&mut self, resolver: &MonthResolver) {
        let months: Vec<Option<Month>> = self.month.iter().map(|m| resolver.month(m.0)).collect();
        if months.iter().all(Option::is_some) {
            self.month = months.into_iter().flatten().collect();
            return;
        }
        let kept: Vec<bool> = months.iter().map(Option::is_some).collect();
        fn keep<T: Copy>(v: &mut Vec<T>, kept: &[bool]) {
            *v = v
                .iter()
                .zip(kept)
                .filter(|(_, k)| **k)
                .map(|(x, _)| *x)
                .collect();
        }
        self.month = months.into_iter().flatten().collect();
        keep(&mut self.customer, &kept);
        keep(&mut self.workload, &kept);
        keep(&mut self.licenses, &kept);
        keep(&mut self.active_users, &kept);
    }

    pub fn push(
        &mut self,
        month: MonthCode,
        customer: &str,
        workload: &str,
        licenses: u32,
        active_users: u32,
    ) {
        self.month.push(Month(month));
        self.customer.push(self.customers.intern(customer));
        let id = self.workloads.intern(workload);
        if id as usize == self.counts_as.len() {
            self.counts_as
                .push(self.reported.intern(workload_name(workload)));
        }
        self.workload.push(id);
        self.licenses.push(licenses);
        self.active_users.push(active_users);
    }
}

/// The workload a written name counts as (spec 1.3 and 1.4), matched in
/// any case: Exchange Online / EXO are Exchange; SharePoint Online / SPO
/// and OneDrive (for Business) / ODB are SharePoint; Microsoft Teams is
/// Teams; SFB is Skype for Business. Other names stay as written.
pub fn workload_name(raw: &str) -> &str {
    let name = raw.trim();
    if name
        .get(..8)
        .is_some_and(|head| head.eq_ignore_ascii_case("onedrive"))
    {
        return "SharePoint";
    }
    WORKLOAD_NAMES
        .iter()
        .find(|(written, _)| name.eq_ignore_ascii_case(written))
        .map_or(raw, |(_, workload)| workload)
}

/// The workload names [`workload_name`] reads, in lower case, with the
/// workload each is (a name starting with "onedrive" is SharePoint too).
pub const WORKLOAD_NAMES: &[(&str, &str)] = &[
    ("exchange", "Exchange"),
    ("exchange online", "Exchange"),
    ("exo", "Exchange"),
    ("sharepoint", "SharePoint"),
    ("sharepoint online", "SharePoint"),
    ("spo", "SharePoint"),
    ("onedrive", "SharePoint"),
    ("onedrive for business", "SharePoint"),
    ("odb", "SharePoint"),
    ("teams", "Teams"),
    ("microsoft teams", "Teams"),
    ("skype for business", "Skype for Business"),
    ("sfb", "Skype for Business"),
    ("yammer", "Yammer"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onedrive_counts_with_sharepoint() {
        assert_eq!(workload_name("OneDrive"), "SharePoint");
        assert_eq!(workload_name("OneDrive for Business"), "SharePoint");
        assert_eq!(workload_name("onedrive"), "SharePoint");
        assert_eq!(workload_name("Teams"), "Teams");
        assert_eq!(workload_name("ODB"), "SharePoint");
    }

    #[test]
    fn documented_workload_names_are_one_workload_each() {
        for (written, workload) in [
            ("Exchange Online", "Exchange"),
            ("EXCHANGE", "Exchange"),
            ("EXO", "Exchange"),
            ("SharePoint Online", "SharePoint"),
            ("SPO", "SharePoint"),
            ("Microsoft Teams", "Teams"),
            ("Skype For Business", "Skype for Business"),
            ("SFB", "Skype for Business"),
            ("yammer", "Yammer"),
            ("Power Apps", "Power Apps"),
            // Found by the fuzzer: a name whose eighth byte is inside a character.
            ("OneDriv»", "OneDriv»"),
            ("Exchang»e", "Exchang»e"),
        ] {
            assert_eq!(workload_name(written), workload, "{written}");
        }
    }
}
