//! The roles of every column of one file, decided from its header, the
//! user's mapping and a sample of its first rows.

use std::fmt;

use crate::column::{
    ColumnMapping, Role, fold_name, is_identifier, location_role,
};
use crate::value::{is_metric_like, trim};

/// How many data rows are sampled to tell numbers from text. A column
/// is a metric when at least 90% of its non-empty sampled values are
/// numbers.
pub const SAMPLE_ROWS: usize = 1000;

/// Why a column is not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoreReason {
    /// The mapping said `ignore`.
    Mapped,
    /// Mostly text: names, emails, notes.
    Text,
    /// An identifier: ids, phone and account numbers.
    Identifier,
    /// A second column for a location role already taken.
    DuplicateLocation,
    /// Named `customerCount`, which is HoneyGrid's own count.
    Reserved,
    /// The header cell is empty.
    NoName,
    /// A street-address column; not geocoded by this version.
    StreetAddress,
}

impl IgnoreReason {
    /// The reason as shown to users.
    pub fn label(self) -> &'static str {
        match self {
            IgnoreReason::Mapped => "ignored by mapping",
            IgnoreReason::Text => "text",
            IgnoreReason::Identifier => "identifier",
            IgnoreReason::DuplicateLocation => "duplicate location column",
            IgnoreReason::Reserved => "reserved name",
            IgnoreReason::NoName => "no name",
            IgnoreReason::StreetAddress => "street address, no street geocoder",
        }
    }
}

impl fmt::Display for IgnoreReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A column that is not summed and does not locate rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredColumn {
    /// Position in the row.
    pub index: usize,
    /// The header name, trimmed.
    pub column: String,
    /// Why it is not used.
    pub reason: IgnoreReason,
}

/// A summed column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricColumn {
    /// Position in the row.
    pub index: usize,
    /// Name in the output (the header, trimmed, made unique).
    pub name: String,
}

/// Positions of the location columns, where present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LocationColumns {
    /// First street line.
    pub address1: Option<usize>,
    /// Second street line.
    pub address2: Option<usize>,
    /// City.
    pub city: Option<usize>,
    /// State.
    pub state: Option<usize>,
    /// ZIP.
    pub zip: Option<usize>,
    /// Country.
    pub country: Option<usize>,
    /// Latitude.
    pub lat: Option<usize>,
    /// Longitude.
    pub lng: Option<usize>,
}

impl LocationColumns {
    fn slot(&mut self, role: Role) -> Option<&mut Option<usize>> {
        Some(match role {
            Role::Address1 => &mut self.address1,
            Role::Address2 => &mut self.address2,
            Role::City => &mut self.city,
            Role::State => &mut self.state,
            Role::Zip => &mut self.zip,
            Role::Country => &mut self.country,
            Role::Lat => &mut self.lat,
            Role::Lng => &mut self.lng,
            Role::Metric | Role::Ignore => return None,
        })
    }

    /// The column of a location role, if present.
    pub fn get(&self, role: Role) -> Option<usize> {
        self.present()
            .into_iter()
            .find(|(r, _)| *r == role)
            .map(|(_, i)| i)
    }

    /// Each present location column with its role, in role order.
    pub fn present(&self) -> Vec<(Role, usize)> {
        let all = [
            (Role::Address1, self.address1),
            (Role::Address2, self.address2),
            (Role::City, self.city),
            (Role::State, self.state),
            (Role::Zip, self.zip),
            (Role::Country, self.country),
            (Role::Lat, self.lat),
            (Role::Lng, self.lng),
        ];
        all.into_iter().filter_map(|(r, i)| Some((r, i?))).collect()
    }

    /// True when rows can be placed: a lat/lng pair, a ZIP, a street
    /// line (which may hold a whole one-line address), or a city and a
    /// state.
    pub fn usable(&self) -> bool {
        (self.lat.is_some() && self.lng.is_some())
            || self.zip.is_some()
            || self.address1.is_some()
            || (self.city.is_some() && self.state.is_some())
    }
}

/// Counts, per column, of non-empty and numeric values in the sample.
#[derive(Debug, Clone, Default)]
pub struct SampleStats {
    rows: usize,
    non_empty: Vec<usize>,
    numeric: Vec<usize>,
}

impl SampleStats {
    /// Statistics for a file of `columns` columns.
    pub fn new(columns: usize) -> SampleStats {
        SampleStats {
            rows: 0,
            non_empty: vec![0; columns],
            numeric: vec![0; columns],
        }
    }

    /// True until [`SAMPLE_ROWS`] rows have been observed.
    pub fn wants_more(&self) -> bool {
        self.rows < SAMPLE_ROWS
    }

    /// Observes one data row's fields.
    pub fn observe<'a>(&mut self, fields: impl IntoIterator<Item = &'a [u8]>) {
        self.rows += 1;
        let counts = self.non_empty.iter_mut().zip(self.numeric.iter_mut());
        for ((non_empty, numeric), field) in counts.zip(fields) {
            if !trim(field).is_empty() {
                *non_empty += 1;
                *numeric += usize::from(is_metric_like(field));
            }
        }
    }

    fn looks_numeric(&self, column: usize) -> bool {
        let non_empty = self.non_empty.get(column).copied().unwrap_or(0);
        let numeric = self.numeric.get(column).copied().unwrap_or(0);
        non_empty == 0 || numeric * 10 >= non_empty * 9
    }
}

/// A file whose columns cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The first row is not a header.
    #[error(
        "the first row does not look like a header (it is {0}); add a \
         header row naming the columns, such as zip,revenue"
    )]
    NoHeader(&'static str),
    /// No column can place rows.
    #[error(
        "no usable location column: the file needs a zip column or lat \
         and lng columns, but its columns are: {found}. {hint}"
    )]
    NoLocation {
        /// The header names, comma-separated.
        found: String,
        /// What to do about it.
        hint: &'static str,
    },
    /// The mapping names a column the file does not have.
    #[error(
        "the column mapping names {missing:?}, which is not a column of \
         this file; its columns are: {found}"
    )]
    UnknownMappedColumn {
        /// The mapped name.
        missing: String,
        /// The header names, comma-separated.
        found: String,
    },
}

/// The roles of a file's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnPlan {
    /// Header names, trimmed.
    pub headers: Vec<String>,
    /// Location columns.
    pub location: LocationColumns,
    /// Summed columns, in file order.
    pub metrics: Vec<MetricColumn>,
    /// Unused columns, in file order.
    pub ignored: Vec<IgnoredColumn>,
}

impl ColumnPlan {
    /// Decides every column's role.
    ///
    /// Street lines (`address1`, `address2`) locate rows only when
    /// `street_geocoding` is on (address points are loaded, or a
    /// provider is configured); otherwise they are listed as ignored.
    pub fn build(
        headers: &[String],
        mapping: &ColumnMapping,
        sample: &SampleStats,
        street_geocoding: bool,
    ) -> Result<ColumnPlan, PlanError> {
        let plan =
            ColumnPlan::draft(headers, mapping, sample, street_geocoding)?;
        plan.check_location()?;
        Ok(plan)
    }

    /// Like [`ColumnPlan::build`], but a plan without a usable location
    /// column is returned too, for a preview to show what was found
    /// ([`ColumnPlan::check_location`] says what is missing).
    pub fn draft(
        headers: &[String],
        mapping: &ColumnMapping,
        sample: &SampleStats,
        street_geocoding: bool,
    ) -> Result<ColumnPlan, PlanError> {
        check_header(headers)?;
        let headers: Vec<String> =
            headers.iter().map(|h| h.trim().to_owned()).collect();
        let folded: Vec<String> =
            headers.iter().map(|h| fold_name(h)).collect();
        check_mapping(mapping, &headers, &folded)?;
        let mut plan = ColumnPlan {
            headers: headers.clone(),
            location: LocationColumns::default(),
            metrics: Vec::new(),
            ignored: Vec::new(),
        };
        let roles: Vec<Result<Role, IgnoreReason>> = (0..headers.len())
            .map(|i| guess_role(&folded[i], &headers[i], mapping, sample, i))
            .collect();
        // Mapped columns claim their location roles before aliases do.
        let mapped = |i: &usize| mapping.role_of(&folded[*i]).is_some();
        let (first, rest): (Vec<usize>, Vec<usize>) =
            (0..headers.len()).partition(mapped);
        for i in first.into_iter().chain(rest) {
            plan.claim_location(i, roles[i]);
        }
        for (i, role) in roles.into_iter().enumerate() {
            plan.assign(i, role);
        }
        if !street_geocoding {
            plan.ignore_street_columns();
        }
        Ok(plan)
    }

    /// Fails when no column, or pair of columns, can place a row.
    pub fn check_location(&self) -> Result<(), PlanError> {
        if self.location.usable() {
            Ok(())
        } else {
            Err(no_location(self))
        }
    }

    /// The role of every column, in file order: its location role, or
    /// `Metric`, or `Ignore` with the reason.
    pub fn roles(&self) -> Vec<(Role, Option<IgnoreReason>)> {
        let mut roles = vec![(Role::Ignore, None); self.headers.len()];
        for (role, i) in self.location.present() {
            roles[i] = (role, None);
        }
        for m in &self.metrics {
            roles[m.index] = (Role::Metric, None);
        }
        for c in &self.ignored {
            roles[c.index] = (Role::Ignore, Some(c.reason));
        }
        roles
    }

    fn claim_location(
        &mut self,
        index: usize,
        role: Result<Role, IgnoreReason>,
    ) {
        if let Some(slot @ None) = role.ok().and_then(|r| self.location.slot(r))
        {
            *slot = Some(index);
        }
    }

    fn assign(&mut self, index: usize, role: Result<Role, IgnoreReason>) {
        let reason = match role {
            Ok(Role::Metric) => {
                return self.add_metric(index, self.headers[index].clone());
            }
            Ok(role) if self.location.get(role) == Some(index) => return,
            Ok(Role::Ignore) => IgnoreReason::Mapped,
            Ok(_) => IgnoreReason::DuplicateLocation,
            Err(reason) => reason,
        };
        self.ignore(index, reason);
    }

    fn ignore(&mut self, index: usize, reason: IgnoreReason) {
        let column = self.headers[index].clone();
        self.ignored.push(IgnoredColumn {
            index,
            column,
            reason,
        });
    }

    fn add_metric(&mut self, index: usize, base: String) {
        let taken = |n: &str| {
            n == "customerCount" || self.metrics.iter().any(|m| m.name == n)
        };
        let mut name = base.clone();
        let mut k = 2;
        while taken(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        self.metrics.push(MetricColumn { index, name });
    }

    /// Street lines are recognised but cannot be geocoded: say so.
    /// (City and state still place rows at the city's centre.)
    fn ignore_street_columns(&mut self) {
        let street =
            [self.location.address1.take(), self.location.address2.take()];
        for index in street.into_iter().flatten() {
            self.ignore(index, IgnoreReason::StreetAddress);
        }
        self.ignored.sort_by_key(|c| c.index);
    }

    /// Number of columns in the header.
    pub fn width(&self) -> usize {
        self.headers.len()
    }

    /// The first identifier column (`customer_id`, `id`, ...), which
    /// names a row better than its number.
    pub fn id_column(&self) -> Option<usize> {
        let id = self
            .ignored
            .iter()
            .find(|c| c.reason == IgnoreReason::Identifier);
        id.map(|c| c.index)
    }

    /// Output names of the metrics, in file order.
    pub fn metric_names(&self) -> Vec<String> {
        self.metrics.iter().map(|m| m.name.clone()).collect()
    }
}

fn check_header(headers: &[String]) -> Result<(), PlanError> {
    let non_empty: Vec<&String> =
        headers.iter().filter(|h| !h.trim().is_empty()).collect();
    if non_empty.is_empty() {
        return Err(PlanError::NoHeader("empty"));
    }
    let numeric =
        |h: &&String| crate::value::parse_number(h.trim().as_bytes()).is_some();
    if non_empty.iter().all(numeric) {
        return Err(PlanError::NoHeader("all numbers"));
    }
    Ok(())
}

fn check_mapping(
    mapping: &ColumnMapping,
    headers: &[String],
    folded: &[String],
) -> Result<(), PlanError> {
    for (column, folded_column) in mapping.columns() {
        if !folded.iter().any(|f| f == folded_column) {
            return Err(PlanError::UnknownMappedColumn {
                missing: column.to_owned(),
                found: headers.join(", "),
            });
        }
    }
    Ok(())
}

fn guess_role(
    folded: &str,
    name: &str,
    mapping: &ColumnMapping,
    sample: &SampleStats,
    index: usize,
) -> Result<Role, IgnoreReason> {
    if let Some(role) = mapping.role_of(folded) {
        return match role {
            Role::Ignore => Err(IgnoreReason::Mapped),
            role => Ok(role),
        };
    }
    if name.is_empty() {
        return Err(IgnoreReason::NoName);
    }
    if let Some(role) = location_role(folded) {
        return Ok(role);
    }
    if is_identifier(folded) {
        return Err(IgnoreReason::Identifier);
    }
    if name == "customerCount" {
        return Err(IgnoreReason::Reserved);
    }
    if sample.looks_numeric(index) {
        Ok(Role::Metric)
    } else {
        Err(IgnoreReason::Text)
    }
}

fn no_location(plan: &ColumnPlan) -> PlanError {
    let has = |r: IgnoreReason| plan.ignored.iter().any(|c| c.reason == r);
    let hint = if plan.location.lat.is_some() != plan.location.lng.is_some() {
        "Only one of lat and lng was found; both are needed."
    } else if has(IgnoreReason::StreetAddress) {
        "Street addresses are geocoded only with imported address points \
         (honeygrid geocoder import) or a --provider; or add a zip \
         column, or lat and lng."
    } else {
        "Rename a column, or map one with the columns option \
         'Postal=zip' (--columns on the command line, a columns field \
         in an upload)."
    };
    PlanError::NoLocation {
        found: plan.headers.join(", "),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn sample(rows: &[&[&str]]) -> SampleStats {
        let mut stats = SampleStats::new(rows.first().map_or(0, |r| r.len()));
        for row in rows {
            stats.observe(row.iter().map(|f| f.as_bytes()));
        }
        stats
    }

    #[test]
    fn assigns_roles() {
        let h = headers(&[
            " Zip Code ",
            "Revenue",
            "Name",
            "customer_id",
            "Orders",
            "lat",
        ]);
        let s = sample(&[&["02139", "$5", "Ann", "7", "", "1"]]);
        let plan = ColumnPlan::build(&h, &ColumnMapping::default(), &s, false)
            .expect("plan");
        assert_eq!(plan.location.zip, Some(0));
        assert_eq!(plan.location.lat, Some(5));
        assert_eq!(plan.metric_names(), ["Revenue", "Orders"]);
        let ignored: Vec<_> = plan
            .ignored
            .iter()
            .map(|c| (c.column.as_str(), c.reason))
            .collect();
        assert_eq!(
            ignored,
            [
                ("Name", IgnoreReason::Text),
                ("customer_id", IgnoreReason::Identifier)
            ]
        );
    }

    #[test]
    fn mostly_numeric_columns_are_metrics() {
        let mut rows: Vec<&[&str]> = vec![&["1", "5"]; 9];
        rows.push(&["1", "n/a"]);
        let h = headers(&["zip", "sales"]);
        let plan = ColumnPlan::build(
            &h,
            &ColumnMapping::default(),
            &sample(&rows),
            false,
        )
        .expect("plan");
        assert_eq!(plan.metric_names(), ["sales"]);
        rows.push(&["1", "n/a"]);
        let plan = ColumnPlan::build(
            &h,
            &ColumnMapping::default(),
            &sample(&rows),
            false,
        )
        .expect("plan");
        assert!(plan.metrics.is_empty());
    }

    #[test]
    fn mapping_overrides_guesses() {
        let h = headers(&["Postal", "Sales", "Notes", "zip"]);
        let m = ColumnMapping::parse_spec("Postal=zip,Notes=metric,zip=ignore")
            .expect("spec");
        let s = sample(&[&["1", "2", "x", "3"]]);
        let plan = ColumnPlan::build(&h, &m, &s, false).expect("plan");
        assert_eq!(plan.location.zip, Some(0));
        assert_eq!(plan.metric_names(), ["Sales", "Notes"]);
        assert_eq!(plan.ignored[0].reason, IgnoreReason::Mapped);
    }

    #[test]
    fn mapped_columns_win_over_aliases() {
        let h = headers(&["zip", "Post", "n"]);
        let m = ColumnMapping::parse_spec("Post=zip").expect("spec");
        let s = sample(&[&["1", "2", "3"]]);
        let plan = ColumnPlan::build(&h, &m, &s, false).expect("plan");
        assert_eq!(plan.location.zip, Some(1));
        assert_eq!(plan.ignored[0].reason, IgnoreReason::DuplicateLocation);
        assert_eq!(plan.ignored[0].column, "zip");
    }

    #[test]
    fn names_duplicate_metrics_uniquely() {
        let h =
            headers(&["zip", "sales", "sales ", "sales_2", "customerCount"]);
        let s = sample(&[&["1", "2", "3", "4", "5"]]);
        let plan = ColumnPlan::build(&h, &ColumnMapping::default(), &s, false)
            .expect("plan");
        assert_eq!(plan.metric_names(), ["sales", "sales_2", "sales_2_2"]);
        assert_eq!(plan.ignored[0].reason, IgnoreReason::Reserved);
    }

    #[test]
    fn refuses_files_without_location() {
        let s = sample(&[&["a", "1"]]);
        let err = ColumnPlan::build(
            &headers(&["name", "revenue"]),
            &ColumnMapping::default(),
            &s,
            false,
        )
        .expect_err("no location");
        assert!(err.to_string().contains("--columns"), "{err}");
        let err = ColumnPlan::build(
            &headers(&["lat", "revenue"]),
            &ColumnMapping::default(),
            &s,
            false,
        )
        .expect_err("lat only");
        assert!(err.to_string().contains("both are needed"), "{err}");
        let err = ColumnPlan::build(
            &headers(&["address", "city"]),
            &ColumnMapping::default(),
            &s,
            false,
        )
        .expect_err("street only");
        assert!(err.to_string().contains("geocoder import"), "{err}");
        let streets = &headers(&["address", "city"]);
        let plan =
            ColumnPlan::build(streets, &ColumnMapping::default(), &s, true)
                .expect("with address points, a street line is enough");
        assert_eq!(plan.location.address1, Some(0));
        assert_eq!(plan.location.city, Some(1));
    }

    #[test]
    fn refuses_headerless_files() {
        let s = SampleStats::new(2);
        let m = ColumnMapping::default();
        assert_eq!(
            ColumnPlan::build(&headers(&["02139", "12.5"]), &m, &s, false),
            Err(PlanError::NoHeader("all numbers"))
        );
        assert_eq!(
            ColumnPlan::build(&headers(&["", " "]), &m, &s, false),
            Err(PlanError::NoHeader("empty"))
        );
    }

    #[test]
    fn refuses_unknown_mapped_columns() {
        let m = ColumnMapping::parse_spec("Postal=zip").expect("spec");
        let err = ColumnPlan::build(
            &headers(&["zip"]),
            &m,
            &SampleStats::new(1),
            false,
        )
        .expect_err("unknown column");
        assert!(matches!(err, PlanError::UnknownMappedColumn { .. }));
    }
}
