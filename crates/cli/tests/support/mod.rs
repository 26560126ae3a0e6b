//! Running real `honeygrid serve` and `honeygrid worker` processes in
//! tests: starting them on free ports with their output in files,
//! killing them (SIGKILL or SIGTERM), talking to the API over HTTP,
//! and fresh PostgreSQL databases to point them at.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub mod stack;

use serde_json::Value;

/// How long a test waits for anything before it fails.
pub const PATIENCE: Duration = Duration::from_secs(180);

/// Polls `probe` every `every` until it gives a value; panics with
/// `what` after `PATIENCE`.
pub fn wait_for<T>(
    what: &str,
    every: Duration,
    mut probe: impl FnMut() -> Option<T>,
) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "gave up after {PATIENCE:?} waiting for {what}"
        );
        std::thread::sleep(every);
    }
}

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").expect("binds a port");
    listener.local_addr().expect("has an address").port()
}

/// A running `honeygrid` process, its standard output and error going
/// to files. Dropping it kills it; if the test is failing, the end of
/// its output is printed first.
pub struct Proc {
    /// What the test calls it, for messages.
    pub name: String,
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
    exited: Option<ExitStatus>,
}

impl Proc {
    /// Starts `honeygrid ARGS` with `env` (and no other `HONEYGRID_*`
    /// variable of the test's environment); output goes to
    /// `logs/NAME.out` and `logs/NAME.err`.
    pub fn start(
        name: &str,
        args: &[&str],
        env: &[(&str, String)],
        logs: &Path,
    ) -> Proc {
        std::fs::create_dir_all(logs).expect("a log folder");
        let stdout = unused(logs, name, "out");
        let stderr = unused(logs, name, "err");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_honeygrid"));
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("HONEYGRID_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("HONEYGRID_LOG", "info")
            .env("NO_COLOR", "1")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .args(args)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).expect("a log file"))
            .stderr(std::fs::File::create(&stderr).expect("a log file"));
        let child = cmd.spawn().expect("the binary starts");
        Proc {
            name: name.to_owned(),
            child,
            stdout,
            stderr,
            exited: None,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Everything it wrote to standard output so far.
    pub fn stdout(&self) -> String {
        std::fs::read_to_string(&self.stdout).unwrap_or_default()
    }

    /// Everything it wrote to standard error (its log) so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Its exit status, if it has ended.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        if self.exited.is_none() {
            self.exited = self.child.try_wait().expect("try_wait");
        }
        self.exited
    }

    /// Panics, with its log, if it has ended.
    pub fn assert_alive(&mut self) {
        if let Some(status) = self.exited() {
            panic!(
                "{} ended ({status}) unexpectedly; its log:\n{}\n{}",
                self.name,
                self.stdout(),
                tail(&self.stderr(), 60)
            );
        }
    }

    /// Kills it with SIGKILL (`kill -9`) and reaps it.
    pub fn kill9(&mut self) {
        if self.exited().is_none() {
            self.child.kill().expect("SIGKILL");
        }
        self.exited = Some(self.child.wait().expect("reaped"));
    }

    /// Sends SIGTERM (`kill -TERM PID`), a graceful stop.
    pub fn terminate(&mut self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -TERM {} failed", self.pid());
    }

    /// Waits for it to end; panics after `PATIENCE`.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let what = format!("{} to end", self.name);
        wait_for(&what, Duration::from_millis(50), || self.exited())
    }

    /// Waits until its standard output or error contains `text`.
    pub fn wait_output(&mut self, text: &str) -> String {
        let what = format!("{} to print {text:?}", self.name);
        wait_for(&what, Duration::from_millis(50), || {
            let both = self.stdout() + &self.stderr();
            if both.contains(text) {
                return Some(both);
            }
            self.assert_alive();
            None
        })
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "--- {} (pid {}) stdout:\n{}\n--- {} stderr (end):\n{}",
                self.name,
                self.pid(),
                self.stdout(),
                self.name,
                tail(&self.stderr(), 40)
            );
        }
        if self.exited().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `logs/NAME.EXT`, or `logs/NAME-2.EXT` ... when a process of that
/// name ran before (a restart keeps the first one's log).
fn unused(logs: &Path, name: &str, ext: &str) -> PathBuf {
    let mut path = logs.join(format!("{name}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = logs.join(format!("{name}-{n}.{ext}"));
        n += 1;
    }
    path
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// `honeygrid serve` (or `serve --no-workers`) with its API address.
pub struct Server {
    /// The process.
    pub proc: Proc,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Starts `honeygrid serve EXTRA...` on a free port and waits until
    /// it listens (and, on an empty database, has printed its first
    /// API token).
    pub fn start(
        name: &str,
        extra: &[&str],
        env: &[(&str, String)],
        logs: &Path,
    ) -> Server {
        for _ in 0..5 {
            let address = format!("127.0.0.1:{}", free_port());
            let mut args = vec!["serve", "--listen", &address];
            args.extend_from_slice(extra);
            let mut proc = Proc::start(name, &args, env, logs);
            let up = wait_for(
                &format!("{name} to listen"),
                Duration::from_millis(50),
                || {
                    let out = proc.stdout();
                    if out.contains("HoneyGrid is listening on") {
                        return Some(true);
                    }
                    proc.exited()?;
                    Some(false)
                },
            );
            if !up {
                // Another test may have taken the port meanwhile.
                assert!(
                    proc.stderr().contains("cannot listen"),
                    "{name} did not start:\n{}",
                    proc.stderr()
                );
                continue;
            }
            let base = format!("http://{address}");
            return Server { proc, base };
        }
        panic!("{name} found no free port");
    }

    /// The API token printed on the first start, once it is printed.
    pub fn first_token(&mut self) -> String {
        const MARK: &str = "API token (shown only now; keep it): ";
        let out = self.proc.wait_output(MARK);
        let line = out.lines().find(|l| l.contains(MARK)).expect("line");
        let token = line.split(MARK).nth(1).expect("token").trim();
        assert!(token.starts_with("hgt_"), "a token: {token}");
        token.to_owned()
    }
}

/// An API client for one server and token.
pub struct Api {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    token: String,
}

impl Api {
    /// A client of `base` authenticated with `token`.
    pub fn new(base: &str, token: &str) -> Api {
        // A fresh connection per request: a server may close one after
        // refusing a request whose body it did not read, and a pooled
        // connection reused then fails with "peer disconnected".
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .max_idle_connections(0)
            .build();
        Api {
            agent: config.into(),
            base: base.to_owned(),
            token: token.to_owned(),
        }
    }

    /// `METHOD PATH` with an optional body and its content type; the
    /// bearer token unless the client was made with an empty one.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Reply {
        let url = format!("{}{path}", self.base);
        let mut request =
            ureq::http::Request::builder().method(method).uri(&url);
        if !self.token.is_empty() {
            let auth = format!("Bearer {}", self.token);
            request = request.header("Authorization", auth);
        }
        let (content_type, bytes) = body.unwrap_or(("", &[]));
        if !content_type.is_empty() {
            request = request.header("Content-Type", content_type);
        }
        let request = request.body(bytes.to_vec()).expect("a request");
        let mut response = self
            .agent
            .run(request)
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let header = |name: &str| {
            let value = response.headers().get(name);
            value.and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
        };
        let content_type = header("content-type");
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(1 << 32)
            .read_to_vec()
            .unwrap_or_else(|e| panic!("{method} {url}: body: {e}"));
        Reply {
            status,
            content_type,
            body,
            what: format!("{method} {path}"),
        }
    }

    /// `GET PATH`: the status and the whole body.
    pub fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let reply = self.send("GET", path, None);
        (reply.status, reply.body)
    }

    /// `GET PATH`, which must answer 200 with JSON.
    pub fn get_json(&self, path: &str) -> Value {
        self.send("GET", path, None).ok_json(200)
    }

    /// `METHOD PATH` with a JSON body.
    pub fn send_json(&self, method: &str, path: &str, body: &Value) -> Reply {
        let bytes = serde_json::to_vec(body).expect("JSON");
        self.send(method, path, Some(("application/json", &bytes)))
    }

    /// `POST PATH` with a multipart form.
    pub fn post_form(&self, path: &str, form: &Form) -> Reply {
        let content_type = form.content_type();
        self.send("POST", path, Some((&content_type, &form.body())))
    }

    /// `POST /api/data-sources` with `file` as the multipart field
    /// `file`; must answer 201. Returns the answer
    /// (`{dataSource, version, workflowId}`).
    pub fn upload(&self, file: &Path) -> Upload {
        let form = Form::new().file_at(file);
        Upload::from_reply(self.post_form("/api/data-sources", &form))
    }
    /// `GET /api/workflows/{id}`.
    pub fn workflow(&self, id: &str) -> Value {
        self.get_json(&format!("/api/workflows/{id}"))
    }

    /// `GET /api/data-sources/{id}/versions/{vid}`.
    pub fn version(&self, upload: &Upload) -> Value {
        self.get_json(&format!(
            "/api/data-sources/{}/versions/{}",
            upload.data_source, upload.version
        ))
    }

    /// Waits until the upload's version is `ready`; panics when it
    /// fails.
    pub fn wait_ready(&self, upload: &Upload) -> Value {
        wait_for(
            "the version to be ready",
            Duration::from_millis(100),
            || {
                let version = self.version(upload);
                match version["status"].as_str() {
                    Some("ready") => Some(version),
                    Some("failed") => panic!(
                        "the version failed: {}\nits run: {}",
                        version["status_message"],
                        self.workflow(&upload.workflow)
                    ),
                    _ => None,
                }
            },
        )
    }

    /// Waits until run `id` has ended (the version is marked `ready`
    /// by a step, a moment before the run records its own end).
    pub fn wait_run_ended(&self, id: &str) -> Value {
        wait_for("the run to end", Duration::from_millis(50), || {
            let view = self.workflow(id);
            let status = view["status"].as_str().unwrap_or_default();
            (status == "completed" || status == "failed").then_some(view)
        })
    }

    /// `GET /api/data-sources/{id}/data`: the aggregate's bytes.
    pub fn aggregate(&self, upload: &Upload) -> Vec<u8> {
        let path = format!("/api/data-sources/{}/data", upload.data_source);
        let (status, body) = self.get(&path);
        assert_eq!(
            status,
            200,
            "GET {path}: {}",
            String::from_utf8_lossy(&body)
        );
        body
    }
}

/// What an upload answered.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The data source's id.
    pub data_source: String,
    /// Its version's id.
    pub version: String,
    /// The run processing it.
    pub workflow: String,
    /// The upload's object key.
    pub file_path: String,
}

impl Upload {
    /// The ids in a 201 answer to an upload.
    pub fn from_reply(reply: Reply) -> Upload {
        let created = reply.ok_json(201);
        let field = |v: &Value| v.as_str().expect("a string id").to_owned();
        Upload {
            data_source: field(&created["dataSource"]["id"]),
            version: field(&created["version"]["id"]),
            workflow: field(&created["workflowId"]),
            file_path: field(&created["version"]["file_path"]),
        }
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: String,
    /// The whole body.
    pub body: Vec<u8>,
    /// `METHOD PATH`, for messages.
    pub what: String,
}

impl Reply {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON, which the status must be `status`.
    pub fn ok_json(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}: {}", self.what, self.text());
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{}: not JSON ({e}): {}", self.what, self.text())
        })
    }

    /// The problem document of an error answer with `status`; checks
    /// it is one (media type, type, title, status, a detail).
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}: {}", self.what, self.text());
        assert_eq!(
            self.content_type,
            "application/problem+json",
            "{}: {}",
            self.what,
            self.text()
        );
        let doc: Value = serde_json::from_slice(&self.body).expect("JSON");
        assert_eq!(doc["status"], status, "{}: {doc}", self.what);
        for field in ["type", "title", "detail"] {
            let text = doc[field].as_str().unwrap_or_default();
            assert!(!text.is_empty(), "{}: no {field}: {doc}", self.what);
        }
        doc
    }
}

/// A multipart/form-data body built by hand (so tests can also send
/// broken ones).
#[derive(Debug, Clone)]
pub struct Form {
    boundary: String,
    parts: Vec<u8>,
}

impl Default for Form {
    fn default() -> Self {
        Form::new()
    }
}

impl Form {
    /// An empty form.
    pub fn new() -> Form {
        Form {
            boundary: format!("hgtest{}", uuid_like()),
            parts: Vec::new(),
        }
    }

    /// Adds a text field.
    pub fn text(mut self, name: &str, value: &str) -> Form {
        self.head(&format!("name=\"{name}\""), None);
        self.parts.extend_from_slice(value.as_bytes());
        self.parts.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a file field named `file`.
    pub fn file(mut self, file_name: &str, bytes: &[u8]) -> Form {
        let disposition = format!("name=\"file\"; filename=\"{file_name}\"");
        self.head(&disposition, Some("text/csv"));
        self.parts.extend_from_slice(bytes);
        self.parts.extend_from_slice(b"\r\n");
        self
    }

    /// Adds the file at `path` as the field `file`.
    pub fn file_at(self, path: &Path) -> Form {
        let name = path.file_name().expect("a name").to_string_lossy();
        let bytes = std::fs::read(path).expect("reads the file");
        self.file(&name, &bytes)
    }

    fn head(&mut self, disposition: &str, content_type: Option<&str>) {
        let boundary = &self.boundary;
        let mut head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n"
        );
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        self.parts.extend_from_slice(head.as_bytes());
    }

    /// `multipart/form-data; boundary=...`.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The whole body, closed.
    pub fn body(&self) -> Vec<u8> {
        let mut body = self.parts.clone();
        body.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        body
    }
}

/// A unique enough string for multipart boundaries and names.
pub fn uuid_like() -> String {
    honeygrid_store::new_id().replace('-', "")
}

/// Asserts two aggregates are the same bytes, without printing
/// megabytes when they are not.
pub fn assert_same_bytes(got: &[u8], want: &[u8], what: &str) {
    if got == want {
        return;
    }
    let at = got
        .iter()
        .zip(want)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    let around = |b: &[u8]| {
        let from = at.saturating_sub(80);
        String::from_utf8_lossy(&b[from..(at + 80).min(b.len())]).into_owned()
    };
    panic!(
        "{what}: {} bytes, expected {}; first difference at byte {at}:\n\
         got:      {}\nexpected: {}",
        got.len(),
        want.len(),
        around(got),
        around(want)
    );
}

/// A fresh PostgreSQL database, dropped at the end unless the test
/// failed (then its name is printed, to look at).
pub struct PgDb {
    /// Its URL, for the processes.
    pub url: String,
    name: String,
    admin: String,
    rt: tokio::runtime::Runtime,
    db: Option<honeygrid_store::Db>,
}

impl PgDb {
    /// Creates `hg_crash_<uuid>` on the test server (the store's
    /// `HONEYGRID_TEST_POSTGRES`, default postgres@127.0.0.1:5432), or
    /// `None` when PostgreSQL tests are turned off.
    pub fn create() -> Option<PgDb> {
        let admin = honeygrid_store::testing::postgres_admin_url()?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let name = format!("hg_crash_{}", uuid_like());
        let url = url_with_db(&admin, &name);
        rt.block_on(async {
            let db = honeygrid_store::Db::connect(&admin)
                .await
                .unwrap_or_else(|e| panic!("PostgreSQL at {admin}: {e}"));
            honeygrid_store::on_db!(&db, pool => {
                let sql = format!("CREATE DATABASE {name}");
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(pool)
                    .await
                    .expect("CREATE DATABASE");
            });
            db.close().await;
        });
        let db = rt.block_on(honeygrid_store::Db::connect(&url));
        let db = db.expect("connects to the new database");
        Some(PgDb {
            url,
            name,
            admin,
            rt,
            db: Some(db),
        })
    }

    /// `workflow_runs.lease_owner` of run `id`: the worker holding it
    /// now, `host:pid:uuid`.
    pub fn lease_owner(&self, id: &str) -> Option<String> {
        let db = self.db.as_ref().expect("open");
        self.rt.block_on(async {
            honeygrid_store::on_db!(db, pool => {
                sqlx::query_scalar::<_, Option<String>>(
                    "SELECT lease_owner FROM workflow_runs WHERE id = $1",
                )
                .bind(id)
                .fetch_one(pool)
                .await
                .expect("reads the run")
            })
        })
    }

    /// `SELECT COUNT(*) FROM TABLE`.
    pub fn count(&self, table: &str) -> i64 {
        let db = self.db.as_ref().expect("open");
        self.rt.block_on(async {
            honeygrid_store::on_db!(db, pool => {
                let sql = format!("SELECT COUNT(*) FROM {table}");
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                    .fetch_one(pool)
                    .await
                    .expect("counts")
            })
        })
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Some(db) = self.db.take() {
            self.rt.block_on(db.close());
        }
        if std::thread::panicking() {
            eprintln!("--- PostgreSQL database kept: {}", self.name);
            return;
        }
        let (admin, name) = (self.admin.clone(), self.name.clone());
        self.rt.block_on(async move {
            let Ok(db) = honeygrid_store::Db::connect(&admin).await else {
                return;
            };
            honeygrid_store::on_db!(&db, pool => {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(pool)
                    .await;
            });
            db.close().await;
        });
    }
}

/// `admin`'s URL with its database replaced by `name`.
fn url_with_db(admin: &str, name: &str) -> String {
    let mut url = url::Url::parse(admin).expect("a PostgreSQL URL");
    url.set_path(name);
    url.to_string()
}

/// A SQLite database file opened for a look at a stopped service's
/// state.
pub fn sqlite_query<T>(path: &Path, sql: &'static str, bind: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
        + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
        + Send
        + Unpin,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let url = format!("sqlite://{}", path.display());
        let db = honeygrid_store::Db::connect(&url).await.expect("opens");
        let rows: Vec<T> = honeygrid_store::on_db!(&db, pool => {
            sqlx::query_as(sql)
                .bind(bind)
                .fetch_all(pool)
                .await
                .expect("queries")
        });
        db.close().await;
        rows
    })
}

/// `honeygrid sample --rows ROWS --seed SEED` written to `dir/name`.
pub fn sample(dir: &Path, name: &str, rows: u64, seed: u64) -> PathBuf {
    let path = dir.join(name);
    let run = crate::common::honeygrid(&[
        "sample",
        "--rows",
        &rows.to_string(),
        "--seed",
        &seed.to_string(),
        "-o",
        crate::common::arg(&path),
    ]);
    assert_eq!(run.code, 0, "sample failed: {}", run.stderr);
    path
}
