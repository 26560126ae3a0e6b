//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use honeygrid_core::Precision;
use honeygrid_ingest::output::OutputFormat;

/// Turns customer files into per-H3-cell metrics for geographic
/// targeting.
#[derive(Debug, Parser)]
#[command(name = "honeygrid", version, about)]
pub struct Cli {
    /// Where HoneyGrid keeps its state (imported address points and
    /// boundaries); default `$XDG_DATA_HOME/honeygrid` or
    /// `~/.local/share/honeygrid`.
    #[arg(long, global = true, env = "HONEYGRID_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sum a CSV or .xlsx file's metrics per H3 cell.
    Ingest(IngestArgs),
    /// Write a realistic sample customer CSV.
    Sample(SampleArgs),
    /// Manage the address points used for street-level geocoding.
    #[command(subcommand)]
    Geocoder(GeocoderCommand),
    /// Manage the ZIP and carrier-route boundaries used by targeting.
    #[command(subcommand)]
    Boundaries(BoundariesCommand),
    /// Run the service: API, workers and scheduler.
    Serve(ServeArgs),
    /// Run workflow workers and the scheduler only (scaled out).
    Worker(WorkerArgs),
    /// Bring the database schema up to date.
    Migrate(ServiceArgs),
    /// Admin commands: workspaces, users, tokens, sign-in links.
    #[command(flatten)]
    Admin(AdminCommand),
}

/// Where the service keeps its state, and its limits.
#[derive(Debug, Clone, Args)]
pub struct ServiceArgs {
    /// `sqlite://PATH` or `postgres://USER@HOST/DB`; default a SQLite
    /// file in the data directory.
    #[arg(long, env = "HONEYGRID_DATABASE_URL", value_name = "URL")]
    pub database_url: Option<String>,

    /// `file:///DIR` or `s3://BUCKET/PREFIX` (with the AWS_* variables,
    /// AWS_ENDPOINT_URL for another S3-compatible service); default a
    /// folder in the data directory.
    #[arg(long, env = "HONEYGRID_STORAGE_URL", value_name = "URL")]
    pub storage_url: Option<String>,

    /// The largest upload accepted, in bytes.
    #[arg(
        long,
        env = "HONEYGRID_MAX_UPLOAD_BYTES",
        default_value_t = honeygrid_app::config::DEFAULT_MAX_UPLOAD
    )]
    pub max_upload_bytes: u64,

    /// Bytes of a file processed per checkpointed step.
    #[arg(
        long,
        env = "HONEYGRID_SEGMENT_BYTES",
        default_value_t = honeygrid_app::config::DEFAULT_SEGMENT
    )]
    pub segment_bytes: u64,
}

/// `honeygrid serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "HONEYGRID_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// The URL users reach the service at, for printed links; default
    /// `http://` and the listening address.
    #[arg(long, env = "HONEYGRID_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,

    /// Serve the API only; `honeygrid worker` processes run workflows.
    #[arg(long)]
    pub no_workers: bool,

    /// Workflow runs executed at once by this process.
    #[arg(long, env = "HONEYGRID_CONCURRENCY", default_value_t = 2)]
    pub concurrency: usize,

    /// Storage and limits.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `honeygrid worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Workflow runs executed at once by this process.
    #[arg(long, env = "HONEYGRID_CONCURRENCY", default_value_t = 2)]
    pub concurrency: usize,

    /// Storage and limits.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// Admin subcommands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// `honeygrid workspace create NAME`.
    Workspace {
        /// Always `create`.
        #[arg(value_parser = ["create"])]
        action: String,
        /// The new workspace's name.
        name: String,
        /// Storage.
        #[command(flatten)]
        service: ServiceArgs,
    },
    /// `honeygrid user add EMAIL --workspace NAME --role ROLE`.
    User(UserAddArgs),
    /// `honeygrid token create --workspace NAME --email EMAIL`: prints
    /// a new API token, and nothing else.
    Token(MemberArgs),
    /// `honeygrid login-link --workspace NAME --email EMAIL`: prints a
    /// one-time sign-in link for the web UI.
    LoginLink(MemberArgs),
}

/// `honeygrid user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Always `add`.
    #[arg(value_parser = ["add"])]
    pub action: String,
    /// The user's email.
    pub email: String,
    /// The workspace's name.
    #[arg(long)]
    pub workspace: String,
    /// owner, editor or viewer.
    #[arg(long, default_value = "editor")]
    pub role: String,
    /// Storage.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// A member of a workspace, for tokens and links.
#[derive(Debug, Args)]
pub struct MemberArgs {
    /// For `token`: always `create`; ignored for `login-link`.
    #[arg(value_parser = ["create"], default_value = "create")]
    pub action: String,
    /// The workspace's name.
    #[arg(long)]
    pub workspace: String,
    /// The member's email.
    #[arg(long)]
    pub email: String,
    /// The URL users reach the service at, for the link.
    #[arg(
        long,
        env = "HONEYGRID_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    pub base_url: String,
    /// Storage.
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// `honeygrid geocoder ...`.
#[derive(Debug, Subcommand)]
pub enum GeocoderCommand {
    /// Import address points (OpenAddresses CSV, or any CSV with
    /// --columns); each import adds to the earlier ones.
    Import(ImportArgs),
    /// Show what has been imported.
    Status,
}

/// `honeygrid geocoder import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Address files to import.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Column names of a file that is not in the OpenAddresses layout:
    /// `number=ADD_NUM,street=StNam_Full,city=Post_City,state=State,
    /// zip=Zip_Code,lat=Latitude,lng=Longitude[,unit=Unit]`.
    #[arg(long, value_name = "MAPPING")]
    pub columns: Option<String>,

    /// The state of rows that name none (OpenAddresses files of one
    /// state often leave REGION empty), e.g. `MA`.
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
}

/// `honeygrid boundaries ...`.
#[derive(Debug, Subcommand)]
pub enum BoundariesCommand {
    /// Import a GeoJSON FeatureCollection of ZIP or carrier-route
    /// boundaries (Polygon or MultiPolygon features, longitude and
    /// latitude); it replaces the earlier set of that kind. The
    /// service loads the sets when it starts.
    Import(BoundaryImportArgs),
    /// Show the imported boundary sets.
    Status,
}

/// `honeygrid boundaries import`.
#[derive(Debug, Args)]
pub struct BoundaryImportArgs {
    /// The GeoJSON file.
    pub file: PathBuf,

    /// What the features outline.
    #[arg(long, value_enum)]
    pub kind: BoundaryKindArg,

    /// The property holding each feature's ZIP; default the first of
    /// ZCTA5CE20, ZCTA5CE10, zip, ZIP (carrier routes: ZIP, zip).
    #[arg(long, value_name = "NAME")]
    pub code_property: Option<String>,

    /// Carrier routes only: the property holding the route (`C001`,
    /// or `02139C001` with its ZIP); default CRID, crid or route.
    #[arg(long, value_name = "NAME")]
    pub route_property: Option<String>,
}

/// What imported boundaries outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BoundaryKindArg {
    /// ZIP Code Tabulation Areas (ZIPs).
    Zip,
    /// USPS carrier routes.
    #[value(name = "carrier_route", alias = "carrier-route")]
    CarrierRoute,
}

/// `honeygrid ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The file to read (CSV, TSV or .xlsx); `-` reads standard input.
    pub file: PathBuf,

    /// Where to write the result; standard output when absent.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// H3 resolution of the cells, 0 (continents) to 15 (about 1 m²).
    #[arg(short, long, default_value_t = 10, value_parser = clap::value_parser!(u8).range(0..=15))]
    pub resolution: u8,

    /// Column roles, overriding detection: `Postal=zip,Sales=metric,
    /// Notes=ignore`, or a .json or .toml file of column → role. Roles:
    /// address1 address2 city state zip country lat lng metric ignore.
    #[arg(long, value_name = "MAPPING")]
    pub columns: Option<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Write the rows that failed or had bad values to this CSV file.
    #[arg(long, value_name = "FAILED.csv")]
    pub report: Option<PathBuf>,

    /// Write where every row went to this CSV file: row, id (the first
    /// identifier column), cell, precision.
    #[arg(long, value_name = "ROWS.csv")]
    pub rows_out: Option<PathBuf>,

    /// Write a JSON summary of the run to this file.
    #[arg(long, value_name = "FILE")]
    pub summary_json: Option<PathBuf>,

    /// Print nothing but errors: no progress bar, no summary.
    #[arg(short, long)]
    pub quiet: bool,

    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    pub threads: usize,

    /// Refuse files larger than this, e.g. `500MB` or `2GiB`.
    #[arg(long, value_name = "SIZE", default_value = "20GiB", value_parser = parse_size)]
    pub max_size: u64,

    /// Put rows placed less precisely than this under `unknown`:
    /// rooftop, interpolated, street, postal_centroid or city_centroid.
    #[arg(long, value_name = "PRECISION", value_parser = parse_precision)]
    pub min_precision: Option<Precision>,

    /// An external geocoder for street addresses the address points do
    /// not place, tried before the ZIP centroid. Its key, if it needs
    /// one, is read from HONEYGRID_PROVIDER_KEY.
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub provider: Option<ProviderKind>,

    /// The provider's base URL (default: the public service; required
    /// for a self-hosted Pelias).
    #[arg(long, value_name = "URL", requires = "provider")]
    pub provider_url: Option<String>,

    /// Ask the provider again for addresses it already answered (its
    /// answers are otherwise kept in the data directory).
    #[arg(long, requires = "provider")]
    pub no_geocode_cache: bool,

    /// Do not use imported address points, even if there are some.
    #[arg(long)]
    pub no_address_points: bool,

    /// Bytes per unit of parallel work (for testing).
    #[arg(long, default_value_t = 1 << 20, hide = true)]
    pub chunk_size: usize,
}

/// External geocoding services.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProviderKind {
    /// The US Census Geocoder (keyless, batches).
    Census,
    /// Geocodio (key, batches).
    Geocodio,
    /// Google Geocoding (key).
    Google,
    /// A self-hosted Pelias (--provider-url).
    Pelias,
}

/// Output formats on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// The aggregate object, keyed by cell.
    Json,
    /// One row per cell with a hex_id column (kepler.gl's H3 layer).
    Csv,
    /// One hexagon polygon per cell.
    Geojson,
}

impl From<Format> for OutputFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Json => OutputFormat::Json,
            Format::Csv => OutputFormat::Csv,
            Format::Geojson => OutputFormat::Geojson,
        }
    }
}

/// `honeygrid sample`.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Number of customer rows.
    #[arg(long, default_value_t = 1000)]
    pub rows: u64,

    /// Seed of the generator; the same seed writes the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Which location columns to write.
    #[arg(long, value_enum, default_value_t = SampleLocation::Coordinates)]
    pub location: SampleLocation,

    /// Where to write; standard output when absent.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Location columns of the sample.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SampleLocation {
    /// ZIP codes and latitude/longitude.
    Coordinates,
    /// ZIP codes only.
    Zip,
}

/// Reads a precision label.
fn parse_precision(s: &str) -> Result<Precision, String> {
    Precision::from_label(s).ok_or_else(|| {
        let labels: Vec<&str> =
            Precision::ALL.iter().map(|p| p.label()).collect();
        format!("unknown precision {s:?}; use one of {}", labels.join(", "))
    })
}

/// Reads `500MB`, `2GiB`, `1000` (bytes).
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (digits, unit) = s.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size such as 500MB"))?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" => 1_000,
        "kib" | "k" => 1 << 10,
        "mb" => 1_000_000,
        "mib" | "m" => 1 << 20,
        "gb" => 1_000_000_000,
        "gib" | "g" => 1 << 30,
        _ => {
            return Err(format!(
                "unknown unit in {s:?}; use B, KB, MB, GB, KiB, MiB or GiB"
            ));
        }
    };
    n.checked_mul(scale)
        .ok_or_else(|| format!("{s:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("500MB"), Ok(500_000_000));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5XB").is_err());
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
