//! 帮你办: the desk filling a form for a walk-in, and the applicant
//! confirming it on their phone or by signature.

use super::{messages, Lang};
use crate::errors::AssistProblem;

messages! {
    AssistMsg {
        Nav => "帮你办", "Help with filing";
        DeskTitle => "帮你办：代填申请", "Help with filing";
        DeskIntro => "申请人在窗口时，由您为其填写申请（与自助填写相同的表单）。填写完成后，须申请人在手机上确认或在确认书上签字，申请才会提交。", "With the applicant at the window, you fill the form for them (the same form as self-service). Nothing is submitted until the applicant confirms it on their phone or signs the declaration.";
        StartLabel => "办理事项", "What the applicant applies for";
        Start => "开始代填", "Start the form";
        CheckedId => "申请人身份证号（可选，须已核验身份证原件）", "Applicant's ID number (optional; only after checking the ID card)";
        CheckedIdHint => "填写后，表单会带入该申请人在本大厅最近一次申请的个人信息，可修改。", "The form then starts from the applicant's details on their latest application here; they can be changed.";
        Matters => "单个事项", "Single matters";
        Bundles => "一件事（多个事项）", "Life events (several matters)";
        DraftsHeading => "代填中的申请", "Forms being filled";
        NoDrafts => "暂无代填中的申请。", "No forms being filled.";
        Continue => "继续填写", "Carry on";
        ToConfirm => "请申请人确认", "Applicant's confirmation";
        BackToPanel => "回到本申请的确认页（帮你办）", "Back to this form’s confirmation panel";
        SavedAt => "保存于 {n}", "Saved {n}";
        Banner => "帮你办：本申请由窗口工作人员代填，须申请人确认后才会提交。", "Help with filing: staff are filling this form; it is submitted only once the applicant confirms it.";
        DeclarationStep => "请申请人核对填写的内容，并在手机上确认或在确认书上签字；确认后申请才会提交。", "The applicant now checks what was filled and confirms it on their phone or by signing the declaration; only then is it submitted.";
        ConfirmTitle => "请申请人确认申请内容", "The applicant confirms the application";
        NotReady => "还有未填或需更正的内容，请先完成填写，再请申请人确认。", "Some answers are missing or need correcting: finish the form before the applicant confirms.";
        BackToForm => "返回填写", "Back to the form";
        CheckCode => "核对码 {n}", "Check code {n}";
        PhoneHeading => "方式一：申请人用手机确认", "Either: the applicant confirms on their phone";
        PhoneHelp => "请申请人用手机扫描二维码，核对内容后点“确认并提交”。", "The applicant scans the code with their phone, checks the content and taps “Confirm and submit”.";
        PhoneUntil => "二维码 {n} 前有效。", "The code works until {n}.";
        MakeLink => "显示手机确认二维码", "Show the code for the applicant's phone";
        Refresh => "申请人已在手机上确认？刷新本页", "Confirmed on the phone? Refresh this page";
        SheetHeading => "方式二：申请人签字确认", "Or: the applicant signs the declaration";
        SheetHelp => "打印确认书，请申请人核对并签字；然后勾选下方，并输入确认书上的核对码。", "Print the declaration for the applicant to check and sign; then tick below and type the check code printed on it.";
        PrintSheet => "打印确认书", "Print the declaration";
        SignedTick => "申请人已在确认书上签字", "The applicant has signed the declaration";
        CheckLabel => "确认书上的核对码", "Check code on the signed declaration";
        CheckHint => "8 位，例如 1A2B-3C4D", "8 characters, e.g. 1A2B-3C4D";
        SubmitSigned => "提交申请", "Submit the application";
        Submitted => "申请人已确认，申请已提交：受理编号 {n}。", "The applicant confirmed; the application is submitted as {n}.";
        OpenFile => "打开申请文件受理", "Open the file to accept it";
        SheetTitle => "申请确认书", "Application declaration";
        SheetIntro => "以下内容由窗口工作人员根据申请人口述代为填写。", "The content below was filled by window staff as the applicant told them.";
        SheetDeclaration => "本人已核对以上内容，确认真实、准确、完整，同意由窗口工作人员代为提交。", "I have checked the content above; it is true, accurate and complete, and I agree that window staff submit it for me.";
        SheetFilledBy => "代填工作人员：{n}", "Filled by: {n}";
        SheetSignature => "申请人签字：", "Applicant's signature:";
        SheetDate => "日期：", "Date:";
        SheetPrinted => "打印日期 {n}", "Printed {n}";
        PrintNow => "打印", "Print";
        PhoneTitle => "确认您的申请", "Confirm your application";
        PhoneIntro => "窗口工作人员为您填写了以下申请。请逐项核对；如有错误，请告诉工作人员修改。", "Window staff filled in the application below for you. Check every answer; if something is wrong, tell them so they can change it.";
        PhoneDeclare => "我已核对以上内容，确认真实、准确、完整，同意提交。", "I have checked the content above; it is true, accurate and complete, and I agree to submit it.";
        PhoneDeclareRequired => "请勾选确认后再提交。", "Tick the box to confirm before submitting.";
        PhoneConfirm => "确认并提交", "Confirm and submit";
        PhoneChanged => "窗口刚修改了内容，请重新核对后再确认。", "The window has just changed the content: check it again before confirming.";
        PhoneSubmitted => "您的申请已提交，受理编号 {n}。请回到窗口，工作人员将为您受理。", "Your application is submitted as {n}. Go back to the window: staff will accept it.";
        PhoneNotReady => "窗口还在填写这份申请，请稍候，待工作人员告诉您后再刷新本页。", "The window is still filling this form: wait until staff tell you, then refresh this page.";
        LinkGone => "此确认链接已失效。请窗口工作人员重新显示二维码。", "This confirmation link no longer works. Ask the window to show a new code.";
        FileAssisted => "帮你办", "Help with filing";
        FileByPhone => "{n} 代填，申请人手机确认", "Filled by {n}, confirmed on the applicant's phone";
        FileBySignature => "{n} 代填，申请人签字确认", "Filled by {n}, confirmed by the applicant's signature";
        NotAssisted => "这不是您代填的申请。", "This is not a form you are filling for an applicant.";
        NotSigned => "请先确认申请人已在确认书上签字，并勾选。", "Tick that the applicant has signed the declaration.";
        MalformedCheckCode => "核对码是确认书上的 8 位字符（0–9、A–F），例如 1A2B-3C4D。", "The check code is the 8 characters (0–9, A–F) on the declaration, e.g. 1A2B-3C4D.";
        CheckCodeMismatch => "核对码与当前内容不符：确认书打印后内容有改动。请重新打印，请申请人再次签字。", "The check code does not match the content now: it changed after the declaration was printed. Print it again for the applicant to sign.";
    }
}

/// Why the desk's confirmation step refused, in the desk's language.
pub fn assist_problem_text(lang: Lang, p: AssistProblem) -> String {
    match p {
        AssistProblem::NotAssisted => AssistMsg::NotAssisted,
        AssistProblem::NotReady => AssistMsg::NotReady,
        AssistProblem::NotSigned => AssistMsg::NotSigned,
        AssistProblem::MalformedCheckCode => AssistMsg::MalformedCheckCode,
        AssistProblem::CheckCodeMismatch => AssistMsg::CheckCodeMismatch,
        AssistProblem::LinkGone => AssistMsg::LinkGone,
    }
    .get(lang)
    .to_string()
}
