//! Masking of personal data for lists, receipts and logs.

/// Keeps `head` leading and `tail` trailing characters, stars the rest.
/// Short inputs are fully starred so nothing leaks.
pub fn mask_middle(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < head || i >= chars.len() - tail {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// A person's name as printed on a receipt: the family name only
/// (张三 → 张*, 欧阳娜娜 → 欧***, "Li Lei" → "L*****").
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    let n = name.chars().count();
    match n {
        0 => String::new(),
        1 => "*".to_string(),
        _ => mask_middle(name, 1, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_the_allowed_ends() {
        assert_eq!(mask_middle("13812345678", 3, 4), "138****5678");
        assert_eq!(mask_middle("abc", 3, 4), "***");
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("李"), "*");
        assert_eq!(mask_name(" Li Lei "), "L*****");
    }
}
