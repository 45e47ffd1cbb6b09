//! 取号叫号: the kiosk, the ticket, the desk's calling panel, the hall
//! display.

use super::{messages, Lang};
use crate::errors::QueueProblem;

messages! {
    /// What the islands show (the hall display's board, a ticket's status
    /// line): apart from the pages' texts, so the islands' bundle carries
    /// only these.
    QueueBoardMsg {
        Waiting => "等候 {n} 人", "{n} waiting";
        Ahead => "前面还有 {n} 人等候。", "{n} {person|people} ahead of you.";
        NoneAhead => "下一位就是您，请留意叫号。", "You are next: watch the screen.";
        CalledTo => "请到 {n} 号窗口办理。", "Please go to window {n}.";
        Served => "此号码已办理。", "This number has been served.";
        NoShow => "此号码叫号时未到，已过号。请重新取号。", "This number was called and missed. Please take a new number.";
        DisplayCallTo => "请 {n} 号", "Number {n}";
        DisplayWindow => "到 {n} 号窗口", "to window {n}";
        DisplayNone => "暂无叫号", "No number called yet";
        DisplayWaiting => "正在等候", "Waiting";
        DisplayEarlier => "已叫号码", "Called earlier";
        ColNumber => "号码", "Number";
        ColWindow => "窗口", "Window";
        ColTime => "时间", "Time";
        SpeakCall => "请 {n} 号，到 {w} 号窗口办理", "Number {n}, please go to window {w}";
    }
}

messages! {
    QueueMsg {
        Heading => "取号排队", "Take a queue number";
        Intro => "请选择要办理的业务，领取排队号。叫到您的号码时，请到显示屏上的窗口办理。", "Choose what you came for and take a number. When it is called, go to the window the screen shows.";
        Take => "取号", "Take a number";
        Carries => "此号码会带上您刚提交的申请 {n}：叫号后窗口直接打开它，不必再说明。", "This number carries the application you just submitted, {n}: the window opens it when you are called.";
        TakeFor => "为刚提交的申请取号", "Take a queue number for this application";
        TicketHeading => "您的排队号", "Your queue number";
        TakenAt => "取号时间 {n}", "Taken at {n}";
        FollowOnPhone => "用手机扫描二维码，可在手机上查看叫号进度。", "Scan the code with your phone to follow the queue there.";
        PrintTicket => "打印排队号", "Print the ticket";
        CarriesShort => "已关联您的申请", "Linked to your application";
        KeepTicket => "请保留此号码，过号需重新取号。", "Keep this ticket; a missed number means taking a new one.";
        DisplayTitle => "叫号", "Now calling";
        DeskTitle => "叫号", "Calling numbers";
        DeskHelp => "先填写您所在的窗口号。点“叫下一位”时，您正在服务的号码记为已办理；号码带有申请时，直接打开该申请。", "Set the window you sit at first. “Call next” marks the number you are serving as served; a number that carries an application opens it at once.";
        DeskWindowLabel => "我的窗口号（1–99）", "My window number (1–99)";
        DeskWindowSave => "保存窗口号", "Save the window";
        DeskWindowIs => "您在 {n} 号窗口。", "You are at window {n}.";
        DeskNext => "叫下一位", "Call next";
        DeskRecall => "重呼", "Call again";
        DeskNoShow => "过号（未到）", "Missed (did not come)";
        DeskCurrent => "正在服务：{n}", "Serving: {n}";
        DeskCalls => "已呼叫 {n} 次，取号时间 {w}", "Called {n} time{|s}, taken at {w}";
        DeskOpen => "打开申请 {n}", "Open application {n}";
        DeskNoApplication => "此号码没有关联申请：请询问来办人办理什么。", "This number carries no application: ask what the person came for.";
        DeskNobody => "现在没有人等候。", "Nobody is waiting now.";
        DeskNoCurrent => "窗口前暂无号码。", "No number at your window.";
        SupervisionHeading => "今日取号叫号", "Queue numbers today";
        ColCategory => "业务", "Service";
        ColTaken => "取号", "Taken";
        ColWaitingNow => "等候中", "Waiting";
        ColServed => "已办理", "Served";
        ColNoShow => "过号", "Missed";
        ColMeanWait => "平均等候（分钟）", "Mean wait (min)";
        ColLongestWait => "最长等候（分钟）", "Longest wait (min)";
        ColOldest => "最早仍在等候", "Waiting since";
        ColBooked => "预约", "Booked";
        ColCheckedIn => "预约签到", "Checked in";
        ColMissedBookings => "预约未到", "Bookings missed";
        UnknownCategory => "请选择一项业务。", "Choose a service.";
        Full => "{n} 类今日号码已发完，请改日再来或预约。", "Category {n} has given out all of today's numbers. Please come another day.";
        NotApplicant => "只有提交这份申请的设备可以为它取号；可以直接取号，到窗口再报申请编号。", "Only the device that submitted the application can take its number; take a plain number and give the application number at the window.";
        NoWindow => "请先填写您所在的窗口号。", "Set your window number first.";
        BadWindow => "窗口号是 1 到 99 的数字。", "A window number is a number from 1 to 99.";
        NothingCalled => "您的窗口前没有正在呼叫的号码。", "No number is called to your window.";
        BookHeading => "预约到大厅办理", "Book a time at the hall";
        BookIntro => "预约后按时到大厅，在自助机“取号”页输入预约码签到，预约号在您的时段内优先叫号。", "Book a time, come to the hall, and check in at a kiosk's “Take a queue number” page with your booking code: within your time, booked numbers are called first.";
        BookChooseCategory => "您要办理哪类业务？", "What do you come for?";
        BookChooseSlot => "选择时段", "Choose a time";
        SlotLeft => "{t} · 余 {n} 个", "{t} · {n} left";
        SlotFullLabel => "{t} · 已约满", "{t} · full";
        BookSubmit => "预约", "Book";
        ChangeSubmit => "改约到此时段", "Move my booking to this time";
        NoSlots => "近期没有可预约的时段。", "No time can be booked in the coming days.";
        BookEntry => "预约到大厅办理", "Book a time at the hall";
        BookingHeading => "您的预约", "Your booking";
        BookingWhen => "预约时段", "Time";
        BookingCategory => "业务", "Service";
        BookingCode => "预约码", "Booking code";
        BookingCodeHelp => "到大厅后在自助机“取号”页输入预约码或出示此二维码签到。时段开始前 30 分钟起可签到，过了时段需普通取号。", "At the hall, type this code on a kiosk's “Take a queue number” page or show this QR. Check-in opens 30 minutes before your time; after it, take an ordinary number.";
        BookingStatusBooked => "已预约", "Booked";
        BookingStatusCancelled => "已取消", "Cancelled";
        BookingStatusCheckedIn => "已签到取号", "Checked in";
        BookingMissed => "预约时段已过，未签到。", "The time has passed without a check-in.";
        BookingCarries => "已关联您的申请，叫号后窗口直接打开它。", "Linked to your application: the window opens it when you are called.";
        BookingCancel => "取消预约", "Cancel the booking";
        BookingChange => "改约其他时段", "Change the time";
        BookingCancelled => "预约已取消。", "The booking is cancelled.";
        BookingChanged => "已改约。", "The booking is moved.";
        BookingSaved => "预约成功。请保存此页或截图。", "Booked. Keep this page or a screenshot.";
        CheckInHeading => "已预约？签到取号", "Booked? Check in";
        CheckInLabel => "预约码（或扫描预约二维码）", "Booking code (or scan the booking's QR)";
        CheckInSubmit => "签到取号", "Check in";
        NoSuchSlot => "请选择一个可预约的时段。", "Choose a time that can be booked.";
        SlotFull => "这个时段刚刚约满了，请选择其他时段。", "That time has just filled up. Choose another.";
        NotChangeable => "预约时段已开始、已取消或已签到，不能再更改。", "The booking has begun, was cancelled or checked in: it can no longer be changed.";
        BookingNotFound => "没有找到这个预约：请核对预约码。", "No booking has this code: check it and try again.";
        AlreadyCheckedIn => "这个预约已经签到取号了。", "This booking has checked in already.";
        TooEarly => "还没到签到时间：{n} 起可签到。", "Too early: check-in opens at {n}.";
        TooLate => "预约时段已过，请普通取号。", "Your time has passed: please take an ordinary number.";
    }
}

/// What the page says for a refused ticket or call.
pub fn queue_problem_text(lang: Lang, p: QueueProblem) -> String {
    match p {
        QueueProblem::UnknownCategory => QueueMsg::UnknownCategory.get(lang).to_string(),
        QueueProblem::Full(letter) => QueueMsg::Full.with_n(lang, letter),
        QueueProblem::NotApplicant => QueueMsg::NotApplicant.get(lang).to_string(),
        QueueProblem::NoWindow => QueueMsg::NoWindow.get(lang).to_string(),
        QueueProblem::BadWindow => QueueMsg::BadWindow.get(lang).to_string(),
        QueueProblem::NothingCalled => QueueMsg::NothingCalled.get(lang).to_string(),
        QueueProblem::NoSuchSlot => QueueMsg::NoSuchSlot.get(lang).to_string(),
        QueueProblem::SlotFull => QueueMsg::SlotFull.get(lang).to_string(),
        QueueProblem::NotChangeable => QueueMsg::NotChangeable.get(lang).to_string(),
        QueueProblem::BookingNotFound => QueueMsg::BookingNotFound.get(lang).to_string(),
        QueueProblem::AlreadyCheckedIn => QueueMsg::AlreadyCheckedIn.get(lang).to_string(),
        QueueProblem::TooEarly(m) => {
            QueueMsg::TooEarly.with_n(lang, format!("{:02}:{:02}", m / 60, m % 60))
        }
        QueueProblem::TooLate => QueueMsg::TooLate.get(lang).to_string(),
    }
}
