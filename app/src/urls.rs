//! Every path of the citizen's pages, built in one place. Codes and ids
//! arrive as strings in view models (they crossed the server-function
//! boundary), so these take `&str`; the server's routes match them.

/// What a query value may carry unencoded: letters, digits, `-_.~` and
/// `/` (a local path stays readable in `next=`).
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes text for one query value (`next=`, a typed name).
pub fn query_value(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

pub fn matter(code: &str) -> String {
    format!("/matters/{code}")
}

pub fn bundle(code: &str) -> String {
    format!("/bundles/{code}")
}

/// The start page of an application, where "start" posts.
pub fn apply(target: &domain::ApplyTarget) -> String {
    match target {
        domain::ApplyTarget::Matter(c) => apply_matter(c.as_str()),
        domain::ApplyTarget::Bundle(c) => apply_bundle(c.as_str()),
    }
}

pub fn apply_matter(code: &str) -> String {
    format!("/matters/{code}/apply")
}

pub fn apply_bundle(code: &str) -> String {
    format!("/bundles/{code}/apply")
}

/// The list of one department's matters.
pub fn department(code: &str) -> String {
    format!("/matters?department={code}")
}

pub fn draft_step(draft: &str, step: &str) -> String {
    format!("/drafts/{draft}/{step}")
}

/// The materials step (where uploads go back to).
pub fn draft_materials(draft: &str) -> String {
    format!("/drafts/{draft}/materials")
}

/// The materials step showing a new upload-by-phone code.
pub fn draft_materials_handoff(draft: &str, token: &str) -> String {
    format!("{}?handoff={token}#handoff", draft_materials(draft))
}

/// The materials step after a file was removed (it says so).
pub fn draft_materials_removed(draft: &str) -> String {
    format!("{}?removed=1", draft_materials(draft))
}

/// Where a material's files are posted (multipart, field `file`).
pub fn draft_upload(draft: &str, material: &str) -> String {
    format!("/drafts/{draft}/materials/{material}")
}

/// One uploaded file, for the visit holding the draft.
pub fn draft_file(draft: &str, file: &str) -> String {
    format!("/drafts/{draft}/files/{file}")
}

/// Removes one uploaded file (a form post).
pub fn draft_file_remove(draft: &str, file: &str) -> String {
    format!("/drafts/{draft}/files/{file}/remove")
}

/// The uploader (scripts/build-uploader.sh): progress, photo scaling and
/// checks, and the kiosk's live list of files.
pub const UPLOADER_SCRIPT: &str = "/uploader/uploader.js";
pub const UPLOADER: &str = "/uploader";

/// 扫码上传: the phone's upload page for a kiosk's draft.
pub fn handoff(token: &str) -> String {
    format!("/upload/{token}")
}

/// Makes a kiosk's upload-by-phone code (a form post).
pub fn handoff_start(draft: &str) -> String {
    format!("/drafts/{draft}/handoff")
}

/// The kiosk listens here for files arriving from the phone.
pub fn draft_material_events(draft: &str) -> String {
    format!("/drafts/{draft}/materials/events")
}

/// One file of an application, for the front desk (and supervisors).
pub fn staff_file(number: &str, file: &str) -> String {
    format!("/staff/applications/{number}/files/{file}")
}

/// One file of an application, opened from a review task.
pub fn review_file(task: &str, number: &str, file: &str) -> String {
    format!("/staff/review/{task}/files/{number}/{file}")
}

/// A step shown again with the problems of what it stored.
pub fn draft_step_problems(draft: &str, step: &str) -> String {
    format!("/drafts/{draft}/{step}?check=1")
}

/// A step scrolled to one of its repeatable groups.
pub fn draft_step_group(draft: &str, step: &str, group: &str) -> String {
    format!("/drafts/{draft}/{step}#field-{group}")
}

/// A step opened by "change" on the check page (saving returns there);
/// `problems`: shown again with its problems.
pub fn draft_step_from_check(draft: &str, step: &str, problems: bool) -> String {
    if problems {
        format!("/drafts/{draft}/{step}?check=1&from=check")
    } else {
        format!("/drafts/{draft}/{step}?from=check")
    }
}

/// "Save and finish later": the resume code and QR.
pub fn draft_saved(draft: &str) -> String {
    draft_step(draft, "saved")
}

pub const DRAFT_DELETED: &str = "/draft-deleted";

pub fn progress(number: &str) -> String {
    format!("/applications/{number}")
}

pub fn receipt(number: &str) -> String {
    format!("/applications/{number}/receipt")
}

/// What a QR code opens to resume a draft.
pub fn resume(code: &str) -> String {
    format!("/resume/{code}")
}

/// Where a resume code is typed.
pub const RESUME_FORM: &str = "/resume";

/// A typed resume code, looked up.
pub fn resume_find(code: &str) -> String {
    format!("/resume/find?code={code}")
}

/// The resume form again, with what was typed and what is wrong with it.
pub fn resume_form(typed: &str, problem: &str) -> String {
    format!("/resume?code={typed}&problem={problem}")
}

/// A limited lookup's pages: what was typed, and the seconds to wait.
pub fn resume_limited(typed: &str, wait: u64) -> String {
    format!("{}&wait={wait}", resume_form(typed, "too_many"))
}

pub fn track_limited(typed: &str, wait: u64) -> String {
    format!("/applications?number={typed}&problem=too_many&wait={wait}")
}

/// The language switch back to `here` (already a query value).
pub fn language_switch(tag: &str, here: &str) -> String {
    format!("/lang/{tag}?next={here}")
}

/// The text-size switch (`large` or `standard`) back to `here`.
pub fn text_size_switch(size: &str, here: &str) -> String {
    format!("/text/{size}?next={here}")
}

/// Where a correction's files are posted from the progress page.
pub fn correction_upload(number: &str, key: &str) -> String {
    format!("/applications/{number}/materials/{key}")
}

/// `path` on the hall's public address (what QR codes carry).
pub fn public(base_url: &str, path: &str) -> String {
    format!("{}{path}", base_url.trim_end_matches('/'))
}

/// Staff desks: everything under one prefix (its own cookie, its own
/// cache rules).
/// 我的办件, and its three posts.
pub const MY_APPLICATIONS: &str = "/my";
pub const MY_CODE: &str = "/my/code";
pub const MY_ENTER: &str = "/my/enter";
pub const MY_LEAVE: &str = "/my/leave";

/// 取号: the kiosk's categories, and the post that takes a ticket.
pub const QUEUE: &str = "/queue";
pub const QUEUE_TICKETS: &str = "/queue/tickets";
/// The hall display (large screen, no account) and its stream of calls.
pub const HALL_DISPLAY: &str = "/hall/display";
pub const HALL_DISPLAY_EVENTS: &str = "/hall/display/events";
/// 叫号: the desk's calling panel and its posts.
pub const STAFF_CALLING: &str = "/staff/calling";
pub const STAFF_CALLING_WINDOW: &str = "/staff/calling/window";
pub const STAFF_CALLING_NEXT: &str = "/staff/calling/next";
pub const STAFF_CALLING_RECALL: &str = "/staff/calling/recall";
pub const STAFF_CALLING_NO_SHOW: &str = "/staff/calling/no-show";

/// 帮你办: the desk's forms filled for walk-ins, and where a new one starts.
pub const STAFF_ASSIST: &str = "/staff/assist";
pub const STAFF_ASSIST_START: &str = "/staff/assist/start";

/// 帮你办: the applicant confirms a form the desk filled.
pub fn staff_assist(draft: &str) -> String {
    format!("/staff/assist/{draft}")
}

/// The confirmation panel showing the phone's link just made.
pub fn staff_assist_link(draft: &str, token: &str) -> String {
    format!("/staff/assist/{draft}?link={token}")
}

/// Makes a new link for the applicant's phone.
pub fn staff_assist_phone(draft: &str) -> String {
    format!("/staff/assist/{draft}/phone")
}

/// The desk ticks the signed declaration and types its check code.
pub fn staff_assist_signed(draft: &str) -> String {
    format!("/staff/assist/{draft}/signed")
}

/// The A4 declaration the applicant signs.
pub fn staff_assist_sheet(draft: &str) -> String {
    format!("/staff/assist/{draft}/declaration")
}

/// The applicant's phone confirms a form the desk filled for them.
pub fn applicant_confirm(token: &str) -> String {
    format!("/confirm/{token}")
}

/// … shown again because the desk changed an answer meanwhile.
pub fn applicant_confirm_changed(token: &str) -> String {
    format!("/confirm/{token}?changed=1")
}

/// A queue ticket's own page (its QR carries this).
pub fn queue_ticket(token: &str) -> String {
    format!("/queue/tickets/{token}")
}

/// 预约: the times of a category, and the posts.
pub const QUEUE_BOOK: &str = "/queue/book";
pub const QUEUE_BOOKINGS: &str = "/queue/bookings";
/// 签到 at a kiosk with a booking's code or QR.
pub const QUEUE_CHECK_IN: &str = "/queue/check-in";

/// A booking's own page (its QR carries this).
pub fn queue_booking(token: &str) -> String {
    format!("/queue/bookings/{token}")
}

pub fn queue_booking_cancel(token: &str) -> String {
    format!("/queue/bookings/{token}/cancel")
}

pub fn queue_booking_change(token: &str) -> String {
    format!("/queue/bookings/{token}/change")
}

/// The times of a category to book (carrying an application, or moving
/// the booking `change`).
pub fn queue_book(category: &str, application: Option<&str>, change: Option<&str>) -> String {
    let mut url = format!("/queue/book?category={category}");
    if let Some(n) = application {
        url.push_str(&format!("&application={n}"));
    }
    if let Some(t) = change {
        url.push_str(&format!("&change={t}"));
    }
    url
}

/// A ticket's stream of changes (its page's status line listens).
pub fn queue_ticket_events(token: &str) -> String {
    format!("/queue/tickets/{token}/events")
}

/// 取号 for the application just submitted (from its receipt).
pub fn queue_for(number: &str) -> String {
    format!("/queue?application={number}")
}

pub const STAFF: &str = "/staff";
pub const STAFF_SIGN_IN: &str = "/staff/sign-in";
pub const STAFF_SIGN_OUT: &str = "/staff/sign-out";
pub const STAFF_SIGN_OUT_EVERYWHERE: &str = "/staff/sign-out-everywhere";
pub const STAFF_FIND: &str = "/staff/find";
pub const STAFF_REVIEWS: &str = "/staff/reviews";

pub const STAFF_ISSUING: &str = "/staff/issuing";
/// The issuing desk's scanner (QR, USB scanner, typed 8 digits).
pub const STAFF_PICKUP: &str = "/staff/pickup";
/// 电子监察: messages that could not be delivered.
pub const STAFF_MESSAGES: &str = "/staff/messages";
pub const STAFF_PICKUP_CONFIRM: &str = "/staff/pickup/confirm";
/// The camera scanner's JS and WASM (scripts/build-scanner.sh).
pub const SCANNER: &str = "/scanner";

/// Where a desk lands after signing in: reviewers on their tasks, the
/// issuing window on its list, watchers on the supervision desk.
pub fn staff_home(role: domain::StaffRole) -> &'static str {
    match role {
        domain::StaffRole::Reviewer => STAFF_REVIEWS,
        domain::StaffRole::DepartmentHead => STAFF_SUPERVISION,
        domain::StaffRole::Issuing => STAFF_ISSUING,
        _ => STAFF,
    }
}

pub fn staff_issuing(number: &str) -> String {
    format!("/staff/issuing/{number}")
}

pub fn staff_issue(number: &str) -> String {
    format!("/staff/issuing/{number}/issue")
}

pub fn staff_post(number: &str) -> String {
    format!("/staff/issuing/{number}/post")
}

/// 送达回证, printable.
pub fn staff_handover(number: &str) -> String {
    format!("/staff/issuing/{number}/handover")
}

pub fn staff_deferred_received(number: &str) -> String {
    format!("/staff/applications/{number}/deferred-received")
}

/// The public check of a licence (its QR carries this).
pub fn verify(code: &str) -> String {
    format!("/verify/{code}")
}

pub const VERIFY: &str = "/verify";

/// The applicant's proof, delivery choice and new pickup code.
pub fn applicant_proof(number: &str) -> String {
    format!("/applications/{number}/proof")
}

pub fn applicant_delivery(number: &str) -> String {
    format!("/applications/{number}/delivery")
}

pub fn applicant_new_pickup(number: &str) -> String {
    format!("/applications/{number}/pickup-renewal")
}

pub fn staff_review(task: i64) -> String {
    format!("/staff/reviews/{task}")
}

/// A review task's page from its id as posted (digits only).
pub fn staff_review_path(task: &str) -> String {
    format!("/staff/reviews/{task}")
}

pub fn staff_review_decision(task: i64) -> String {
    format!("/staff/reviews/{task}/decision")
}

pub fn staff_review_step_end(task: i64) -> String {
    format!("/staff/reviews/{task}/special-step-end")
}

pub fn staff_review_extension(task: i64) -> String {
    format!("/staff/reviews/{task}/extension")
}

pub fn staff_review_notice(number: &str) -> String {
    format!("/staff/applications/{number}/review-notice")
}

/// The sign-in page with why it is shown (`wrong`, `throttled`,
/// `expired`, `signed_out`).
pub fn staff_sign_in(problem: &str) -> String {
    format!("{STAFF_SIGN_IN}?problem={problem}")
}

/// The front desk's queue, continuing after `after` (a page cursor).
pub fn staff_queue_after(after: &str) -> String {
    format!("{STAFF}?after={after}")
}

pub fn staff_application(number: &str) -> String {
    format!("/staff/applications/{number}")
}

pub fn staff_decision(number: &str) -> String {
    format!("/staff/applications/{number}/decision")
}

pub fn staff_withdrawal(number: &str) -> String {
    format!("/staff/applications/{number}/withdrawal")
}

pub fn staff_corrections_received(number: &str) -> String {
    format!("/staff/applications/{number}/corrections-received")
}

/// The printable notice of the application's latest decision (受理通知书,
/// 一次性告知书, 不予受理决定书, with the 承诺书 for 容缺).
pub fn staff_notice(number: &str) -> String {
    format!("/staff/applications/{number}/notice")
}

/// 好差评: where the applicant's rating posts.
pub fn rate(number: &str) -> String {
    format!("/applications/{number}/rating")
}

/// The published 好差评 figures.
pub const SATISFACTION: &str = "/ratings";

pub fn satisfaction_of_matter(code: &str) -> String {
    format!("/ratings/matters/{code}")
}

pub fn satisfaction_of_department(code: &str) -> String {
    format!("/ratings/departments/{code}")
}

/// 评价器: the window's rating screen, and its posts.
pub const WINDOW: &str = "/window";
pub const WINDOW_PAIR: &str = "/window/pair";
pub const WINDOW_RATING: &str = "/window/rating";

/// The desk's panel for its rating screen, and its posts.
pub const STAFF_WINDOW: &str = "/staff/window-screen";
pub const STAFF_WINDOW_CODE: &str = "/staff/window-screen/code";
pub const STAFF_WINDOW_UNPAIR: &str = "/staff/window-screen/unpair";

/// 电子监察: the supervision desk.
pub const STAFF_SUPERVISION: &str = "/staff/supervision";

/// 每月通报: the month's report, its CSV tables, and the list behind a
/// figure.
pub const STAFF_REPORT: &str = "/staff/supervision/report";
pub const STAFF_REPORT_CSV: &str = "/staff/supervision/report.csv";
pub const STAFF_FINISHED: &str = "/staff/supervision/finished";

pub fn staff_report(month: &str) -> String {
    format!("{STAFF_REPORT}?month={month}")
}

pub fn staff_report_csv(month: &str, table: &str) -> String {
    format!("{STAFF_REPORT_CSV}?month={month}&table={table}")
}

/// The services behind a figure (`matter` empty: the whole hall). Codes
/// and months are ASCII letters, digits, `-` and `_`: nothing to encode.
pub fn staff_finished(month: &str, matter: &str, filter: &str) -> String {
    format!("{STAFF_FINISHED}?month={month}&matter={matter}&filter={filter}")
}

/// The desk of bad ratings' follow-ups.
pub const STAFF_FOLLOW_UPS: &str = "/staff/follow-ups";

pub fn staff_follow_up(number: &str, touchpoint: &str) -> String {
    format!("/staff/follow-ups/{number}/{touchpoint}")
}

pub fn staff_follow_up_reply(number: &str, touchpoint: &str) -> String {
    format!("{}/reply", staff_follow_up(number, touchpoint))
}

pub fn staff_follow_up_close(number: &str, touchpoint: &str) -> String {
    format!("{}/close", staff_follow_up(number, touchpoint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_urls_join_without_double_slashes() {
        assert_eq!(
            public("https://hall.example.gov.cn/", &receipt("AB")),
            "https://hall.example.gov.cn/applications/AB/receipt"
        );
    }
}
