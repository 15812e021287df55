//! Files → raw tables. Owns decoding (UTF-8 with/without BOM, UTF-16 with BOM,
//! GB18030/GBK, broken UTF-8 told apart from GBK), text tables (comma or tab
//! separated), workbook sheets (xlsx, xlsm, xlsb, xls, ods), finding the header below
//! any title rows, header aliases (English or Chinese, after trimming and NFKC) and the
//! `scenario.toml` manifest. Produces strings only: typing and cross-checking happen in
//! `validate`.
//!
//! The files, each using only those above it:
//! 1. `spec`: the tables the loader knows (columns, aliases, kinds of cell) and the cell
//!    helpers every reader shares (the raw grid, NFKC cleaning, column letters).
//! 2. `header`: the header row found below any titles, its cells resolved to columns.
//! 3. `text`: a text file decoded and split into a grid. `workbook`: a sheet read into
//!    a grid, numeric ids padded by their format (it asks `header` where the id
//!    columns are).
//! 4. `table`: one table read from either, cells cleaned by kind (`read_table`).
//! 5. `scenario`: `scenario.toml` and the paths of its tables (a workbook path may name
//!    a sheet, as `workbook` splits it).

mod header;
mod scenario;
mod spec;
mod table;
mod text;
mod workbook;

pub use scenario::{load_manifest, Manifest, ManifestModel};
pub use scenario::MAX_YEARS;
pub use spec::{TableSpec, SPEC_ESTABLISHMENTS, SPEC_POOLS, SPEC_GRANTS, SPEC_REQUESTS, SPEC_UNITS};
pub use table::{read_table, Row, Table};
pub use workbook::Workbooks;
