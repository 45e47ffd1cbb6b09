//! 并联审批 texts.

use super::{messages, Lang};

messages! {
    /// 并联审批: the reviewer's console, the front desk's view of review,
    /// and the citizen's progress.
    ReviewMsg {
        Nav => "审批任务", "Review tasks";
        QueueTitle => "我的审批任务", "My review tasks";
        AllTitle => "全部审批任务（电子监察）", "All review tasks (supervision)";
        QueueHelp => "按剩余工作日排列，最紧的在前；暂停计时（特殊环节、等待补正）的排在最后。", "By working days left, tightest first; tasks whose clock stands still (special step, awaiting corrections) come last.";
        QueueEmpty => "目前没有待审查的任务。", "No review task is open.";
        DueSoonCount => "{n} 件今天或下一个工作日到期，或已超期（标色的行）。", "{n} task{|s} due today or the next working day, or overdue (the highlighted rows).";
        QueueTableLabel => "审批任务列表", "Review tasks";
        ColDepartment => "部门", "Department";
        ColPart => "审查内容", "Part reviewed";
        ColTimeLeft => "剩余时间", "Time left";
        ColStatus => "状态", "Status";
        ColDue => "到期日", "Due";
        Waiting => "等待前置事项结果", "Waiting for another matter’s result";
        InReview => "审查中", "Being reviewed";
        SpecialStep => "特殊环节中", "In a special step";
        CorrectionAsked => "已提出补正要求", "Corrections asked";
        Approved => "同意", "Approved";
        Rejected => "不同意", "Rejected";
        Closed => "已终止", "Closed";
        LeftDays => "剩 {n} 个工作日", "{n} working day{|s} left";
        DueToday => "今天到期", "Due today";
        DueTomorrow => "剩 1 个工作日（即将到期）", "1 working day left (due soon)";
        Overdue => "已超期 {n} 个工作日", "Overdue by {n} working day{|s}";
        Paused => "暂停计时", "Clock stopped";
        Done => "—", "—";
        ExtendedTag => "已延期", "Extended";
        TaskTitle => "部门审查", "Department review";
        VisibleOnly => "仅显示本部门审查所需的申请内容和材料。", "Only the answers and materials this department’s part needs are shown.";
        AnswersHeading => "本部门可见的申请内容", "Answers this part may see";
        MaterialsHeading => "本部门审查的材料", "Materials this part reviews";
        NoMaterials => "无。", "None.";
        OthersHeading => "其他部门的审查", "The other departments’ parts";
        DecisionHeading => "审查决定", "Decision";
        Approve => "同意", "Approve";
        Reject => "不同意（不予许可）", "Reject (not granted)";
        RejectReason => "不同意的理由（将告知申请人）", "Reason (the applicant is told)";
        StartStep => "启动特殊环节（所需时间不计入审查时限）", "Start a special step (its time is not counted)";
        StepKind => "特殊环节", "Special step";
        StepDays => "预计所需工作日", "Expected working days";
        StepNote => "书面告知申请人的说明", "What the applicant is told in writing";
        AskCorrection => "需要申请人补正", "Ask the applicant for corrections";
        CorrectionItems => "需补正的内容（每行一项）", "What to correct (one item per line)";
        MergedHint => "各部门的补正要求由综合受理窗口合并为一份一次性告知书发给申请人，不会分别通知。", "The front desk sends every department’s corrections to the applicant as one notice, never one per department.";
        SubmitDecision => "提交审查决定", "Record the decision";
        EndStep => "特殊环节已结束，恢复计时", "The special step is over: restart the clock";
        Extend => "延长审查期限", "Extend the time limit";
        ExtendHelp => "依《行政许可法》第四十二条，经本机关负责人批准可延长一次，最多 10 个工作日，理由须告知申请人。", "Under Article 42 of the Administrative Licensing Law the limit may be extended once, by up to 10 working days, with the head of the authority’s approval; the applicant is told why.";
        ExtensionDays => "延长工作日", "Working days added";
        ExtensionReason => "延长理由", "Reason";
        Approver => "批准人", "Approved by";
        RecordExtension => "记录延期", "Record the extension";
        LastDecision => "本任务的决定", "This task’s decision";
        Verdict => "结论", "Decision";
        ReviewerAndTime => "审查人与时间", "Reviewer and time";
        DecidedBy => "{by}，{at}", "{by}, {at}";
        Problems => "没有保存，请先处理以下问题：", "Nothing was saved. Please deal with these first:";
        ProblemNoDecision => "请选择一项审查决定。", "Choose a decision.";
        ProblemNoReason => "请写明不同意的理由。", "Give the reason for rejecting.";
        ProblemUnknownStep => "请选择本事项办事指南列明的特殊环节。", "Choose one of the special steps the service guide lists.";
        ProblemStepDays => "请填写预计所需工作日（1 至 {n}）。", "Give the expected working days (1 to {n}).";
        ProblemNoStepNote => "请写明告知申请人的说明。", "Write what the applicant is told.";
        ProblemNoItems => "请至少写明一项需补正的内容。", "Name at least one thing to correct.";
        ProblemTooLong => "内容最多 2000 字。", "At most 2000 characters.";
        ProblemInvisible => "含有看不见的字符或控制字符（例如从别处复制来的格式符号），请删除后重新输入。", "Contains invisible or control characters (often copied in with formatting). Delete them and type the text again.";
        ProblemNoExtensionReason => "请写明延长理由。", "Give the reason for the extension.";
        ProblemNoApprover => "请填写批准人。", "Name who approved it.";
        ProblemExtensionDays => "延长天数须为 1 至 10 个工作日。", "An extension is 1 to 10 working days.";
        ProblemAlreadyExtended => "该任务已延期过一次，不能再延期。", "This task was extended once already.";
        TaskNotOpen => "该任务当前为“{status}”，不能这样处理。没有保存。", "This task is now “{status}”: that cannot be done. Nothing was saved.";
        ApplicationNotInReview => "该申请当前为“{status}”，不在审查中。没有保存。", "This application is now “{status}”, not under review. Nothing was saved.";
        Busy => "其他部门正同时处理该申请，请稍后重试。没有保存。", "Other departments are changing this application right now; try again. Nothing was saved.";
        FrontHeading => "部门审查（并联审批）", "Department review (in parallel)";
        NoTasks => "尚未进入部门审查。", "Not with the departments yet.";
        NoticeDue => "各部门均已审查，有部门要求补正：请将全部要求合并为一份一次性告知书发给申请人。", "Every department has reviewed and some ask for corrections: send them to the applicant as one notice.";
        SendNotice => "发出合并的一次性告知书", "Send the one notice of every correction";
        NoticeNotDue => "还有部门在审查，或没有补正要求：现在不能发出告知书。", "A department is still reviewing, or none asks for corrections: no notice can be sent now.";
        CorrectionsReceived => "补正材料已收齐，恢复部门审查", "Corrections received: review goes on";
        NoticeTitle => "审查补正通知书（一次性告知）", "Notice of corrections in review (one-time notice)";
        NoticeBody => "经各部门审查，需要你（单位）补正以下全部内容（各部门要求已合并为一份）：", "The departments have reviewed your application. Everything to correct, every department’s items in one list:";
        NoticeAfter => "请携带补正材料到综合受理窗口。补正期间审查暂停计时，补正后各部门继续审查。", "Bring the corrections to the front desk. The review clock stands still meanwhile and goes on once they are in.";
        ProgressHeading => "审批进度", "Review progress";
        ProgressHelp => "各部门同时审查；暂停计时的时间不计入办理时限。", "The departments review at the same time; time while the clock stands still is not counted.";
        RejectedReasons => "不予许可的理由", "Why it was not granted";
        ResultLabel => "审批结果", "Result to record";
        DueOn => "到期日 ", "due ";
        NoTaskFound => "您的部门在这个申请编号下没有审批任务。", "Your department has no review task on that application number.";
        FirstHundred => "仅列出最紧的 100 件；其他任务请在上方按申请编号查找。", "Only the 100 tightest are listed; find any other by its application number above.";
        StepExpected => "预计 {n} 个工作日，不计入时限", "expected {n} working day{|s}, not counted";
    }
}
