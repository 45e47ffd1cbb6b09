//! What Chinese input methods type: full-width letters and digits (ＡＢＣ１２３),
//! the ideographic space, spaces between groups of digits. Codes are read
//! the way a person means them and stored canonical.

/// Full-width ASCII (U+FF01–U+FF5E) as ASCII, the ideographic space as a
/// space; everything else unchanged.
pub fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// A code as typed, canonical: half-width, no spaces, upper case.
pub fn code(s: &str) -> String {
    half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_spaces_become_canonical() {
        assert_eq!(half_width("１１０１０５ｘ　Ａ"), "110105x A");
        assert_eq!(code(" 1101 0519 4912 3100 2x "), "11010519491231002X");
        assert_eq!(
            code("１１０１０５１９４９１２３１００２Ｘ"),
            "11010519491231002X"
        );
        assert_eq!(half_width("张三"), "张三");
    }
}
