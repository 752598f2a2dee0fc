//! The app's addresses. Pages live in the URL fragment (`#/adoption`,
//! `#/customers/<tenant id>`), so any static host serves them from any
//! sub-path, and a reload or a shared link opens the same page.

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Dashboard,
    Adoption,
    Customer(String),
}

/// A page and its query parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Route {
    pub page: Page,
    pub params: Vec<(String, String)>,
}

impl Route {
    pub fn page(page: Page) -> Route {
        Route {
            page,
            params: Vec::new(),
        }
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated parameter, in order.
    pub fn values(&self, key: &str) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The same route with `key` repeated once per value (none: removed).
    pub fn with_values(mut self, key: &str, values: &[String]) -> Route {
        self.params.retain(|(k, _)| k != key);
        self.params
            .extend(values.iter().map(|v| (key.to_string(), v.clone())));
        self
    }

    /// The same route with `key` set (or removed, for `None`).
    pub fn with(mut self, key: &str, value: Option<String>) -> Route {
        self.params.retain(|(k, _)| k != key);
        if let Some(value) = value {
            self.params.push((key.to_string(), value));
        }
        self
    }

    /// Reads a fragment such as `#/customers/abc?usage=40`.
    pub fn parse(fragment: &str) -> Route {
        let text = fragment.trim_start_matches('#');
        let (path, query) = text.split_once('?').unwrap_or((text, ""));
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let page = match parts.as_slice() {
            ["adoption"] => Page::Adoption,
            ["customers", id] => Page::Customer(decode(id)),
            _ => Page::Dashboard,
        };
        let params = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        Route { page, params }
    }

    pub fn to_fragment(&self) -> String {
        let path = match &self.page {
            Page::Dashboard => "#/".to_string(),
            Page::Adoption => "#/adoption".to_string(),
            Page::Customer(id) => format!("#/customers/{}", encode(id)),
        };
        if self.params.is_empty() {
            return path;
        }
        let query: Vec<String> = self
            .params
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("{path}?{}", query.join("&"))
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reverses [`encode`]; malformed escapes are kept as written.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_trip() {
        for route in [
            Route::page(Page::Dashboard),
            Route::page(Page::Adoption)
                .with("deployment", Some("55".into()))
                .with("usage", Some("40".into())),
            Route::page(Page::Customer("3f2a-77 b/c?&=#".into())),
            Route::page(Page::Customer("Ünïcode, \"quoted\"".into()))
                .with("from", Some("2024-01".into())),
        ] {
            assert_eq!(Route::parse(&route.to_fragment()), route);
        }
    }

    #[test]
    fn reads_fragments_as_written() {
        assert_eq!(Route::parse("").page, Page::Dashboard);
        assert_eq!(Route::parse("#").page, Page::Dashboard);
        assert_eq!(Route::parse("#/unknown/page").page, Page::Dashboard);
        assert_eq!(Route::parse("#/adoption").page, Page::Adoption);
        let r = Route::parse("#/adoption?deployment=70&usage=45");
        assert_eq!(
            (r.param("deployment"), r.param("usage"), r.param("x")),
            (Some("70"), Some("45"), None)
        );
        assert_eq!(
            Route::parse("#/customers/abc%20def").page,
            Page::Customer("abc def".into())
        );
        assert_eq!(decode("100%"), "100%");
        assert_eq!(
            Route::page(Page::Adoption)
                .with("usage", Some("1".into()))
                .with("usage", None)
                .to_fragment(),
            "#/adoption"
        );
        let r = Route::page(Page::Dashboard)
            .with_values("product", &["Azure".into(), "Office 365".into()]);
        assert_eq!(r.to_fragment(), "#/?product=Azure&product=Office%20365");
        assert_eq!(
            Route::parse(&r.to_fragment()).values("product"),
            ["Azure", "Office 365"]
        );
        assert!(r.with_values("product", &[]).params.is_empty());
    }
}
