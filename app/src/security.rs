//! The Content-Security-Policy of the hall, in one place. Pages rendered by
//! Leptos get the request's nonce (Leptos puts it on its hydration scripts;
//! our two inline `<style>` elements carry it too); every other response
//! gets the same policy without one, from the server's header layer.

/// `nonce`: the one Leptos drew for this render, if it is a page.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    // 'wasm-unsafe-eval': compiling the islands' WASM, nothing else.
    // img-src data: the favicon and CSS may use data: images; QR codes are
    // inline SVG elements, not images.
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; \
         style-src 'self'{nonce}; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nonce_is_allowed_for_scripts_and_styles_only() {
        let p = content_security_policy(Some("abc"));
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(p.contains("style-src 'self' 'nonce-abc';"));
        assert!(!content_security_policy(None).contains("nonce"));
        assert!(!p.contains("unsafe-inline"));
    }
}
