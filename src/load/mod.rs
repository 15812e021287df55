//! Files → raw tables. Owns decoding (UTF-8 with/without BOM, UTF-16 with BOM,
//! GB18030/GBK), CSV and xlsx reading, header aliases (English or Chinese, after
//! trimming and NFKC) and the `scenario.toml` manifest. Produces strings only: typing
//! and cross-checking happen in `validate`.

mod scenario;
mod table;

pub use scenario::{load_manifest, Manifest, ManifestModel};
pub use table::{read_table, Row, Table, TableSpec, SPEC_ESTABLISHMENTS, SPEC_POOLS, SPEC_REQUESTS, SPEC_UNITS};
