//! The external geocoder of an ingest, from `--provider`.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use h3o::Resolution;
use honeygrid_core::Resolver;
use honeygrid_providers::{
    ApiKey, CachedResolver, Census, ConfigError, FatalWatch, GeocodeCache,
    Geocodio, Google, Pelias, Provider, ProviderResolver, ResolverOptions,
    census, geocodio, google,
};

use crate::cli::ProviderKind;
use crate::exit::Failure;

/// Where the provider's key is read from. Never a flag: a flag shows in
/// the process list and the shell history.
const KEY_VAR: &str = "HONEYGRID_PROVIDER_KEY";

/// A provider ready for the chain, with a handle on its fatal error.
pub struct ProviderLink {
    /// The resolver to put in the chain.
    pub resolver: Arc<dyn Resolver>,
    /// Set when the provider stopped (revoked key, service down).
    pub fatal: FatalWatch,
    /// The service's name, for messages.
    pub name: &'static str,
    /// The cache in front of it, unless turned off.
    pub cache: Option<Arc<GeocodeCache>>,
    resolution: Resolution,
}

impl ProviderLink {
    /// Puts the cache at `path` in front of the provider.
    pub fn with_cache(mut self, path: &Path) -> Result<Self, Failure> {
        let cache = GeocodeCache::open(path).with_context(|| {
            format!("cannot open the geocode cache {}", path.display())
        })?;
        let cache = Arc::new(cache);
        let resolution = self.resolution;
        self.resolver = Arc::new(CachedResolver::new(
            self.resolver,
            resolution,
            cache.clone(),
        ));
        self.cache = Some(cache);
        Ok(self)
    }
}

/// Builds the provider chosen on the command line.
pub fn build(
    kind: ProviderKind,
    url: Option<&str>,
    resolution: Resolution,
) -> Result<ProviderLink, Failure> {
    let key = std::env::var(KEY_VAR).ok().filter(|k| !k.is_empty());
    let key = key.map(ApiKey::new);
    let needs_key = |name: &str| {
        Failure::Usage(format!("{name} needs an API key: set {KEY_VAR}"))
    };
    let link = match kind {
        ProviderKind::Census => {
            let url = url.unwrap_or(census::DEFAULT_BASE_URL);
            link(Census::new(url, Default::default()), resolution)?
        }
        ProviderKind::Geocodio => {
            let url = url.unwrap_or(geocodio::DEFAULT_BASE_URL);
            let key = key.ok_or_else(|| needs_key("Geocodio"))?;
            link(Geocodio::new(url, key, Default::default()), resolution)?
        }
        ProviderKind::Google => {
            let url = url.unwrap_or(google::DEFAULT_BASE_URL);
            let key = key.ok_or_else(|| needs_key("Google"))?;
            link(Google::new(url, key, Default::default()), resolution)?
        }
        ProviderKind::Pelias => {
            let url = url.ok_or_else(|| {
                Failure::Usage(
                    "Pelias is self-hosted: give its address with \
                     --provider-url"
                        .to_owned(),
                )
            })?;
            link(Pelias::new(url, key, Default::default()), resolution)?
        }
    };
    Ok(link)
}

fn link<P: Provider + 'static>(
    provider: Result<P, ConfigError>,
    resolution: Resolution,
) -> Result<ProviderLink, Failure> {
    let usage = |e: ConfigError| Failure::Usage(e.to_string());
    let provider = provider.map_err(usage)?;
    let name = provider.name();
    let resolver =
        ProviderResolver::new(provider, resolution, ResolverOptions::default())
            .map_err(usage)?;
    let fatal = resolver.fatal_watch();
    Ok(ProviderLink {
        resolver: Arc::new(resolver),
        fatal,
        name,
        cache: None,
        resolution,
    })
}
