//! Files → raw tables. Owns decoding (UTF-8 with/without BOM, UTF-16 with BOM,
//! GB18030/GBK, broken UTF-8 told apart from GBK), text tables (comma or tab
//! separated), workbook sheets (xlsx, xlsm, xlsb, xls, ods), finding the header below
//! any title rows, header aliases (English or Chinese, after trimming and NFKC) and the
//! `scenario.toml` manifest. Produces strings only: typing and cross-checking happen in
//! `validate`.

mod header;
mod scenario;
mod table;
mod text;
mod workbook;

pub use scenario::{load_manifest, Manifest, ManifestModel};
pub use scenario::MAX_YEARS;
pub use table::{read_table, Row, Table, TableSpec, SPEC_ESTABLISHMENTS, SPEC_POOLS, SPEC_GRANTS, SPEC_REQUESTS, SPEC_UNITS};
pub use workbook::Workbooks;
