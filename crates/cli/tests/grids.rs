//! Grids over HTTP on every setup: a grid filtering on a `csv_feed`
//! data source follows its new versions through a pending version,
//! promotion and auto-update; bad configurations get clear problems.

mod common;
mod support;

use h3o::{CellIndex, LatLng};
use serde_json::{Value, json};
use support::stack::{Stack, on_every_setup};
use support::{Api, Form, Upload};

/// Cambridge MA (02139, twice), New York (10001).
const FIRST: &str = "customer_id,zip,revenue,orders\n\
    1,02139,100,2\n\
    2,02139,50,1\n\
    3,10001,300,1\n";

/// The next export adds Boston (02108), three km from 02139.
const SECOND: &str = "customer_id,zip,revenue,orders\n\
    1,02139,100,2\n\
    2,02139,50,1\n\
    3,10001,300,1\n\
    4,02108,80,1\n";

/// And then one more customer in 02139.
const THIRD: &str = "customer_id,zip,revenue,orders\n\
    1,02139,100,2\n\
    2,02139,50,1\n\
    3,10001,300,1\n\
    4,02108,80,1\n\
    5,02139,10,1\n";

fn feed(api: &Api, csv: &str) -> Upload {
    let form = Form::new()
        .text("type", "csv_feed")
        .text("name", "CRM export")
        .file("crm.csv", csv.as_bytes());
    let up = Upload::from_reply(api.post_form("/api/data-sources", &form));
    api.wait_ready(&up);
    up
}

/// Uploads the next export of the feed and waits for its run (which
/// ends after notifying the grids).
fn next_export(api: &Api, feed: &Upload, csv: &str) -> Upload {
    let form = Form::new().file("crm.csv", csv.as_bytes());
    let path = format!("/api/data-sources/{}/versions", feed.data_source);
    let up = Upload::from_reply(api.post_form(&path, &form));
    let run = api.wait_run_ended(&up.workflow);
    assert_eq!(run["status"], "completed", "{run}");
    up
}

/// The centre of the feed's busiest cell (02139).
fn busiest_cell(api: &Api, up: &Upload) -> LatLng {
    let path = format!(
        "/api/data-sources/{}/data?limit=1&sort=-orders",
        up.data_source
    );
    let page = api.get_json(&path);
    let cell: CellIndex = page["data"][0]["cell"]
        .as_str()
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("a cell in {page}"));
    LatLng::from(cell)
}

fn grid_body(up: &Upload, centre: LatLng) -> Value {
    json!({
        "name": "Around Cambridge",
        "resolution": 10,
        "targeted_areas": [{
            "type": "radius",
            "lat": centre.lat(),
            "lng": centre.lng(),
            "radius_km": 10,
        }],
        "targeting_filters": {"all": [{
            "data_source_id": up.data_source,
            "metric": "orders",
            "op": ">=",
            "value": 1,
        }]},
    })
}

fn grid_path(grid: &Value) -> String {
    format!("/api/grids/{}", grid["id"].as_str().expect("grid id"))
}

fn with_versions(api: &Api, grid: &Value) -> Value {
    let path = grid_path(grid);
    api.get_json(&format!("{path}?include=currentVersion,pendingVersion"))
}

fn cells(api: &Api, grid: &Value, version: &str) -> Vec<String> {
    let path =
        format!("{}/versions/{version}/cells?limit=1000", grid_path(grid));
    let page = api.get_json(&path);
    let data = page["data"].as_array().expect("data");
    data.iter()
        .map(|c| c["cell"].as_str().expect("cell").to_owned())
        .collect()
}

fn id(value: &Value) -> String {
    value["id"]
        .as_str()
        .unwrap_or_else(|| panic!("id in {value}"))
        .into()
}

#[test]
fn a_grid_follows_its_feed_through_pending_versions() {
    on_every_setup(&[], |stack: &Stack| {
        let api = &stack.owner;
        let first = feed(api, FIRST);
        let centre = busiest_cell(api, &first);
        let created = api
            .send_json("POST", "/api/grids", &grid_body(&first, centre))
            .ok_json(201);
        let v1 = &created["currentVersion"];
        assert_eq!(v1["status"], "active", "{created}");
        assert_eq!(v1["version_number"], 1);
        assert_eq!(v1["materialised"]["cell_count"], 1, "{v1}");
        assert_eq!(
            v1["data_sources"][0]["data_source_version_id"],
            first.version.as_str()
        );
        let v1_id = id(v1);
        let v1_cells = cells(api, &created, &v1_id);
        assert_eq!(v1_cells.len(), 1);

        // A new export: one pending version pinned to it; the active
        // version is unchanged.
        let second = next_export(api, &first, SECOND);
        let grid = with_versions(api, &created);
        let pending = &grid["pendingVersion"];
        assert_eq!(pending["status"], "pending", "{grid}");
        assert_eq!(
            pending["data_sources"][0]["data_source_version_id"],
            second.version.as_str()
        );
        assert_eq!(pending["materialised"]["cell_count"], 2, "{pending}");
        assert_eq!(grid["currentVersion"]["id"], v1_id.as_str());
        assert_eq!(cells(api, &created, &v1_id), v1_cells);
        let v2_id = id(pending);

        let compare = api.get_json(&format!(
            "{}/versions/compare?from={v1_id}&to={v2_id}",
            grid_path(&created)
        ));
        let c = &compare["comparison"];
        assert_eq!(
            (c["added"].as_i64(), c["removed"].as_i64()),
            (Some(1), Some(0)),
            "{compare}"
        );
        assert_eq!(
            (c["from_cells"].as_i64(), c["to_cells"].as_i64()),
            (Some(1), Some(2))
        );

        // Promotion archives version 1.
        let promote =
            format!("{}/versions/{v2_id}/promote", grid_path(&created));
        let promoted = api.send("POST", &promote, None).ok_json(200);
        assert_eq!(promoted["current_version_id"], v2_id.as_str());
        assert_eq!(promoted["pending_version_id"], Value::Null);
        let v1_now =
            api.get_json(&format!("{}/versions/{v1_id}", grid_path(&created)));
        assert_eq!(v1_now["status"], "archived");

        // With auto-update on, the next export goes live at once.
        let auto = format!("{}/auto-update", grid_path(&created));
        let on = api.send_json("PUT", &auto, &json!({"auto_update": true}));
        assert_eq!(on.ok_json(200)["auto_update"], true);
        let third = next_export(api, &first, THIRD);
        let grid = with_versions(api, &created);
        let current = &grid["currentVersion"];
        assert_eq!(current["version_number"], 3, "{grid}");
        assert_eq!(
            current["data_sources"][0]["data_source_version_id"],
            third.version.as_str()
        );
        assert_eq!(grid["pendingVersion"], Value::Null);
        let listed = api.get_json(&format!("{}/versions", grid_path(&created)));
        let statuses: Vec<&str> = listed["data"]
            .as_array()
            .expect("versions")
            .iter()
            .map(|v| v["status"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(statuses, ["active", "archived", "archived"]);

        // A data source a grid uses cannot be deleted.
        let source = format!("/api/data-sources/{}", first.data_source);
        api.send("DELETE", &source, None).problem(409);
    });
}

#[test]
fn a_new_configuration_waits_as_the_pending_version() {
    on_every_setup(&[], |stack: &Stack| {
        let api = &stack.owner;
        let first = feed(api, SECOND);
        let centre = busiest_cell(api, &first);
        let grid = api
            .send_json("POST", "/api/grids", &grid_body(&first, centre))
            .ok_json(201);
        assert_eq!(grid["currentVersion"]["materialised"]["cell_count"], 2);
        let path = format!("{}/versions", grid_path(&grid));
        let narrower = json!({"targeting_filters": {"all": [{
            "data_source_id": first.data_source,
            "metric": "revenue", "op": "between", "min": 100, "max": 200,
        }]}});
        let pending = api.send_json("POST", &path, &narrower).ok_json(201);
        assert_eq!(pending["status"], "pending");
        assert_eq!(pending["materialised"]["cell_count"], 1, "{pending}");
        assert_eq!(
            pending["targeted_areas"],
            grid["currentVersion"]["targeted_areas"]
        );
        // A second change updates the same pending version.
        let again = api.send_json("POST", &path, &narrower).ok_json(201);
        assert_eq!(again["id"], pending["id"]);
        let listed = api.get_json(&path);
        assert_eq!(listed["data"].as_array().map(Vec::len), Some(2));

        let csv = api.send(
            "GET",
            &format!("{path}/{}/cells?format=csv", id(&pending)),
            None,
        );
        assert_eq!(csv.status, 200);
        assert_eq!(csv.text().lines().count(), 2, "{}", csv.text());
        let renamed = api
            .send_json("PATCH", &grid_path(&grid), &json!({"name": "Boston"}))
            .ok_json(200);
        assert_eq!(renamed["name"], "Boston");
    });
}

#[test]
fn bad_grids_get_clear_problems() {
    on_every_setup(&[], |stack: &Stack| {
        let api = &stack.owner;
        let up = feed(api, FIRST);
        let centre = busiest_cell(api, &up);
        let base = grid_body(&up, centre);
        let with = |field: &str, value: Value| {
            let mut body = base.clone();
            body[field] = value;
            body
        };
        let radius = |km: f64| {
            json!([{"type": "radius", "lat": 42.0, "lng": -71.0,
                    "radius_km": km}])
        };
        let bowtie = json!([{"type": "polygon", "geometry": {
            "type": "Polygon",
            "coordinates": [[[-71.2, 42.3], [-71.0, 42.4], [-71.0, 42.3],
                             [-71.2, 42.4], [-71.2, 42.3]]],
        }}]);
        let metric = json!({"data_source_id": up.data_source,
            "metric": "profit", "op": ">", "value": 1});
        let other = {
            let theirs = Form::new().file("theirs.csv", FIRST.as_bytes());
            let theirs = stack.stranger.post_form("/api/data-sources", &theirs);
            let theirs = Upload::from_reply(theirs);
            stack.stranger.wait_ready(&theirs);
            json!({"data_source_id": theirs.data_source,
                   "metric": "orders", "op": ">", "value": 0})
        };
        let cases = [
            (with("targeted_areas", radius(0.0)), "radius"),
            (with("targeted_areas", radius(5000.0)), "radius"),
            (with("targeted_areas", bowtie), "crosses or touches itself"),
            (
                with(
                    "targeted_areas",
                    json!([{"type": "county",
                "fips": "99999"}]),
                ),
                "county",
            ),
            (with("targeting_filters", metric), "profit"),
            (with("targeting_filters", other), "data source"),
            (with("resolution", json!(16)), "resolution"),
            (with("colour", json!("red")), "colour"),
            (
                with("manual_inclusion_filters", json!(["nonsense"])),
                "nonsense",
            ),
        ];
        for (body, words) in cases {
            let reply = api.send_json("POST", "/api/grids", &body);
            let doc = reply.problem(422);
            let detail = doc["detail"].as_str().unwrap_or("");
            assert!(detail.contains(words), "{words}: {doc}");
        }
        let raw = api.send(
            "POST",
            "/api/grids",
            Some(("application/json", b"{not json")),
        );
        raw.problem(400);
        let plain = api.send("POST", "/api/grids", Some(("text/plain", b"{}")));
        plain.problem(415);
        let listed = api.get_json("/api/grids");
        assert_eq!(listed["data"], json!([]), "nothing was created");

        let grid = api.send_json("POST", "/api/grids", &base).ok_json(201);
        let path = grid_path(&grid);
        stack.stranger.send("GET", &path, None).problem(404);
        stack.viewer.get_json(&path);
        stack
            .viewer
            .send_json("PATCH", &path, &json!({"name": "x"}))
            .problem(403);
        stack
            .viewer
            .send_json("POST", "/api/grids", &base)
            .problem(403);
        let promote =
            format!("{path}/versions/{}/promote", id(&grid["currentVersion"]));
        stack.viewer.send("POST", &promote, None).problem(403);
        stack.stranger.send("POST", &promote, None).problem(404);
        api.send("GET", "/api/grids/nope", None).problem(404);
    });
}

/// Households per ZIP, as a demographics data source.
const DEMOGRAPHICS: &str = "zip,households,median_income\n\
    02139,1000,90000\n\
    02108,500,80000\n\
    10001,2000,40000\n";

/// A demographics data source is filtered on like any other, and its
/// households metric gives the version's households.
#[test]
fn demographics_filter_and_count_households() {
    on_every_setup(&[], |stack: &Stack| {
        let api = &stack.owner;
        let crm = feed(api, FIRST);
        let form = Form::new()
            .text("type", "demographics")
            .file("acs.csv", DEMOGRAPHICS.as_bytes());
        let demo =
            Upload::from_reply(api.post_form("/api/data-sources", &form));
        api.wait_ready(&demo);
        let mut body = grid_body(&crm, busiest_cell(api, &crm));
        body["targeting_filters"]["all"]
            .as_array_mut()
            .expect("conditions")
            .push(json!({
                "data_source_id": demo.data_source,
                "metric": "median_income", "op": ">=", "value": 50000,
            }));
        let grid = api.send_json("POST", "/api/grids", &body).ok_json(201);
        let m = &grid["currentVersion"]["materialised"];
        assert_eq!(m["cell_count"], 1, "{m}");
        assert_eq!(m["households"], 1500, "02139 and 02108: {m}");
        assert_eq!(m["targeted_households"], 1000, "02139: {m}");
        let pins = grid["currentVersion"]["data_sources"]
            .as_array()
            .map(Vec::len);
        assert_eq!(pins, Some(2));
    });
}

/// County areas come from the embedded Census outlines; a ZIP without
/// an imported boundary is a circle around its centroid, and the
/// version says so.
#[test]
fn county_and_zip_areas() {
    on_every_setup(&[], |stack: &Stack| {
        let api = &stack.owner;
        let crm = feed(api, SECOND);
        let area = |area: Value| {
            let mut body = grid_body(&crm, busiest_cell(api, &crm));
            body["targeted_areas"] = json!([area]);
            api.send_json("POST", "/api/grids", &body).ok_json(201)
        };
        // Middlesex County holds Cambridge (02139), not Boston (02108).
        let county = area(json!({"type": "county", "fips": "25017"}));
        let m = &county["currentVersion"]["materialised"];
        assert_eq!(m["cell_count"], 1, "{m}");
        assert!(m["area_cells"].as_i64().unwrap_or(0) > 100_000, "{m}");
        let notes = m["notes"].as_str().unwrap_or("");
        assert!(notes.contains("Middlesex"), "{m}");

        let zip = area(json!({"type": "zip", "zip": "02139"}));
        let m = &zip["currentVersion"]["materialised"];
        assert_eq!(m["cell_count"], 1, "{m}");
        let notes = m["notes"].as_str().unwrap_or("");
        assert!(notes.contains("no imported boundary"), "{m}");

        let route = json!({"type": "carrier_route", "zip": "02139",
            "route": "C001"});
        let mut body = grid_body(&crm, busiest_cell(api, &crm));
        body["targeted_areas"] = json!([route]);
        let refused = api.send_json("POST", "/api/grids", &body);
        let doc = refused.problem(422);
        let detail = doc["detail"].as_str().unwrap_or("");
        assert!(detail.contains("boundaries import"), "{doc}");
    });
}
