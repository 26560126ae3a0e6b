//! Output files that appear whole or not at all.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::exit::Failure;

/// Writes to a temporary file beside `path`, then renames it, so a
/// failed run never leaves half a file behind.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    let tmp = temp_path(path);
    let result = File::create(&tmp).and_then(|file| {
        let mut out = io::BufWriter::new(file);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()
    });
    let result = result.and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(result.with_context(|| format!("cannot write {}", path.display()))?)
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// A file written under a temporary name beside its final path: it
/// takes that path only when [`PendingFile::keep`] is called, and is
/// removed if the run fails first.
pub struct PendingFile {
    tmp: PathBuf,
    path: PathBuf,
    kept: bool,
}

impl PendingFile {
    /// Creates the temporary file for `path`.
    pub fn create(path: &Path) -> Result<PendingFile, Failure> {
        let tmp = temp_path(path);
        File::create(&tmp)
            .with_context(|| format!("cannot create {}", path.display()))?;
        Ok(PendingFile {
            tmp,
            path: path.to_owned(),
            kept: false,
        })
    }

    /// The temporary file, open for writing.
    pub fn file(&self) -> Result<File, Failure> {
        let file = File::options().write(true).open(&self.tmp);
        Ok(file
            .with_context(|| format!("cannot open {}", self.tmp.display()))?)
    }

    /// Gives the file its final name.
    pub fn keep(mut self) -> Result<(), Failure> {
        std::fs::rename(&self.tmp, &self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
