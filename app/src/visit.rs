//! Who is in front of the screen, read from cookies on every request: the
//! language, large text, whether this browser is a hall kiosk, and the
//! visit token that drafts are tied to. All session cookies: a shared
//! terminal must not remember a citizen past the session.

use crate::i18n::Lang;
#[cfg(feature = "ssr")]
use crate::i18n::LANG_COOKIE;

pub const VISIT_COOKIE: &str = "visit";
/// On https the hall's cookies are `Secure` and named with this prefix,
/// which browsers only accept for host-only, `Path=/`, `Secure` cookies
/// (no subdomain can plant one).
pub const SECURE_PREFIX: &str = "__Host-";
pub const TEXT_COOKIE: &str = "text";
pub const KIOSK_COOKIE: &str = "kiosk";

/// One browser session (a draft started or resumed here is held by it; a
/// kiosk wipe draws a new one, so the previous citizen's pages cannot be
/// reopened from the browser history).
pub use domain::VisitToken;

/// A fresh visit token from the operating system's randomness.
#[cfg(feature = "ssr")]
pub fn random_token() -> VisitToken {
    use hall::IdSource;
    VisitToken::from_bits(hall::RandomIds.bits())
}

/// A hall terminal: after `idle_seconds` without a touch it warns, counts
/// down `warning_seconds`, then ends the visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KioskTerminal {
    pub idle_seconds: u16,
    pub warning_seconds: u16,
}

impl KioskTerminal {
    /// Short enough to test, long enough that nobody is cut off mid-word.
    pub const MIN_SECONDS: u16 = 2;
    pub const MAX_SECONDS: u16 = 3600;

    pub fn new(idle_seconds: u16, warning_seconds: u16) -> Option<Self> {
        let ok = |s: u16| (Self::MIN_SECONDS..=Self::MAX_SECONDS).contains(&s);
        (ok(idle_seconds) && ok(warning_seconds)).then_some(Self {
            idle_seconds,
            warning_seconds,
        })
    }

    /// The cookie value, `90-30`.
    pub fn cookie_value(&self) -> String {
        format!("{}-{}", self.idle_seconds, self.warning_seconds)
    }

    pub fn from_cookie_value(v: &str) -> Option<Self> {
        let (idle, warning) = v.split_once('-')?;
        Self::new(idle.parse().ok()?, warning.parse().ok()?)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visit {
    pub lang: Lang,
    pub large_text: bool,
    pub kiosk: Option<KioskTerminal>,
    /// None only before the visit middleware has run (or in the browser).
    pub token: Option<VisitToken>,
}

impl Visit {
    /// Reads every `Cookie:` header value; unknown or malformed cookies are
    /// ignored (the defaults apply). `secure`: the hall is served over https,
    /// so only `__Host-` cookies count.
    #[cfg(feature = "ssr")]
    pub fn from_cookie_headers<'a>(
        headers: impl IntoIterator<Item = &'a str>,
        secure: bool,
    ) -> Self {
        let mut visit = Visit::default();
        let cookies = headers
            .into_iter()
            .flat_map(cookie::Cookie::split_parse)
            .filter_map(Result::ok);
        for c in cookies {
            let (name, value) = (c.name(), c.value());
            let name = match (secure, name.strip_prefix(SECURE_PREFIX)) {
                (true, Some(base)) => base,
                (false, None) => name,
                _ => continue,
            };
            match name {
                LANG_COOKIE => {
                    if let Some(lang) = Lang::from_tag(value) {
                        visit.lang = lang;
                    }
                }
                TEXT_COOKIE => visit.large_text = value == "large",
                KIOSK_COOKIE => visit.kiosk = KioskTerminal::from_cookie_value(value),
                VISIT_COOKIE => visit.token = VisitToken::parse(value),
                _ => {}
            }
        }
        visit
    }
}

/// The visit of the page being rendered (server: set per request; the
/// browser never needs it).
pub fn use_visit() -> Visit {
    leptos::prelude::use_context::<Visit>().unwrap_or_default()
}

/// The visit token of the request being served (set by the server's
/// visit middleware; a request without one holds no draft).
#[cfg(feature = "ssr")]
pub fn request_token() -> Result<VisitToken, crate::errors::AppError> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Visit>()?.token.clone())
        .ok_or(crate::errors::AppError::NotHeldHere)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "ssr")]
    fn cookies_are_read_and_bad_values_ignored() {
        let token = "0123456789abcdef0123456789abcdef";
        let v = Visit::from_cookie_headers(
            [
                "a=1; lang=en; text=large",
                &format!("kiosk=90-30; visit={token}"),
            ],
            false,
        );
        assert_eq!(v.lang, Lang::En);
        assert!(v.large_text);
        assert_eq!(v.kiosk, KioskTerminal::new(90, 30));
        assert_eq!(v.token.as_ref().map(VisitToken::as_str), Some(token));

        let bad = Visit::from_cookie_headers(
            ["lang=fr; text=huge; kiosk=1-30; visit=XYZ; xlang=en"],
            false,
        );
        assert_eq!(bad, Visit::default());
        assert_eq!(Visit::from_cookie_headers(["kiosk=90"], false).kiosk, None);
        assert_eq!(
            Visit::from_cookie_headers(["kiosk=3601-5"], false).kiosk,
            None
        );
        // Over https only the __Host- cookies count.
        let secure = Visit::from_cookie_headers(["lang=en; __Host-text=large"], true);
        assert_eq!(secure.lang, Lang::ZhCn);
        assert!(secure.large_text);
        assert!(!Visit::from_cookie_headers(["__Host-text=large"], false).large_text);
    }

    #[test]
    fn visit_tokens_are_exactly_32_hex_digits() {
        #[cfg(feature = "ssr")]
        assert!(VisitToken::parse(random_token().as_str()).is_some());
        assert!(VisitToken::parse(&"a".repeat(32)).is_some());
        assert!(VisitToken::parse(&"a".repeat(31)).is_none());
        assert!(VisitToken::parse(&"A".repeat(32)).is_none());
        assert!(VisitToken::parse(&format!("{};", "a".repeat(31))).is_none());
    }
}
