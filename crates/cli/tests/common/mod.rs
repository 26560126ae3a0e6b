//! Running the `honeygrid` binary in tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).expect("stdout is JSON")
    }
}

/// Runs `honeygrid ARGS`.
pub fn honeygrid(args: &[&str]) -> Run {
    honeygrid_with_stdin(args, None)
}

/// Runs `honeygrid ARGS` with `input` on standard input.
pub fn honeygrid_with_stdin(args: &[&str], input: Option<&[u8]>) -> Run {
    honeygrid_full(args, input, &[])
}

/// Runs `honeygrid ARGS` with extra environment variables.
pub fn honeygrid_with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    honeygrid_full(args, None, env)
}

fn honeygrid_full(
    args: &[&str],
    input: Option<&[u8]>,
    env: &[(&str, &str)],
) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_honeygrid"));
    cmd.envs(env.iter().copied());
    cmd.args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(input) = input {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        // A command that refuses its input may close stdin early.
        match stdin.write_all(input) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.expect("stdin accepts the input"),
        }
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("the binary finishes");
    Run {
        code: status.code().expect("exited normally"),
        stdout,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A temporary directory with helpers to write files into it.
pub struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("writes the file");
        path
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A path as a `&str` argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// The fixtures directory.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Ingests `path` quietly with extra args, asserting success; returns
/// the JSON output bytes.
pub fn ingest_ok(path: &Path, extra: &[&str]) -> Vec<u8> {
    let mut args = vec!["ingest", arg(path), "--quiet"];
    args.extend_from_slice(extra);
    let run = honeygrid(&args);
    assert_eq!(run.code, 0, "ingest failed: {}", run.stderr);
    run.stdout
}

/// A JSON file written by a run (`--summary-json`).
pub fn read_json(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).expect("the file was written");
    serde_json::from_slice(&bytes).expect("the file is JSON")
}
