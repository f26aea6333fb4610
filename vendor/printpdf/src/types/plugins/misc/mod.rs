//! Other PDF objects that should have their own module, but don't belong into any other category
pub mod document_info;