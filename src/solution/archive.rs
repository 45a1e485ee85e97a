//! TEMPORARY interface shim so the solution model compiles; replaced by the bounded reader
//! from the `archive` branch before merge.
use std::sync::Arc;

pub const MAX_DEPTH: usize = 2;

#[derive(Clone)]
pub struct Limits {
    pub max_entries: usize,
    pub max_total_uncompressed: u64,
    pub max_ratio: u64,
    pub ratio_min_size: u64,
}
impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 10_000,
            max_total_uncompressed: 256 << 20,
            max_ratio: 100,
            ratio_min_size: 1 << 20,
        }
    }
}
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
    pub compressed_size: u64,
    pub size: u64,
    pub crc32: u32,
}
#[derive(Debug, Clone)]
pub enum ZipIssueKind {
    Unreadable,
}
impl ZipIssueKind {
    pub fn rule(&self) -> &'static str {
        "zip-readable"
    }
}
#[derive(Debug, Clone)]
pub struct ZipIssue {
    pub kind: ZipIssueKind,
    pub entry: Option<String>,
    pub message: String,
}
pub struct Archive {
    pub display: String,
    pub entries: Vec<Entry>,
    pub issues: Vec<ZipIssue>,
    bytes: Arc<[u8]>,
}
impl Archive {
    pub fn open(bytes: impl Into<Arc<[u8]>>, display: &str, _limits: &Limits) -> Archive {
        let bytes: Arc<[u8]> = bytes.into();
        let mut entries = Vec::new();
        let mut issues = Vec::new();
        match zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])) {
            Ok(mut z) => {
                for i in 0..z.len() {
                    if let Ok(f) = z.by_index_raw(i) {
                        entries.push(Entry {
                            name: f.name().map(|n| n.into_owned()).unwrap_or_default(),
                            is_dir: f.is_dir(),
                            compressed_size: f.compressed_size(),
                            size: f.size(),
                            crc32: f.crc32(),
                        });
                    }
                }
            }
            Err(e) => issues.push(ZipIssue {
                kind: ZipIssueKind::Unreadable,
                entry: None,
                message: format!("`{display}` is not a readable zip: {e}"),
            }),
        }
        Archive {
            display: display.to_owned(),
            entries,
            issues,
            bytes,
        }
    }
    pub fn read(&self, index: usize) -> Result<Vec<u8>, ZipIssue> {
        use std::io::Read;
        let err = |m: String| ZipIssue {
            kind: ZipIssueKind::Unreadable,
            entry: None,
            message: m,
        };
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&self.bytes[..]))
            .map_err(|e| err(e.to_string()))?;
        let mut f = z.by_index(index).map_err(|e| err(e.to_string()))?;
        let mut out = Vec::new();
        f.read_to_end(&mut out).map_err(|e| err(e.to_string()))?;
        Ok(out)
    }
}
