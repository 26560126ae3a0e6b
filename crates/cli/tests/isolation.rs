//! Isolation, walked from the API's own OpenAPI document so that no
//! endpoint is missed: for every operation, the owner of another
//! workspace gets 404 and never data, a viewer reads (200) but changes
//! nothing (403), and a request without a credential gets 401.

mod common;
mod support;

use serde_json::{Value, json};
use support::stack::{Stack, on_every_setup};
use support::{Api, Form, Reply, Upload};

const CSV: &str = "customer_id,zip,revenue,orders\n\
    1,02139,100,2\n\
    2,10001,300,1\n";

/// The ids of the owner's records, by the path parameter they fill.
struct Records {
    source: Upload,
    grid: String,
    grid_version: String,
}

impl Records {
    fn make(owner: &Api) -> Records {
        let form = Form::new()
            .text("type", "csv_feed")
            .file("crm.csv", CSV.as_bytes());
        let source =
            Upload::from_reply(owner.post_form("/api/data-sources", &form));
        owner.wait_ready(&source);
        owner.wait_run_ended(&source.workflow);
        let grid = owner
            .send_json(
                "POST",
                "/api/grids",
                &json!({
                    "name": "g",
                    "targeting_filters": {"all": [{
                        "data_source_id": source.data_source,
                        "metric": "orders", "op": ">", "value": 0,
                    }]},
                }),
            )
            .ok_json(201);
        Records {
            grid: grid["id"].as_str().expect("grid id").to_owned(),
            grid_version: grid["current_version_id"]
                .as_str()
                .expect("version id")
                .to_owned(),
            source,
        }
    }

    /// The path with its parameters filled, and a query where the
    /// operation needs one.
    fn fill(&self, path: &str) -> String {
        let (id, vid) = if path.starts_with("/api/grids") {
            (self.grid.as_str(), self.grid_version.as_str())
        } else if path.starts_with("/api/workflows") {
            (self.source.workflow.as_str(), "")
        } else {
            (
                self.source.data_source.as_str(),
                self.source.version.as_str(),
            )
        };
        let mut filled = path.replace("{id}", id).replace("{vid}", vid);
        if filled.ends_with("/compare") {
            let v = if path.starts_with("/api/grids") {
                &self.grid_version
            } else {
                &self.source.version
            };
            filled.push_str(&format!("?from={v}&to={v}"));
        }
        filled
    }

    fn ids(&self) -> [&str; 4] {
        [
            &self.source.data_source,
            &self.source.version,
            &self.grid,
            &self.grid_version,
        ]
    }
}

/// Sends an operation with a body of the kind it takes.
fn call(api: &Api, method: &str, path: &str) -> Reply {
    let method = method.to_uppercase();
    let takes_file = path.starts_with("/api/data-sources")
        && (path.ends_with("/versions") || path == "/api/data-sources");
    match method.as_str() {
        "POST" if takes_file => {
            let form = Form::new().file("again.csv", CSV.as_bytes());
            api.post_form(path, &form)
        }
        "POST" | "PUT" | "PATCH" => {
            api.send_json(&method, path, &json!({"auto_update": false}))
        }
        _ => api.send(&method, path, None),
    }
}

fn operations(api: &Api) -> Vec<(String, String)> {
    let doc = api.get_json("/api/openapi.json");
    let paths = doc["paths"].as_object().expect("paths");
    let mut ops = Vec::new();
    for (path, methods) in paths {
        for method in methods.as_object().expect("methods").keys() {
            ops.push((method.clone(), path.clone()));
        }
    }
    assert!(ops.len() >= 20, "{ops:?}");
    ops
}

#[test]
fn every_endpoint_keeps_workspaces_apart_and_viewers_reading() {
    on_every_setup(&[], |stack: &Stack| {
        let records = Records::make(&stack.owner);
        let uploads = stack.stored_uploads();
        for (method, template) in operations(&stack.owner) {
            let path = records.fill(&template);
            let what = format!("{method} {path}");
            let anonymous = call(&stack.anonymous, &method, &path);
            anonymous.problem(401);

            // A collection POST by the stranger would rightly create
            // a record in their own workspace; every other call is
            // about the owner's records.
            if template.contains('{') || method == "get" {
                let theirs = call(&stack.stranger, &method, &path);
                // Only what the request itself named may come back.
                let text = theirs.text();
                for id in records.ids().iter().filter(|i| !path.contains(*i)) {
                    assert!(!text.contains(id), "{what}: {text}");
                }
                assert!(!text.contains("customerCount"), "{what}: {text}");
                if template.contains('{') {
                    theirs.problem(404);
                } else {
                    assert_eq!(theirs.status, 200, "{what}");
                }
            }

            let viewer = call(&stack.viewer, &method, &path);
            if method == "get" {
                assert_eq!(viewer.status, 200, "{what}: {}", viewer.text());
            } else {
                viewer.problem(403);
            }
        }
        let listed = stack.stranger.get_json("/api/data-sources");
        assert_eq!(listed["data"], Value::Array(vec![]));
        if let Some(before) = uploads {
            let after = stack.stored_uploads().expect("a folder");
            assert_eq!(after, before, "no refused upload was kept");
        }
        let grid = stack
            .owner
            .get_json(&format!("/api/grids/{}", records.grid));
        assert_eq!(grid["auto_update"], false, "nothing was changed");
    });
}
