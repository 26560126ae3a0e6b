//! The API suite: real `honeygrid serve` processes on every setup
//! (SQLite and PostgreSQL, a local folder and the S3 test server),
//! driven over HTTP as a client would. Uploads are processed by the
//! server's own workers; what it serves is compared with what
//! `honeygrid ingest` writes for the same file.

mod common;
mod support;

use std::collections::HashSet;

use serde_json::Value;
use support::stack::{Stack, on_every_setup};
use support::{Api, Form, Upload, assert_same_bytes};

/// A small export with a row of each kind: placed by ZIP, a ZIP that
/// does not exist, no location, an amount written as money.
const SMALL: &str = "customer_id,zip,revenue,orders\n\
    1,02139,100.50,2\n\
    2,02139,\"$1,200.00\",1\n\
    3,10001,300,1\n\
    4,00000,50,1\n\
    5,,20,1\n\
    6,94103,75,1\n";

/// `honeygrid sample --rows ROWS --seed SEED`, in the stack's scratch
/// folder.
fn sample(stack: &Stack, name: &str, rows: u64, seed: u64) -> Vec<u8> {
    let path = support::sample(stack.scratch(), name, rows, seed);
    std::fs::read(&path).expect("the sample")
}

/// What `honeygrid ingest` writes for `bytes` (with `extra` options).
fn ingested(stack: &Stack, bytes: &[u8], extra: &[&str]) -> Vec<u8> {
    let path = stack
        .scratch()
        .join(format!("in-{}.csv", support::uuid_like()));
    std::fs::write(&path, bytes).expect("writes the file");
    common::ingest_ok(&path, extra)
}

/// Uploads `bytes` as `file_name` with extra form fields.
fn upload(
    api: &Api,
    file_name: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> Upload {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text(name, value);
    }
    let form = form.file(file_name, bytes);
    Upload::from_reply(api.post_form("/api/data-sources", &form))
}

fn source_path(upload: &Upload) -> String {
    format!("/api/data-sources/{}", upload.data_source)
}

fn version_path(upload: &Upload) -> String {
    format!("{}/versions/{}", source_path(upload), upload.version)
}

fn count(value: &Value, field: &str) -> i64 {
    value[field]
        .as_i64()
        .unwrap_or_else(|| panic!("{field} in {value}"))
}

/// An upload answers 201 at once; the server's worker makes the
/// version ready; the data served is byte for byte what `honeygrid
/// ingest` writes; the version says how rows were placed and the
/// failed-rows report lists the ones that were not.
#[test]
fn an_upload_is_processed_and_served_as_ingest_writes_it() {
    on_every_setup(&[], |stack| {
        let api = &stack.owner;
        let form = Form::new()
            .text("name", "Spring customers")
            .file("spring.csv", SMALL.as_bytes());
        let reply = api.post_form("/api/data-sources", &form);
        let created = reply.ok_json(201);
        assert_eq!(created["dataSource"]["name"], "Spring customers");
        assert_eq!(created["dataSource"]["type"], "csv");
        assert_eq!(created["version"]["version_number"], 1);
        assert_eq!(created["version"]["file_name"], "spring.csv");
        assert_eq!(count(&created["version"], "file_size"), SMALL.len() as i64);
        let up = Upload::from_reply(reply);
        let version = api.wait_ready(&up);

        let (status, served) = api.get(&format!("{}/data", source_path(&up)));
        assert_eq!(status, 200);
        assert_same_bytes(
            &served,
            &ingested(stack, SMALL.as_bytes(), &[]),
            "data",
        );
        let (status, same) = api.get(&format!("{}/data", version_path(&up)));
        assert_eq!((status, &same), (200, &served));

        assert_eq!(count(&version, "total_cells"), 3, "{version}");
        let meta = &version["metadata"];
        assert_eq!(meta["rows_read"], 6, "{meta}");
        assert_eq!(meta["unknown_rows"], 2, "{meta}");
        assert_eq!(meta["precision"]["postal_centroid"], 4, "{meta}");

        let report = api.send(
            "GET",
            &format!("{}/failed-rows", version_path(&up)),
            None,
        );
        assert_eq!(report.status, 200, "{}", report.text());
        assert!(report.content_type.starts_with("text/csv"));
        let text = report.text();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("row,reason,"), "{text}");
        assert_eq!(lines.len(), 3, "header and two rows: {text}");
        assert!(text.contains("00000"), "{text}");

        let run = api.wait_run_ended(&up.workflow);
        assert_eq!(run["status"], "completed", "{run}");
        assert_eq!(run["kind"], "create_data_source_version");

        let listed =
            api.get_json("/api/data-sources?include=currentVersion,versions");
        let data = listed["data"].as_array().expect("data");
        assert_eq!(data.len(), 1, "{listed}");
        assert_eq!(data[0]["status"], "ready");
        assert_eq!(data[0]["currentVersion"]["id"], up.version.as_str());
        assert_eq!(data[0]["versions"].as_array().map(Vec::len), Some(1));
    });
}

/// Pages sorted by a metric, followed by cursor or by offset, give
/// every cell once in order; CSV and GeoJSON carry the same cells.
#[test]
fn pages_sorted_by_a_metric_give_every_cell_once() {
    on_every_setup(&[], |stack| {
        let api = &stack.owner;
        let bytes = sample(stack, "customers.csv", 3000, 5);
        let fields = [("resolution", "7"), ("name", "Sample")];
        let up = upload(api, "customers.csv", &bytes, &fields);
        let version = api.wait_ready(&up);
        let total = count(&version, "total_cells");
        let whole = ingested(stack, &bytes, &["--resolution", "7"]);
        let whole: serde_json::Map<String, Value> =
            serde_json::from_slice(&whole).expect("JSON");
        assert_eq!(whole.len() as i64, total);

        let base = format!("{}/data?limit=97&sort=-revenue", source_path(&up));
        let mut seen = HashSet::new();
        let mut last = i64::MAX;
        let mut next = Some(base.clone());
        while let Some(path) = next {
            let page = api.get_json(&path);
            assert_eq!(count(&page, "total"), total);
            for cell in page["data"].as_array().expect("data") {
                let key = cell["cell"].as_str().expect("cell").to_owned();
                let revenue = count(cell, "revenue");
                assert!(revenue <= last, "sorted by -revenue: {page}");
                last = revenue;
                assert_eq!(whole[&key]["revenue"], cell["revenue"]);
                assert!(seen.insert(key), "a cell twice: {page}");
            }
            next = page["nextCursor"]
                .as_str()
                .map(|c| format!("{base}&cursor={c}"));
        }
        assert_eq!(seen.len() as i64, total);

        let by_offset = api.get_json(&format!("{base}&offset=97"));
        let by_cursor = api.get_json(&base);
        let cursor = by_cursor["nextCursor"].as_str().expect("a next page");
        let second = api.get_json(&format!("{base}&cursor={cursor}"));
        assert_eq!(by_offset["data"], second["data"]);

        let csv = api.send(
            "GET",
            &format!("{}/data?format=csv", source_path(&up)),
            None,
        );
        assert_eq!(csv.status, 200);
        assert!(
            csv.content_type.starts_with("text/csv"),
            "{}",
            csv.content_type
        );
        let text = csv.text();
        assert!(text.starts_with("hex_id,customerCount,"), "{text:.80}");
        assert_eq!(text.lines().count() as i64, total + 1);

        let path = format!(
            "{}/data?format=geojson&limit=10&sort=orders",
            source_path(&up)
        );
        let geo = api.get_json(&path);
        assert_eq!(geo["type"], "FeatureCollection");
        let features = geo["features"].as_array().expect("features");
        assert_eq!(features.len(), 10);
        assert_eq!(features[0]["geometry"]["type"], "Polygon");
    });
}

/// A `csv_feed` data source takes further uploads as new versions; the
/// newest ready one becomes current; two versions compare by totals
/// and cells. A plain `csv` source takes no second file.
#[test]
fn a_csv_feed_takes_new_versions_that_compare() {
    on_every_setup(&[], |stack| {
        let api = &stack.owner;
        let first = sample(stack, "week1.csv", 800, 1);
        let second = sample(stack, "week2.csv", 900, 2);
        let fields = [("type", "csv_feed"), ("name", "Weekly CRM export")];
        let v1 = upload(api, "week1.csv", &first, &fields);
        api.wait_ready(&v1);

        let form = Form::new().file("week2.csv", &second);
        let path = format!("{}/versions", source_path(&v1));
        let v2 = Upload::from_reply(api.post_form(&path, &form));
        assert_eq!(v2.data_source, v1.data_source);
        let version = api.wait_ready(&v2);
        assert_eq!(version["version_number"], 2);

        let versions = api.get_json(&path);
        let ids: Vec<&str> = versions["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|v| v["id"].as_str().expect("id"))
            .collect();
        assert_eq!(ids, [v2.version.as_str(), v1.version.as_str()]);
        let source = api.get_json(&source_path(&v1));
        assert_eq!(source["current_version_id"], v2.version.as_str());
        let (_, current) = api.get(&format!("{}/data", source_path(&v1)));
        assert_same_bytes(&current, &ingested(stack, &second, &[]), "v2");
        let (_, old) = api.get(&format!("{}/data", version_path(&v1)));
        assert_same_bytes(&old, &ingested(stack, &first, &[]), "v1");

        let compare = api.get_json(&format!(
            "{}/versions/compare?from={}&to={}",
            source_path(&v1),
            v1.version,
            v2.version
        ));
        let c = &compare["comparison"];
        let totals = |bytes: &[u8], metric: &str| -> i64 {
            let cells: serde_json::Map<String, Value> =
                serde_json::from_slice(bytes).expect("JSON");
            cells
                .values()
                .map(|c| c[metric].as_i64().unwrap_or(0))
                .sum()
        };
        let revenue = &c["totals"]["revenue"];
        assert_eq!(count(revenue, "from"), totals(&old, "revenue"), "{c}");
        assert_eq!(count(revenue, "to"), totals(&current, "revenue"), "{c}");
        assert_eq!(
            count(revenue, "change"),
            count(revenue, "to") - count(revenue, "from")
        );
        let cells = &c["cells"];
        assert_eq!(
            count(cells, "from") + count(cells, "added")
                - count(cells, "removed"),
            count(cells, "to"),
            "{c}"
        );
        assert!(count(cells, "added") > 0 && count(cells, "removed") > 0);

        let plain = upload(api, "once.csv", SMALL.as_bytes(), &[]);
        let path = format!("{}/versions", source_path(&plain));
        let form = Form::new().file("again.csv", SMALL.as_bytes());
        let refused = api.post_form(&path, &form);
        let problem = refused.problem(409);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap_or("")
                .contains("csv_feed")
        );
    });
}

/// A file the pipeline refuses (no location column) fails its version
/// with a message that says what to do, and its run says which step.
#[test]
fn a_file_without_a_location_column_fails_with_a_reason() {
    on_every_setup(&[], |stack| {
        let api = &stack.owner;
        let file = "name,revenue\nAda,10\nGrace,20\n";
        let up = upload(api, "names.csv", file.as_bytes(), &[]);
        let version = support::wait_for(
            "the version to fail",
            std::time::Duration::from_millis(100),
            || {
                let v = api.get_json(&version_path(&up));
                (v["status"] == "failed").then_some(v)
            },
        );
        let message = version["status_message"].as_str().unwrap_or("");
        assert!(message.contains("location"), "{version}");
        let source = api.get_json(&source_path(&up));
        assert_eq!(source["status"], "failed", "{source}");
        let run = api.wait_run_ended(&up.workflow);
        assert_eq!(run["status"], "failed", "{run}");
        assert!(run["error"].as_str().unwrap_or("").contains("location"));
        let reply =
            api.send("GET", &format!("{}/data", source_path(&up)), None);
        reply.problem(409);
    });
}

/// Deleting a data source removes it, its versions and its files.
#[test]
fn deleting_a_data_source_removes_it_and_its_files() {
    on_every_setup(&[], |stack| {
        let api = &stack.owner;
        let up = upload(api, "small.csv", SMALL.as_bytes(), &[]);
        api.wait_ready(&up);
        assert_eq!(stack.stored_uploads().unwrap_or(1), 1);
        let reply = api.send("DELETE", &source_path(&up), None);
        assert_eq!(reply.status, 204, "{}", reply.text());
        api.send("GET", &source_path(&up), None).problem(404);
        api.send("GET", &version_path(&up), None).problem(404);
        api.send("DELETE", &source_path(&up), None).problem(404);
        assert_eq!(stack.stored_uploads().unwrap_or(0), 0);
        if let Some(objects) = &stack.objects {
            let prefix = format!("datasource:{}", up.data_source);
            let left: Vec<_> = std::fs::read_dir(objects)
                .expect("the object folder")
                .filter_map(|e| e.ok())
                .filter(|e| {
                    e.file_name().to_string_lossy().starts_with(&prefix)
                })
                .collect();
            assert!(left.is_empty(), "objects left: {left:?}");
        }
    });
}

/// Each kind of bad request gets a 4xx problem document that says
/// what is wrong; none creates a data source or leaves a file behind.
#[test]
fn bad_input_gets_a_problem_document_and_leaves_nothing() {
    let limit = [("HONEYGRID_MAX_UPLOAD_BYTES", "4096".to_owned())];
    on_every_setup(&limit, |stack| {
        let api = &stack.owner;
        let post = |form: Form| api.post_form("/api/data-sources", &form);
        let csv = SMALL.as_bytes();
        let field = |doc: &Value| doc["errors"][0]["field"].clone();

        let json = api.send(
            "POST",
            "/api/data-sources",
            Some(("application/json", b"{\"name\":\"x\"}")),
        );
        assert!(matches!(json.status, 400 | 415), "{}", json.text());
        json.problem(json.status);
        let broken = api.send(
            "POST",
            "/api/data-sources",
            Some((
                "multipart/form-data; boundary=xyz",
                b"--xyz\r\nContent-Disposition: form-data; name=\"file\"",
            )),
        );
        broken.problem(400);
        let doc = post(Form::new().text("name", "no file")).problem(422);
        assert_eq!(field(&doc), "file", "{doc}");
        post(Form::new().file("empty.csv", b"")).problem(422);
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
        post(Form::new().file("report.pdf", pdf)).problem(415);
        let big = sample(stack, "big.csv", 200, 3);
        assert!(big.len() > 4096);
        let doc = post(Form::new().file("big.csv", &big)).problem(413);
        assert!(
            doc["detail"].as_str().unwrap_or("").contains("4096"),
            "{doc}"
        );
        for (name, value) in [
            ("resolution", "abc"),
            ("resolution", "16"),
            ("type", "spreadsheet"),
            ("columns", "Postal=nowhere"),
            ("name", "   "),
        ] {
            let form = Form::new().text(name, value).file("a.csv", csv);
            let doc = post(form).problem(422);
            assert_eq!(field(&doc), name, "{name}={value}: {doc}");
        }

        let up = upload(api, "good.csv", csv, &[]);
        api.wait_ready(&up);
        let source = source_path(&up);
        for (path, status) in [
            (format!("{source}?include=owner"), 422),
            ("/api/data-sources/not-an-id".to_owned(), 404),
            (format!("{source}/versions/12"), 404),
            (format!("/api/data-sources/{}", up.version), 404),
            (format!("{source}/data?limit=0"), 422),
            (format!("{source}/data?limit=lots"), 400),
            (format!("{source}/data?sort=-profit"), 422),
            (format!("{source}/data?format=xml"), 422),
            (format!("{source}/data?cursor=abc"), 422),
            (
                format!("{source}/versions/compare?from={}", up.version),
                422,
            ),
            ("/api/workflows/nope".to_owned(), 404),
            ("/api/nothing-here".to_owned(), 404),
        ] {
            api.send("GET", &path, None).problem(status);
        }
        let forged = Api::new(&api.base, "hgt_not-a-real-token");
        forged.send("GET", "/api/data-sources", None).problem(401);

        let listed = api.get_json("/api/data-sources");
        assert_eq!(listed["data"].as_array().map(Vec::len), Some(1));
        assert_eq!(stack.stored_uploads().unwrap_or(1), 1, "only the good one");
    });
}

/// Health, readiness, metrics, the OpenAPI document and its page.
#[test]
fn health_metrics_and_the_api_document() {
    on_every_setup(&[], |stack| {
        let api = &stack.anonymous;
        let health = api.send("GET", "/healthz", None);
        assert_eq!(health.status, 200, "{}", health.text());
        let ready = api.send("GET", "/readyz", None);
        assert_eq!(ready.status, 200, "{}", ready.text());
        let up = upload(&stack.owner, "small.csv", SMALL.as_bytes(), &[]);
        stack.owner.wait_run_ended(&up.workflow);
        let metrics = api.send("GET", "/metrics", None).text();
        for line in [
            "# TYPE honeygrid_http_responses_total counter",
            "# TYPE honeygrid_http_request_duration_seconds histogram",
            "honeygrid_http_request_duration_seconds_bucket{le=\"+Inf\"}",
            "honeygrid_workflow_runs{kind=\"create_data_source_version\",\
             status=\"completed\"} 1",
        ] {
            assert!(metrics.contains(line), "{line} in {metrics}");
        }
        let doc = api.get_json("/api/openapi.json");
        assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3.1"));
        let paths = doc["paths"].as_object().expect("paths");
        for path in [
            "/api/data-sources",
            "/api/data-sources/{id}/versions/compare",
            "/api/grids/{id}/versions/{vid}/promote",
            "/api/workflows/{id}",
        ] {
            assert!(paths.contains_key(path), "{path} in the document");
        }
        let page = api.send("GET", "/api/docs", None);
        assert_eq!(page.status, 200);
        assert!(page.content_type.starts_with("text/html"));
    });
}
