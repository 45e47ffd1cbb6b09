//! zh-CN (default) and en. Every text a citizen reads is a [`Msg`]; the
//! macro below will not compile unless a message has both languages, and a
//! misspelt key is a compile error. Pages are translated on the server, so
//! the tables only reach the WASM for what an island itself shows.

pub use domain::Lang;
use domain::{
    ApplicationNumberError, CreditCodeError, FieldProblem, MobileNumberError, ResidentIdError,
};

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
        }
    };
}

messages! {
    /// Texts of server-rendered pages (never shipped to the browser).
    Msg {
        HallName => "一窗通办 · 政务服务大厅", "One-Window Service Hall";
        HallDescription => "政务服务大厅自助办事：查办事指南，一张表申请多个事项，一次提交，扫码取件。", "Government service hall self-service: read service guides, apply for several services on one form, submit once, collect with a QR code.";
        SkipToContent => "跳到主要内容", "Skip to main content";
        BrokenFormText => "提交的内容中有无法识别或无法保存的字符（不是 UTF-8 编码，或含空字符），没有保存任何内容。请返回上一页检查后重新提交。", "The form contained characters that could not be read or stored (not UTF-8, or a NUL character); nothing was saved. Go back, check what you typed and send it again.";
        BadArguments => "请求内容不完整或格式不对，没有处理。", "The request was incomplete or malformed and was not processed.";
        NavHome => "办事首页", "Services";
        NavTrack => "查询办件", "Track an application";
        SwitchLanguage => "English", "中文";
        SwitchLanguageLabel => "Switch to English", "切换到中文";
        LargeTextOn => "大字模式", "Large text";
        LargeTextOff => "标准字号", "Standard text";
        EndVisit => "结束办理", "Finish and clear";
        IdleTitle => "您还在吗？", "Are you still there?";
        IdleCountdown => "为保护您的信息，{n} 秒后将清除本次填写的内容并回到首页。", "To protect your details, what you entered will be cleared in {n} seconds and the screen will go back to the start.";
        IdleContinue => "继续办理", "Continue";
        KeypadLabel => "屏幕键盘", "On-screen keypad";
        KeyBackspace => "删除一个字符", "Delete one character";
        KeyClear => "清空", "Clear";
        KeyDone => "完成", "Done";
        HomeHeading => "您要办什么事？", "What do you need to get done?";
        HomeIntro => "选择事项，只填一张表，一次提交，最多跑一次。", "Pick a service, fill in one form, submit once, come back at most once.";
        MattersListLabel => "可办理事项", "Available services";
        VisitsLabel => "跑动次数", "Visits to the hall";
        VisitsZero => "全程网办", "Fully online";
        VisitsOne => "最多跑一次", "At most one visit";
        PromisedDays => "承诺 {n} 个工作日办结", "Done within {n} working day{|s}";
        LegalDays => "法定时限 {n} 个工作日", "Legal limit {n} working day{|s}";
        Department => "办理部门", "Department";
        MatterCode => "事项编码", "Service code";
        MatterKind => "事项类型", "Type";
        KindLicence => "行政许可", "Administrative licence";
        KindConfirmation => "行政确认", "Administrative confirmation";
        KindOtherPower => "其他行政权力", "Other administrative power";
        KindPublicService => "公共服务", "Public service";
        ApplyNow => "开始申请", "Apply";
        BackToServices => "返回事项列表", "Back to services";
        MatterNotFound => "没有找到这个事项。请返回事项列表重新选择。", "This service does not exist. Please choose one from the list.";
        PageNotFound => "页面不存在", "Page not found";
        SignInRequired => "请先登录后再继续。", "Please sign in to continue.";
        NotAllowed => "您没有办理此项业务的权限。", "You are not allowed to do this.";
        GoOn => "继续", "Continue";
        ErrorTitlePrefix => "错误：", "Error: ";
        MaterialsTableLabel => "材料清单（可左右滚动）", "List of materials (scrolls sideways)";
        ApplicationDetails => "办件信息", "Application details";
        KioskSavedReminder => "离开前，请按屏幕上方的“结束办理”，清除本机上的信息。", "Before you leave, press “Finish and clear” at the top of the screen to clear this terminal.";
        ResumeEntry => "有续办码？继续填写已保存的申请", "Have a resume code? Continue a saved application";
        TrackEmpty => "请输入申请编号。", "Please enter the application number.";
        IsResumeCode => "这是续办码（8 位），不是申请编号。要继续填写这份申请吗？", "This is a resume code (8 characters), not an application number. Continue that application?";
        TooManyTries => "尝试次数过多。为保护办事人的信息，请在 {n} 秒后再试。", "Too many tries. To protect applicants' information, please try again in {n} second{|s}.";
        SearchLabel => "搜索事项", "Search services";
        SearchHint => "输入事项名称、编码或拼音首字母，如 yyzz（营业执照）。", "Type a name, a code or pinyin initials, e.g. yyzz (营业执照).";
        SearchButton => "搜索", "Search";
        ResultsCount => "共 {n} 项", "{n} service{|s}";
        NoResults => "没有找到匹配的事项。可以换个说法，或到咨询台询问。", "No service matches. Try other words, or ask at the help desk.";
        ResultsHeading => "搜索结果", "Search results";
        BrowseHeading => "全部事项", "All services";
        ForPersons => "个人办事", "For individuals";
        ForEnterprises => "企业办事", "For businesses";
        ByDepartment => "按部门查找", "By department";
        ByLifeEvent => "一件事一次办", "Life events: one application";
        PublicLists => "两张清单", "The two published lists";
        ListOneVisit => "“最多跑一次”事项清单", "List of services needing at most one visit";
        ListOnline => "“全程网办”事项清单", "List of services done fully online";
        CountServices => "{n} 项", "{n} service{|s}";
        GuideBasic => "基本信息", "Basic information";
        TimeLimit => "办结时限", "Time limit";
        ParallelReview => "并联审批（各部门同时审查）", "Parallel review (departments at the same time)";
        ReviewDays => "{n} 个工作日内", "within {n} working day{|s}";
        OneFormFor => "一张表，同时申请以下事项（相同信息只填一次）：", "One form for all of these (shared details asked once):";
        ApplyBundle => "一次申请全部事项", "Apply for all at once";
        Audience => "服务对象", "Who applies";
        AudiencePersonal => "个人", "Individuals";
        AudienceEnterprise => "企业", "Businesses";
        LegalBasis => "设定依据", "Legal basis";
        Conditions => "申请条件", "Conditions";
        Materials => "申请材料", "Materials";
        MaterialName => "材料", "Material";
        MaterialNeed => "要求", "Requirement";
        MaterialForm => "提交形式", "How to hand in";
        MaterialRequired => "必需", "Required";
        MaterialOptional => "按需提供", "If applicable";
        OriginalCheck => "窗口核验原件", "Original checked at the window";
        Copies => "复印件 {n} 份", "{n} paper cop{y|ies}";
        ElectronicOnly => "电子件即可", "Electronic file only";
        MayDefer => "可容缺后补", "May be supplied later, on a signed commitment";
        Template => "空白表格/示例", "Blank form / example";
        NeededBy => "所需事项", "Needed by";
        SpecialSteps => "特殊环节（不计入办理时限）", "Special steps (not counted in the time limit)";
        StepExpertReview => "专家评审", "Expert review";
        StepSiteInspection => "现场勘验", "Site inspection";
        StepHearing => "听证", "Hearing";
        StepPublicNotice => "公示", "Public notice";
        StepTesting => "检验检测", "Testing";
        StepMaxDays => "最长 {n} 个工作日", "Up to {n} working day{|s}";
        Process => "办理流程", "Process";
        Window => "办理地点", "Where";
        Fees => "收费标准", "Fees";
        Notes => "注意事项", "Notes";
        PartOfBundles => "也可作为“一件事”一起办", "Can also be done together as a life event";
        BundleMatters => "包含的事项", "Services included";
        BundleMaterials => "材料清单（重复材料已合并，只交一份）", "Materials (duplicates merged: hand in each once)";
        BundlePromise => "一次申请，各部门并联审批，承诺 {n} 个工作日内全部办结", "One application, departments review in parallel: all done within {n} working day{|s}";
        BundleNotFound => "没有找到这件事。请返回首页重新选择。", "This life event does not exist. Please choose one from the start page.";
        FormHeading => "填写申请表", "Application form";
        ReceiptHeading => "申请已提交", "Application submitted";
        ReceiptIntro => "请保存申请编号，凭此查询进度和取件。", "Keep the application number: you need it to track progress and collect the result.";
        ApplicationNumber => "申请编号", "Application number";
        Matters => "办理事项", "Services";
        Applicant => "申请人", "Applicant";
        SubmittedAt => "提交时间", "Submitted";
        PromisedBy => "承诺办结日期", "Promised completion";
        Status => "办理状态", "Status";
        StatusSubmitted => "已提交，等待窗口受理", "Submitted, waiting for the front desk";
        StatusAccepted => "已受理，正在审批", "Accepted, being reviewed";
        StatusAcceptedWithDeficiency => "已容缺受理，请按承诺时间补交材料", "Accepted with materials to follow: hand them in by the dates you committed to";
        StatusReturnedForCorrection => "需要补正材料，请查看下方的一次性告知", "Materials to correct: see the one-time notice below";
        StatusRefused => "不予受理", "Not accepted";
        StatusWithdrawn => "已撤回", "Withdrawn";
        Issues => "办理结果", "What you receive";
        Validity => "有效期：", "valid: ";
        IssuedElectronic => "电子证照（加盖电子印章）", "electronic (with the hall's electronic seal)";
        IssuedPaper => "纸质（统一出件窗口领取或邮寄）", "paper (collect at the issuing window, or by post)";
        ListSeparator => "；", "; ";
        StatusCorrectionDuringReview => "审查中需补正，请按告知书补正", "Being reviewed: corrections needed (see the notice)";
        StatusApproved => "审批通过，等待出件", "Approved: waiting to be issued";
        StatusRejected => "不予许可", "Not granted";
        StatusIssued => "已出证，等待领取或寄出", "Issued: waiting to be collected or posted";
        StatusDelivered => "已送达，办结", "Delivered: done";
        StatusTerminated => "已终止（未按承诺补交材料）", "Terminated (deferred materials not handed in as promised)";
        ScanToTrack => "扫码查询办理进度", "Scan to track progress";
        PrintReceipt => "打印回执", "Print receipt";
        ViewReceipt => "查看回执", "View receipt";
        TrackHeading => "查询办件进度", "Track an application";
        TrackHint => "申请编号共 10 位，由字母和数字组成，如 ABCDE-23456。", "The application number has 10 letters and digits, e.g. ABCDE-23456.";
        TrackButton => "查询", "Search";
        TrackNotFound => "没有找到这个编号的申请，请核对后重试。", "No application has this number. Please check it and try again.";
        NumberWrongLength => "申请编号应为 10 位。", "An application number has 10 characters.";
        NumberBadCharacter => "申请编号中有不会出现的字符（不含 I、O、Q、Z、0、1）。", "The number contains a character never used (no I, O, Q, Z, 0 or 1).";
        NumberBadCheck => "申请编号有误，请逐位核对。", "This number has a typo: please check each character.";
        StartHeading => "开始前请了解", "Before you start";
        StartIntro => "分步填写，每一步都会自动保存。中途离开时，凭续办码在手机或大厅自助终端上接着填。", "You answer step by step and every step is saved. If you stop, continue on a phone or a hall kiosk with your resume code.";
        StartButton => "开始填写", "Start";
        StepsPreview => "填写步骤", "The steps";
        StepOf => "第 {n} 步，共 {m} 步", "Step {n} of {m}";
        StepsLabel => "填写进度", "Progress";
        StepApplicant => "申请人信息", "About the applicant";
        StepMaterials => "准备材料", "Materials";
        StepCheck => "核对信息", "Check your answers";
        StepDeclaration => "承诺并提交", "Declaration and submit";
        StepDone => "已完成", "done";
        StepCurrent => "当前步骤", "current step";
        ResumeHeading => "继续填写已保存的申请", "Continue a saved application";
        ResumeCode => "续办码", "Resume code";
        ResumeHint => "续办码共 8 位，如 ABCD-EFGH。", "A resume code has 8 characters, e.g. ABCD-EFGH.";
        ResumeButton => "继续填写", "Continue";
        ResumeNotFound => "没有找到这个续办码的草稿：它可能已过期、已删除或已提交。", "No draft has this resume code: it may have expired, been deleted or been submitted.";
        ResumeWrongLength => "续办码应为 8 位。", "A resume code has 8 characters.";
        ResumeBadCharacter => "续办码中有不会出现的字符（不含 I、O、Q、Z、0、1）。", "The code contains a character never used (no I, O, Q, Z, 0 or 1).";
        ResumeBadCheck => "续办码有误，请逐位核对。", "This code has a typo: please check each character.";
        DraftAside => "已自动保存。续办码：", "Saved. Resume code:";
        SavedHeading => "已保存，可稍后继续", "Saved: continue later";
        SavedIntro => "在任一手机或大厅自助终端上输入续办码，或用手机扫描二维码，即可接着填写。", "Type the resume code on any phone or hall kiosk, or scan the QR code with a phone, to continue.";
        ScanToResume => "扫码继续填写", "Scan to continue";
        DraftExpires => "草稿保留至 {n}，到期自动删除。", "The draft is kept until {n}, then deleted.";
        DeleteDraft => "删除草稿", "Delete draft";
        DraftDeleted => "草稿已删除，填写的内容已从系统清除。", "The draft is deleted and what you entered is erased.";
        ContinueDraft => "返回继续填写", "Back to the form";
        DraftGone => "这份草稿不存在或已过期。", "This draft does not exist or has expired.";
        DraftHeldElsewhere => "这份草稿已不在本设备上打开（办理已结束，或已在其他设备继续）。请用续办码继续。", "This draft is no longer open on this device (the session ended, or it was continued elsewhere). Use its resume code to carry on.";
        DraftSubmitted => "这份申请已经提交。", "This application has already been submitted.";
        MaterialsIntro => "请准备好以下材料，受理时在窗口核验原件。", "Have these materials ready; originals are checked at the window.";
        CheckIntro => "请核对以下内容，需要时点击“修改”。", "Check your answers; use “Change” to correct one.";
        CheckProblems => "以下内容需要修改后才能提交：", "Please correct these before submitting:";
        Change => "修改", "Change";
        NotAnswered => "未填写", "Not answered";
        DeclarationText => "本人承诺：所填信息及所交材料真实、准确、完整；如有虚假，愿承担相应法律责任。", "I declare that the information and materials given are true, accurate and complete, and I accept legal responsibility if they are not.";
        DeclarationAgree => "我已阅读并作出以上承诺", "I have read and make this declaration";
        DeclarationRequired => "请勾选承诺后再提交。", "Tick the declaration to submit.";
        OpenReceipt => "查看回执", "See the receipt";
    }
}

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

messages! {
    /// Texts of the staff desks and decision notices (server-rendered).
    StaffMsg {
        Desk => "窗口工作台", "Staff desk";
        SignedInAs => "当前登录", "Signed in";
        RoleFrontDesk => "综合受理", "Front desk";
        RoleReviewer => "部门审批", "Department reviewer";
        RoleIssuing => "统一出件", "Issuing window";
        RoleSupervisor => "电子监察", "Supervisor";
        RoleAdministrator => "系统管理", "Administrator";
        SignOut => "退出登录", "Sign out";
        SignOutEverywhere => "在所有设备上退出", "Sign out everywhere";
        NavQueue => "待受理队列", "Acceptance queue";
        FindLabel => "按申请编号查找", "Find by application number";
        FindButton => "查找", "Find";
        FindNotFound => "没有找到这个申请编号。", "No application has this number.";
        SignInTitle => "工作人员登录", "Staff sign-in";
        NameLabel => "账号", "Account name";
        PasswordLabel => "密码", "Password";
        SignInButton => "登录", "Sign in";
        SignInWrong => "账号或密码不正确。", "Wrong account name or password.";
        SignInThrottled => "登录失败次数过多。为保护账号安全，请 {n} 分钟后再试。", "Too many failed sign-ins. To protect the account, try again in {n} minute{|s}.";
        SignInExpired => "登录已过期或已在其他设备上退出，请重新登录。", "Your session has ended (idle too long, or signed out elsewhere). Please sign in again.";
        SignedOut => "您已退出登录。", "You are signed out.";
        QueueTitle => "待受理申请", "Applications waiting for acceptance";
        QueueCount => "共 {n} 件，按等待时间从长到短排列。", "{n} application{|s}, longest waiting first.";
        QueueCountMore => "超过 {n} 件，按等待时间从长到短排列。", "More than {n} applications, longest waiting first.";
        QueueEmpty => "目前没有待受理的申请。", "No application is waiting.";
        QueueTableLabel => "待受理申请列表", "Applications waiting for acceptance";
        ColNumber => "申请编号", "Application number";
        ColMatters => "事项", "Services";
        ColApplicant => "申请人", "Applicant";
        ColWaiting => "已等待", "Waiting";
        ColDeemed => "视为受理日", "Deemed accepted on";
        DeemedSoon => "即将视为受理", "Deemed accepted soon";
        WeekendsOnly => "该年度节假日安排尚未录入，日期仅按周末推算，请人工核对。", "No holiday data for that year yet: counted on weekends only, check by hand.";
        DeemedExplain => "依《行政许可法》第三十二条，收到申请后 5 个工作日内未一次性告知补正内容的，自收到申请之日起即为受理。", "Under Article 32 of the Administrative Licensing Law, an application not told within 5 working days what to correct counts as accepted from the day it was received.";
        Minutes => "{n} 分钟", "{n} minute{|s}";
        Hours => "{n} 小时", "{n} hour{|s}";
        Days => "{n} 天", "{n} day{|s}";
        NextPage => "下一页", "Next page";
        FileTitle => "受理审查", "Acceptance review";
        Answers => "申请内容", "What was applied for";
        Checklist => "材料核验", "Material checklist";
        ChecklistHelp => "逐项核验申请材料：齐全合格、缺少或不符合要求（写明原因）。需原件的，核验后勾选“已核验原件”。", "Check each material: in order, missing, or not acceptable (say why). Where the original must be seen, tick “Original seen” once you have seen it.";
        MaterialCol => "材料", "Material";
        StandardCol => "要求", "Standard";
        VerdictCol => "核验结果", "Finding";
        VerdictOk => "齐全合格", "In order";
        VerdictMissing => "缺少", "Missing";
        VerdictWrong => "不符合要求", "Not acceptable";
        WrongReason => "不符合要求的原因", "Why it is not acceptable";
        OriginalSeen => "已核验原件", "Original seen";
        DueBy => "容缺补交日期", "Hand in by (容缺)";
        MayDeferTag => "可容缺", "May follow later";
        RequiredTag => "必须提交", "Required";
        OptionalTag => "选择提交", "Optional";
        LastTime => "上次核验", "Last check";
        DecisionLegend => "受理决定", "Decision";
        DecideAccept => "受理", "Accept";
        DecideDeficiency => "容缺受理（缺少的材料可后补，须签署信用承诺书）", "Accept with materials to follow (容缺: the applicant signs a credit commitment)";
        DecideReturn => "一次性告知补正", "Return with a one-time notice of everything to correct";
        DecideRefuse => "不予受理", "Refuse";
        CommitmentSigned => "申请人已在窗口签署信用承诺书", "The applicant has signed the credit commitment at the window";
        CorrectBy => "补正期限", "Correct by";
        RefusalReason => "不予受理的理由", "Reason for refusing";
        SubmitDecision => "提交决定", "Record the decision";
        History => "办理记录", "History";
        NoHistory => "尚无办理记录。", "Nothing has been decided yet.";
        CorrectionsReceived => "补正材料已收齐，重新进入受理队列", "Corrections received: back to the queue";
        PrintNotice => "查看并打印文书", "View and print the notice";
        Print => "打印", "Print";
        NotWaiting => "该申请当前不在待受理状态，不能作出受理决定。", "This application is not waiting for the front desk; no decision can be taken now.";
        AlreadyDecided => "该申请已由 {by} 于 {at} 处理，当前状态：{status}。您的决定没有保存。", "{by} already dealt with this application at {at}; it is now: {status}. Your decision was not saved.";
        AlreadyMoved => "该申请已被处理，当前状态：{status}。您的决定没有保存。", "This application was already dealt with; it is now: {status}. Your decision was not saved.";
        OnBreachList => "申请人在失信名单中，不能容缺受理。请一次性告知补正，或在材料齐全后受理。", "The applicant is on the breach list: 容缺 is not open to them. Return with a one-time notice, or accept once every material is in order.";
        FormExpired => "表单已失效（可能已重新登录）。请刷新页面后重试，已填写的内容仍在下方。", "This form has expired (you may have signed in again). Reload the page and try again; what you entered is still below.";
        DecisionProblems => "决定没有保存，请先处理以下问题：", "The decision was not saved. Please deal with these first:";
        ProblemNoDecision => "请选择一项受理决定。", "Choose a decision.";
        ProblemNoVerdict => "{m}：请选择“齐全合格”“缺少”或“不符合要求”。", "{m}: mark it in order, missing or not acceptable.";
        ProblemWrongWithoutReason => "{m}：请写明不符合要求的原因。", "{m}: say why it is not acceptable.";
        ProblemReasonTooLong => "原因最多 500 字。", "A reason is at most 500 characters.";
        ProblemInvisible => "原因中含有看不见的字符或控制字符（例如从别处复制来的格式符号），请删除后重新输入。", "A reason contains invisible or control characters (often copied in with formatting). Delete them and type it again.";
        ProblemOriginalNotSeen => "{m}：须核验原件后才能受理。", "{m}: the original must be seen before accepting.";
        ProblemNotInOrder => "{m}：材料不齐全或不符合要求，不能受理。", "{m}: missing or not acceptable, so the application cannot be accepted.";
        ProblemNotDeferrable => "{m}：不属于可容缺材料，不能后补。", "{m}: may not follow later (not a 容缺 material).";
        ProblemNothingMissing => "没有缺少的材料，请直接受理。", "Nothing is missing: accept instead.";
        ProblemNoDueDate => "{m}：请填写补交日期。", "{m}: give the date to hand it in by.";
        ProblemDueDateOutOfRange => "{m}：补交日期须晚于今天，且不晚于承诺办结日 {date}。", "{m}: the date must be after today and no later than the promised completion date, {date}.";
        ProblemCommitmentNotSigned => "容缺受理须申请人签署信用承诺书。", "容缺 needs the applicant’s signed credit commitment.";
        ProblemNothingToCorrect => "没有缺少或不符合要求的材料，无需补正。", "Nothing is missing or unacceptable: there is nothing to correct.";
        ProblemBadCorrectionDate => "请填写晚于今天的补正期限。", "Give a date after today to correct by.";
        ProblemNoRefusalReason => "请写明不予受理的理由。", "Give the reason for refusing.";
        ProblemNoWithdrawalReason => "请记录申请人撤回的原因。", "Record the applicant’s reason for withdrawing.";
        Withdraw => "申请人申请撤回", "The applicant withdraws";
        WithdrawalReason => "撤回原因（申请人所述）", "Reason for withdrawing (as the applicant gives it)";
        RecordWithdrawal => "记录撤回", "Record the withdrawal";
        Withdrawn => "申请人撤回", "Withdrawn by the applicant";
        NoticeNumber => "文书编号", "Notice number";
        Applicant => "申请人", "Applicant";
        DecidedOn => "日期", "Date";
        AcceptanceNoticeTitle => "受理通知书", "Notice of acceptance";
        CorrectionNoticeTitle => "补正材料通知书（一次性告知）", "Notice of corrections (one-time notice)";
        RefusalNoticeTitle => "不予受理决定书", "Decision not to accept";
        CommitmentTitle => "信用承诺书", "Credit commitment";
        AcceptanceBody => "你（单位）提交的申请材料齐全、符合法定形式，本机关决定予以受理。", "The materials you submitted are complete and in the form the law requires: your application is accepted.";
        DeficiencyBody => "你（单位）的申请已容缺受理。缺少的材料须按下方信用承诺书所列日期补交。", "Your application is accepted with materials to follow: hand them in by the dates in the credit commitment below.";
        Limits => "法定办结时限 {legal} 个工作日，承诺办结时限 {promised} 个工作日，预计 {date} 前办结。", "Legal limit {legal} working days, promised {promised} working days: expected to be done by {date}.";
        SpecialStepsIntro => "以下特殊环节所需时间不计入办理时限：", "These special steps are not counted in the time limit:";
        SpecialStepLine => "{name}，最长 {n} 个工作日", "{name}, at most {n} working day{|s}";
        FollowProgress => "凭申请编号或扫描回执上的二维码查询办理进度：", "Follow progress with the application number or the QR code on your receipt:";
        Delivery => "办结后凭取件码到统一出件窗口领取，也可选择邮寄送达。", "When it is done, collect the result at the issuing window with your pickup code, or have it posted.";
        CorrectionBody => "你（单位）提交的申请材料不齐全或不符合法定形式。现一次性告知需要补正的全部内容：", "The materials you submitted are incomplete or not in the form the law requires. Everything to correct, in one list:";
        ItemMissing => "缺少", "Missing";
        ItemWrong => "不符合要求：{reason}", "Not acceptable: {reason}";
        ItemDueBy => "{date} 前补交", "Hand in by {date}";
        CorrectByLine => "请于 {date} 前补正。补正材料齐全后重新进入受理。", "Please correct by {date}. Once everything is in, the application goes back to the front desk.";
        OneTimePromise => "本通知已一次性告知全部补正内容，不会再要求补正此前未列明的材料。", "This notice lists everything: you will not be asked for anything it does not name.";
        RefusalBody => "经审查，你（单位）的申请不予受理，理由如下：", "Having examined it, we do not accept your application, for this reason:";
        Remedies => "如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到之日起六个月内依法向人民法院提起行政诉讼。", "If you disagree, you may apply for administrative review within 60 days of receiving this decision, or bring an administrative lawsuit in a people’s court within 6 months.";
        CommitmentBody => "本人（单位）承诺在下列日期前补交以下材料，并对承诺的真实性负责。如未按期履行承诺，愿意承担相应责任，并同意将失信行为记入信用记录。", "I (we) promise to hand in the materials below by the dates given, and answer for this promise. If I (we) do not keep it, I (we) accept the consequences and agree that the breach is recorded in my (our) credit record.";
        Signature => "申请人（签字）：＿＿＿＿＿＿　日期：＿＿＿＿＿＿", "Applicant’s signature: ______________   Date: __________";
        Seal => "（受理专用章）", "(Acceptance seal)";
        NoticeForYou => "给您的告知", "A notice for you";
        NoNotice => "该申请还没有文书。", "No notice has been issued for this application yet.";
        BackToFile => "返回受理审查", "Back to the application";
        NotAllowedHere => "您的岗位不能办理此项业务。", "Your role cannot do this.";
    }
}

messages! {
    /// 并联审批: the reviewer's console, the front desk's view of review,
    /// and the citizen's progress.
    ReviewMsg {
        Nav => "审批任务", "Review tasks";
        QueueTitle => "我的审批任务", "My review tasks";
        AllTitle => "全部审批任务（电子监察）", "All review tasks (supervision)";
        QueueHelp => "按剩余工作日排列，最紧的在前；暂停计时（特殊环节、等待补正）的排在最后。", "By working days left, tightest first; tasks whose clock stands still (special step, awaiting corrections) come last.";
        QueueEmpty => "目前没有待审查的任务。", "No review task is open.";
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

impl Msg {
    /// Fills `{n}` in a message, and its `{singular|plural}` endings.
    pub fn with_n(self, lang: Lang, n: impl std::fmt::Display) -> String {
        fill_n(self.get(lang), &n.to_string())
    }
}

impl StaffMsg {
    pub fn with_n(self, lang: Lang, n: impl std::fmt::Display) -> String {
        fill_n(self.get(lang), &n.to_string())
    }
}

impl IssuingMsg {
    pub fn with_n(self, lang: Lang, n: impl std::fmt::Display) -> String {
        fill_n(self.get(lang), &n.to_string())
    }
}

impl ReviewMsg {
    pub fn with_n(self, lang: Lang, n: impl std::fmt::Display) -> String {
        fill_n(self.get(lang), &n.to_string())
    }
}

impl FormMsg {
    pub fn with_n(self, lang: Lang, n: impl std::fmt::Display) -> String {
        fill_n(self.get(lang), &n.to_string())
    }
}

/// `{n}` becomes `n`; each `{a|b}` becomes `a` when `n` is 1, else `b`
/// ("1 service", "2 services", "1 paper copy").
fn fill_n(text: &str, n: &str) -> String {
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

messages! {
    /// 统一出件: the issuing window, the scanner, the licence and its
    /// check, and the applicant's delivery choice and pickup pass.
    IssuingMsg {
        Nav => "统一出件", "Issuing";
        NavScan => "扫码取件", "Scan pickup";
        QueueTitle => "统一出件窗口", "Issuing window";
        QueueHelp => "审批通过待出证的，和已出证待领取或寄出的办件，按承诺办结日排列。", "Approved applications waiting for their results, and issued results waiting to be collected or posted, by promised date.";
        QueueEmpty => "目前没有待出件的办件。", "Nothing to issue or hand over.";
        QueueTableLabel => "出件列表", "Issuing list";
        ColApplicant => "申请人", "Applicant";
        ColResults => "办理结果", "Results";
        ColDelivery => "领取方式", "Delivery";
        ColStatus => "状态", "Status";
        ColPromised => "承诺办结日", "Promised by";
        DeliveryWindow => "窗口领取", "At the window";
        DeliveryProxy => "代领人", "Proxy";
        DeliveryPost => "邮寄送达", "By post";
        DeliveryNotChosen => "未选择（窗口领取）", "Not chosen (at the window)";
        FileTitle => "出件", "Issuing";
        Holder => "持证人", "Holder";
        HolderId => "证件号码", "ID number";
        ToIssue => "应出具的办理结果", "Results to issue";
        Electronic => "电子证照", "electronic";
        Paper => "纸质证照", "paper";
        Validity => "有效期", "Valid for";
        DeferredOwed => "容缺受理的补交材料尚未收到{n}，不能出证。", "The deferred materials of this 容缺 acceptance have not come in{n}: nothing can be issued.";
        DeferredBy => "（承诺 {n} 前补交）", " (promised by {n})";
        IssueButton => "加盖电子印章并出证", "Seal and issue";
        IssueHelp => "出证时用大厅电子印章（SM2）对每份证照的内容签名；证照上的二维码可供任何人验证真伪。", "Issuing signs each licence's content with the hall's electronic seal (SM2); anyone can check a licence with the QR code printed on it.";
        Issued => "已出具的证照", "Licences issued";
        OpenLicence => "查看 / 打印证照", "View / print licence";
        PickupValid => "取件码有效期至 {n}", "Pickup code valid until {n}";
        PostHeading => "登记邮寄", "Record the posting";
        Carrier => "快递公司", "Carrier";
        Tracking => "运单号", "Tracking number";
        PostButton => "登记寄出", "Record as posted";
        PostTo => "寄往", "Post to";
        HandoverLink => "送达回证", "Proof of delivery";
        HandoverTitle => "送达回证", "Proof of delivery";
        HandoverItems => "送达文书", "Documents delivered";
        HandoverTo => "受送达人", "Delivered to";
        HandoverAt => "送达时间", "Delivered at";
        HandoverPlace => "送达地点", "Place";
        HandoverBy => "送达人", "Delivered by";
        HandoverWay => "送达方式", "Way";
        WayWindow => "窗口直接送达", "At the window";
        WayPost => "邮寄送达", "By post";
        CollectorApplicant => "申请人本人", "The applicant";
        CollectorProxy => "代领人", "The proxy";
        PrintHandover => "打印送达回证", "Print the proof of delivery";
        SignRecipient => "受送达人签名", "Recipient's signature";
        SignDeliverer => "送达人签名", "Deliverer's signature";
        ScanTitle => "扫码取件", "Scan a pickup code";
        ScanHelp => "扫描申请人出示的取件二维码（扫码枪会自动输入并提交），或输入 8 位数字取件码。", "Scan the pickup QR the applicant shows (a USB scanner types it and submits), or type the 8-digit pickup code.";
        ScanLabel => "取件码", "Pickup code";
        ScanButton => "查询", "Look up";
        ScanAgain => "扫描下一位", "Scan the next one";
        CameraHeading => "摄像头扫码", "Scan with the camera";
        CameraStart => "开启摄像头", "Start the camera";
        CameraVideo => "摄像头画面", "Camera picture";
        CameraOn => "请将取件二维码对准摄像头（手机屏幕或纸质均可）。", "Hold the pickup QR code (phone screen or paper) in front of the camera.";
        CameraDenied => "无法使用摄像头：请允许本页面使用摄像头，或使用扫码枪、输入数字取件码。", "The camera cannot be used: allow this page to use it, or use the USB scanner or type the numeric code.";
        CameraFound => "已识别，正在查询……", "Read. Looking it up…";
        ToCollect => "领取物品", "To hand over";
        ValidUntil => "有效期至", "Valid until";
        CollectorLegend => "领取人", "Collected by";
        IdChecked => "已核验领取人的身份证件原件，与上列信息一致", "I checked the collector's original ID document against the details above";
        ConfirmButton => "确认交付", "Confirm handover";
        Done => "已交付。", "Handed over.";
        ProblemMalformed => "这不是取件码。请重新扫描，或输入 8 位数字取件码。", "This is not a pickup code. Scan again, or type the 8-digit pickup code.";
        ProblemForged => "取件码校验失败：不是本大厅签发的取件码。", "This pickup code was not issued by this hall (its signature does not match).";
        ProblemExpired => "取件码已于 {n} 过期。请申请人在办件页面获取新的取件码。", "This pickup code expired on {n}. The applicant can get a new one on the application's page.";
        ProblemRevoked => "此取件码已作废（已换发新码）。请使用最新的取件码。", "This pickup code was replaced by a newer one. Use the latest code.";
        ProblemUnknownCode => "没有与此数字码对应的待领取件。输错的次数会被记录。", "No pickup waits under this code. Wrong codes are counted.";
        ProblemOtherApplication => "取件码与确认的办件不一致，请重新扫描。", "The pickup code does not belong to the application being confirmed. Scan again.";
        ProblemAlready => "已于 {at} 在 {place} 由 {by} 交付，不能重复领取。", "Already handed over on {at} at {place} by {by}.";
        ProblemIdentity => "请先核验领取人的身份证件原件，并勾选确认。", "Check the collector's original ID document and tick the box first.";
        ProblemNoProxy => "申请人没有指定代领人。", "The applicant named no proxy.";
        ProblemTooMany => "尝试次数过多，请 {n} 分钟后再试。", "Too many tries. Try again in {n} minute{|s}.";
        ProblemStatus => "此办件当前为“{n}”，不能办理此操作。", "This application is “{n}”: this cannot be done now.";
        ProblemNoMethod => "请选择窗口领取或邮寄送达。", "Choose pickup at the window or post.";
        ProblemNoRecipient => "请填写收件人姓名。", "Give the recipient's name.";
        ProblemBadPhone => "请填写正确的 11 位手机号码。", "Give a valid 11-digit mobile number.";
        ProblemNoAddress => "请填写邮寄地址。", "Give the postal address.";
        ProblemNoProxyName => "请填写代领人姓名。", "Give the proxy's name.";
        ProblemBadProxyId => "代领人身份证号码不正确。", "The proxy's ID number is not valid.";
        ProblemTooLong => "内容过长。", "Too long.";
        ProblemInvisible => "含有看不见的字符或控制字符，请删除后重新输入。", "Contains invisible or control characters. Delete them and type it again.";
        ProblemNoLetter => "姓名中至少要有一个字（汉字或字母）。", "A name needs at least one letter or character.";
        ProblemNoCarrier => "请填写快递公司。", "Give the carrier.";
        ProblemBadTracking => "运单号只能由字母和数字组成。", "A tracking number is letters and digits only.";
        CollectHeading => "领取办理结果", "Receiving your result";
        ProofHelp => "为保护您的信息，请输入申请时填写的身份证号码（或统一社会信用代码）的最后 6 位，用于选择领取方式和查看取件码。", "To protect your details, type the last 6 characters of the ID number (or credit code) given on the form. Then you can choose how to receive the result and see your pickup code.";
        ProofLabel => "证件号码最后 6 位", "Last 6 characters of the ID number";
        ProofButton => "验证", "Verify";
        ProblemWrongProof => "与申请时填写的号码不符。本小时内还可尝试 {n} 次。", "That does not match the number on the form. {n} {try|tries} left this hour.";
        ProblemNotProven => "请先输入证件号码最后 6 位完成验证。", "Verify with the last 6 characters of the ID number first.";
        DeliveryLegend => "领取方式", "How to receive the result";
        ChooseWindow => "到统一出件窗口领取（本人或代领人）", "Collect at the issuing window (yourself or a proxy)";
        ChoosePost => "免费邮寄送达", "Free delivery by post";
        ProxyName => "代领人姓名（可不填）", "Proxy's name (optional)";
        ProxyId => "代领人身份证号码", "Proxy's ID number";
        Recipient => "收件人", "Recipient";
        Phone => "收件人手机号码", "Recipient's mobile number";
        Address => "邮寄地址", "Postal address";
        SaveDelivery => "保存领取方式", "Save";
        DeliverySaved => "领取方式已保存。出证前可以随时更改。", "Saved. You can change it until the result is issued.";
        TooLateToChange => "结果已出证，领取方式不能再更改。", "The result is issued: the way to receive it can no longer change.";
        PassHeading => "取件码", "Pickup code";
        PassHelp => "凭此二维码或 8 位取件码到统一出件窗口领取，请携带身份证件原件。可以打印，也可以在手机上出示。", "Show this QR code or the 8-digit code at the issuing window, with your original ID document. Print it or show it on your phone.";
        PassCode => "数字取件码", "Numeric code";
        PassProxy => "代领人：{n}（须携带本人身份证件原件）", "Proxy: {n} (bring their own original ID document)";
        PrintPass => "打印取件码", "Print pickup code";
        RenewPass => "换发新取件码（旧码作废）", "Get a new code (the old one stops working)";
        Collected => "已于 {n} 领取。", "Collected on {n}.";
        Posted => "已于 {at} 寄出：{carrier}，运单号 {tracking}。", "Posted on {at}: {carrier}, tracking number {tracking}.";
        VerifyTitle => "电子证照验证", "Verify an electronic licence";
        VerifyHelp => "扫描证照上的二维码，或输入证照上的 16 位验证码。", "Scan the QR code on the licence, or type its 16-character verification code.";
        VerifyLabel => "验证码", "Verification code";
        VerifyButton => "验证", "Verify";
        Genuine => "真实有效：电子印章与证照内容一致，证照未被撤销。", "Genuine: the electronic seal matches the licence's content, and the licence stands.";
        Revoked => "此证照已于 {on} 撤销：{reason}", "This licence was revoked on {on}: {reason}";
        NotValid => "无效：证照内容与电子印章不符，可能被篡改。", "Not valid: the content does not match its electronic seal; it may have been altered.";
        Unknown => "查无此证照，请核对验证码。", "No licence has this code. Check the code.";
        LicenceNumber => "办件编号", "Application number";
        IssuedOn => "发证日期", "Issued on";
        Issuer => "发证机关", "Issued by";
        CodeLabel => "验证码", "Verification code";
        ScanToVerify => "扫码验证真伪", "Scan to verify";
        SealMark => "电子印章", "Electronic seal";
        DeferredReceived => "容缺补交材料已收到", "Deferred materials received";
        DeferredReceivedHelp => "申请人已按信用承诺补交材料并经核验后点击；收到前不能出证。", "Click once the applicant handed in the deferred materials and they were checked; nothing is issued before.";
    }
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

messages! {
    /// 申请材料 as files: the wizard's slots, uploads and their problems,
    /// upload by phone from a kiosk, and the desk's list of files.
    FileMsg {
        Intro => "可以现在上传材料的电子文件（拍照或 PDF），也可以到窗口时带上纸质材料。", "You can upload the materials now (a photo or a PDF), or bring them on paper to the window.";
        SlotUploaded => "已上传 {n} 个文件", "{n} file{|s} uploaded";
        SlotAtWindow => "未上传：到窗口时出示", "Not uploaded: bring it to the window";
        SlotMissing => "未上传：需要上传", "Not uploaded: please upload it";
        SlotOptional => "可选，未上传", "Optional, not uploaded";
        SlotSupplied => "本大厅已核发，无需提交", "Issued by this hall: nothing to hand in";
        SuppliedIntro => "本大厅已为该企业核发此证照，系统已自动调取，您无需上传或携带。", "This hall issued this licence to the company: it is attached by the system, nothing to upload or bring.";
        SuppliedLink => "查看所调取的证照", "See the attached licence";
        ChooseFiles => "选择文件", "Choose files";
        TakePhoto => "拍照", "Take a photo";
        Upload => "上传", "Upload";
        Remove => "删除", "Remove";
        RemoveNamed => "删除文件", "Remove file";
        Allowed => "可上传 {types}，每个文件不超过 {n} MB", "{types}, up to {n} MB per file";
        Added => "已上传 {n} 个文件。", "{n} file{|s} uploaded.";
        Removed => "已删除文件。", "The file was removed.";
        Used => "本申请已用 {used} MB，最多 {n} MB。", "This application uses {used} MB of {n} MB.";
        FileTable => "已上传的文件", "Uploaded files";
        Unnamed => "（未命名）", "(no name)";
        ProblemIn => "“{name}”未能上传：", "“{name}” was not uploaded: ";
        Empty => "文件是空的（0 字节）。请重新选择或重新拍照。", "the file is empty (0 bytes). Choose it again or take the photo again.";
        NoFile => "请先选择文件或拍照。", "Choose a file or take a photo first.";
        TooLarge => "文件超过 {n} MB。请缩小后再上传，或到窗口出示纸质材料。", "the file is larger than {n} MB. Make it smaller, or bring the paper to the window.";
        ApplicationFull => "本申请的文件合计不能超过 {n} MB。请删除不需要的文件后再上传。", "all files of this application together may not exceed {n} MB. Remove files you do not need first.";
        TooMany => "此项材料最多上传 {n} 个文件。", "this material takes at most {n} files.";
        WrongType => "文件内容不是 {types}（看的是文件内容，不是文件名）。", "the content is not {types} (the content counts, not the file name).";
        Unreadable => "无法读取图片的尺寸，文件可能已损坏。请重新拍照或另存为 PDF。", "the picture's size cannot be read; the file may be damaged. Take the photo again or save it as a PDF.";
        TooManyPixels => "图片像素过多（超过 {n} 百万像素）。请缩小后再上传。", "the picture has too many pixels (over {n} megapixels). Make it smaller first.";
        Interrupted => "上传中断，文件没有保存。请再试一次。", "the upload stopped before the end; nothing was saved. Please try again.";
        NoSuchSlot => "此申请不需要这项材料。", "this application does not ask for that material.";
        HandoffHeading => "用手机上传", "Upload with your phone";
        HandoffIntro => "用手机扫描二维码，在手机上拍照上传；文件会出现在本页。二维码 {n} 分钟内有效，只能由一部手机使用。", "Scan the QR code with your phone and take the photos there; the files appear on this page. The code works for {n} minutes, on one phone only.";
        HandoffButton => "用手机拍照上传", "Upload with my phone";
        HandoffQrLabel => "手机上传二维码", "QR code for uploading from a phone";
        HandoffRefresh => "刷新文件列表", "Refresh the list of files";
        ValidUntil => "有效至", "Valid until";
        HandoffPhoneHeading => "为自助终端上的申请上传材料", "Upload materials for the application on the kiosk";
        HandoffPhoneIntro => "在这里拍照或选择文件。上传后，文件会出现在自助终端上。", "Take photos or choose files here. Once uploaded, they appear on the kiosk.";
        HandoffGone => "这个上传二维码已失效（超过时间，或自助终端上的办理已结束）。请在自助终端上重新获取。", "This upload code no longer works (it expired, or the visit on the kiosk ended). Get a new one on the kiosk.";
        HandoffTaken => "这个上传二维码已在另一部手机上使用。请在自助终端上重新获取。", "This upload code is already in use on another phone. Get a new one on the kiosk.";
        UploadsPaused => "这个网络刚刚上传的文件太多，请 {n} 秒后再试。已经上传的文件都保留着。", "Too many files were sent from this network just now. Try again in {n} second{|s}; the files already uploaded are kept.";
        UploadsPausedMinutes => "这个网络刚刚上传的文件太多，请 {n} 分钟后再试。已经上传的文件都保留着。", "Too many files were sent from this network just now. Try again in {n} minute{|s}; the files already uploaded are kept.";
        Progress => "上传进度", "Upload progress";
        Cancel => "取消", "Cancel";
        Retry => "重试", "Try again";
        Preparing => "正在处理照片…", "Preparing the photo…";
        Uploading => "正在上传…", "Uploading…";
        Done => "已上传", "Uploaded";
        Failed => "上传失败", "Upload failed";
        Cancelled => "已取消", "Cancelled";
        TooDark => "照片太暗，可能看不清。要重新拍吗？", "The photo is very dark and may be hard to read. Take it again?";
        TooBlurred => "照片可能模糊。要重新拍吗？", "The photo may be blurred. Take it again?";
        TooSmall => "照片太小，可能看不清。要重新拍吗？", "The photo is small and may be hard to read. Take it again?";
        SendAnyway => "仍然上传", "Upload anyway";
        Retake => "重新拍", "Take it again";
        DeskFiles => "上传的文件", "Uploaded files";
        CorrectionsHeading => "在线提交补正材料", "Send the corrections online";
        CorrectionsIntro => "可以在这里上传通知书所列的材料，窗口收到后会继续办理；也可以带到窗口。", "Upload the materials the notice lists here and the window carries on once it has them; or bring them to the window.";
        DeskNoFiles => "未上传文件", "No files uploaded";
    }
}

impl FileMsg {
    pub fn with_n(self, lang: Lang, n: impl std::fmt::Display) -> String {
        fill_n(self.get(lang), &n.to_string())
    }
}

/// The allowed types as a reader names them ("JPG、PNG 或 PDF").
pub fn file_types_text(lang: Lang, types: &[domain::catalog::FileType]) -> String {
    let names: Vec<String> = types
        .iter()
        .map(|t| t.extension().to_ascii_uppercase())
        .collect();
    match (lang, names.split_last()) {
        (_, None) => String::new(),
        (_, Some((last, []))) => last.clone(),
        (Lang::ZhCn, Some((last, rest))) => format!("{} 或 {last}", rest.join("、")),
        (Lang::En, Some((last, rest))) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Why a file was not taken, as one sentence in the reader's language.
pub fn file_problem_text(lang: Lang, p: &domain::material_file::FileProblem) -> String {
    use domain::material_file::FileProblem as P;
    const MB: u64 = 1024 * 1024;
    match p {
        P::Empty => FileMsg::Empty.get(lang).to_string(),
        P::NoFile => FileMsg::NoFile.get(lang).to_string(),
        P::TooLarge { limit } => FileMsg::TooLarge.with_n(lang, limit / MB),
        P::ApplicationFull { limit } => FileMsg::ApplicationFull.with_n(lang, limit / MB),
        P::TooManyFiles { limit } => FileMsg::TooMany.with_n(lang, limit),
        P::WrongType { allowed } => FileMsg::WrongType
            .get(lang)
            .replace("{types}", &file_types_text(lang, allowed)),
        P::UnreadableImage => FileMsg::Unreadable.get(lang).to_string(),
        P::TooManyPixels { limit } => FileMsg::TooManyPixels.with_n(lang, limit / 1_000_000),
        P::Interrupted => FileMsg::Interrupted.get(lang).to_string(),
    }
}
