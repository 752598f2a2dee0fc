//! The Customers dashboard's sections, each reading the dashboard's report.

pub mod customers;
pub mod geography;
pub mod products;
pub mod retention;
pub mod summary;
pub mod trends;
