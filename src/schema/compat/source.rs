//! The schema files of one side of a comparison: a directory, or the same directory at a git
//! ref, read with `git ls-tree` and one `git cat-file --batch` (no network, two processes
//! however many types).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum SourceError {
    #[error("cannot read schema directory {}", path.display())]
    Dir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read schema file {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("schema {origin}: not valid JSON")]
    Json {
        origin: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot run git in {}", dir.display())]
    GitSpawn {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("git {what} in {}: {stderr}", dir.display())]
    Git {
        dir: PathBuf,
        what: String,
        stderr: String,
    },
}

/// Schema documents by type name, as written in their files (no envelope added: both sides
/// get the same envelope, so it never differs).
#[derive(Debug, Default, Clone)]
pub struct SchemaSet {
    docs: BTreeMap<String, Value>,
}

fn type_name(file: &str) -> Option<&str> {
    let stem = file.strip_suffix(".json")?;
    (!stem.contains('/')).then_some(stem)
}

impl SchemaSet {
    pub fn from_docs(docs: impl IntoIterator<Item = (String, Value)>) -> Self {
        Self {
            docs: docs.into_iter().collect(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.docs.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.docs.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.docs.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Every `*.json` file of `dir`.
    pub fn load_dir(dir: &Path) -> Result<Self, SourceError> {
        let dir_err = |source| SourceError::Dir {
            path: dir.to_path_buf(),
            source,
        };
        let mut docs = BTreeMap::new();
        for entry in std::fs::read_dir(dir).map_err(dir_err)? {
            let path = entry.map_err(dir_err)?.path();
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(type_name)
            else {
                continue;
            };
            let name = name.to_string();
            let text = std::fs::read_to_string(&path).map_err(|source| SourceError::Read {
                path: path.clone(),
                source,
            })?;
            let doc = serde_json::from_str(&text).map_err(|source| SourceError::Json {
                origin: path.display().to_string(),
                source,
            })?;
            docs.insert(name, doc);
        }
        Ok(Self { docs })
    }

    /// The `*.json` files of `dir` as they were at `rev` (a branch, tag or commit). `dir` must
    /// be inside a git work tree; a directory missing at `rev` gives an empty set.
    pub fn load_git(dir: &Path, rev: &str) -> Result<Self, SourceError> {
        let git = |args: &[&str]| -> Result<Vec<u8>, SourceError> {
            let out = Command::new("git")
                .arg("-C")
                .arg(dir)
                .args(args)
                .stdin(Stdio::null())
                .output()
                .map_err(|source| SourceError::GitSpawn {
                    dir: dir.to_path_buf(),
                    source,
                })?;
            if !out.status.success() {
                return Err(SourceError::Git {
                    dir: dir.to_path_buf(),
                    what: args.join(" "),
                    stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
                });
            }
            Ok(out.stdout)
        };
        // Refuse a ref that does not exist before asking for a path in it.
        git(&["rev-parse", "--verify", &format!("{rev}^{{commit}}")])?;
        // Paths are relative to `dir`; a directory missing at `rev` lists nothing.
        let listing = git(&["ls-tree", "-z", rev, "./"])?;
        let mut blobs = Vec::new();
        for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, file)) = entry.split_once('\t') else {
                continue;
            };
            let mut parts = meta.split_whitespace();
            let (_mode, kind, id) = (parts.next(), parts.next(), parts.next());
            if kind != Some("blob") {
                continue;
            }
            if let (Some(name), Some(id)) = (type_name(file), id) {
                blobs.push((name.to_string(), id.to_string()));
            }
        }
        let mut docs = BTreeMap::new();
        if blobs.is_empty() {
            return Ok(Self { docs });
        }
        let mut child = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| SourceError::GitSpawn {
                dir: dir.to_path_buf(),
                source,
            })?;
        let spawn_err = |source| SourceError::GitSpawn {
            dir: dir.to_path_buf(),
            source,
        };
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| spawn_err(std::io::Error::other("no stdin")))?;
        let ids: String = blobs.iter().map(|(_, id)| format!("{id}\n")).collect();
        // The ids are small; git answers after reading each line, and the writer thread keeps a
        // large list from deadlocking against a full stdout pipe.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(ids.as_bytes());
        });
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| spawn_err(std::io::Error::other("no stdout")))?;
        let mut r = BufReader::new(stdout);
        for (name, _) in &blobs {
            let mut header = String::new();
            r.read_line(&mut header).map_err(spawn_err)?;
            let size: usize = header
                .split_whitespace()
                .nth(2)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| SourceError::Git {
                    dir: dir.to_path_buf(),
                    what: "cat-file --batch".into(),
                    stderr: format!("unexpected answer {:?}", header.trim()),
                })?;
            let mut body = vec![0; size + 1];
            r.read_exact(&mut body).map_err(spawn_err)?;
            body.pop();
            let doc = serde_json::from_slice(&body).map_err(|source| SourceError::Json {
                origin: format!("{rev}:{name}.json"),
                source,
            })?;
            docs.insert(name.clone(), doc);
        }
        let _ = writer.join();
        let _ = child.wait();
        Ok(Self { docs })
    }
}
