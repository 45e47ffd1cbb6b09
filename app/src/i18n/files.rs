//! 申请材料 as files.

use super::{messages, Lang};

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
