//! The US Census Bureau geocoder's batch endpoint (no key).
//!
//! `POST {base}/geocoder/locations/addressbatch`, a multipart form with
//! `addressFile` (CSV lines `id,street,city,state,zip`, no header) and
//! `benchmark`. Each answer line is
//! `"id","input","Match","Exact","matched address","lon,lat","tigerLineId","side"`,
//! or `"id","input","No_Match"` / `"id","input","Tie"`, in any order.
//!
//! The Census geocoder places an address by interpolating along the
//! TIGER/Line address range of its street segment, so its best answer
//! is [`Precision::Interpolated`]:
//!
//! - `Match`, `Exact`: interpolated;
//! - `Match`, `Non_Exact`, on the same house number and street as the
//!   input (after USPS normalisation: `Road` = `RD`): interpolated; the
//!   difference was elsewhere (city, ZIP);
//! - `Match`, `Non_Exact`, on another street or number:
//!   [`Precision::Street`], a point on a street the service chose;
//! - `No_Match`, `Tie`: no match.

use honeygrid_address::normalize_street;
use honeygrid_core::Precision;

use crate::error::{ConfigError, ProviderError};
use crate::http::{Http, HttpOptions, check_base_url, expect_success};
use crate::multipart::{Part, encode};
use crate::provider::{Provider, ProviderMatch};
use crate::query::AddressQuery;
use crate::rate::RateLimit;

/// The service's name in messages.
const NAME: &str = "US Census Geocoder";

/// The public service.
pub const DEFAULT_BASE_URL: &str = "https://geocoding.geo.census.gov";

/// The most addresses the service takes in one request.
pub const MAX_BATCH: usize = 10_000;

/// Settings of the Census client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CensusOptions {
    /// The address data release to match against.
    pub benchmark: String,
    /// Addresses per request, at most [`MAX_BATCH`].
    pub batch_size: usize,
    /// HTTP settings.
    pub http: HttpOptions,
}

impl Default for CensusOptions {
    /// `Public_AR_Current`, 1,000 addresses per request (about 10 to
    /// 60 seconds of the service's time), a 5-minute timeout.
    fn default() -> Self {
        CensusOptions {
            benchmark: "Public_AR_Current".to_owned(),
            batch_size: 1_000,
            http: HttpOptions::with_timeout(std::time::Duration::from_secs(
                300,
            )),
        }
    }
}

/// A client of the Census batch geocoder.
#[derive(Debug)]
pub struct Census {
    http: Http,
    url: String,
    benchmark: String,
    batch_size: usize,
}

impl Census {
    /// A client of the service at `base_url` (such as
    /// [`DEFAULT_BASE_URL`]).
    pub fn new(
        base_url: &str,
        options: CensusOptions,
    ) -> Result<Census, ConfigError> {
        let base = check_base_url(base_url, NAME, DEFAULT_BASE_URL)?;
        if !(1..=MAX_BATCH).contains(&options.batch_size) {
            return Err(ConfigError::Invalid {
                what: "Census batch size",
                why: "it must be from 1 to 10,000",
            });
        }
        Ok(Census {
            http: Http::new(NAME, &options.http),
            url: format!("{base}/geocoder/locations/addressbatch"),
            benchmark: options.benchmark,
            batch_size: options.batch_size,
        })
    }
}

impl Provider for Census {
    fn name(&self) -> &'static str {
        "census"
    }

    fn max_batch(&self) -> usize {
        self.batch_size
    }

    /// One request at a time: each is a large batch.
    fn default_rate_limit(&self) -> RateLimit {
        RateLimit::per_second(1.0)
    }

    fn geocode_batch(
        &self,
        addresses: &[AddressQuery],
    ) -> Result<Vec<Option<ProviderMatch>>, ProviderError> {
        let file = address_file(addresses)?;
        let parts = [
            Part {
                name: "benchmark",
                file: None,
                data: self.benchmark.as_bytes(),
            },
            Part {
                name: "addressFile",
                file: Some(("addresses.csv", "text/csv")),
                data: &file,
            },
        ];
        let (content_type, body) = encode(&parts);
        let reply = self.http.post(&self.url, &[], &content_type, &body)?;
        let reply = expect_success(reply, NAME, None, first_line)?;
        read_answer(&reply.body, addresses)
    }
}

/// The uploaded file: `id,street,city,state,zip` lines, the id being
/// the address's position.
fn address_file(addresses: &[AddressQuery]) -> Result<Vec<u8>, ProviderError> {
    let mut out = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for (id, a) in addresses.iter().enumerate() {
        let id = id.to_string();
        let record = [&id, &a.street, &a.city, &a.state, &a.zip];
        out.write_record(record)
            .map_err(|_| ProviderError::fatal(NAME, "cannot write the file"))?;
    }
    out.into_inner()
        .map_err(|_| ProviderError::fatal(NAME, "cannot write the file"))
}

/// The matches of an answer, by id.
fn read_answer(
    body: &str,
    addresses: &[AddressQuery],
) -> Result<Vec<Option<ProviderMatch>>, ProviderError> {
    let mut found = vec![None; addresses.len()];
    let mut lines = 0;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    for record in reader.records() {
        let record = record.map_err(|_| bad("a line is not CSV"))?;
        let id: usize = field(&record, 0)?
            .parse()
            .map_err(|_| bad("a line does not start with an id"))?;
        let query = addresses.get(id).ok_or_else(|| bad("unknown id"))?;
        found[id] = read_line(&record, query)?;
        lines += 1;
    }
    if lines == 0 && !addresses.is_empty() {
        return Err(bad("no result lines"));
    }
    Ok(found)
}

/// The match of one answer line.
fn read_line(
    record: &csv::StringRecord,
    query: &AddressQuery,
) -> Result<Option<ProviderMatch>, ProviderError> {
    match field(record, 2)? {
        "Match" => {}
        "No_Match" | "Tie" => return Ok(None),
        _ => return Err(bad("unknown match status")),
    }
    let matched = field(record, 4)?;
    let (lng, lat) = field(record, 5)?
        .split_once(',')
        .and_then(|(x, y)| {
            Some((x.trim().parse().ok()?, y.trim().parse().ok()?))
        })
        .ok_or_else(|| bad("coordinates are not lon,lat"))?;
    let precision = match field(record, 3)? {
        "Exact" => Precision::Interpolated,
        "Non_Exact" if same_street(&query.street, matched) => {
            Precision::Interpolated
        }
        "Non_Exact" => Precision::Street,
        _ => return Err(bad("unknown match type")),
    };
    Ok(Some(ProviderMatch {
        lat,
        lng,
        precision,
        matched_address: matched.to_owned(),
    }))
}

/// Field `i`, trimmed, or an error when the line is too short.
fn field(record: &csv::StringRecord, i: usize) -> Result<&str, ProviderError> {
    record
        .get(i)
        .map(str::trim)
        .ok_or_else(|| bad("a line has too few fields"))
}

/// Whether the matched address (`STREET, CITY, ST, ZIP`) has the input
/// street's house number and street.
fn same_street(input: &str, matched: &str) -> bool {
    let ours = normalize_street(input);
    let theirs = normalize_street(matched.split(',').next().unwrap_or(""));
    let (Some(a), Some(b)) = (ours.key(), theirs.key()) else {
        return false;
    };
    a == b && ours.number.is_some() && ours.number == theirs.number
}

/// A malformed-answer error.
fn bad(what: &str) -> ProviderError {
    ProviderError::malformed(NAME, what)
}

/// The first line of an error body, as the service's message.
fn first_line(body: &str) -> Option<String> {
    let line = body.lines().map(str::trim).find(|l| !l.is_empty())?;
    (!line.starts_with('<')).then(|| line.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(street: &str) -> AddressQuery {
        AddressQuery::from_text(street, "", "", "", "20233").unwrap()
    }

    #[test]
    fn compares_streets_after_normalisation() {
        let m = "4600 SILVER HILL RD, WASHINGTON, DC, 20233";
        assert!(same_street("4600 Silver Hill Road", m));
        assert!(!same_street("4600 Silver Hill Lane", m));
        assert!(!same_street("4602 Silver Hill Rd", m));
        assert!(!same_street("Silver Hill Rd", m));
    }

    #[test]
    fn reads_lines_in_any_order() {
        let body = "\"1\",\"x\",\"No_Match\"\n\
            \"0\",\"x\",\"Match\",\"Exact\",\"4600 SILVER HILL RD, \
            WASHINGTON, DC, 20233\",\"-76.92744,38.845985\",\
            \"76355984\",\"L\"\n";
        let qs = [query("4600 Silver Hill Rd"), query("1 Nowhere St")];
        let found = read_answer(body, &qs).unwrap();
        let m = found[0].as_ref().unwrap();
        assert_eq!((m.lat, m.lng), (38.845985, -76.92744));
        assert_eq!(m.precision, Precision::Interpolated);
        assert!(found[1].is_none());
    }

    #[test]
    fn refuses_other_formats() {
        let qs = [query("1 Main St")];
        let html = "<html><body>Service Unavailable</body></html>";
        assert!(read_answer(html, &qs).is_err());
        assert!(read_answer("", &qs).is_err());
        assert!(read_answer("\"7\",\"x\",\"No_Match\"", &qs).is_err());
        assert!(read_answer("\"0\",\"x\",\"Maybe\"", &qs).is_err());
    }
}
