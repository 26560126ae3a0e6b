//! Customers drawn from the synthetic world, in categories.

use honeygrid_address::StreetKey;
use honeygrid_core::LocationFields;

use super::world::{AMBIGUOUS_TYPOS, DECOYS, NOWHERE, NUMBERS};
use super::{Point, Rng, World};

/// What a customer's address is a test of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// An indexed point, written in one of many ways.
    Exact,
    /// A point left out of the index.
    Interpolated,
    /// An indexed point whose long street name has one letter changed.
    Typo,
    /// An indexed point given with city and state, without ZIP.
    MissingZip,
    /// A street the ZIP does not have (nowhere, or another ZIP's).
    NotInIndex,
    /// A street whose name exists only with another suffix or
    /// directional.
    Decoy,
    /// A misspelling as close to two streets.
    AmbiguousTypo,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 7] = [
        Category::Exact,
        Category::Interpolated,
        Category::Typo,
        Category::MissingZip,
        Category::NotInIndex,
        Category::Decoy,
        Category::AmbiguousTypo,
    ];

    /// The name in the report.
    pub fn label(self) -> &'static str {
        match self {
            Category::Exact => "exact",
            Category::Interpolated => "interpolated",
            Category::Typo => "typo",
            Category::MissingZip => "missing ZIP",
            Category::NotInIndex => "not in index",
            Category::Decoy => "decoy",
            Category::AmbiguousTypo => "ambiguous typo",
        }
    }

    /// Whether every address of the category must be a miss.
    pub fn expects_miss(self) -> bool {
        matches!(
            self,
            Category::NotInIndex | Category::Decoy | Category::AmbiguousTypo
        )
    }
}

/// Where a customer really is.
#[derive(Debug, Clone)]
pub struct Truth {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lng: f64,
    /// The street.
    pub street: StreetKey,
}

/// One customer row.
#[derive(Debug, Clone)]
pub struct Customer {
    /// The category.
    pub category: Category,
    /// First address line.
    pub address1: String,
    /// Second address line.
    pub address2: String,
    /// City.
    pub city: String,
    /// State.
    pub state: String,
    /// ZIP.
    pub zip: String,
    /// The true place, `None` for addresses that do not exist.
    pub truth: Option<Truth>,
}

impl Customer {
    /// The row's fields as the resolvers read them.
    pub fn fields(&self) -> LocationFields<'_> {
        LocationFields {
            address1: self.address1.as_bytes(),
            address2: self.address2.as_bytes(),
            city: self.city.as_bytes(),
            state: self.state.as_bytes(),
            zip: self.zip.as_bytes(),
            ..Default::default()
        }
    }
}

/// Draws `n` customers of each category in `counts`.
pub fn draw(
    world: &World,
    counts: &[(Category, usize)],
    rng: &mut Rng,
) -> Vec<Customer> {
    let indexed: Vec<&Point> =
        world.points.iter().filter(|p| p.indexed).collect();
    let left_out: Vec<&Point> =
        world.points.iter().filter(|p| !p.indexed).collect();
    let typo_able: Vec<&Point> = indexed
        .iter()
        .copied()
        .filter(|p| !world.streets[p.street].spelling.typo_name.is_empty())
        .collect();
    let mut out = Vec::new();
    for &(category, n) in counts {
        for _ in 0..n {
            let c = match category {
                Category::Exact => exact(world, rng.pick(&indexed), rng),
                Category::Interpolated => {
                    plain(world, rng.pick(&left_out), category, rng)
                }
                Category::Typo => typo(world, rng.pick(&typo_able), rng),
                Category::MissingZip => missing_zip(world, rng.pick(&indexed)),
                _ => absent(world, category, rng),
            };
            out.push(c);
        }
    }
    out
}

fn truth(world: &World, p: &Point) -> Option<Truth> {
    Some(Truth {
        lat: p.lat,
        lng: p.lng,
        street: world.streets[p.street].key.clone(),
    })
}

fn customer(
    world: &World,
    p: &Point,
    category: Category,
    address1: String,
) -> Customer {
    let zip = world.zips[world.streets[p.street].zip];
    Customer {
        category,
        address1,
        address2: String::new(),
        city: String::new(),
        state: String::new(),
        zip: zip.code(),
        truth: truth(world, p),
    }
}

/// An indexed point written one of ten ways.
fn exact(world: &World, p: &Point, rng: &mut Rng) -> Customer {
    let street = &world.streets[p.street];
    let (short, long) = (street.spelling.short, street.spelling.long);
    let n = p.number;
    let mut c = customer(world, p, Category::Exact, format!("{n} {short}"));
    match rng.below(10) {
        0 => {}
        1 => c.address1 = format!("{n} {long}"),
        2 => c.address1 = format!("{n} {}", short.to_lowercase()),
        3 => c.address1 = format!("{n} {short} Apt 4"),
        4 => c.address1 = format!("{n} {short} #4"),
        5 => c.address2 = "Apt 4".into(),
        6 => c.zip = format!("{}-{:04}", c.zip, rng.below(10_000)),
        7 => {
            let zip = world.zips[street.zip];
            c.address1 =
                format!("{n} {short}, {}, {} {}", zip.city, zip.state, c.zip);
            c.zip.clear();
        }
        8 => c.address1 = format!("{n} {short}."),
        _ => c.zip = c.zip.trim_start_matches('0').to_owned(),
    }
    c
}

/// A point written plainly, short, long or lowercase.
fn plain(
    world: &World,
    p: &Point,
    category: Category,
    rng: &mut Rng,
) -> Customer {
    let s = world.streets[p.street].spelling;
    let street = match rng.below(3) {
        0 => s.short.to_owned(),
        1 => s.long.to_owned(),
        _ => s.short.to_lowercase(),
    };
    customer(world, p, category, format!("{} {street}", p.number))
}

/// One letter of the street's long name changed.
fn typo(world: &World, p: &Point, rng: &mut Rng) -> Customer {
    let s = world.streets[p.street].spelling;
    let name: Vec<char> = s.typo_name.chars().collect();
    let mut wrong = name.clone();
    let i = 1 + rng.below(name.len() - 1);
    while wrong[i].eq_ignore_ascii_case(&name[i]) {
        wrong[i] = (b'a' + rng.below(26) as u8) as char;
    }
    let wrong: String = wrong.into_iter().collect();
    let street = s.short.replace(s.typo_name, &wrong);
    customer(world, p, Category::Typo, format!("{} {street}", p.number))
}

/// An indexed point with city and state instead of ZIP.
fn missing_zip(world: &World, p: &Point) -> Customer {
    let zip = world.zips[world.streets[p.street].zip];
    let s = world.streets[p.street].spelling;
    let mut c = customer(
        world,
        p,
        Category::MissingZip,
        format!("{} {}", p.number, s.short),
    );
    c.zip.clear();
    c.city = zip.city.to_owned();
    c.state = zip.state.to_owned();
    c
}

/// An address that does not exist in its ZIP.
fn absent(world: &World, category: Category, rng: &mut Rng) -> Customer {
    let z = rng.below(world.zips.len());
    let street = match category {
        Category::Decoy => rng.pick(DECOYS).to_string(),
        Category::AmbiguousTypo => rng.pick(AMBIGUOUS_TYPOS).to_string(),
        _ => not_in_zip(world, z, rng),
    };
    let number = NUMBERS.0 + rng.below((NUMBERS.1 - NUMBERS.0) as usize) as u32;
    Customer {
        category,
        address1: format!("{number} {street}"),
        address2: String::new(),
        city: String::new(),
        state: String::new(),
        zip: world.zips[z].code(),
        truth: None,
    }
}

/// A street nowhere, or one of another ZIP only.
fn not_in_zip(world: &World, zip: usize, rng: &mut Rng) -> String {
    let here: Vec<&StreetKey> = world
        .streets
        .iter()
        .filter(|s| s.zip == zip)
        .map(|s| &s.key)
        .collect();
    let others: Vec<&str> = world
        .streets
        .iter()
        .filter(|s| s.zip != zip && !here.contains(&&s.key))
        .map(|s| s.spelling.short)
        .collect();
    match others.is_empty() || rng.chance(0.5) {
        true => rng.pick(NOWHERE).to_string(),
        false => rng.pick(&others).to_string(),
    }
}
