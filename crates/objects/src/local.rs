//! Tidying a local store folder after a failed upload.
//!
//! object_store's local store creates the folders of a key before it
//! stages the upload and, on abort, removes only the staged file. This
//! removes the folders it left empty, so a failed upload leaves nothing.

use std::path::{Path as FsPath, PathBuf};

use object_store::path::Path;

/// Removes the empty folders between the object at `path` and `root`
/// (exclusive), innermost first, stopping at the first non-empty one.
pub(crate) async fn remove_empty_parents(root: &FsPath, path: &Path) {
    let file = file_path(root, path);
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == root || !current.starts_with(root) {
            return;
        }
        // Fails, harmlessly, when another upload put something there.
        if tokio::fs::remove_dir(current).await.is_err() {
            return;
        }
        dir = current.parent();
    }
}

/// Where the local store keeps `path` (on Unix: segments as folders).
fn file_path(root: &FsPath, path: &Path) -> PathBuf {
    let mut file = root.to_path_buf();
    file.extend(path.parts().map(|part| part.as_ref().to_owned()));
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn removes_only_empty_folders_below_the_root() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        std::fs::create_dir_all(root.join("a/b/c")).unwrap();
        std::fs::write(root.join("a/keep"), b"x").unwrap();
        let path = Path::parse("a/b/c/object").unwrap();
        remove_empty_parents(root, &path).await;
        assert!(!root.join("a/b").exists());
        assert!(root.join("a/keep").exists());
        assert!(root.exists());
    }
}
