//! 好差评: the rating forms, the published figures and the follow-up desk.

use super::{messages, Lang};
use domain::rating::{FollowUpState, RatingProblem, ReplyProblem, Touchpoint};

messages! {
    /// 好差评's words (the levels, indicators and problems are named by
    /// the domain, as the national scheme names them).
    RateMsg {
        Heading => "评价服务（好差评）", "Rate the service";
        Intro => "您的评价会公开统计；差评会转给负责部门回访整改，15 个工作日内答复您。", "Ratings are published as figures; a bad rating goes to the responsible department, which calls you back and answers within 15 working days.";
        FormOf => "评价：{n}", "Rate: {n}";
        AgainOf => "看过答复后再评价一次：{n}", "Rate again after the reply: {n}";
        OverallHint => "必选。其余各项可不选。", "Required. The other lines are optional.";
        ProblemsLegend => "哪里不满意？（选“不满意”或“非常不满意”时必选，可多选）", "What went wrong? (Required with “Dissatisfied” or “Very dissatisfied”; choose all that apply)";
        CommentLabel => "意见和建议（选填，500 字以内）", "Comments and suggestions (optional, up to 500 characters)";
        Submit => "提交评价", "Send the rating";
        Thanks => "谢谢您的评价。", "Thank you for your rating.";
        GivenHeading => "您的评价", "Your ratings";
        Again => "（答复后再次评价）", "(after the reply)";
        FollowUpHeading => "差评回访", "Follow-up of your rating";
        FollowUpOpen => "{n} 正在处理，将于 {d} 前回访答复。", "{n} is looking into it and will answer by {d}.";
        Callback => "回访情况", "Call-back";
        Rectification => "整改措施", "What was changed";
        RepliedAt => "答复时间", "Answered";
        Unrated => "—", "—";
        NotApplicant => "只有申请人本人可以评价：请在提交申请的设备上评价，或先在“领取”处核验身份，或通过“我的办件”登录。", "Only the applicant can rate: rate on the device you applied from, prove who you are under “Collect”, or sign in through “My applications”.";
        NotDue => "这一环节还不能评价。", "This step cannot be rated yet.";
        AlreadyRated => "这一环节已经评价过了。", "This step was rated already.";
        NoOverall => "请选择整体满意度。", "Choose your overall satisfaction.";
        UnknownChoice => "有一项选择无法识别，请重新选择。", "One of the choices was not recognised; please choose again.";
        NoProblem => "请选择哪里不满意（至少一项）。", "Choose what went wrong (at least one).";
        ProblemWithoutBad => "只有选“不满意”或“非常不满意”时才选择问题；请取消勾选，或修改整体满意度。", "Problems are chosen only with “Dissatisfied” or “Very dissatisfied”: untick them, or change the overall level.";
        CommentTooLong => "意见不能超过 500 字。", "Comments are at most 500 characters.";
        InvisibleText => "文字中有看不见或已损坏的字符（可能是从别处粘贴来的），请删去后重新输入。", "The text contains an invisible or broken character (perhaps pasted from elsewhere); please delete it and type it again.";
        // The public figures.
        PublicHeading => "好差评公示", "Service ratings";
        PublicIntro => "每个部门、每个事项收到的评价，满意率（基本满意及以上），以及差评的回访率和按时整改率。数字随每条评价即时更新。", "The ratings each department and matter received, the share satisfied (fairly satisfied or better), and how many bad ratings were followed up, and on time. The figures change with every rating.";
        Departments => "部门", "Departments";
        Matters => "事项", "Matters";
        ColName => "名称", "Name";
        ColRatings => "评价数", "Ratings";
        ColSatisfied => "满意率", "Satisfied";
        ColFollowUps => "差评回访", "Follow-ups";
        ColFollowUpRate => "回访率", "Followed up";
        ColOnTime => "按时整改率", "On time";
        NoRatings => "暂无评价", "No ratings yet";
        CountsCaption => "各级评价数", "Ratings at each level";
        FollowUpsCaption => "差评回访", "Follow-ups of bad ratings";
        FollowUpsOpened => "差评（需回访）", "Bad ratings (followed up)";
        FollowUpsReplied => "已回访整改", "Answered";
        FollowUpsOnTime => "按时（15 个工作日内）", "On time (within 15 working days)";
        MattersOf => "本部门各事项", "This department's matters";
        AllRatings => "全部部门和事项", "All departments and matters";
        GuideLink => "查看该事项的好差评", "See this matter's ratings";
        // The desk.
        DeskTitle => "差评回访", "Follow-ups of bad ratings";
        DeskHelp => "差评自评价之日起 15 个工作日内须回访申请人并整改；答复后申请人可再评价一次，由电子监察确认办结。", "Within 15 working days of a bad rating, call the applicant back and fix the cause; after the answer the applicant may rate again, and the supervisor closes it.";
        DeskEmpty => "没有待处理的差评。", "No follow-ups waiting.";
        DeskTableLabel => "差评回访列表", "Follow-ups";
        ColNumber => "办件编号", "Application";
        ColTouchpoint => "环节", "Step";
        ColDepartment => "负责部门", "Department";
        ColState => "状态", "State";
        ColOpened => "评价时间", "Rated";
        ColDue => "答复期限", "Due";
        Overdue => "已超期", "Overdue";
        FileTitle => "差评回访 {n}", "Follow-up {n}";
        RatingsHeading => "申请人的评价", "The applicant's ratings";
        ReplyHeading => "回访与整改", "Call-back and rectification";
        ReplyHelp => "两项都要填写。申请人会在进度页看到这段答复。", "Fill in both. The applicant sees this answer on their progress page.";
        ReplySubmit => "提交答复", "Send the answer";
        Close => "确认办结", "Close the follow-up";
        ClosedBy => "{n} 确认办结", "Closed by {n}";
        RepliedBy => "答复人", "Answered by";
        NoReplyYet => "尚未答复。", "Not answered yet.";
        NoCallback => "请填写回访情况。", "Write what the call-back found.";
        NoRectification => "请填写整改措施。", "Write what was changed.";
        ReplyTooLong => "每项不能超过 500 字。", "Each part is at most 500 characters.";
        StateIsOpen => "这条差评还没有答复，不能办结。", "This follow-up has not been answered yet, so it cannot be closed.";
        StateIsReplied => "这条差评已经答复过了。", "This follow-up was answered already.";
        StateIsClosed => "这条差评已经办结。", "This follow-up is closed.";
        StateOpen => "待回访", "Waiting";
        StateReplied => "已答复，待办结", "Answered";
        StateClosed => "已办结", "Closed";
        // The supervision desk.
        SupervisionNav => "电子监察", "Supervision";
        SupervisionTitle => "电子监察", "Supervision";
        SupervisionHelp => "在办事项和审查环节按时限分色：黄牌为剩余不超过 2 个工作日，红牌为已超期；暂停计时为等待补正或特殊环节。数字截至 {n}。", "Open work by its time limit: yellow when at most 2 working days are left, red when overdue; paused while corrections or a special step are awaited. Figures as of {n}.";
        SummaryLabel => "概况", "At a glance";
        TasksOpen => "审查中的环节", "Review parts open";
        DueSoon => "黄牌（≤2 个工作日）", "Yellow (≤ 2 working days)";
        OverdueRed => "红牌（已超期）", "Red (overdue)";
        Paused => "暂停计时", "Clock paused";
        Extended => "已延期", "Extended";
        PastDeemed => "超过 5 个工作日未受理（视为受理）", "Past 5 working days without a decision (deemed accepted)";
        FollowUpsOpen => "差评待回访", "Follow-ups waiting";
        FollowUpsOverdue => "其中超期", "Of which overdue";
        ByDepartment => "各部门审查环节", "Review parts by department";
        ByMatter => "各事项在办件（对照承诺时限）", "Open applications by matter (against the promised time)";
        ColOpen => "在办", "Open";
        ColAtFrontDesk => "待受理", "At the front desk";
        ColAtIssuing => "待出件", "At issuing";
        NoOpenApplications => "目前没有在办件。", "No open applications.";
        PastDeemedHeading => "超期未受理的申请", "Applications past the deemed-acceptance day";
        PastDeemedNone => "没有超过 5 个工作日未受理的申请。", "No application has waited over 5 working days for a decision.";
        PastDeemedMore => "另有 {n} 件未列出。", "{n} more not listed.";
        ColWaitingSince => "提交时间", "Submitted";
        ColMatters => "事项", "Matters";
        // The window's rating screen.
        WindowNav => "评价器", "Rating screen";
        WindowTitle => "窗口评价器", "Window rating screen";
        WindowDeskHelp => "把平板或窗口副屏当作评价器：在它上面打开 /window，输入下面的 8 位配对码。之后您每办完一件事（受理决定、领取交付），评价器就请申请人评价这次服务。", "Use a tablet or the window's second screen as the rating screen: open /window on it and type the 8-digit code below. Each time you finish an action (a decision, a handover) it asks the applicant to rate the service.";
        WindowCode => "配对码（{n} 前有效，只能用一次）", "Pairing code (valid until {n}, once)";
        WindowNewCode => "生成配对码", "Show a pairing code";
        WindowPaired => "评价器已配对（{n}）。", "A rating screen is paired (since {n}).";
        WindowNotPaired => "还没有配对评价器。", "No rating screen is paired.";
        WindowUnpair => "解除配对", "Unpair the screen";
        ScreenPairHeading => "配对本窗口的评价器", "Pair this rating screen with a window";
        ScreenPairHelp => "请窗口工作人员在工作台“评价器”页面生成配对码，在这里输入。", "Ask the staff member at the window to show a pairing code on their desk's “Rating screen” page, and type it here.";
        ScreenCodeLabel => "8 位配对码", "8-digit pairing code";
        ScreenPair => "配对", "Pair";
        ScreenBadCode => "配对码是 8 位数字。", "The pairing code is 8 digits.";
        ScreenUnknownCode => "没有窗口显示这个配对码（可能输错、已用过或超过 10 分钟）。", "No window shows this code (mistyped, used already, or over 10 minutes old).";
        ScreenWaiting => "{n} 的窗口", "{n}'s window";
        ScreenWaitingHelp => "办完事后，请在这里评价本次服务。", "When your business is done, please rate the service here.";
        ScreenRateHeading => "请评价本次窗口服务", "Please rate the service at this window";
        ScreenThanks => "谢谢您的评价！", "Thank you for your rating!";
    }
}

pub fn state_name(lang: Lang, s: FollowUpState) -> &'static str {
    match s {
        FollowUpState::Open => RateMsg::StateOpen.get(lang),
        FollowUpState::Replied => RateMsg::StateReplied.get(lang),
        FollowUpState::Closed => RateMsg::StateClosed.get(lang),
    }
}

pub fn rating_problem_text(lang: Lang, p: RatingProblem) -> &'static str {
    match p {
        RatingProblem::NoOverallLevel => RateMsg::NoOverall.get(lang),
        RatingProblem::UnknownChoice => RateMsg::UnknownChoice.get(lang),
        RatingProblem::NoProblemNamed => RateMsg::NoProblem.get(lang),
        RatingProblem::ProblemWithoutBadRating => RateMsg::ProblemWithoutBad.get(lang),
        RatingProblem::CommentTooLong => RateMsg::CommentTooLong.get(lang),
        RatingProblem::InvisibleText => RateMsg::InvisibleText.get(lang),
    }
}

pub fn reply_problem_text(lang: Lang, p: ReplyProblem) -> &'static str {
    match p {
        ReplyProblem::NoCallback => RateMsg::NoCallback.get(lang),
        ReplyProblem::NoRectification => RateMsg::NoRectification.get(lang),
        ReplyProblem::TooLong => RateMsg::ReplyTooLong.get(lang),
        ReplyProblem::InvisibleText => RateMsg::InvisibleText.get(lang),
    }
}

pub fn follow_up_state_refusal(lang: Lang, s: FollowUpState) -> &'static str {
    match s {
        FollowUpState::Open => RateMsg::StateIsOpen.get(lang),
        FollowUpState::Replied => RateMsg::StateIsReplied.get(lang),
        FollowUpState::Closed => RateMsg::StateIsClosed.get(lang),
    }
}

/// The touchpoint's name in the page's language.
pub fn touchpoint_name(lang: Lang, t: Touchpoint) -> &'static str {
    t.name(lang)
}
