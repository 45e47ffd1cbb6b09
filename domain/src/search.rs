//! Finding a matter the way people at a kiosk type: part of the Chinese
//! name, the code, English, or pinyin initials ("yyzz" → 营业执照).
//!
//! Pinyin is computed by the caller (a server-only table) and handed in,
//! so this module stays small enough for any target.

/// One searchable matter. Text fields are stored pre-normalised.
#[derive(Clone, Debug)]
pub struct SearchEntry {
    code: String,
    name_zh: String,
    name_en: String,
    initials: String,
    pinyin: String,
}

impl SearchEntry {
    /// `initials` and `pinyin` are of the Chinese name (e.g. "yyzz",
    /// "yingyezhizhao"); non-letters are dropped.
    pub fn new(code: &str, name_zh: &str, name_en: &str, initials: &str, pinyin: &str) -> Self {
        Self {
            code: normalise(code),
            name_zh: normalise(name_zh),
            name_en: normalise(name_en),
            initials: letters(initials),
            pinyin: letters(pinyin),
        }
    }
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn letters(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    entries: Vec<SearchEntry>,
}

impl SearchIndex {
    pub fn new(entries: Vec<SearchEntry>) -> Self {
        Self { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Positions of matching entries, best first; equally good matches
    /// keep catalog order. An empty query matches nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<usize> {
        let q = normalise(query);
        if q.is_empty() {
            return Vec::new();
        }
        let q_letters = letters(&q);
        let ascii = q.is_ascii();
        let mut hits: Vec<(u32, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| score(e, &q, &q_letters, ascii).map(|s| (s, i)))
            .collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.into_iter().take(limit).map(|(_, i)| i).collect()
    }
}

fn score(e: &SearchEntry, q: &str, q_letters: &str, ascii: bool) -> Option<u32> {
    if e.code == q {
        return Some(100);
    }
    if let Some(pos) = e.name_zh.find(q) {
        // Earlier in the name is a better match.
        return Some(90 - (pos.min(30 * 3) / 3) as u32);
    }
    if !ascii || q_letters.is_empty() {
        return None;
    }
    if e.code.starts_with(q) {
        return Some(85);
    }
    if e.initials.starts_with(q_letters) {
        return Some(70);
    }
    if q_letters.len() >= 2 && e.initials.contains(q_letters) {
        return Some(60);
    }
    if e.name_en.contains(q) {
        return Some(50);
    }
    if q_letters.len() >= 3 && e.pinyin.contains(q_letters) {
        return Some(40);
    }
    if q_letters.len() >= 3 && e.code.contains(q) {
        return Some(30);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        SearchIndex::new(vec![
            SearchEntry::new(
                "SCJG-XK-001",
                "企业设立登记（营业执照）",
                "Company registration (business licence)",
                "qysldjyyzz",
                "qiyeshelidengjiyingyezhizhao",
            ),
            SearchEntry::new(
                "SCJG-XK-002",
                "食品经营许可证核发",
                "Food business permit",
                "spjyxkzhf",
                "shipinjingyingxukezhenghefa",
            ),
            SearchEntry::new(
                "GA-HJ-001",
                "户口迁移（市内迁移）",
                "Household registration transfer",
                "hkqysnqy",
                "hukouqianyishineiqianyi",
            ),
            SearchEntry::new(
                "YY-ZZ-001",
                "营业执照变更登记",
                "Business licence change",
                "yyzzbgdj",
                "yingyezhizhaobiangengdengji",
            ),
        ])
    }

    #[test]
    fn pinyin_initials_find_chinese_names() {
        let hits = index().search("yyzz", 10);
        // Starts-with beats contains.
        assert_eq!(hits, vec![3, 0]);
        assert_eq!(index().search("YYZZ", 10), vec![3, 0]);
    }

    #[test]
    fn chinese_codes_english_and_full_pinyin_match() {
        let idx = index();
        assert_eq!(idx.search("户口", 10), vec![2]);
        assert_eq!(
            idx.search("执照", 10),
            vec![3, 0],
            "earlier in the name first"
        );
        assert_eq!(idx.search("scjg-xk-002", 10), vec![1]);
        assert_eq!(idx.search("food", 10), vec![1]);
        assert_eq!(idx.search("hukou", 10), vec![2]);
        assert_eq!(idx.search("business licence", 10), vec![0, 3]);
    }

    #[test]
    fn nothing_matches_nothing() {
        let idx = index();
        assert!(idx.search("", 10).is_empty());
        assert!(idx.search("   ", 10).is_empty());
        assert!(idx.search("xyzxyz", 10).is_empty());
        assert!(idx.search("不存在", 10).is_empty());
        assert_eq!(idx.search("y", 1).len(), 1, "limit applies");
    }
}
