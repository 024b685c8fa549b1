//! `url` ops: WHATWG URL parsing and the spec's setters (the `url` crate), the
//! component offsets Node's `internal/url.js` reads (ada's layout), IDNA
//! domain conversion and `url.format(URL, options)`.

use deno_core::{op2, OpDecl};
use url::quirks;
use url::Url;

/// The url subsystem's ops.
pub fn ops() -> Vec<OpDecl> {
    vec![
        op_url_parse(),
        op_url_update(),
        op_url_can_parse(),
        op_url_domain_to_ascii(),
        op_url_idna_to_ascii(),
        op_url_domain_to_unicode(),
        op_url_format(),
    ]
}

/// ada's marker for an absent port, search or hash.
const OMITTED: u32 = u32::MAX;

/// ada's `scheme::type` numbering, which `internal/url.js` compares against.
fn scheme_type(scheme: &str) -> u32 {
    match scheme {
        "http" => 0,
        "https" => 2,
        "ws" => 3,
        "ftp" => 4,
        "wss" => 5,
        "file" => 6,
        _ => 1,
    }
}

/// Writes ada's `url_components` of `url` into `out` (9 slots): protocol_end,
/// username_end, host_start, host_end, port, pathname_start, search_start,
/// hash_start, scheme_type.
fn components(url: &Url, out: &mut [u32]) {
    let c = quirks::internal_components(url);
    let has_credentials = !url.username().is_empty() || url.password().is_some();
    let values = [
        c.scheme_end + 1,
        c.username_end,
        // ada's host_start points at the '@' that ends the credentials.
        if has_credentials { c.host_start - 1 } else { c.host_start },
        c.host_end,
        c.port.map_or(OMITTED, u32::from),
        c.path_start,
        c.query_start.unwrap_or(OMITTED),
        c.fragment_start.unwrap_or(OMITTED),
        scheme_type(url.scheme()),
    ];
    for (slot, v) in out.iter_mut().zip(values) {
        *slot = v;
    }
}

fn parse(input: &str, base: Option<&str>) -> Option<Url> {
    match base {
        Some(b) => Url::parse(b).ok()?.join(input).ok(),
        None => Url::parse(input).ok(),
    }
}

/// Parses `input` against `base` (when `has_base`); returns the href and fills
/// `out`, or returns "" when the input is not a URL.
#[op2]
#[string]
fn op_url_parse(#[string] input: &str, #[string] base: &str, has_base: bool, #[buffer] out: &mut [u32]) -> String {
    match parse(input, has_base.then_some(base)) {
        Some(url) => {
            components(&url, out);
            url.into()
        }
        None => String::new(),
    }
}

#[op2(fast)]
fn op_url_can_parse(#[string] input: &str, #[string] base: &str, has_base: bool) -> bool {
    parse(input, has_base.then_some(base)).is_some()
}

/// Applies one setter (Node's `updateActions` numbering) to `href`; returns the
/// new href and fills `out`, or "" when the setter fails.
fn update(href: &str, action: u32, value: &str) -> Option<Url> {
    let mut url = Url::parse(href).ok()?;
    let ok = match action {
        0 => quirks::set_protocol(&mut url, value).is_ok(),
        1 => quirks::set_host(&mut url, value).is_ok(),
        2 => quirks::set_hostname(&mut url, value).is_ok(),
        3 => quirks::set_port(&mut url, value).is_ok(),
        4 => quirks::set_username(&mut url, value).is_ok(),
        5 => quirks::set_password(&mut url, value).is_ok(),
        6 => {
            quirks::set_pathname(&mut url, value);
            true
        }
        7 => {
            quirks::set_search(&mut url, value);
            true
        }
        8 => {
            quirks::set_hash(&mut url, value);
            true
        }
        9 => quirks::set_href(&mut url, value).is_ok(),
        _ => false,
    };
    ok.then_some(url)
}

#[op2]
#[string]
fn op_url_update(#[string] href: &str, action: u32, #[string] value: &str, #[buffer] out: &mut [u32]) -> String {
    match update(href, action, value) {
        Some(url) => {
            components(&url, out);
            url.into()
        }
        None => String::new(),
    }
}

/// `url.domainToASCII/Unicode`: "" for an empty or invalid domain.
fn convert_domain(domain: &str, convert: fn(&str) -> String) -> String {
    if domain.is_empty() {
        String::new()
    } else {
        convert(domain)
    }
}

/// Node's domainToASCII/domainToUnicode serialize an IP address host as the URL
/// parser does (`0x7f.1` is `127.0.0.1`); the url crate's quirks give "" for one.
fn ip_host(domain: &str) -> Option<String> {
    match url::Host::parse(domain) {
        Ok(host @ (url::Host::Ipv4(_) | url::Host::Ipv6(_))) => Some(host.to_string()),
        _ => None,
    }
}

#[op2]
#[string]
fn op_url_domain_to_ascii(#[string] domain: &str) -> String {
    ip_host(domain).unwrap_or_else(|| convert_domain(domain, quirks::domain_to_ascii))
}

/// UTS #46 ToASCII alone, without host parsing (Node's internal/idna toASCII,
/// which the legacy `url.parse()` uses): `0x7f.1` stays as it is; "" on failure.
#[op2]
#[string]
fn op_url_idna_to_ascii(#[string] domain: &str) -> String {
    idna::domain_to_ascii(domain).unwrap_or_default()
}

#[op2]
#[string]
fn op_url_domain_to_unicode(#[string] domain: &str) -> String {
    ip_host(domain).unwrap_or_else(|| convert_domain(domain, quirks::domain_to_unicode))
}

/// `url.format(URL, { fragment, unicode, search, auth })`.
fn format(href: &str, fragment: bool, unicode: bool, search: bool, auth: bool) -> String {
    let Ok(mut url) = Url::parse(href) else { return href.to_owned() };
    if !fragment {
        url.set_fragment(None);
    }
    if !search {
        url.set_query(None);
    }
    if !auth {
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    let out: String = url.clone().into();
    if unicode {
        if let Some(host) = url.host_str() {
            let uni = quirks::domain_to_unicode(host);
            if !uni.is_empty() && uni != host {
                let c = quirks::internal_components(&url);
                let (start, end) = (c.host_start as usize, c.host_end as usize);
                return format!("{}{}{}", &out[..start], uni, &out[end..]);
            }
        }
    }
    out
}

#[op2]
#[string]
fn op_url_format(#[string] href: &str, fragment: bool, unicode: bool, search: bool, auth: bool) -> String {
    format(href, fragment, unicode, search, auth)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comps(s: &str) -> [u32; 9] {
        let mut out = [0u32; 9];
        components(&Url::parse(s).unwrap(), &mut out);
        out
    }

    #[test]
    fn components_follow_ada() {
        assert_eq!(comps("https://user:pass@example.com:1234/foo/bar?baz#quux"), [6, 12, 17, 29, 1234, 34, 42, 46, 2]);
        assert_eq!(comps("mailto:x"), [7, 7, 7, 7, OMITTED, 7, OMITTED, OMITTED, 1]);
        assert_eq!(comps("file:///a"), [5, 7, 7, 7, OMITTED, 7, OMITTED, OMITTED, 6]);
    }

    #[test]
    fn setters_and_format() {
        assert_eq!(update("http://a/", 3, "8080").unwrap().as_str(), "http://a:8080/");
        assert!(update("http://a/", 0, "%").map(|u| u.scheme() == "http").unwrap_or(true));
        assert_eq!(format("http://u:p@xn--6qqa088eba/?q#h", false, true, false, false), "http://你好你好/");
    }
}
