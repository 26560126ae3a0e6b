//! The UI's routes driven in process, without a browser: an app on a
//! fresh data directory, sessions by role, requests with the cookie.

#![allow(dead_code)]

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, header};
use axum::response::Response;
use honeygrid_app::{App, Config};
use honeygrid_store::access::Role;
use tower::ServiceExt;

/// The app and the folder it keeps its data in.
pub struct Ui {
    pub app: App,
    _dir: tempfile::TempDir,
}

impl Ui {
    pub async fn new() -> Ui {
        let dir = tempfile::tempdir().expect("a temp dir");
        let config = Config::embedded(dir.path().to_path_buf());
        let app = App::open(config).await.expect("opens");
        Ui { app, _dir: dir }
    }

    pub fn router(&self) -> Router {
        honeygrid_web::routes().with_state(self.app.clone())
    }

    /// A session secret for `email` with `role` in workspace `ws`.
    pub async fn session(&self, ws: &str, email: &str, role: Role) -> String {
        let db = &self.app.db;
        let workspace = match db.workspace_by_name(ws).await.expect("reads") {
            Some(w) => w,
            None => db.create_workspace(ws).await.expect("creates"),
        };
        let user = db.ensure_user(email).await.expect("a user");
        db.grant(&workspace.id, &user, role).await.expect("grants");
        db.create_session(&user, &workspace.id)
            .await
            .expect("a session")
    }

    pub async fn send(&self, request: Request<Body>) -> Response {
        self.router().oneshot(request).await.expect("answers")
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Response {
        let mut request = Request::get(path);
        if let Some(secret) = cookie {
            request =
                request.header(header::COOKIE, format!("hg_session={secret}"));
        }
        self.send(request.body(Body::empty()).expect("a request"))
            .await
    }

    /// A same-site form post with the session `secret`.
    pub async fn post(&self, path: &str, secret: &str, form: &str) -> Response {
        let request = Request::post(path)
            .header(header::COOKIE, format!("hg_session={secret}"))
            .header(header::HOST, "h:1")
            .header(header::ORIGIN, "http://h:1")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_owned()))
            .expect("a request");
        self.send(request).await
    }
}

pub async fn text(response: Response) -> String {
    let bytes = to_bytes(response.into_body(), 1 << 24).await.expect("body");
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

pub fn header_of<'a>(response: &'a Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}
