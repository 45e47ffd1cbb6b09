//! Form posts whose text is not UTF-8, or holds a NUL character, are
//! refused whole (400) before any handler reads them: the usual form parser
//! would replace broken bytes with U+FFFD and the record would keep "��"
//! where a reason was, and PostgreSQL cannot store a NUL at all (a draft
//! keeps what was typed, even when it is refused, until it is corrected).

use app::i18n::Msg;
use app::visit::Visit;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Every name and value decodes (`+` as a space, `%XX` as a byte) to UTF-8
/// without NUL.
fn is_utf8_form(body: &[u8]) -> bool {
    body.split(|b| matches!(b, b'&' | b'=')).all(|part| {
        let spaced: Vec<u8> = part
            .iter()
            .map(|b| if *b == b'+' { b' ' } else { *b })
            .collect();
        let decoded: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        std::str::from_utf8(&decoded).is_ok() && !decoded.contains(&0)
    })
}

pub async fn refuse_broken_text(req: Request, next: Next) -> Response {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(req).await;
    }
    let lang = req
        .extensions()
        .get::<Visit>()
        .map(|v| v.lang)
        .unwrap_or_default();
    let (parts, body) = req.into_parts();
    // The body limit layer outside has already bounded it.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if !is_utf8_form(&bytes) {
        tracing::warn!(path = %parts.uri.path(), "refused: a form post that is not UTF-8 or holds NUL");
        let text = Msg::BrokenFormText.get(lang);
        let mut res = (StatusCode::BAD_REQUEST, text).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        return res;
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::is_utf8_form;

    #[test]
    fn broken_utf8_anywhere_in_a_form_is_found() {
        assert!(is_utf8_form(b"a=1&reason=%E5%BC%A0+%E4%B8%89"));
        assert!(is_utf8_form("name=张三".as_bytes()));
        assert!(is_utf8_form(b""));
        assert!(!is_utf8_form(b"reason=%FF%FE"));
        assert!(!is_utf8_form(b"%C3=x"));
        assert!(!is_utf8_form(b"a=\xff"));
        assert!(!is_utf8_form(b"name=%00"));
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_judged_without_panicking(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let _ = is_utf8_form(&bytes);
        }
    }
}
