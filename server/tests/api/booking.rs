//! 预约 on this run's backend: the last places of a slot booked at once,
//! a booking changed and cancelled giving its place back, check-in at a
//! kiosk (over HTTP), and — on a moved clock, through the use cases — a
//! booked number going ahead of walk-ins within its slot, and missed
//! bookings counted.

use crate::helpers::{location, TestApp};
use crate::staff::{clock_at, front_desk, hall_on, Desk};

/// The first bookable time's key on a category's booking page, and how
/// many places the page says each time has left.
fn slots(html: &str) -> Vec<(String, String)> {
    html.match_indices(r#"name="slot" value=""#)
        .map(|(at, m)| {
            let rest = &html[at + m.len()..];
            let key = rest[..rest.find('"').unwrap()].to_string();
            let label_at = rest.find("<label").unwrap();
            let label = &rest[label_at..];
            let text = &label[label.find('>').unwrap() + 1..label.find("</label>").unwrap()];
            (key, text.to_string())
        })
        .collect()
}

fn left_of<'a>(all: &'a [(String, String)], key: &str) -> &'a str {
    &all.iter()
        .find(|(k, _)| k == key)
        .expect("the slot is listed")
        .1
}

async fn book(desk: &Desk, slot: &str) -> reqwest::Response {
    desk.post("/queue/bookings", &[("category", "A"), ("slot", slot)])
        .await
}

fn testid_text(html: &str, id: &str) -> String {
    let at = html
        .find(&format!(r#"data-testid="{id}""#))
        .unwrap_or_else(|| panic!("{id} in {html}"));
    let rest = &html[at..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest[open..].find('<').unwrap();
    rest[open..open + close].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_phones_booking_a_slots_four_places_at_once_get_four() {
    let app = TestApp::spawn_with(|s| s.queue.booking.places_per_slot = 4).await;
    let phone = Desk::anonymous(&app);
    let (status, html) = phone.get("/queue/book?category=A").await;
    assert_eq!(status, 200);
    let all = slots(&html);
    let slot = all.first().expect("a time to book").0.clone();
    assert!(left_of(&all, &slot).contains("余 4 个"), "{all:?}");
    let phones: Vec<Desk> = (0..10).map(|_| Desk::anonymous(&app)).collect();
    let answers = futures::future::join_all(phones.iter().map(|p| book(p, &slot))).await;
    let booked = answers.iter().filter(|r| r.status() == 303).count();
    assert_eq!(
        booked,
        4,
        "{:?}",
        answers.iter().map(|r| r.status()).collect::<Vec<_>>()
    );
    for res in answers.into_iter().filter(|r| r.status() != 303) {
        assert_eq!(res.status(), 409);
        let html = res.text().await.unwrap();
        assert!(html.contains("这个时段刚刚约满了"), "{html}");
        // What was chosen stays chosen.
        assert!(
            html.contains(&format!(r#"value="{slot}" checked"#)) || html.contains("checked"),
            "{html}"
        );
    }
    let (_, html) = phone.get("/queue/book?category=A").await;
    assert!(left_of(&slots(&html), &slot).contains("已约满"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_is_changed_and_cancelled_giving_its_place_back() {
    let app = TestApp::spawn().await;
    let phone = Desk::anonymous(&app);
    let (_, html) = phone.get("/queue/book?category=A").await;
    let all = slots(&html);
    let (first, second) = (all[0].0.clone(), all[1].0.clone());
    let res = book(&phone, &first).await;
    assert_eq!(res.status(), 303);
    let page = location(&res);
    assert!(
        page.starts_with("/queue/bookings/") && page.ends_with("?done=booked"),
        "{page}"
    );
    let (status, html) = phone.get(&page).await;
    assert_eq!(status, 200);
    let code = testid_text(&html, "booking-code");
    assert_eq!(code.len(), 9, "ABCD-EFGH: {code}");
    assert!(testid_text(&html, "booking-when").starts_with(&first.replace('T', " ")));
    let link = page.trim_end_matches("?done=booked").to_string();
    let token = link.trim_start_matches("/queue/bookings/").to_string();
    // Moved to the second time: the first has its place back.
    let res = phone
        .post(
            &format!("{link}/change"),
            &[("category", "A"), ("slot", second.as_str())],
        )
        .await;
    assert_eq!(location(&res), format!("{link}?done=changed"));
    let (_, html) = phone.get("/queue/book?category=A").await;
    let all = slots(&html);
    assert!(left_of(&all, &first).contains("余 4 个"), "{all:?}");
    assert!(left_of(&all, &second).contains("余 3 个"), "{all:?}");
    // A time that is not offered is refused, nothing changed.
    let res = phone
        .post(
            &format!("{link}/change"),
            &[("category", "A"), ("slot", "2020-01-01T09:00")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("请选择一个可预约的时段"));
    // Cancelled: the place is back, the page says so, and it stays so.
    let res = phone.post(&format!("{link}/cancel"), &[]).await;
    assert_eq!(location(&res), format!("{link}?done=cancelled"));
    let (_, html) = phone.get("/queue/book?category=A").await;
    assert!(left_of(&slots(&html), &second).contains("余 4 个"));
    let (_, html) = phone.get(&link).await;
    assert_eq!(testid_text(&html, "booking-status"), "已取消");
    assert!(
        !html.contains("booking-code"),
        "a cancelled booking shows no code"
    );
    let res = phone.post(&format!("{link}/cancel"), &[]).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("不能再更改"));
    // A cancelled booking does not check in.
    let res = phone
        .post("/queue/check-in", &[("code", code.as_str())])
        .await;
    assert_eq!(res.status(), 422);
    let _ = token;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_in_at_a_kiosk_says_when_and_counts_tries_first() {
    let app = TestApp::spawn().await;
    let phone = Desk::anonymous(&app);
    let (_, html) = phone.get("/queue/book?category=A").await;
    let slot = slots(&html)[0].0.clone();
    let res = book(&phone, &slot).await;
    let (_, html) = phone.get(&location(&res)).await;
    let code = testid_text(&html, "booking-code");
    // A booking is for a later day (not today): too early, and when.
    let kiosk = Desk::anonymous(&app);
    let res = kiosk
        .post("/queue/check-in", &[("code", &code.to_lowercase())])
        .await;
    assert_eq!(res.status(), 409);
    let html = res.text().await.unwrap();
    assert!(html.contains("还没到签到时间"), "{html}");
    assert!(
        html.contains(&format!("value=\"{}\"", code.to_lowercase())),
        "kept as typed"
    );
    // Wrong codes: said plainly, and counted per address before anything.
    let wrong = domain::ResumeCode::from_indices([0; 7]);
    let mut last = None;
    for i in 0..40 {
        let res = kiosk
            .post("/queue/check-in", &[("code", wrong.as_str())])
            .await;
        if res.status() == 429 {
            last = Some((i, res));
            break;
        }
        assert_eq!(res.status(), 422);
        if i == 0 {
            assert!(res.text().await.unwrap().contains("没有找到这个预约"));
        }
    }
    let (i, res) = last.expect("held back");
    assert_eq!(i, 29, "30 tries an hour, the first one already counted");
    assert!(res.headers().contains_key("retry-after"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booked_number_goes_ahead_of_walk_ins_within_its_slot_and_a_missed_one_is_counted() {
    let app = TestApp::spawn().await;
    // Friday 2026-12-11, 10:00 hall time: Monday's 09:00 and 09:30 are booked.
    let clock = clock_at("2026-12-11T02:00:00Z");
    let hall = hall_on(&app.database_url, clock.clone()).await;
    hall.add_staff(
        "desk.one",
        "前台",
        domain::StaffRole::FrontDesk,
        &[],
        "hall-demo-2026",
    )
    .await
    .unwrap();
    let desk = front_desk();
    let visit = domain::VisitToken::from_bits(7);
    let (booked, _) = hall
        .book_slot("A", "2026-12-14T09:00", None, &visit, "10.0.0.1")
        .await
        .unwrap();
    let (_missed, _) = hall
        .book_slot("A", "2026-12-14T09:30", None, &visit, "10.0.0.1")
        .await
        .unwrap();
    let page = hall.booking_page(&booked).await.unwrap();
    // Monday 08:55: a walk-in; 09:05: another; 09:10 the booking checks in.
    clock.advance(3 * 24 * 60 - 65);
    let (_, before) = hall
        .take_ticket("A", None, &visit, "10.0.0.2")
        .await
        .unwrap();
    clock.advance(10);
    let (_, after) = hall
        .take_ticket("A", None, &visit, "10.0.0.2")
        .await
        .unwrap();
    clock.advance(5);
    let (_, checked_in) = hall
        .check_in_booking(&page.code.to_lowercase(), "10.0.0.3")
        .await
        .unwrap();
    assert!(matches!(
        hall.check_in_booking(&page.code, "10.0.0.3").await,
        Err(hall::QueueError::AlreadyCheckedIn)
    ));
    assert_eq!(checked_in.number.to_string(), "A003", "numbered as it came");
    hall.set_calling_window(&desk, "3").await.unwrap();
    let mut order = Vec::new();
    while let Some(t) = hall.call_next_ticket(&desk).await.unwrap() {
        order.push(t.number.to_string());
    }
    assert_eq!(
        order,
        [
            before.number.to_string(),
            checked_in.number.to_string(),
            after.number.to_string()
        ],
        "the booking goes ahead of who came after its slot began, not of who was there before"
    );
    // 10:05: the 09:30 booking never came.
    clock.advance(55);
    let boss = domain::Actor {
        staff_id: 1,
        name: domain::StaffName::parse("super.one").unwrap(),
        display_name: "监察".into(),
        role: domain::StaffRole::Supervisor,
        departments: vec![],
    };
    let day = hall
        .queue_today(&boss)
        .await
        .unwrap()
        .expect("the hall's day");
    let a = &day.categories[0];
    assert_eq!(a.category.letter.to_string(), "A");
    assert_eq!(
        (a.bookings.booked, a.bookings.checked_in, a.bookings.missed),
        (2, 1, 1)
    );
    // The last "call next" found nobody, and served the one at the window.
    assert_eq!(
        (a.tickets.taken, a.tickets.served, a.tickets.waiting),
        (3, 3, 0)
    );
}

/// The per-address limits, raced: 50 bookings at once from one address
/// make exactly 20; 50 check-ins at once with a wrong code try exactly 30.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_at_once_from_one_address_meet_exactly_the_limits() {
    let app = TestApp::spawn_with(|s| s.queue.booking.places_per_slot = 999).await;
    let phone = Desk::anonymous(&app);
    let (_, html) = phone.get("/queue/book?category=A").await;
    let slot = slots(&html)[0].0.clone();
    let answers = futures::future::join_all((0..50).map(|_| book(&phone, &slot))).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        20,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        30,
        "{statuses:?}"
    );
    let wrong = domain::ResumeCode::from_indices([0; 7]);
    let kiosk = Desk::anonymous(&app);
    let pairs = [("code", wrong.as_str())];
    let answers =
        futures::future::join_all((0..50).map(|_| kiosk.post("/queue/check-in", &pairs))).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        30,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        20,
        "{statuses:?}"
    );
}
