//! Workload usage records (spec 1.3): one customer, one workload, one month.

use super::Dict;
use crate::ingest::Month;

#[derive(Debug, Clone, Default)]
pub struct UsageData {
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

impl UsageData {
    pub fn rows(&self) -> usize {
        self.month.len()
    }

    pub fn push(
        &mut self,
        month: Month,
        customer: &str,
        workload: &str,
        licenses: u32,
        active_users: u32,
    ) {
        self.month.push(month);
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

/// OneDrive counts with SharePoint (spec 1.3); other names stay as written.
pub fn workload_name(raw: &str) -> &str {
    let folded = raw.to_ascii_lowercase();
    if folded.starts_with("onedrive") || folded == "odb" {
        "SharePoint"
    } else {
        raw
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn onedrive_counts_with_sharepoint() {
        assert_eq!(workload_name("OneDrive"), "SharePoint");
        assert_eq!(workload_name("OneDrive for Business"), "SharePoint");
        assert_eq!(workload_name("onedrive"), "SharePoint");
        assert_eq!(workload_name("Teams"), "Teams");
    }
}
