//! zh-CN (default) and en. Every text a citizen reads is a [`Msg`]; the
//! macro below will not compile unless a message has both languages, and a
//! misspelt key is a compile error. Pages are translated on the server, so
//! the tables only reach the WASM for what an island itself shows.
//!
//! One file per area of messages; [`FormMsg`] (what islands show) stays
//! apart so the WASM carries only it.

mod assist;
mod citizen;
mod files;
mod form;
mod issuing;
mod mine;
mod queue;
mod ratings;
mod report;
mod review;
mod staff;

pub use assist::{assist_problem_text, AssistMsg};
pub use citizen::Msg;
pub use domain::Lang;
pub use files::{file_problem_text, file_types_text, FileMsg};
pub use form::{application_number_problem, problem_text, resume_code_problem, FormMsg};
pub use issuing::IssuingMsg;
pub use mine::MyMsg;
pub use queue::{queue_problem_text, QueueBoardMsg, QueueMsg};
pub use ratings::{
    follow_up_state_refusal, rating_problem_text, reply_problem_text,
    state_name as follow_up_state_name, touchpoint_name, RateMsg,
};
pub use report::{desk_name, filter_name as finished_filter_name, ReportMsg};
pub use review::ReviewMsg;
pub use staff::StaffMsg;

macro_rules! messages {
    ($(#[$doc:meta])* $name:ident { $($key:ident => $zh:literal, $en:literal;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($key),* }

        impl $name {
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$key, Lang::ZhCn) => $zh, ($name::$key, Lang::En) => $en,)*
                }
            }

            /// Fills `{n}` in a message, and its `{singular|plural}` endings.
            pub fn with_n(self, lang: Lang, n: impl std::fmt::Display) -> String {
                $crate::i18n::fill_n(self.get(lang), &n.to_string())
            }
        }
    };
}
pub(crate) use messages;

/// `{n}` becomes `n`; each `{a|b}` becomes `a` when `n` is 1, else `b`
/// ("1 service", "2 services", "1 paper copy").
pub(crate) fn fill_n(text: &str, n: &str) -> String {
    let text = text.replace("{n}", n);
    let one = n == "1";
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        match inner.split_once('|') {
            Some((singular, plural)) => {
                out.push_str(&rest[..open]);
                out.push_str(if one { singular } else { plural });
            }
            None => out.push_str(&rest[..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

pub const LANG_COOKIE: &str = "lang";

/// The language of the page being rendered: from context on the server
/// (set per request), Chinese when nothing was chosen.
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_in_both_languages() {
        assert_eq!(
            Msg::PromisedDays.with_n(Lang::ZhCn, 3),
            "承诺 3 个工作日办结"
        );
        assert_eq!(
            Msg::PromisedDays.with_n(Lang::En, 3),
            "Done within 3 working days"
        );
        // English plurals: one thing, several things.
        assert_eq!(Msg::CountServices.with_n(Lang::En, 1), "1 service");
        assert_eq!(Msg::Copies.with_n(Lang::En, 1), "1 paper copy");
        assert_eq!(Msg::Copies.with_n(Lang::En, 2), "2 paper copies");
        assert_eq!(Msg::Copies.with_n(Lang::ZhCn, 1), "复印件 1 份");
        // Every English text with a {a|b} ending is only ever filled in.
        assert_eq!(fill_n("{x} {n} a{|s}", "1"), "{x} 1 a");
    }
}
