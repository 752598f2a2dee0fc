//! The app's pages, one per route: the Customers dashboard, Adoption and a
//! customer's insights.

pub mod adoption;
pub mod customer;
pub mod dashboard;
