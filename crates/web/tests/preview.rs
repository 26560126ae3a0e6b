//! The upload dialog's column preview without a browser: the roles
//! processing would give, a correction applied, a problem said when no
//! column can place rows, refusals as JSON, and viewers refused.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use honeygrid_store::access::Role;
use serde_json::Value;

mod common;

use common::{Ui, text};

async fn preview(
    ui: &Ui,
    secret: &str,
    query: &str,
    body: &[u8],
) -> (StatusCode, Value) {
    let request = Request::post(format!("/data-sources/preview?{query}"))
        .header(header::COOKIE, format!("hg_session={secret}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(body.to_vec()))
        .expect("a request");
    let response = ui.send(request).await;
    let status = response.status();
    let json = serde_json::from_str(&text(response).await).expect("JSON");
    (status, json)
}

fn roles(answer: &Value) -> Vec<&str> {
    answer["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["role"].as_str().expect("a role"))
        .collect()
}

#[tokio::test]
async fn columns_get_the_roles_processing_gives_them() {
    let ui = Ui::new().await;
    let editor = ui
        .session("default", "editor@example.com", Role::Editor)
        .await;
    let file = b"customer_id;Postal;sales;notes\n1;02139;10;hi\n2;10001;4;x\n";
    let (status, found) = preview(&ui, &editor, "complete=1", file).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["delimiter"], "semicolon");
    // `Postal` is not a known location name and holds numbers: it
    // would be summed, the mistake the user corrects below.
    assert_eq!(roles(&found), ["ignore", "metric", "metric", "ignore"]);
    assert_eq!(found["columns"][0]["note"], "an identifier");
    assert_eq!(found["rows"][1][1], "10001");
    let problem = found["problem"].as_str().expect("a problem");
    assert!(problem.contains("No column places the rows"), "{problem}");
    assert_eq!(found["roles"].as_array().expect("roles").len(), 10);

    // Postal corrected to a ZIP code: rows can be placed.
    let fixed = "complete=1&columns=%7B%22Postal%22%3A%22zip%22%7D";
    let (_, found) = preview(&ui, &editor, fixed, file).await;
    assert_eq!(roles(&found), ["ignore", "zip", "metric", "ignore"]);
    assert_eq!(found["problem"], Value::Null);

    // A cut file leaves its last, partial line out.
    let (_, cut) = preview(&ui, &editor, "complete=0", file).await;
    assert_eq!(cut["rows"].as_array().expect("rows").len(), 2);
    let (_, cut) = preview(&ui, &editor, "complete=0", &file[..50]).await;
    assert_eq!(cut["rows"].as_array().expect("rows").len(), 1);
}

#[tokio::test]
async fn unreadable_files_and_viewers_are_refused_in_words() {
    let ui = Ui::new().await;
    let editor = ui
        .session("default", "editor@example.com", Role::Editor)
        .await;
    let (status, pdf) = preview(&ui, &editor, "", b"%PDF-1.7 ...").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let detail = pdf["detail"].as_str().expect("detail");
    assert!(detail.contains("PDF"), "{detail}");
    let bad = "columns=Postal%3Dplanet";
    let (status, wrong) = preview(&ui, &editor, bad, b"a\n1\n").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{wrong}");
    assert!(wrong["detail"].as_str().expect("detail").contains("planet"));

    let viewer = ui
        .session("default", "viewer@example.com", Role::Viewer)
        .await;
    let (status, _) = preview(&ui, &viewer, "", b"zip\n02139\n").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
