//! The web UI in a real browser: headless Chromium driven through
//! chromedriver (WebDriver) against a real `honeygrid serve` on a fresh
//! data directory (first with `--no-workers` and a `honeygrid worker`
//! started after the first upload, then restarted with its own
//! workers). It signs in with the link `serve` prints, uploads files
//! through the create dialog (correcting a column role the preview
//! guessed), watches a card turn ready by itself, sees a failed file
//! explained, reads the details page, sorts and pages the cells table,
//! opens a processing run, switches workspace, makes a grid with the
//! new-grid form on a `csv_feed` (uploaded through the API), drops the
//! feed's next export on its page and compares the two versions, sees
//! the grid's next version wait as pending and promotes it, edits the
//! grid into a third version, draws the maps of the sample and of the
//! grid (hover, zoom), adds a viewer on the members page, and checks
//! that the viewer, signed in with the link it shows, is offered no
//! upload and no grid controls, and makes an API token on the account
//! page. Every page visited is saved as a PNG in
//! `$HONEYGRID_SCREENSHOTS` (default `ui-screenshots/` in the target
//! folder), named by step, and checked: it fetched nothing from
//! another origin, and axe-core (vendored in `tests/vendor/`) finds no
//! WCAG 2 A or AA violation in it (labels, contrast, names, structure).
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install -y
//! chromium chromium-driver`; `scripts/test.sh` installs them when
//! missing). `HONEYGRID_CHROME` and `HONEYGRID_CHROMEDRIVER` name other
//! binaries; `HONEYGRID_TEST_BROWSER=off` skips the test.

mod common;
mod support;

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{
    InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction,
};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use support::{Proc, Server, free_port, tail};

/// How long the browser waits for a page to change.
const PATIENCE: Duration = Duration::from_secs(60);

/// The window every screenshot is taken at (its height grows to the
/// page's).
const WIDTH: u32 = 1280;
const HEIGHT: u32 = 860;

/// A small export: two placed ZIP codes, one that does not exist, one
/// row without a location.
const SMALL: &str = "customer_id,zip,revenue,orders\n\
    1,02139,100.50,2\n\
    2,02139,1200,1\n\
    3,10001,300,1\n\
    4,00000,50,1\n\
    5,,20,1\n\
    6,94103,75,1\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_ui_in_a_browser() {
    if std::env::var("HONEYGRID_TEST_BROWSER").as_deref() == Ok("off") {
        eprintln!("browser test skipped (HONEYGRID_TEST_BROWSER=off)");
        return;
    }
    let started = Instant::now();
    let (chrome, chromedriver) = browser_binaries();
    let root = tempfile::tempdir().expect("a temp dir");
    let data = root.path().join("data");
    let env = vec![("HONEYGRID_DATA_DIR", text(&data))];
    // The API only, at first: the first upload waits, pending, until a
    // worker starts, so the test sees its card change by itself.
    let logs = root.path().join("logs");
    let mut server = Server::start("serve", &["--no-workers"], &env, &logs);
    let owner_link = sign_in_link(&mut server);
    let token = server.first_token();
    let admin = |args: &[&str]| {
        let env: Vec<(&str, &str)> =
            env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let run = common::honeygrid_with_env(args, &env);
        assert_eq!(run.code, 0, "honeygrid {args:?}: {}", run.stderr);
        run.stdout_text()
    };
    // The owner belongs to a second workspace, so the header offers a
    // switcher; a viewer of `default`, added on the members page, signs
    // in at the end.
    admin(&["workspace", "create", "other"]);
    admin(&[
        "user",
        "add",
        "owner@localhost",
        "--workspace",
        "other",
        "--role",
        "owner",
    ]);
    let small = root.path().join("small-export.csv");
    std::fs::write(&small, SMALL).expect("writes the small file");
    let postal = root.path().join("postal-areas.csv");
    std::fs::write(
        &postal,
        "name,Postal,revenue\nAda,02139,10\nBob,10001,20\n",
    )
    .expect("writes");
    let sample = support::sample(root.path(), "customers-3000.csv", 3000, 7);

    let driver = Chromedriver::start(&chromedriver);
    let browser = Browser::open(&driver, &chrome, screenshot_dir()).await;
    let b = &browser;
    let mut base = server.base.clone();

    // Without a session, a page sends the browser to sign in.
    b.goto(&format!("{base}/data-sources")).await;
    b.wait_path("/sign-in").await;
    let page = b.text("main").await;
    assert!(
        page.contains("honeygrid login-link --workspace NAME --email EMAIL"),
        "{page}"
    );
    b.shot("01-sign-in").await;

    // The link printed on first start signs in and shows the empty list.
    b.goto(&owner_link).await;
    b.wait_path("/data-sources").await;
    let empty = b.wait_find("#empty-title").await;
    assert_eq!(empty.text().await.expect("text"), "No data sources yet");
    assert!(b.text(".topbar").await.contains("owner@localhost"));
    b.shot("02-data-sources-empty").await;

    // Upload the small export through the dialog. No worker runs yet:
    // the page says it is waiting to be processed.
    let roles = ["ignore", "zip", "metric", "metric"];
    let first = b
        .upload(&small, "Small export", &roles, "03-create-dialog")
        .await;
    assert!(b.text("h1").await.contains("Small export"));
    b.wait_find(".panel-busy").await;
    b.shot("04-details-pending").await;
    b.goto(&format!("{base}/data-sources")).await;
    b.wait_card_status(&first, "pending").await;
    b.shot("05-data-sources-pending").await;

    // A worker starts; the card turns ready by itself (htmx polls it),
    // without the page being loaded again.
    b.client
        .execute("window.hgNotReloaded = true", vec![])
        .await
        .expect("marks the page");
    let mut worker = Proc::start("worker", &["worker"], &env, &logs);
    worker.wait_output("workflow worker up");
    b.wait_card_ready(&first).await;
    let same_page = b
        .client
        .execute("return window.hgNotReloaded === true", vec![])
        .await
        .expect("reads the mark");
    assert_eq!(same_page, json!(true), "the card changed in place");
    b.shot("06-data-sources-one-ready").await;

    // From here on, one `serve` with its own workers (woken at once by
    // an upload; a separate worker on SQLite polls every 10 s). The
    // session is in the database and cookies do not depend on the
    // port, so the browser stays signed in across the restart.
    worker.terminate();
    worker.wait_exit();
    server.proc.terminate();
    server.proc.wait_exit();
    let mut server = Server::start("serve-2", &[], &env, &logs);
    base = server.base.clone();
    b.goto(&format!("{base}/data-sources")).await;
    b.wait_path("/data-sources").await;
    b.wait_find(&format!("#card-{first}")).await;
    let card = b.text(&format!("#card-{first}")).await;
    assert!(
        card.contains("Small export") && card.contains("CSV file"),
        "{card}"
    );
    // Customers is the version's customerCount total: every row, the
    // unplaced ones too (they are summed in the `unknown` cell).
    let customers = b
        .text(&format!("#card-{first} .card-stats div:nth-child(2) dd"))
        .await;
    assert_eq!(customers, "6", "{card}");

    // Its details: figures, the geocoding quality chart, failed rows.
    b.click(&format!("#card-{first} .card-title a")).await;
    b.wait_path(&format!("/data-sources/{first}")).await;
    b.wait_find(".bars").await;
    let quality = b.text(".bars").await;
    assert!(
        quality.contains("ZIP centroid") && quality.contains("Not placed"),
        "{quality}"
    );
    let failed = b.find("a[href$='/failed-rows']").await;
    let href = failed.attr("href").await.expect("attr").expect("href");
    assert!(href.starts_with("/api/data-sources/"), "{href}");
    b.shot("07-details-small").await;

    // A file whose ZIP column has a name HoneyGrid does not know: the
    // preview says no row can be placed and holds the upload back
    // until the column is said to be a ZIP code.
    b.goto(&format!("{base}/data-sources")).await;
    b.choose(&postal, "Postal areas", &["ignore", "metric", "metric"])
        .await;
    let problem = b.wait_find("#preview-problem").await;
    let said = problem.text().await.expect("text");
    assert!(said.contains("No column places the rows"), "{said}");
    let held = b.find("#create-submit").await.attr("disabled").await;
    assert!(held.expect("attr").is_some(), "the upload waits");
    b.shot("08-create-dialog-preview-problem").await;
    b.find("#role-1")
        .await
        .select_by_value("zip")
        .await
        .expect("says Postal is a ZIP code");
    b.wait_roles(&["ignore", "zip", "metric"]).await;
    b.until("the problem to go", || async {
        b.find_all("#preview-problem[hidden]").await.first()?;
        Some(())
    })
    .await;
    b.shot("08b-create-dialog-corrected").await;
    let corrected = b.submit_upload().await;
    b.goto(&format!("{base}/data-sources")).await;
    b.wait_card_ready(&corrected).await;
    let card = b.text(&format!("#card-{corrected}")).await;
    assert!(card.contains("Postal areas"), "{card}");

    // A file without any location column, sent through the API, is
    // taken, then fails: its card and page say why and link to the
    // processing steps.
    let api = support::Api::new(&base, &token);
    let form = support::Form::new()
        .text("name", "No locations")
        .file("no-location.csv", b"name,revenue\nAda,10\nBob,20\n");
    let reply = api.post_form("/api/data-sources", &form);
    let broken = support::Upload::from_reply(reply).data_source;
    b.goto(&format!("{base}/data-sources")).await;
    b.wait_card_status(&broken, "failed").await;
    let card = b.text(&format!("#card-{broken}")).await;
    assert!(
        card.to_lowercase().contains("location"),
        "the card says why: {card}"
    );
    b.click(&format!("#card-{broken} .card-title a")).await;
    b.wait_path(&format!("/data-sources/{broken}")).await;
    let panel = b.text(".panel-error").await;
    assert!(panel.contains("could not be processed"), "{panel}");
    b.find(".panel-error a[href^='/workflows/']").await;
    b.shot("09-details-failed").await;

    // Now a few thousand rows, for sorting and paging.
    b.goto(&format!("{base}/data-sources")).await;
    let roles = sample_roles();
    let second = b
        .upload(&sample, "Customers 3000", &roles, "10-create-dialog-sample")
        .await;
    b.goto(&format!("{base}/data-sources")).await;
    b.wait_card_ready(&second).await;
    b.shot("11-data-sources-ready-and-failed").await;
    b.click(&format!("#card-{second} .card-title a")).await;
    b.wait_path(&format!("/data-sources/{second}")).await;
    b.wait_find("#cells-table").await;
    let rows = b.find_all("#cells-table tbody tr").await;
    assert_eq!(rows.len(), 50, "50 cells per page");
    b.wait_map_drawn(0).await;
    b.shot("12-details-sample").await;
    map_steps(b).await;

    // Sort by revenue, largest first: a link, so no script is needed.
    b.click("#cells-table th a[href*='sort=-revenue']").await;
    b.wait_url_contains("sort=-revenue").await;
    let header = b.find("#cells-table th[aria-sort='descending']").await;
    let label = header.text().await.expect("text").to_lowercase();
    assert!(label.contains("revenue"), "{label}");
    let first_page = b.column_values("revenue").await;
    assert!(is_descending(&first_page), "sorted: {first_page:?}");
    b.shot("13-cells-sorted-by-revenue").await;

    // Page 2 keeps the order and continues below page 1.
    b.click(".pager a[rel='next']").await;
    b.wait_url_contains("page=2").await;
    let status = b.text("#pager-status").await;
    assert!(status.starts_with("Page 2 of "), "{status}");
    assert!(b.text("#cells-showing").await.starts_with("51–100 of "));
    let second_page = b.column_values("revenue").await;
    assert!(is_descending(&second_page), "sorted: {second_page:?}");
    assert!(
        first_page.last() >= second_page.first(),
        "page 2 follows page 1"
    );
    b.shot("14-cells-page-2").await;

    // The processing run behind the version, step by step.
    b.click("a[href^='/workflows/']").await;
    b.wait_path_prefix("/workflows/").await;
    let steps = b.text("table").await.to_lowercase();
    assert!(
        steps.contains("store-aggregate") && steps.contains("completed"),
        "{steps}"
    );
    b.shot("15-workflow-run").await;

    // Switch to the other workspace and back.
    b.goto(&format!("{base}/data-sources")).await;
    let select = b.find("#workspace-switch").await;
    select
        .select_by_label("other")
        .await
        .expect("selects other");
    b.click(".switcher button").await;
    b.wait_find("#empty-title").await;
    assert!(b.text(".topbar").await.contains("other"));
    b.shot("16-switched-workspace").await;
    let select = b.find("#workspace-switch").await;
    select
        .select_by_label("default")
        .await
        .expect("selects default");
    b.click(".switcher button").await;
    b.wait_find(&format!("#card-{second}")).await;

    // Grids: a feed, a grid made with the form, a new export waiting
    // as a pending version, compared and promoted.
    let grid = grids(b, &api).await;

    // A viewer sees the data sources, and no way to upload.
    let viewer_link = add_viewer(b, &base).await;
    b.goto(&viewer_link).await;
    b.wait_path("/data-sources").await;
    b.wait_find(&format!("#card-{first}")).await;
    assert!(b.text(".topbar").await.contains("viewer@example.com"));
    let upload_buttons = b
        .find_all("[data-open='create-dialog'], #create-dialog")
        .await;
    assert!(upload_buttons.is_empty(), "a viewer is offered an upload");
    b.shot("17-viewer-data-sources").await;
    // The same pages on a phone.
    b.shot_at("18-viewer-data-sources-narrow", 390).await;
    b.click(&format!("#card-{first} .card-title a")).await;
    b.wait_find(".bars").await;
    b.shot_at("19-viewer-details-narrow", 390).await;
    // A viewer sees grids but no create, promote or toggle controls.
    b.goto(&format!("{base}/grids")).await;
    b.wait_find(&format!("#grid-{grid}")).await;
    assert!(b.find_all("#new-grid").await.is_empty());
    b.goto(&format!("{base}/grids/{grid}")).await;
    b.wait_find("#summary").await;
    let controls = b.find_all("main form, #new-grid").await;
    assert!(controls.is_empty(), "a viewer is offered grid controls");
    b.shot("27-viewer-grid").await;
    b.shot_at("28-viewer-grid-narrow", 390).await;

    // Even a viewer makes an API token, from the account page, and
    // sees it once.
    b.click("#nav-account").await;
    b.wait_path("/account").await;
    b.find("#token-name")
        .await
        .send_keys("laptop")
        .await
        .expect("types");
    b.click("#make-token").await;
    let token = b.wait_find("#new-token").await.prop("value").await;
    let token = token.expect("prop").unwrap_or_default();
    assert!(token.starts_with("hgt_"), "{token}");
    assert!(b.text("#tokens-table").await.contains("laptop"));
    b.shot("29-viewer-account-token").await;

    // Signing out ends the session.
    b.click(".account form[action='/sign-out'] button").await;
    b.wait_path("/sign-in").await;
    b.goto(&format!("{base}/data-sources")).await;
    b.wait_path("/sign-in").await;

    browser.close().await;
    server.proc.assert_alive();
    eprintln!(
        "UI test took {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        browser.shots.display()
    );
}

/// Cambridge MA (02139, twice) and New York (10001): a feed's first
/// export.
const FEED_1: &str = "customer_id,zip,revenue,orders\n\
    1,02139,100,2\n\
    2,02139,50,1\n\
    3,10001,300,1\n";

/// The next export adds Boston (02108), three km from 02139.
const FEED_2: &str = "customer_id,zip,revenue,orders\n\
    1,02139,100,2\n\
    2,02139,50,1\n\
    3,10001,300,1\n\
    4,02108,80,1\n";

/// The grid pages: the empty list, the form (refused once, then
/// accepted), the grid page, a pending version after a new export of
/// the feed, its comparison and promotion. Returns the grid's id.
async fn grids(b: &Browser, api: &support::Api) -> String {
    let base = api.base.clone();
    let form = support::Form::new()
        .text("type", "csv_feed")
        .text("name", "CRM feed")
        .file("crm.csv", FEED_1.as_bytes());
    let feed =
        support::Upload::from_reply(api.post_form("/api/data-sources", &form));
    api.wait_ready(&feed);
    let busiest = format!(
        "/api/data-sources/{}/data?limit=1&sort=-customerCount",
        feed.data_source
    );
    let page = api.get_json(&busiest);
    let cell: h3o::CellIndex = page["data"][0]["cell"]
        .as_str()
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("a cell in {page}"));
    let centre = h3o::LatLng::from(cell);

    b.goto(&format!("{base}/grids")).await;
    let empty = b.wait_find("#empty-title").await;
    assert_eq!(empty.text().await.expect("text"), "No grids yet");
    let nav = b.find(".mainnav a[aria-current='page']").await;
    assert_eq!(nav.text().await.expect("text"), "Grids");
    b.shot("20-grids-empty").await;

    // The form, sent without a radius first: the problem is shown and
    // what was typed is kept.
    b.click("#new-grid").await;
    b.wait_path("/grids/new").await;
    let type_in = |css: &'static str, text: String| async move {
        let input = b.find(css).await;
        input.clear().await.expect("clears");
        input.send_keys(&text).await.expect("types");
    };
    type_in("#grid-name", "Around Cambridge".into()).await;
    type_in("#area-lat", format!("{:.6}", centre.lat())).await;
    type_in("#area-lng", format!("{:.6}", centre.lng())).await;
    let metric = format!("{}|customerCount", feed.data_source);
    b.find("#metric-0")
        .await
        .select_by_value(&metric)
        .await
        .expect("selects the metric");
    b.find("#op-0")
        .await
        .select_by_value(">=")
        .await
        .expect("selects >=");
    type_in("#value-0", "1".into()).await;
    b.shot("21-grid-form").await;
    b.click("#create-grid").await;
    let error = b.wait_find("#form-error").await;
    let message = error.text().await.expect("text");
    assert!(message.contains("radius"), "{message}");
    let kept = b.find("#grid-name").await.prop("value").await;
    assert_eq!(kept.expect("prop"), Some("Around Cambridge".into()));
    b.shot("22-grid-form-error").await;
    type_in("#area-radius", "10".into()).await;
    b.click("#create-grid").await;
    let grid = b
        .until("the new grid's page", || async {
            let url = b.url().await;
            let id = url.path().strip_prefix("/grids/")?.to_owned();
            (!id.is_empty() && id != "new").then_some(id)
        })
        .await;
    b.wait_find("#summary").await;
    assert!(b.text("h1").await.contains("Around Cambridge"));
    let targeted = b.text("#summary .figure:first-child dd").await;
    assert_eq!(targeted, "1", "one cell has a customer");
    let config = b.text("#configuration").await;
    assert!(
        config.contains("Customers at least 1 in CRM feed")
            && config.contains("Within 10 km of"),
        "{config}"
    );
    assert!(b.find_all("#pending-banner").await.is_empty());
    b.shot("23-grid-page").await;

    // The next export of the feed, dropped on the feed's page, then
    // compared with the first; the grid gets a pending version.
    next_version(b, &base, &feed.data_source).await;
    b.goto(&format!("{base}/grids")).await;
    let card = b.wait_find(&format!("#grid-{grid} .badge-pending")).await;
    let badge = card.text().await.expect("text").to_lowercase();
    assert!(badge.contains("new version"), "{badge}");
    b.shot("24-grids-pending").await;
    b.goto(&format!("{base}/grids/{grid}")).await;
    let banner = b.wait_find("#pending-banner").await;
    let text = banner.text().await.expect("text");
    assert!(text.contains("A new grid version is available"), "{text}");
    assert!(text.contains("Version 2 uses newer data"), "{text}");
    assert_eq!(b.text("#comparison .figure-added dd").await, "+1");
    assert_eq!(b.text("#comparison .figure-removed dd").await, "0");
    let unchanged = b.text("#comparison .figure:nth-child(5) dd").await;
    assert_eq!(unchanged, "1");
    b.shot("25-grid-pending-banner").await;

    // Promoted: the banner is gone and version 2 is active.
    b.click("#promote-pending").await;
    b.until("the banner to go", || async {
        let gone = b.find_all("#pending-banner").await.is_empty();
        // While the page is replaced, it may have no heading yet.
        let h1 = b.find_all("h1").await.pop()?.text().await.ok()?;
        let h1 = h1.to_lowercase();
        (gone && h1.contains("v2 active")).then_some(())
    })
    .await;
    assert_eq!(b.url().await.path(), format!("/grids/{grid}"));
    let targeted = b.text("#summary .figure:first-child dd").await;
    assert_eq!(targeted, "2", "Boston's cell is added");
    let versions = b.text("#versions-table").await.to_lowercase();
    assert!(versions.contains("archived"), "{versions}");
    assert_eq!(b.find_all("#cells-table tbody tr").await.len(), 2);
    b.shot("26-grid-promoted").await;
    let drawn = b.wait_map_drawn(0).await;
    assert!(drawn >= 1, "the grid's map draws its targeted cells");
    b.shot_map("26b-grid-map").await;
    edit_grid(b, &grid, &feed.data_source).await;
    draw_polygon(b, &base).await;
    grid
}

/// A new grid whose area is drawn on the form's map: zoomed in from
/// the keyboard, three corners clicked, the last one taken back and
/// clicked elsewhere; the corners typed in the box are what is saved.
async fn draw_polygon(b: &Browser, base: &str) {
    b.goto(&format!("{base}/grids/new")).await;
    b.find("#area-type")
        .await
        .select_by_value("polygon")
        .await
        .expect("chooses a polygon");
    let canvas = b.wait_find(".draw-map:not([hidden]) canvas").await;
    canvas.send_keys("+++++").await.expect("zooms in");
    let lines = || async {
        let text = b.find("#area-points").await.prop("value").await;
        let text = text.expect("prop").unwrap_or_default();
        text.lines().filter(|l| !l.trim().is_empty()).count()
    };
    b.click_at(&canvas, &[(-60.0, -40.0), (60.0, -40.0), (0.0, 0.0)])
        .await;
    assert_eq!(lines().await, 3);
    b.click("#draw-undo").await;
    assert_eq!(lines().await, 2);
    b.click_at(&canvas, &[(0.0, 50.0)]).await;
    assert_eq!(lines().await, 3);
    assert_eq!(
        canvas.attr("data-corners").await.expect("attr"),
        Some("3".into())
    );
    let name = b.find("#grid-name").await;
    name.send_keys("Drawn area").await.expect("types");
    b.shot("26e-grid-drawn").await;
    b.click("#create-grid").await;
    b.wait_find("#summary").await;
    assert!(b.text("h1").await.contains("Drawn area"));
    let config = b.text("#configuration").await;
    assert!(config.contains("A polygon of 3 corners"), "{config}");
}

/// Renames the grid, widens its radius and reads the feed at its first
/// version with the grid's form, filled from version 2; saves version
/// 3, which waits as pending (auto-update is off) and has lost the
/// cell that only version 2 of the feed has.
async fn edit_grid(b: &Browser, grid: &str, feed: &str) {
    b.click("#edit-grid").await;
    b.wait_path(&format!("/grids/{grid}/edit")).await;
    let name = b.find("#grid-name").await;
    let kept = name.prop("value").await.expect("prop");
    assert_eq!(kept, Some("Around Cambridge".into()));
    let radius = b.find("#area-radius").await;
    let kept = radius.prop("value").await.expect("prop");
    assert_eq!(kept, Some("10".into()));
    name.clear().await.expect("clears");
    name.send_keys("Cambridge and Boston").await.expect("types");
    radius.clear().await.expect("clears");
    radius.send_keys("12").await.expect("types");
    b.click("#pins summary").await;
    let mut first = None;
    for option in b.find_all(&format!("#pin-{feed} option")).await {
        if option.text().await.expect("text").starts_with("v1 ") {
            first = Some(option);
        }
    }
    first
        .expect("version 1 is offered")
        .click()
        .await
        .expect("picks");
    b.shot("26c-grid-edit").await;
    b.click("#save-grid").await;
    let banner = b.wait_find("#pending-banner").await;
    let text = banner.text().await.expect("text");
    assert!(text.contains("Promote version 3"), "{text}");
    assert!(text.contains("has a new configuration"), "{text}");
    assert_eq!(b.text("#pending-banner .figure-removed dd").await, "−1");
    assert!(b.text("h1").await.contains("Cambridge and Boston"));
    b.shot("26d-grid-edited").await;
}

/// Adds `viewer@example.com` as a viewer on the members page; returns
/// the sign-in link the page shows for them.
async fn add_viewer(b: &Browser, base: &str) -> String {
    b.goto(&format!("{base}/members")).await;
    let nav = b.find(".mainnav a[aria-current='page']").await;
    assert_eq!(nav.text().await.expect("text"), "Members");
    let email = b.find("#member-email").await;
    email.send_keys("viewer@example.com").await.expect("types");
    b.find("#member-role")
        .await
        .select_by_value("viewer")
        .await
        .expect("selects viewer");
    b.click("#add-member").await;
    let link = b.wait_find("#invite-link").await.prop("value").await;
    let link = link.expect("prop").expect("a link");
    assert!(link.starts_with(&format!("{base}/login?token=")), "{link}");
    let table = b.text("#members-table").await;
    assert!(table.contains("viewer@example.com"), "{table}");
    b.shot("16b-members-invited").await;
    link
}

/// Drops the feed's next export on its page's upload dialog, waits
/// for it to be processed, and compares it with the first version.
async fn next_version(b: &Browser, base: &str, feed: &str) {
    b.goto(&format!("{base}/data-sources/{feed}")).await;
    b.click("#upload-next").await;
    b.wait_find("#create-dialog[open]").await;
    b.drop_file("crm-2.csv", FEED_2).await;
    b.wait_roles(&["ignore", "zip", "metric", "metric"]).await;
    let fixed = b.find("#role-1").await.attr("disabled").await;
    assert!(fixed.expect("attr").is_some(), "a feed keeps its roles");
    let hint = b.text("#create-file-hint").await;
    assert!(hint.contains("crm-2.csv"), "{hint}");
    b.shot("24a-next-version-dialog").await;
    b.submit_upload().await;
    b.wait_url_contains("version=").await;
    b.until("version 2 to be processed", || async {
        let title = b.client.find(Locator::Css("#summary-title")).await;
        let title = title.ok()?.text().await.ok()?;
        title.contains("Version 2").then_some(())
    })
    .await;
    let versions = b.text("#versions").await;
    assert!(versions.contains("crm-2.csv"), "{versions}");
    b.shot("24b-feed-version-2").await;

    // The picker offers version 1 against version 2.
    b.click("#compare-submit").await;
    b.wait_path(&format!("/data-sources/{feed}/compare")).await;
    assert_eq!(b.text("h1").await, "v1 → v2");
    let customers = "#totals-table tbody tr:first-child";
    let label = b.text(&format!("{customers} th")).await;
    assert!(label.to_lowercase().contains("customers"), "{label}");
    let change = b.text(&format!("{customers} td:nth-child(4)")).await;
    assert_eq!(change, "+1", "three customers, then four");
    let added = b.text("#cell-changes .figure-added dd").await;
    assert_eq!(added, "+1", "Boston's cell is new");
    assert_eq!(b.text("#cell-changes .figure-removed dd").await, "0");
    let largest = b.text("#changes-table tbody").await;
    assert!(largest.contains("added"), "{largest}");
    let drawn = b.wait_map_drawn(0).await;
    assert!(drawn >= 1, "the map shows where it changed");
    let legend = b.text(".map-legend").await;
    assert!(legend.contains("Up"), "{legend}");
    b.shot("24c-compare-versions").await;
}

/// The map of the sample's details page: drawn (its first draw timed
/// from navigation start), hovered for a tooltip, zoomed in.
async fn map_steps(b: &Browser) {
    let drawn = b.wait_map_drawn(0).await;
    assert!(drawn > 20, "the map draws the sample's cells: {drawn}");
    let ms: Value = b
        .client
        .execute(
            "return document.querySelector('.map').dataset.firstDrawMs",
            vec![],
        )
        .await
        .expect("reads the first draw time");
    let ms = ms.as_str().unwrap_or("?").to_owned();
    eprintln!("map: first view drawn {ms} ms after navigation start");
    let res = b.text(".map-res").await;
    assert!(res.contains("H3 resolution"), "{res}");
    assert!(b.find_all(".map-legend li").await.len() > 1, "a legend");
    b.shot_map("12a-details-map").await;
    // Hover a cell: a tooltip names it; then zoom in there (double
    // clicks), and finer cells are asked for and drawn.
    let tip = b.hover_map().await;
    assert!(tip.contains("Customer"), "{tip}");
    let at = b.client.execute(MAP_ZOOM, vec![]).await;
    at.expect("zooms in on the hovered cell");
    b.until("a finer map", || async {
        let text = b.text(".map-res").await;
        (text != res).then_some(())
    })
    .await;
    b.wait_map_drawn(0).await;
    let tip = b.hover_map().await;
    assert!(tip.contains("Customer"), "{tip}");
    b.shot_map("12b-details-map-zoomed").await;
    // From the keyboard: 0 shows the whole country again.
    let canvas = b.find(".map-canvas").await;
    canvas.send_keys("0").await.expect("types on the map");
    b.until("the whole country again", || async {
        (b.text(".map-res").await == res).then_some(())
    })
    .await;
}

/// Runs axe-core's WCAG 2 A and AA rules; answers how many rules
/// passed and each violation as its rule, impact and first offending
/// elements.
const AXE_RUN: &str = "
    const done = arguments[arguments.length - 1];
    const only = {type: 'tag', values: ['wcag2a', 'wcag2aa']};
    axe.run(document, {runOnly: only}).then(r => done({
      passed: r.passes.length,
      violations: r.violations.map(v => ({rule: v.id, impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))}));";

/// Three double clicks (×8) where the pointer last hovered a cell.
const MAP_ZOOM: &str = "
    const c = document.querySelector('.map-canvas');
    const [x, y] = window.mapHoverAt;
    for (let i = 0; i < 3; i++) {
      c.dispatchEvent(new MouseEvent('dblclick', {
        clientX: x, clientY: y, bubbles: true}));
    }";

/// Moves a synthetic pointer over the drawn hexagon nearest to the
/// north-east of the map (where the sample is densest).
const MAP_HOVER: &str = "
    const c = document.querySelector('.map-canvas');
    const r = c.getBoundingClientRect();
    const [ax, ay] = [r.width * 0.72, r.height * 0.38];
    const points = [];
    for (let y = 20; y < r.height - 20; y += 5) {
      for (let x = 20; x < r.width - 60; x += 5) { points.push([x, y]); }
    }
    points.sort((p, q) => Math.hypot(p[0] - ax, p[1] - ay)
      - Math.hypot(q[0] - ax, q[1] - ay));
    const t = document.querySelector('.map-tooltip');
    for (const [x, y] of points) {
      c.dispatchEvent(new PointerEvent('pointermove', {
        clientX: r.left + x, clientY: r.top + y, bubbles: true}));
      if (!t.hidden) {
        window.mapHoverAt = [r.left + x, r.top + y];
        return true;
      }
    }
    return false;";

/// The roles of `honeygrid sample`'s columns on a server without a
/// street geocoder: ids, names, emails, phones and street lines are
/// not used; the city, state, ZIP and coordinates locate; the numbers
/// are summed.
fn sample_roles() -> Vec<&'static str> {
    let mut roles = vec!["ignore"; 5];
    roles.extend(["city", "state", "zip", "lat", "lng"]);
    roles.extend(["metric"; 3]);
    roles
}

/// Whether numbers (as the table shows them, `1,234`) never increase.
fn is_descending(values: &[i64]) -> bool {
    values.windows(2).all(|w| w[0] >= w[1])
}

fn text(path: &Path) -> String {
    path.to_str().expect("a UTF-8 path").to_owned()
}

/// The first-start sign-in link, on the server's own address.
fn sign_in_link(server: &mut Server) -> String {
    const MARK: &str = "Sign in (link valid for 7 days, once): ";
    let out = server.proc.wait_output(MARK);
    let line = out.lines().find(|l| l.contains(MARK)).expect("the line");
    link_on(&server.base, line)
}

/// The `/login?token=...` part of `printed`, on `base`.
fn link_on(base: &str, printed: &str) -> String {
    let at = printed.find("/login?token=").expect("a sign-in link");
    format!("{base}{}", printed[at..].trim())
}

/// Where screenshots go: `$HONEYGRID_SCREENSHOTS`, else
/// `ui-screenshots/` in the target folder the binary was built in.
fn screenshot_dir() -> PathBuf {
    let dir = match std::env::var_os("HONEYGRID_SCREENSHOTS") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let binary = Path::new(env!("CARGO_BIN_EXE_honeygrid"));
            let profile = binary.parent().expect("the profile folder");
            let target = profile.parent().expect("the target folder");
            target.join("ui-screenshots")
        }
    };
    std::fs::create_dir_all(&dir).expect("creates the screenshot folder");
    dir
}

/// The browser and its driver, from the environment or `PATH`; fails
/// the test, saying how to install them, when they are missing.
fn browser_binaries() -> (PathBuf, PathBuf) {
    let find = |var: &str, names: &[&str]| -> Option<PathBuf> {
        if let Some(path) = std::env::var_os(var) {
            return Some(PathBuf::from(path));
        }
        let paths = std::env::var_os("PATH")?;
        std::env::split_paths(&paths)
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .find(|p| p.is_file())
    };
    let chrome = find(
        "HONEYGRID_CHROME",
        &["chromium", "chromium-browser", "google-chrome"],
    );
    let driver = find("HONEYGRID_CHROMEDRIVER", &["chromedriver"]);
    match (chrome, driver) {
        (Some(chrome), Some(driver)) => (chrome, driver),
        (chrome, driver) => panic!(
            "the browser tests need Chromium and chromedriver (found: \
             chromium {chrome:?}, chromedriver {driver:?}); install them \
             with `sudo apt-get install -y chromium chromium-driver` \
             (Debian/Ubuntu), or set HONEYGRID_CHROME and \
             HONEYGRID_CHROMEDRIVER to their paths"
        ),
    }
}

/// A chromedriver process on a free port, killed with its browsers
/// when dropped.
struct Chromedriver {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Chromedriver {
    fn start(binary: &Path) -> Chromedriver {
        let log = std::env::temp_dir().join(format!(
            "honeygrid-chromedriver-{}.log",
            support::uuid_like()
        ));
        for _ in 0..5 {
            let port = free_port();
            // Its own process group, which the browsers it starts join,
            // so a failing test leaves no browser behind.
            let child = Command::new(binary)
                .process_group(0)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot start {}: {e}", binary.display())
                });
            let mut driver = Chromedriver {
                child,
                url: format!("http://127.0.0.1:{port}"),
                log: log.clone(),
            };
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(20) {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return driver;
                }
                if driver.child.try_wait().ok().flatten().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = driver.child.kill();
        }
        panic!("chromedriver did not start; its log: {}", log.display());
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            eprintln!("--- chromedriver log (end):\n{}", tail(&log, 30));
        }
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session, with the helpers the test uses.
struct Browser {
    client: Client,
    shots: PathBuf,
}

impl Browser {
    async fn open(
        driver: &Chromedriver,
        chrome: &Path,
        shots: PathBuf,
    ) -> Browser {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": text(chrome),
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-dev-shm-usage",
                    "--disable-gpu",
                    "--no-first-run",
                    "--hide-scrollbars",
                    format!("--window-size={WIDTH},{HEIGHT}"),
                ],
            }),
        );
        let connector =
            hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .unwrap_or_else(|e| panic!("cannot open a Chromium session: {e}"));
        client
            .set_window_size(WIDTH, HEIGHT)
            .await
            .expect("sets the window size");
        Browser { client, shots }
    }

    async fn close(&self) {
        let _ = self.client.clone().close().await;
    }

    async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    async fn url(&self) -> url::Url {
        self.client.current_url().await.expect("the current URL")
    }

    async fn until<T, F, Fut>(&self, what: &str, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Option<T>>,
    {
        let start = Instant::now();
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if start.elapsed() > PATIENCE {
                let url = self.url().await;
                let source = self.client.source().await.unwrap_or_default();
                panic!(
                    "gave up waiting for {what} (at {url}); the page:\n{}",
                    tail(&source, 60)
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn wait_path(&self, path: &str) {
        self.until(&format!("the page {path}"), || async {
            (self.url().await.path() == path).then_some(())
        })
        .await;
    }

    async fn wait_path_prefix(&self, prefix: &str) {
        self.until(&format!("a page under {prefix}"), || async {
            self.url().await.path().starts_with(prefix).then_some(())
        })
        .await;
    }

    async fn wait_url_contains(&self, part: &str) {
        self.until(&format!("an address with {part}"), || async {
            self.url().await.as_str().contains(part).then_some(())
        })
        .await;
    }

    async fn find(&self, css: &str) -> Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(e) => panic!("no element {css} at {}: {e}", self.url().await),
        }
    }

    async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .expect("finds")
    }

    async fn wait_find(&self, css: &str) -> Element {
        self.until(&format!("the element {css}"), || async {
            self.client.find(Locator::Css(css)).await.ok()
        })
        .await
    }

    async fn text(&self, css: &str) -> String {
        self.find(css)
            .await
            .text()
            .await
            .expect("the element's text")
    }

    async fn click(&self, css: &str) {
        let element = self.wait_find(css).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Opens the create dialog, puts `file` in its file input, names it
    /// and waits for the preview to give its columns `roles`.
    async fn choose(&self, file: &Path, name: &str, roles: &[&str]) {
        self.click("[data-open='create-dialog']").await;
        let dialog = self.wait_find("#create-dialog[open]").await;
        assert!(dialog.is_displayed().await.expect("displayed"));
        let input = self.find("#create-file").await;
        input
            .send_keys(&text(file))
            .await
            .expect("chooses the file");
        self.find("#create-name")
            .await
            .send_keys(name)
            .await
            .expect("types");
        let hint = self.text("#create-file-hint").await;
        let file_name = file.file_name().expect("a name").to_string_lossy();
        assert!(
            hint.contains(&*file_name),
            "the chosen file is shown: {hint}"
        );
        self.wait_roles(roles).await;
    }

    /// Waits until the preview's role pickers read `roles`.
    async fn wait_roles(&self, roles: &[&str]) {
        self.until("the preview's column roles", || async {
            let script = "return Array.from(document.querySelectorAll(\
                '#preview-table select')).map(s => s.value)";
            let found = self.client.execute(script, vec![]).await.ok()?;
            (found == json!(roles)).then_some(())
        })
        .await;
    }

    /// Chooses `file` with [`Browser::choose`] and uploads it; returns
    /// the new data source's id once the browser is on its page.
    async fn upload(
        &self,
        file: &Path,
        name: &str,
        roles: &[&str],
        shot: &str,
    ) -> String {
        self.choose(file, name, roles).await;
        self.shot(shot).await;
        self.submit_upload().await
    }

    /// Sends the create dialog; returns the data source's id once the
    /// browser is on its page.
    async fn submit_upload(&self) -> String {
        self.click("#create-submit").await;
        let path = self
            .until("the new data source's page", || async {
                let url = self.url().await;
                let id = url.path().strip_prefix("/data-sources/")?.to_owned();
                (!id.is_empty()).then_some(id)
            })
            .await;
        self.wait_find("h1").await;
        path
    }

    /// Drops a file named `name` holding `content` on the dialog's drop
    /// zone, as a file dragged from the desktop would be.
    async fn drop_file(&self, name: &str, content: &str) {
        let script = "const [name, content] = arguments;\
            const dt = new DataTransfer();\
            dt.items.add(new File([content], name, {type: 'text/csv'}));\
            const zone = document.getElementById('dropzone');\
            for (const type of ['dragenter', 'dragover', 'drop']) {\
              zone.dispatchEvent(new DragEvent(type, {bubbles: true,\
                cancelable: true, dataTransfer: dt}));\
            }";
        self.client
            .execute(script, vec![json!(name), json!(content)])
            .await
            .expect("drops the file");
    }

    /// Waits until the card of data source `id` says `ready`: the card
    /// refreshes itself (htmx) without the page being reloaded.
    /// Clicks a mouse at offsets from an element's centre.
    async fn click_at(&self, element: &Element, offsets: &[(f64, f64)]) {
        let mut mouse = MouseActions::new("mouse".into());
        for &(x, y) in offsets {
            let element = element.clone();
            let duration = None;
            let button = MOUSE_BUTTON_LEFT;
            mouse = mouse
                .then(PointerAction::MoveToElement {
                    element,
                    duration,
                    x,
                    y,
                })
                .then(PointerAction::Down { button })
                .then(PointerAction::Up { button });
        }
        self.client.perform_actions(mouse).await.expect("clicks");
    }

    async fn wait_card_ready(&self, id: &str) {
        self.wait_card_status(id, "ready").await;
    }

    /// Waits until the card of data source `id` has status `want`;
    /// fails at once if it reaches the other end state.
    async fn wait_card_status(&self, id: &str, want: &str) {
        let css = format!("#card-{id}");
        self.until(&format!("card {id} to be {want}"), || async {
            let card = self.client.find(Locator::Css(&css)).await.ok()?;
            let status = card.attr("data-status").await.ok()??;
            let ended = status == "ready" || status == "failed";
            if ended && status != want {
                let text = card.text().await.unwrap_or_default();
                panic!("card {id} is {status}, not {want}: {text}");
            }
            (status == want).then_some(())
        })
        .await;
    }

    /// The values of a metric column of the cells table on this page.
    async fn column_values(&self, metric: &str) -> Vec<i64> {
        let headers = self.find_all("#cells-table thead th").await;
        let mut column = None;
        for (i, th) in headers.iter().enumerate() {
            // Headings are shown in capitals (CSS); compare without case.
            if th
                .text()
                .await
                .expect("text")
                .to_lowercase()
                .starts_with(metric)
            {
                column = Some(i + 1);
            }
        }
        let column = column.unwrap_or_else(|| panic!("no column {metric}"));
        let css = format!("#cells-table tbody td:nth-child({column})");
        let mut values = Vec::new();
        for cell in self.find_all(&css).await {
            let text = cell.text().await.expect("text").replace(',', "");
            values.push(
                text.parse().unwrap_or_else(|_| panic!("a number: {text}")),
            );
        }
        values
    }

    /// Waits until the page's map has drawn more than `more_than`
    /// hexagons; returns how many.
    async fn wait_map_drawn(&self, more_than: u64) -> u64 {
        self.until("the map to be drawn", || async {
            let canvas = self.wait_find(".map-canvas").await;
            let state = canvas.attr("data-state").await.ok()??;
            let count = canvas.attr("data-hexagons").await.ok()??;
            let count: u64 = count.parse().ok()?;
            (state == "drawn" && count > more_than).then_some(count)
        })
        .await
    }

    /// Hovers the first cell the map shows; returns its tooltip.
    async fn hover_map(&self) -> String {
        let found = self.client.execute(MAP_HOVER, vec![]).await;
        let found = found.expect("hovers the map");
        assert_eq!(found, json!(true), "a cell to hover");
        let tip = self.wait_find(".map-tooltip:not([hidden])").await;
        tip.text().await.expect("text")
    }

    /// Saves the map panel alone as `NAME.png`.
    async fn shot_map(&self, name: &str) {
        let panel = self.find("#map").await;
        // A window tall enough for the whole panel.
        let tall = HEIGHT + 400;
        self.client
            .set_window_size(WIDTH, tall)
            .await
            .expect("resizes");
        let top = "document.querySelector('#map').scrollIntoView()";
        self.client.execute(top, vec![]).await.expect("scrolls");
        let png = panel.screenshot().await.expect("a screenshot");
        self.client
            .set_window_size(WIDTH, HEIGHT)
            .await
            .expect("resizes");
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("writes the screenshot");
    }

    /// Saves the whole page, from its top, as `NAME.png`.
    async fn shot(&self, name: &str) {
        self.shot_at(name, WIDTH).await;
    }

    /// Saves the whole page `width` pixels wide as `NAME.png`.
    async fn shot_at(&self, name: &str, width: u32) {
        // The page reflows at the new width before its height is read.
        self.client
            .set_window_size(width, HEIGHT)
            .await
            .expect("resizes");
        let height = self
            .client
            .execute(
                "window.scrollTo(0, 0); \
                 return document.documentElement.scrollHeight",
                vec![],
            )
            .await
            .ok()
            .and_then(|v: Value| v.as_u64())
            .unwrap_or(HEIGHT as u64)
            .clamp(HEIGHT as u64, 6000) as u32;
        self.client
            .set_window_size(width, height)
            .await
            .expect("resizes");
        let png = self.client.screenshot().await.expect("a screenshot");
        self.client
            .set_window_size(WIDTH, HEIGHT)
            .await
            .expect("resizes");
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("writes the screenshot");
        self.only_own_requests(name).await;
        self.accessible(name).await;
    }

    /// Fails on what axe-core finds against WCAG 2 A and AA (labels,
    /// contrast, keyboard, structure) on the page as it is now.
    async fn accessible(&self, page: &str) {
        let axe = include_str!("vendor/axe.min.js");
        let loaded = format!("{axe}\nreturn typeof axe === 'object';");
        let ready = self.client.execute(&loaded, vec![]).await;
        assert_eq!(ready.expect("loads axe-core"), json!(true));
        let found = self
            .client
            .execute_async(AXE_RUN, vec![])
            .await
            .expect("runs axe-core");
        let passed = found["passed"].as_u64().unwrap_or(0);
        assert!(passed > 5, "axe-core checked too little on {page}: {found}");
        assert_eq!(found["violations"], json!([]), "on {page}");
    }

    /// Fails when the page fetched anything from another origin.
    async fn only_own_requests(&self, page: &str) {
        let foreign = self
            .client
            .execute(
                "return performance.getEntriesByType('resource')\
                   .map(e => e.name)\
                   .filter(u => !u.startsWith(location.origin))",
                vec![],
            )
            .await
            .expect("lists the page's requests");
        assert_eq!(foreign, json!([]), "requests from {page}");
    }
}
