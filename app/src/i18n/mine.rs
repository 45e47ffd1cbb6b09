//! 我的办件: the mobile number, the SMS code, and the list it opens.

use super::{messages, Lang};

messages! {
    /// The "my applications" pages.
    MyMsg {
        Heading => "我的办件", "My applications";
        Nav => "我的办件", "My applications";
        Intro => "输入申请时填写的手机号，我们会发送 6 位验证码。凭验证码可查看该号码的全部办件：进度、各部门审查、剩余时限、消息和容缺待补材料。", "Type the mobile number you gave when applying and we will text you a 6-digit code. With it you see every application with that number: progress, each department's review, time left, messages and materials owed.";
        MobileLabel => "手机号", "Mobile number";
        SendCode => "获取验证码", "Text me a code";
        CodeSent => "验证码已发送至 {n}，5 分钟内有效。", "A code was sent to {n}; it is valid for 5 minutes.";
        CodeLabel => "6 位验证码", "6-digit code";
        Enter => "查看我的办件", "Show my applications";
        OtherNumber => "换一个手机号或重新获取验证码", "Use another number or get a new code";
        ListOf => "手机号 {n} 的办件", "Applications for {n}";
        Count => "共 {n} 件", "{n} application{|s}";
        Empty => "这个手机号还没有办件。办理时填写的手机号不同？请换一个号码再试。", "There are no applications with this number. Did you give another number when applying? Try that one.";
        Details => "查看详情、补正与领取", "Details, corrections and collection";
        Leave => "退出我的办件", "Close my applications";
        KioskNote => "在自助终端上查看时，离开前请按“结束办理”；无人操作时也会自动清除。", "At a kiosk, press “Finish and clear” before you leave; it also clears itself when left alone.";
        BadMobile => "请输入 11 位大陆手机号，如 138 1234 5678。", "Type an 11-digit mainland mobile number, e.g. 138 1234 5678.";
        BadCode => "验证码是 6 位数字。", "The code is 6 digits.";
        WrongCode => "验证码不对。这个验证码还可尝试 {n} 次。", "That code is wrong. {n} {try|tries} left for this code.";
        NoLiveCode => "验证码已失效（超过 5 分钟、已用过或尝试次数已用完）。请重新获取。", "The code is no longer valid (over 5 minutes old, used, or out of tries). Please get a new one.";
        NotSent => "短信暂时发送不出去，请稍后再试，或到服务窗口查询。", "The text message could not be sent just now. Please try again later, or ask at a service window.";
        TooMany => "操作太频繁。请在 {n} 秒后再试。", "Too many tries. Please try again in {n} second{|s}.";
    }
}
