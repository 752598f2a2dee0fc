//! The vocabulary every layer shares and that depends on nothing else of
//! the crate: calendar months and windows of data months, the fields of a
//! file, the filter dimensions and the world's countries. Ingest, dataset, metrics, charts,
//! the command and the page all speak it; it speaks none of them.

pub mod countries;
#[rustfmt::skip]
mod country_table;
pub mod dimension;
pub mod field;
pub mod month;
pub mod window;

pub use countries::{
    all as all_countries, lookup as lookup_country, name_index, unaccented, Country,
};
pub use dimension::Dimension;
pub use field::Field;
pub use month::{DateOrder, Month, MonthCode, MonthResolver};
pub use window::Window;
