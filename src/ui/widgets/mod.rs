//! Pieces every page uses: the section frame, tabs and sortable headers,
//! the range and filter controls.

pub mod controls;
pub mod frame;
pub mod micro;
