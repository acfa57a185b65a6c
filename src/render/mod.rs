//! What people and programs read: the human report, summary, table,
//! comparison, JSON and colour.

pub(crate) mod compare;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod paint;
pub(crate) mod summary;
pub(crate) mod table;
