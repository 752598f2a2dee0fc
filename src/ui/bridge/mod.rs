//! Where the app meets the browser beyond Leptos: the ECharts bridge and
//! saving a file.

pub mod download;
pub mod echarts;
