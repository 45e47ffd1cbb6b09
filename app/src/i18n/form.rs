//! What the islands show themselves (the only texts in the WASM), and
//! field and code problems as sentences.

use super::{messages, Lang, Msg};
use domain::{
    ApplicationNumberError, CreditCodeError, FieldProblem, MobileNumberError, ResidentIdError,
};

messages! {
    /// Texts an island shows itself: kept apart so the WASM carries only these.
    FormMsg {
        FormIntro => "带 * 的为必填项。", "Fields marked * are required.";
        Required => "必填", "required";
        SubmitApplication => "提交申请", "Submit application";
        Submitting => "正在提交…", "Submitting…";
        ErrorSummaryTitle => "请修改以下问题后再提交：", "Please correct the following and submit again:";
        ProblemRequired => "此项必填。", "This field is required.";
        ProblemTooLong => "不能超过 {n} 个字。", "Use at most {n} character{|s}.";
        ProblemInvalidDate => "请按 年-月-日 填写一个真实的日期，如 2026-01-31。", "Enter a real date as year-month-day, e.g. 2026-01-31.";
        IdWrongLength => "身份证号应为 18 位。", "A resident ID number has 18 characters.";
        IdBadCharacter => "身份证号只能是数字，最后一位可以是 X。", "A resident ID number has only digits, and X as the last character.";
        IdUnknownRegion => "身份证号前两位不是有效的地区代码。", "The first two digits are not a valid region code.";
        IdBadBirthDate => "身份证号中的出生日期（第 7–14 位）不是有效日期。", "The birth date in the ID number (digits 7–14) is not a real date.";
        IdFutureBirthDate => "身份证号中的出生日期（第 7–14 位）晚于今天，请核对。", "The birth date in the ID number (digits 7–14) is after today: please check it.";
        IdBadCheck => "身份证号校验位不正确，请逐位核对。", "The check character does not match: please check each digit.";
        UsccWrongLength => "统一社会信用代码应为 18 位。", "A unified social credit code has 18 characters.";
        UsccBadCharacter => "统一社会信用代码含有不会出现的字符（不含 I、O、S、V、Z）。", "The code contains a character never used in credit codes (no I, O, S, V, Z).";
        UsccBadCheck => "统一社会信用代码校验位不正确，请逐位核对。", "The check character does not match: please check each character.";
        MobileWrongLength => "手机号应为 11 位数字。", "A mobile number has 11 digits.";
        MobileBadCharacter => "手机号只能包含数字。", "A mobile number has only digits.";
        MobileBadPrefix => "这不是有效的手机号码（应以 13–19 开头）。", "This is not a mainland mobile number (it starts 13–19).";
        ProblemUnknownField => "表单中有本事项不需要的内容。", "The form contained a field this service does not have.";
        ProblemDuplicate => "同一项填写了两次。", "This field was sent twice.";
        ProblemOversized => "内容过长。", "The text is far too long.";
        ProblemInvisible => "含有看不见的字符或控制字符（例如从别处复制来的格式符号），请删除后重新输入。", "Contains invisible or control characters (often copied in with formatting). Delete them and type the text again.";
        ProblemNoLetter => "名称中至少要有一个字（汉字或字母）。", "A name needs at least one letter or character.";
        ProblemNotANumber => "请填写数字，如 12 或 12.5。", "Enter a number, e.g. 12 or 12.5.";
        ProblemDecimals => "小数点后最多 {n} 位。", "Use at most {n} digit{|s} after the decimal point.";
        ProblemWholeNumber => "请填写整数。", "Enter a whole number.";
        ProblemRange => "请填写 {min} 到 {max} 之间的数。", "Enter a number from {min} to {max}.";
        ProblemAtLeast => "不能小于 {min}。", "Enter {min} or more.";
        ProblemAtMost => "不能大于 {max}。", "Enter {max} or less.";
        ProblemNotAnOption => "请从给出的选项中选择。", "Choose one of the options given.";
        ProblemTooFewRows => "至少填写 {n} 条。", "Fill in at least {n}.";
        ProblemTooManyRows => "最多 {n} 条。", "At most {n}.";
        OnlyWhen => "（仅当“{field}”为“{option}”时填写）", "(only if “{field}” is “{option}”)";
        AddRow => "再添加一条", "Add another";
        RemoveRow => "删除第 {n} 条", "Remove entry {n}";
        RowN => "第 {n} 条", "Entry {n}";
        Next => "保存并继续", "Save and continue";
        Back => "上一步", "Back";
        SaveForLater => "保存，稍后继续", "Save and continue later";
        Optional => "选填", "optional";
        ErrorSummaryStep => "请修改以下问题：", "Please correct the following:";
        KeyReused => "这份表单已经提交过不同的内容。请重新打开申请页面。", "This form was already submitted with different content. Please open the application page again.";
        ServiceUnavailable => "服务暂时不可用，您填写的内容没有丢失，请稍后再试或到窗口咨询。", "The service is temporarily unavailable. Nothing you entered is lost: please try again shortly or ask at a window.";
    }
}

/// A sentence for one field problem, in the reader's language.
pub fn problem_text(lang: Lang, problem: &FieldProblem) -> String {
    use FieldProblem as P;
    let msg = match problem {
        P::Required => FormMsg::ProblemRequired,
        P::TooLong { max } => return FormMsg::ProblemTooLong.with_n(lang, max),
        P::InvalidDate => FormMsg::ProblemInvalidDate,
        P::ResidentId { reason } => match reason {
            ResidentIdError::WrongLength => FormMsg::IdWrongLength,
            ResidentIdError::BadCharacter => FormMsg::IdBadCharacter,
            ResidentIdError::UnknownRegion => FormMsg::IdUnknownRegion,
            ResidentIdError::BadBirthDate => FormMsg::IdBadBirthDate,
            ResidentIdError::BirthDateInFuture => FormMsg::IdFutureBirthDate,
            ResidentIdError::BadCheckCharacter => FormMsg::IdBadCheck,
        },
        P::CreditCode { reason } => match reason {
            CreditCodeError::WrongLength => FormMsg::UsccWrongLength,
            CreditCodeError::BadCharacter => FormMsg::UsccBadCharacter,
            CreditCodeError::BadCheckCharacter => FormMsg::UsccBadCheck,
        },
        P::Mobile { reason } => match reason {
            MobileNumberError::WrongLength => FormMsg::MobileWrongLength,
            MobileNumberError::BadCharacter => FormMsg::MobileBadCharacter,
            MobileNumberError::BadPrefix => FormMsg::MobileBadPrefix,
        },
        P::Unknown => FormMsg::ProblemUnknownField,
        P::Duplicate => FormMsg::ProblemDuplicate,
        P::Oversized => FormMsg::ProblemOversized,
        P::Invisible => FormMsg::ProblemInvisible,
        P::NoLetter => FormMsg::ProblemNoLetter,
        P::NotANumber => FormMsg::ProblemNotANumber,
        P::TooManyDecimals { max: 0 } => FormMsg::ProblemWholeNumber,
        P::TooManyDecimals { max } => return FormMsg::ProblemDecimals.with_n(lang, max),
        P::OutOfRange { min, max } => {
            let msg = match (min, max) {
                (Some(_), Some(_)) => FormMsg::ProblemRange,
                (Some(_), None) => FormMsg::ProblemAtLeast,
                _ => FormMsg::ProblemAtMost,
            };
            let show = |v: &Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
            return msg
                .get(lang)
                .replace("{min}", &show(min))
                .replace("{max}", &show(max));
        }
        P::NotAnOption => FormMsg::ProblemNotAnOption,
        P::TooFewRows { min } => return FormMsg::ProblemTooFewRows.with_n(lang, min),
        P::TooManyRows { max } => return FormMsg::ProblemTooManyRows.with_n(lang, max),
    };
    msg.get(lang).to_string()
}

pub fn resume_code_problem(lang: Lang, e: domain::ResumeCodeError) -> &'static str {
    use domain::ResumeCodeError as E;
    match e {
        E::WrongLength => Msg::ResumeWrongLength,
        E::BadCharacter => Msg::ResumeBadCharacter,
        E::BadCheckCharacter => Msg::ResumeBadCheck,
    }
    .get(lang)
}

pub fn application_number_problem(lang: Lang, e: ApplicationNumberError) -> &'static str {
    match e {
        ApplicationNumberError::WrongLength => Msg::NumberWrongLength,
        ApplicationNumberError::BadCharacter => Msg::NumberBadCharacter,
        ApplicationNumberError::BadCheckCharacter => Msg::NumberBadCheck,
    }
    .get(lang)
}
