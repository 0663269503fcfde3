//! Schema registry (in progress).
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("schema directory {0} unreadable")]
    Dir(String),
}

#[derive(Debug, Default)]
pub struct SchemaRegistry {}

impl SchemaRegistry {
    pub fn builtin() -> Result<Self, SchemaError> {
        Ok(Self {})
    }
    pub fn load_dir(&mut self, dir: &Path) -> Result<(), SchemaError> {
        Err(SchemaError::Dir(dir.display().to_string()))
    }
}
