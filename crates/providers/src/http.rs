//! The blocking HTTP client shared by the providers, and how HTTP
//! failures become [`ProviderError`]s.

use std::io;
use std::time::{Duration, SystemTime};

use ureq::Agent;
use ureq::http::Response;

use crate::error::{ConfigError, ProviderError};
use crate::key::ApiKey;
use crate::retry::parse_retry_after;

/// The most bytes read from one answer (a 10,000-row Census answer is
/// about 2 MB).
const BODY_LIMIT: u64 = 64 << 20;

/// The longest service message quoted in an error.
const MESSAGE_LIMIT: usize = 200;

/// Settings of the HTTP client of one provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpOptions {
    /// The longest a request may take, from connecting to the last
    /// byte of the answer. Past it, the request fails as retryable.
    pub timeout: Duration,
    /// The `User-Agent` header sent.
    pub user_agent: String,
}

impl HttpOptions {
    /// The default options with `timeout`.
    pub fn with_timeout(timeout: Duration) -> HttpOptions {
        HttpOptions {
            timeout,
            ..HttpOptions::default()
        }
    }
}

impl Default for HttpOptions {
    /// 30 seconds, `honeygrid/VERSION`.
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(30),
            user_agent: concat!("honeygrid/", env!("CARGO_PKG_VERSION"))
                .to_owned(),
        }
    }
}

/// An answer that is neither a 429 nor a 5xx.
#[derive(Debug)]
pub(crate) struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body, with invalid UTF-8 replaced.
    pub body: String,
}

/// One provider's client: a connection pool, its timeout, its name
/// for messages.
#[derive(Debug)]
pub(crate) struct Http {
    agent: Agent,
    provider: &'static str,
    timeout: Duration,
}

impl Http {
    /// A client for `provider`.
    pub(crate) fn new(provider: &'static str, options: &HttpOptions) -> Http {
        let agent = Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .http_status_as_error(false)
            .user_agent(options.user_agent.as_str())
            .build()
            .new_agent();
        Http {
            agent,
            provider,
            timeout: options.timeout,
        }
    }

    /// `GET url?query`.
    pub(crate) fn get(
        &self,
        url: &str,
        query: &[(&str, &str)],
    ) -> Result<Reply, ProviderError> {
        let request = query
            .iter()
            .fold(self.agent.get(url), |r, (k, v)| r.query(k, v));
        self.finish(request.call())
    }

    /// `POST url?query` with `body` of `content_type`.
    pub(crate) fn post(
        &self,
        url: &str,
        query: &[(&str, &str)],
        content_type: &str,
        body: &[u8],
    ) -> Result<Reply, ProviderError> {
        let request = query
            .iter()
            .fold(self.agent.post(url), |r, (k, v)| r.query(k, v))
            .content_type(content_type);
        self.finish(request.send(body))
    }

    /// Reads the answer; 429 and 5xx become retryable errors.
    fn finish(
        &self,
        sent: Result<Response<ureq::Body>, ureq::Error>,
    ) -> Result<Reply, ProviderError> {
        let mut response = sent.map_err(|e| self.failure(e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        if status == 429 {
            let what = "HTTP 429";
            return Err(ProviderError::rate_limited(
                self.provider,
                what,
                retry_after,
            ));
        }
        if status >= 500 || status == 408 {
            return Err(ProviderError::server(
                self.provider,
                status,
                retry_after,
            ));
        }
        let bytes = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()
            .map_err(|e| self.failure(e))?;
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Ok(Reply { status, body })
    }

    /// A transport failure as a provider error. Messages never quote
    /// the URL, which holds the key and the address.
    fn failure(&self, error: ureq::Error) -> ProviderError {
        let provider = self.provider;
        match error {
            ureq::Error::Timeout(_) => {
                ProviderError::timeout(provider, self.timeout)
            }
            ureq::Error::Io(e) if is_timeout(&e) => {
                ProviderError::timeout(provider, self.timeout)
            }
            ureq::Error::Io(e) => ProviderError::retryable(
                provider,
                format!("connection failed ({})", e.kind()),
            ),
            ureq::Error::HostNotFound => ProviderError::retryable(
                provider,
                "host not found: check the base URL and the network",
            ),
            ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
                ProviderError::fatal(provider, "the base URL is not valid")
            }
            ureq::Error::BodyExceedsLimit(_) => ProviderError::malformed(
                provider,
                "the answer is larger than 64 MiB",
            ),
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) => {
                ProviderError::fatal(
                    provider,
                    format!(
                        "secure connection failed ({error}): check the \
                         base URL"
                    ),
                )
            }
            other => ProviderError::retryable(
                provider,
                format!("request failed ({})", short_kind(&other)),
            ),
        }
    }
}

/// Whether an I/O error is a timeout.
fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// A word for a transport error, without its URL.
fn short_kind(error: &ureq::Error) -> &'static str {
    match error {
        ureq::Error::Protocol(_) => "HTTP protocol error",
        ureq::Error::ConnectionFailed => "connection failed",
        ureq::Error::RedirectFailed | ureq::Error::TooManyRedirects => {
            "bad redirect"
        }
        _ => "transport error",
    }
}

/// A successful reply, or the error a non-2xx status means: 401 and
/// 403 are a bad key when the provider has one; other statuses are
/// refusals. `message` reads the service's own words from a body.
pub(crate) fn expect_success(
    reply: Reply,
    provider: &'static str,
    key: Option<&ApiKey>,
    message: fn(&str) -> Option<String>,
) -> Result<Reply, ProviderError> {
    if (200..300).contains(&reply.status) {
        return Ok(reply);
    }
    let said = message(&reply.body).map(|m| quote(&m, key));
    let what = match said {
        Some(m) if !m.is_empty() => format!("HTTP {}: {m}", reply.status),
        _ => format!("HTTP {}", reply.status),
    };
    if matches!(reply.status, 401 | 403) && key.is_some() {
        Err(ProviderError::bad_key(provider, &what))
    } else {
        Err(ProviderError::refused(provider, &what))
    }
}

/// A service's message made safe to show: the key removed, on one
/// line, at most [`MESSAGE_LIMIT`] characters.
pub(crate) fn quote(message: &str, key: Option<&ApiKey>) -> String {
    let redacted = match key {
        Some(key) => key.redact(message),
        None => message.to_owned(),
    };
    let line = redacted.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(MESSAGE_LIMIT) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// `base` without trailing slashes, checked to be an HTTP URL.
pub(crate) fn check_base_url(
    base: &str,
    provider: &'static str,
    example: &'static str,
) -> Result<String, ConfigError> {
    let base = base.trim().trim_end_matches('/');
    let lower = base.to_ascii_lowercase();
    let scheme = ["http://", "https://"]
        .into_iter()
        .find(|s| lower.starts_with(s));
    match scheme {
        Some(s) if base.len() > s.len() => Ok(base.to_owned()),
        _ => Err(ConfigError::BaseUrl { provider, example }),
    }
}

/// The key, or an error when it is empty.
pub(crate) fn require_key(
    key: ApiKey,
    provider: &'static str,
) -> Result<ApiKey, ConfigError> {
    if key.is_empty() {
        return Err(ConfigError::EmptyKey { provider });
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status,
            body: body.to_owned(),
        }
    }

    fn said(body: &str) -> Option<String> {
        Some(body.to_owned())
    }

    #[test]
    fn classifies_statuses() {
        let key = ApiKey::new("k3y");
        let ok = expect_success(reply(200, "x"), "S", Some(&key), said);
        assert!(ok.is_ok());
        let e = expect_success(reply(403, "bad k3y"), "S", Some(&key), said)
            .unwrap_err();
        assert!(e.to_string().contains("(HTTP 403: bad ***)"), "{e}");
        assert!(e.to_string().contains("API key setting"), "{e}");
        let e = expect_success(reply(403, ""), "S", None, said).unwrap_err();
        assert!(e.to_string().contains("refused the request (HTTP 403)"));
    }

    #[test]
    fn quotes_briefly() {
        let long = "word ".repeat(100);
        let q = quote(&long, None);
        assert_eq!(q.chars().count(), MESSAGE_LIMIT + 1);
        assert!(q.ends_with('…'));
    }

    #[test]
    fn checks_base_urls() {
        let ok = check_base_url(" https://x.org/ ", "S", "https://s");
        assert_eq!(ok.unwrap(), "https://x.org");
        assert!(check_base_url("x.org", "S", "https://s").is_err());
        assert!(check_base_url("http://", "S", "https://s").is_err());
    }
}
