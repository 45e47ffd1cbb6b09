//! 每月通报: the supervision desk's month, its charts and lists.

use super::{messages, Lang};
use domain::period::{FinishedFilter, WorkDesk};

messages! {
    /// The monthly report's words.
    ReportMsg {
        Nav => "每月通报", "Monthly report";
        Title => "每月通报 {n}", "Monthly report {n}";
        Help => "本月办结（送达）的事项：实际用时（工作日，从提交到出证）对照承诺和法定时限，跑动次数对照“最多跑一次” 80% 的目标，网上申报的比例；各窗口和工作人员的办件量；容缺受理承诺的履行；本月的好差评。点击数字查看对应的办件。", "Services finished (delivered) this month: the working days they took (from filing to the result) against the promised and legal limits, visits against the 80% one-visit target, and the share filed online; each desk's and staff member's work; 容缺 commitments kept and broken; the month's ratings. Each figure links to the applications behind it.";
        MonthLabel => "月份", "Month";
        Show => "查看", "Show";
        Previous => "上个月", "Previous month";
        Next => "下个月", "Next month";
        Print => "打印 / 存为 PDF：使用浏览器的打印功能（A4）。", "Print or save as PDF with the browser's print command (A4).";
        HeadlineLabel => "本月概况", "The month at a glance";
        Finished => "办结事项", "Services finished";
        WithinPromise => "承诺时限内办结率", "Within the promised time";
        WithinLegal => "法定时限内办结率", "Within the legal time";
        OneVisit => "最多跑一次比例（目标 80%）", "At most one visit (target 80%)";
        TargetMet => "达标", "target met";
        TargetMissed => "未达标", "below target";
        Online => "网上申报比例", "Filed online";
        DeferredKept => "容缺承诺已履行", "容缺 commitments kept";
        DeferredBroken => "容缺承诺未履行（终止）", "容缺 commitments broken (terminated)";
        ByMatter => "各事项办结情况", "Services finished by matter";
        ColMatter => "事项", "Matter";
        ColDepartment => "部门", "Department";
        ColFinished => "办结", "Finished";
        ColPromised => "承诺时限", "Promised";
        ColLegal => "法定时限", "Legal";
        ColMedian => "用时中位数", "Median";
        ColP90 => "用时 P90", "90th percentile";
        ColWithinPromise => "按承诺办结", "Within promise";
        ColWithinLegal => "按法定办结", "Within legal";
        ColOneVisit => "最多跑一次", "≤ 1 visit";
        ColOnline => "网上申报", "Online";
        HallRow => "全厅合计", "The whole hall";
        DepartmentsRow => "本部门合计", "Your departments";
        ScopeOf => "仅含本部门：{n}", "Your departments only: {n}";
        IdleMatters => "本月没有办结的事项（{n} 个）：", "Matters with nothing finished this month ({n}): ";
        ListSeparator => "、", ", ";
        Days => "{n} 个工作日", "{n} working days";
        NoneFinished => "本月还没有办结的事项。", "Nothing was finished this month.";
        OneVisitChart => "各事项最多跑一次比例（蓝色达标，红色未达标），黑线为 80% 目标", "Share with at most one visit by matter (blue: target met; red: below), the black line is the 80% target";
        DaysChart => "各事项用时（工作日）：深色为中位数，浅色为 P90，黑线为承诺时限", "Working days by matter: dark is the median, light the 90th percentile, the black line the promise";
        ByDesk => "各窗口办件量", "Work by desk";
        ByStaff => "工作人员办件量", "Work by staff member";
        ColDesk => "窗口", "Desk";
        ColStaff => "工作人员", "Staff member";
        ColAccount => "账号", "Account";
        ColDone => "办理步骤数", "Steps done";
        NoWork => "本月没有办理记录。", "No work recorded this month.";
        Ratings => "本月好差评", "This month's ratings";
        Csv => "下载 CSV：", "Download CSV:";
        CsvMatters => "各事项", "by matter";
        CsvStaff => "办件量", "work";
        CsvRatings => "好差评", "ratings";
        BadMonth => "月份格式是 YYYY-MM（例如 2026-12）。", "A month is written YYYY-MM (for example 2026-12).";
        ListTitle => "{n} 的办件", "Services behind a figure, {n}";
        ListOf => "事项：{n}", "Matter: {n}";
        ListAll => "全部事项", "All matters";
        ListCount => "共 {n} 件", "{n} in all";
        ListMore => "只列出前 {n} 件。", "Only the first {n} are listed.";
        ListNone => "没有符合条件的办件。", "No service matches.";
        ColNumber => "申请编号", "Application";
        ColFinishedOn => "办结日期", "Finished on";
        ColDays => "用时（工作日）", "Working days";
        ColTrips => "跑动次数", "Visits";
        Yes => "是", "yes";
        No => "否", "no";
        Back => "返回每月通报", "Back to the monthly report";
    }
}

pub fn desk_name(lang: Lang, d: WorkDesk) -> &'static str {
    match (d, lang) {
        (WorkDesk::FrontDesk, Lang::ZhCn) => "综合受理窗口",
        (WorkDesk::FrontDesk, Lang::En) => "Front desk",
        (WorkDesk::Review, Lang::ZhCn) => "审查",
        (WorkDesk::Review, Lang::En) => "Review",
        (WorkDesk::Issuing, Lang::ZhCn) => "统一出件窗口",
        (WorkDesk::Issuing, Lang::En) => "Issuing window",
        (WorkDesk::System, Lang::ZhCn) => "系统（到期终止）",
        (WorkDesk::System, Lang::En) => "The system (ended when due)",
    }
}

pub fn filter_name(lang: Lang, f: FinishedFilter) -> &'static str {
    match (f, lang) {
        (FinishedFilter::All, Lang::ZhCn) => "全部办结",
        (FinishedFilter::All, Lang::En) => "All finished",
        (FinishedFilter::Late, Lang::ZhCn) => "超过承诺时限",
        (FinishedFilter::Late, Lang::En) => "Past the promised time",
        (FinishedFilter::OverLegal, Lang::ZhCn) => "超过法定时限",
        (FinishedFilter::OverLegal, Lang::En) => "Past the legal time",
        (FinishedFilter::RepeatVisits, Lang::ZhCn) => "跑动超过一次",
        (FinishedFilter::RepeatVisits, Lang::En) => "More than one visit",
        (FinishedFilter::Online, Lang::ZhCn) => "网上申报",
        (FinishedFilter::Online, Lang::En) => "Filed online",
    }
}
