//! The setups the API suite runs on: every pairing of a database
//! (SQLite, PostgreSQL) with an object store (a local folder, the S3
//! test server), each a real `honeygrid serve` on a fresh data
//! directory, with tokens for its owner, a viewer, and the owner of
//! another workspace.

use std::fmt;
use std::path::{Path, PathBuf};

use super::{Api, PgDb, Server};

/// Where a setup keeps its metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Database {
    /// The embedded SQLite file.
    Sqlite,
    /// A fresh database on the test PostgreSQL server.
    Postgres,
}

/// Where a setup keeps its objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// A local folder.
    Folder,
    /// A prefix in the S3 test server's bucket.
    S3,
}

/// One pairing.
#[derive(Debug, Clone, Copy)]
pub struct Setup {
    /// The database.
    pub database: Database,
    /// The object store.
    pub storage: Storage,
}

impl fmt::Display for Setup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} + {:?}", self.database, self.storage)
    }
}

/// The S3 test prefix (`HONEYGRID_TEST_S3_URL`), set by
/// `scripts/test.sh` once the S3 test server runs.
fn s3_base() -> Option<String> {
    std::env::var("HONEYGRID_TEST_S3_URL").ok()
}

/// Every pairing this machine can run. PostgreSQL is skipped when
/// `HONEYGRID_TEST_POSTGRES=off`, S3 when `HONEYGRID_TEST_S3_URL` is
/// not set; each skip is printed.
pub fn setups() -> Vec<Setup> {
    let pg = honeygrid_store::testing::postgres_admin_url().is_some();
    let s3 = s3_base().is_some();
    if !pg {
        eprintln!("PostgreSQL setups skipped (HONEYGRID_TEST_POSTGRES=off)");
    }
    if !s3 {
        eprintln!("S3 setups skipped (HONEYGRID_TEST_S3_URL is not set)");
    }
    let mut all = Vec::new();
    for database in [Database::Sqlite, Database::Postgres] {
        for storage in [Storage::Folder, Storage::S3] {
            let wanted = (database == Database::Sqlite || pg)
                && (storage == Storage::Folder || s3);
            if wanted {
                all.push(Setup { database, storage });
            }
        }
    }
    all
}

/// A running service on one setup, with its clients.
pub struct Stack {
    /// Which setup.
    pub setup: Setup,
    /// The owner of workspace `default`.
    pub owner: Api,
    /// A viewer of workspace `default`.
    pub viewer: Api,
    /// The owner of another workspace, `other`.
    pub stranger: Api,
    /// No credential at all.
    pub anonymous: Api,
    /// The object folder, when the setup keeps objects in one.
    pub objects: Option<PathBuf>,
    env: Vec<(&'static str, String)>,
    // The server ends before its database is dropped.
    server: Server,
    _pg: Option<PgDb>,
    root: tempfile::TempDir,
}

impl Stack {
    /// Starts `honeygrid serve` on `setup`, with `extra` environment.
    pub fn start(setup: Setup, extra: &[(&'static str, String)]) -> Stack {
        let root = tempfile::tempdir().expect("a temp dir");
        let data = root.path().join("data");
        let mut env = vec![("HONEYGRID_DATA_DIR", path_text(&data))];
        let pg = match setup.database {
            Database::Sqlite => None,
            Database::Postgres => PgDb::create(),
        };
        if let Some(pg) = &pg {
            env.push(("HONEYGRID_DATABASE_URL", pg.url.clone()));
        }
        let objects = match setup.storage {
            Storage::Folder => Some(data.join("objects")),
            Storage::S3 => {
                let base = s3_base().expect("S3 setups need the S3 server");
                let prefix = super::uuid_like();
                let url = format!("{}/{prefix}", base.trim_end_matches('/'));
                env.push(("HONEYGRID_STORAGE_URL", url));
                None
            }
        };
        env.extend(extra.iter().cloned());
        let logs = root.path().join("logs");
        let mut server = Server::start("serve", &[], &env, &logs);
        let token = server.first_token();
        let mut stack = Stack {
            setup,
            owner: Api::new(&server.base, &token),
            viewer: Api::new(&server.base, ""),
            stranger: Api::new(&server.base, ""),
            anonymous: Api::new(&server.base, ""),
            objects,
            env,
            server,
            _pg: pg,
            root,
        };
        stack.viewer = stack.member("default", "viewer@example.com", "viewer");
        stack.admin(&["workspace", "create", "other"]);
        stack.stranger = stack.member("other", "owner@other.example", "owner");
        stack
    }

    /// Adds `email` to `workspace` with `role` and returns a client
    /// with a new token of theirs.
    pub fn member(&self, workspace: &str, email: &str, role: &str) -> Api {
        let add = ["user", "add", email, "--workspace", workspace];
        self.admin(&[&add[..], &["--role", role]].concat());
        let token = self.admin(&[
            "token",
            "create",
            "--workspace",
            workspace,
            "--email",
            email,
        ]);
        Api::new(&self.server.base, token.trim())
    }

    /// Runs an admin command on this stack's database; its stdout.
    pub fn admin(&self, args: &[&str]) -> String {
        let env: Vec<(&str, &str)> =
            self.env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let run = crate::common::honeygrid_with_env(args, &env);
        assert_eq!(run.code, 0, "honeygrid {args:?}: {}", run.stderr);
        run.stdout_text()
    }

    /// A scratch folder for the test's files.
    pub fn scratch(&self) -> &Path {
        self.root.path()
    }

    /// Keys under `uploads/` in the object folder (`None` on S3).
    pub fn stored_uploads(&self) -> Option<usize> {
        let dir = self.objects.as_ref()?.join("uploads");
        Some(std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0))
    }
}

fn path_text(path: &Path) -> String {
    path.to_str().expect("a UTF-8 path").to_owned()
}

/// Runs `test` on a fresh stack of every setup, naming the setup when
/// it fails.
pub fn on_every_setup(extra: &[(&'static str, String)], test: impl Fn(&Stack)) {
    for setup in setups() {
        eprintln!("== on {setup}");
        let stack = Stack::start(setup, extra);
        test(&stack);
    }
}
