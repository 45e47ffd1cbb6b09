//! One rule for every piece of free text a person types (names, addresses,
//! reasons, notes): what reaches a record, a licence or a desk screen is
//! text someone can read. Characters nobody types on purpose are refused,
//! not silently removed: control characters, direction overrides (U+202E
//! makes "gpj.exe" read "exe.jpg"), zero-width and other invisible format
//! characters, and U+FFFD, the mark of text that was broken on the way.

/// Why a piece of free text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TextProblem {
    /// Contains a control, direction-override, invisible or broken character.
    Invisible,
    /// A name with no letter in it (only digits, marks or punctuation).
    NoLetter,
}

/// Whether a character is one nobody types on purpose. `multiline` allows
/// line breaks and tabs (a text area).
pub fn is_invisible(c: char, multiline: bool) -> bool {
    match c {
        '\n' | '\r' | '\t' => !multiline,
        // Soft hyphen, Arabic and Mongolian format marks, zero-width
        // space/joiners, LRM/RLM, embeddings and overrides, word joiner
        // and invisible operators, isolates, deprecated format controls,
        // byte-order mark, interlinear annotation, tags.
        '\u{AD}'
        | '\u{600}'..='\u{605}'
        | '\u{61C}'
        | '\u{6DD}'
        | '\u{70F}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{FFFD}'
        | '\u{E0000}'..='\u{E007F}' => true,
        c => c.is_control(),
    }
}

/// Free text as typed (already trimmed or not): refused if any character
/// is invisible.
pub fn check(text: &str, multiline: bool) -> Result<(), TextProblem> {
    if text.chars().any(|c| is_invisible(c, multiline)) {
        Err(TextProblem::Invisible)
    } else {
        Ok(())
    }
}

/// A person's or an organisation's name: readable, with at least one
/// letter (any script: 张三, O'Brien, 中国石化).
pub fn check_name(text: &str) -> Result<(), TextProblem> {
    check(text, false)?;
    if text.chars().any(char::is_alphabetic) {
        Ok(())
    } else {
        Err(TextProblem::NoLetter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn readable_text_passes_and_invisible_characters_do_not() {
        assert_eq!(check("张三 O'Brien-李", false), Ok(()));
        assert_eq!(check("第一行\r\n第二行", true), Ok(()));
        assert_eq!(check("第一行\n第二行", false), Err(TextProblem::Invisible));
        for bad in [
            "\0",
            "张\u{AD}三",
            "abc\u{202E}gpj",
            "张\u{200B}三",
            "\u{FEFF}x",
            "��",
            "a\u{7F}",
        ] {
            assert_eq!(check(bad, true), Err(TextProblem::Invisible), "{bad:?}");
        }
    }

    #[test]
    fn a_name_needs_a_letter() {
        assert_eq!(check_name("张三"), Ok(()));
        assert_eq!(check_name("Zoë"), Ok(()));
        assert_eq!(check_name("123-."), Err(TextProblem::NoLetter));
        assert_eq!(check_name("\u{AD}"), Err(TextProblem::Invisible));
        assert_eq!(check_name("\0\0"), Err(TextProblem::Invisible));
    }

    proptest! {
        #[test]
        fn what_passes_has_no_control_or_format_character(s in "\\PC*|(?s).{0,20}") {
            if check(&s, false).is_ok() {
                let visible = !s.chars().any(|c| c.is_control() || matches!(c, '\u{202E}' | '\u{200B}'));
                prop_assert!(visible, "{:?}", s);
            }
            let _ = check_name(&s);
        }
    }
}
