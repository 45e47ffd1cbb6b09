//! 网端推送 over real HTTP, on this run's backend: the applicant hears of
//! each step by SMS through a local gateway that checks 阿里云短信's
//! documented signature, once per event; an outage and throttling delay
//! messages without losing or doubling them; a wrong key is refused by the
//! gateway and the messages wait; a half-configured channel stops start-up;
//! and the proven applicant's progress page lists every message.

use crate::helpers::{TestApp, VALID_ID};
use crate::issuing::{approved, prove};
use crate::sms_gateway::{Mode, SmsGateway, KEY_ID, SECRET};
use crate::staff::{submitted, Desk};

use server::configuration::{NotificationChannelKind, Settings};

pub(crate) fn template_of(kind: &str) -> String {
    let i = domain::notification::TEMPLATE_KINDS
        .iter()
        .position(|k| *k == kind)
        .unwrap();
    format!("SMS_9000{i:02}")
}

pub(crate) fn through(gateway: &SmsGateway, secret: &str) -> impl FnOnce(&mut Settings) {
    let endpoint = gateway.endpoint.clone();
    let secret = secret.to_string();
    move |s: &mut Settings| {
        s.staff.demo = true;
        let n = &mut s.notifications;
        n.channel = NotificationChannelKind::Aliyun;
        n.poll_ms = 50;
        n.first_backoff_ms = 100;
        n.max_backoff_ms = 400;
        n.timeout_ms = 3000;
        n.max_attempts = 50;
        n.aliyun.endpoint = endpoint;
        n.aliyun.access_key_id = KEY_ID.into();
        n.aliyun.access_key_secret = secret;
        n.aliyun.sign_name = "政务服务中心".into();
        n.aliyun.throttled_wait_ms = 200;
        n.aliyun.templates = domain::notification::TEMPLATE_KINDS
            .iter()
            .map(|k| (k.to_string(), template_of(k)))
            .collect();
    }
}

async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_step_sends_one_signed_sms_and_the_page_lists_them() {
    let gateway = SmsGateway::start().await;
    let app = TestApp::spawn_with(through(&gateway, SECRET)).await;
    let number = approved(&app).await;

    let got = gateway.wait_for(3).await;
    let templates: Vec<&str> = got.iter().map(|m| m.template.as_str()).collect();
    assert_eq!(
        templates,
        [
            template_of("submitted"),
            template_of("accepted"),
            template_of("approved")
        ]
    );
    for m in &got {
        assert_eq!(m.phone, "13812345678");
        assert_eq!(m.sign_name, "政务服务中心");
        assert_eq!(m.params["number"], number.as_str());
        assert_eq!(m.params["name"], "张*");
        assert!(m.out_id.starts_with(&format!("{number}:")), "{}", m.out_id);
        assert!(
            !m.raw.contains(VALID_ID) && !m.raw.contains("%E5%BC%A0%E4%B8%89"),
            "no ID number or full name (张三) in {}",
            m.raw
        );
    }
    assert!(
        got[1].params.contains_key("date"),
        "accepted: the promised date"
    );

    // Issued: the ready message carries the pickup code the pass shows.
    let window = Desk::sign_in(&app, "issue.demo").await;
    let res = window
        .post_form(&format!("/staff/issuing/{number}/issue"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let got = gateway.wait_for(4).await;
    assert_eq!(got[3].template, template_of("ready"));
    let code = got[3].params["code"].as_str().unwrap().to_string();
    assert_eq!(
        code.chars().filter(char::is_ascii_digit).count(),
        8,
        "{code}"
    );

    let me = Desk::anonymous(&app);
    let (_, before) = me.get(&format!("/applications/{number}")).await;
    assert!(
        !before.contains("data-testid=\"messages\""),
        "messages only after the proof"
    );
    prove(&me, &number).await;
    let (status, page) = me.get(&format!("/applications/{number}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-testid=\"messages\""), "{page}");
    assert!(page.contains("办件消息") && page.contains("短信已发送至 138****5678"));
    assert!(page.contains(&format!("取件码 {code}")), "{page}");
    assert!(page.contains("已受理") && page.contains("已审批通过"));

    // Nothing more, however long the worker runs.
    settle().await;
    assert_eq!(gateway.accepted().len(), 4, "one message per event");
    assert_eq!(gateway.bad_signatures(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_and_throttling_delay_messages_without_losing_or_doubling_them() {
    let gateway = SmsGateway::start().await;
    gateway.set(Mode::Down);
    let app = TestApp::spawn_with(through(&gateway, SECRET)).await;
    let mut numbers = Vec::new();
    for _ in 0..3 {
        numbers.push(submitted(&app).await);
    }
    settle().await;
    assert!(gateway.requests() >= 3, "tried while down");
    assert!(gateway.accepted().is_empty());

    gateway.set(Mode::Throttle(2));
    let got = gateway.wait_for(3).await;
    settle().await;
    let got_after = gateway.accepted();
    assert_eq!(got_after.len(), 3, "none twice: {got:?}");
    let mut told: Vec<&str> = got_after
        .iter()
        .map(|m| m.params["number"].as_str().unwrap())
        .collect();
    told.sort_unstable();
    let mut want: Vec<&str> = numbers.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(told, want, "every application's message arrived");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_is_refused_by_the_gateway_and_the_message_waits() {
    let gateway = SmsGateway::start().await;
    let app = TestApp::spawn_with(through(&gateway, "not-the-secret-the-provider-holds")).await;
    let number = submitted(&app).await;
    settle().await;
    assert!(gateway.bad_signatures() >= 1);
    assert!(gateway.accepted().is_empty());
    // Still pending (not failed): an operator fixes the key and it goes.
    let me = Desk::anonymous(&app);
    prove(&me, &number).await;
    let (_, page) = me.get(&format!("/applications/{number}")).await;
    assert!(page.contains("短信正在发送至 138****5678"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_configured_channel_stops_start_up_with_the_reason() {
    let mut settings = Settings::defaults().unwrap();
    settings.staff.demo = true;
    settings.server.port = 0;
    let dir = tempfile::tempdir().unwrap();
    settings.database.url = dir.path().join("hall.db").display().to_string();
    settings.issuing.seal_key_file = dir.path().join("seal.pem");
    settings.files.dir = dir.path().join("files");
    settings.catalog.dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog").into();
    settings.calendar.dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../calendar").into();
    settings.notifications.channel = NotificationChannelKind::Aliyun;
    settings.notifications.aliyun.access_key_id = KEY_ID.into();
    settings.notifications.aliyun.sign_name = "政务服务中心".into();
    let Err(e) = server::Application::build(settings.clone()).await else {
        panic!("started without a secret");
    };
    assert!(
        e.to_string().contains("access_key_secret"),
        "names what is missing: {e}"
    );
    settings.notifications.aliyun.access_key_secret = SECRET.into();
    let Err(e) = server::Application::build(settings).await else {
        panic!("started without templates");
    };
    assert!(
        e.to_string().contains("no template code for: submitted"),
        "{e}"
    );
}

/// A submission straight through the use case, on `url`: its number.
async fn submitted_on(url: &str) -> String {
    let hall = crate::staff::hall_on(
        url,
        crate::staff::clock_at(&chrono::Utc::now().to_rfc3339()),
    )
    .await;
    let (subject, answers) = crate::staff::household(&hall);
    let key = domain::SubmissionKey::from_bits(rand_bits());
    hall.submit(&subject, &key, &answers, None, domain::trip::Channel::Phone)
        .await
        .unwrap()
        .number
        .as_str()
        .to_string()
}

fn rand_bits() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

fn aliyun_env(gateway: &SmsGateway) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("CHANNEL", "aliyun"),
        ("POLL_MS", "50"),
        ("FIRST_BACKOFF_MS", "100"),
        // A delivery may take 1 s; a claim is hidden for twice that.
        ("TIMEOUT_MS", "1000"),
        ("ALIYUN__ACCESS_KEY_ID", KEY_ID),
        ("ALIYUN__ACCESS_KEY_SECRET", SECRET),
        ("ALIYUN__SIGN_NAME", "政务服务中心"),
    ]
    .into_iter()
    .map(|(k, v)| (format!("HALL__NOTIFICATIONS__{k}"), v.to_string()))
    .collect();
    env.push((
        "HALL__NOTIFICATIONS__ALIYUN__ENDPOINT".into(),
        gateway.endpoint.clone(),
    ));
    for kind in domain::notification::TEMPLATE_KINDS {
        env.push((
            format!(
                "HALL__NOTIFICATIONS__ALIYUN__TEMPLATES__{}",
                kind.to_uppercase()
            ),
            template_of(kind),
        ));
    }
    env
}

/// kill -9 while the provider is answering: the message is not lost — the
/// next server delivers it once the dead one's claim runs out. 阿里云短信
/// has no idempotency key (`OutId` only labels delivery reports), so the
/// provider sent it twice; the webhook channel's `Idempotency-Key` lets a
/// hall's own platform drop such a repeat.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_delivery_loses_nothing() {
    let gateway = SmsGateway::start().await;
    gateway.slow(std::time::Duration::from_millis(700));
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url(dir.path()).await;
    let seal = dir.path().join("seal.pem");
    server::configuration::write_new_seal_key(&seal).unwrap();
    let env = aliyun_env(&gateway);
    let first = crate::backends::ServerProcess::start_with(&url, &seal, &env);
    let number = submitted_on(&url).await;
    // The first server has sent it and waits for the provider's answer.
    for _ in 0..200 {
        if gateway.requests() >= 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(gateway.requests(), 1, "the first server sent it");
    first.kill_9();
    let _second = crate::backends::ServerProcess::start_with(&url, &seal, &env);
    let got = gateway.wait_for(2).await;
    assert!(got.iter().all(|m| m.params["number"] == number.as_str()));
    assert_eq!(got[0].out_id, got[1].out_id, "the same message, twice");
    settle().await;
    settle().await;
    assert_eq!(gateway.accepted().len(), 2, "and then never again");
}

/// The hall's own platform: posts signed with HMAC-SHA256 over time and
/// body, with an idempotency key; a receiver that checks the signature
/// takes each message once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webhook_is_signed_and_keyed() {
    use axum::http::{HeaderMap, StatusCode};
    use hmac::{Hmac, Mac};
    use std::sync::{Arc, Mutex};
    const HOOK_SECRET: &str = "webhook-test-secret-0123456789abcdef";
    type Seen = Arc<Mutex<Vec<(String, serde_json::Value)>>>;
    let seen: Seen = Arc::default();
    let receiver = {
        let seen = seen.clone();
        axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
                let seen = seen.clone();
                async move {
                    let header = headers
                        .get("x-hall-signature")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    let Some((t, v1)) = header
                        .strip_prefix("t=")
                        .and_then(|rest| rest.split_once(",v1="))
                    else {
                        return StatusCode::UNAUTHORIZED;
                    };
                    let mut mac =
                        Hmac::<sha2::Sha256>::new_from_slice(HOOK_SECRET.as_bytes()).unwrap();
                    mac.update(format!("{t}.").as_bytes());
                    mac.update(&body);
                    let want = data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes());
                    let fresh = t
                        .parse::<i64>()
                        .is_ok_and(|t| (chrono::Utc::now().timestamp() - t).abs() < 300);
                    if want != v1 || !fresh {
                        return StatusCode::UNAUTHORIZED;
                    }
                    let key = headers
                        .get("idempotency-key")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_string();
                    let mut seen = seen.lock().unwrap();
                    if !seen.iter().any(|(k, _)| *k == key) {
                        seen.push((key, serde_json::from_slice(&body).unwrap()));
                    }
                    StatusCode::NO_CONTENT
                }
            }),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, receiver).await });

    let app = TestApp::spawn_with(move |s| {
        s.notifications.channel = NotificationChannelKind::Webhook;
        s.notifications.poll_ms = 50;
        s.notifications.webhook.url = hook;
        s.notifications.webhook.secret = HOOK_SECRET.into();
    })
    .await;
    let number = submitted(&app).await;
    for _ in 0..200 {
        if !seen.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let (key, body) = &seen[0];
    assert_eq!(key, &format!("{number}:submitted::13812345678"));
    assert_eq!(body["event"], "submitted");
    assert_eq!(body["mobile"], "13812345678");
    assert!(body["text"].as_str().unwrap().contains(number.as_str()));
    assert_eq!(
        body["link"],
        format!("http://127.0.0.1:3000/applications/{number}"),
        "the progress page under the configured public address"
    );
    assert!(!body.to_string().contains(VALID_ID) && !body.to_string().contains("张三"));
}

/// 容缺: reminded 3 working days before the owed materials fall due and
/// on the last day — each once however often the reminders run — then
/// told the application ended.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commitments_are_reminded_twice_then_the_end_is_told() {
    use crate::staff::{clock_at, hall_on};
    let gateway = SmsGateway::start().await;
    let app = TestApp::spawn_with(through(&gateway, SECRET)).await;
    let number = submitted(&app).await;
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let due: chrono::NaiveDate = crate::issuing::accept_with_deficiency(&desk, &number)
        .await
        .parse()
        .unwrap();
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].template, template_of("accepted_with_deficiency"));
    assert!(
        got[1].params["items"]
            .as_str()
            .unwrap()
            .contains("不动产权证书"),
        "{:?}",
        got[1].params
    );

    let calendar = server::calendar::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../calendar"
    )))
    .unwrap();
    let mut early = due;
    while calendar.working_days_between(early, due) < 3 {
        early = early.pred_opt().unwrap();
    }
    let before_that = early.pred_opt().unwrap();
    let at = |d: chrono::NaiveDate| clock_at(&format!("{d}T01:00:00Z"));
    // Messages written on a moved clock are due on that clock: delivered
    // here by a round on it, through the same channel as the server's.
    let mut settings = Settings::defaults().unwrap();
    through(&gateway, SECRET)(&mut settings);
    let channel =
        server::notify::channel(&settings.notifications, &settings.server.public_base_url).unwrap();
    let policy = settings.notifications.policy().unwrap();
    let deliver = |hall: hall::Hall| {
        let channel = channel.clone();
        async move {
            hall.deliver_notifications(channel.as_ref(), &policy)
                .await
                .unwrap()
        }
    };
    if calendar.working_days_between(before_that, due) > 3 {
        let quiet = hall_on(&app.database_url, at(before_that)).await;
        assert_eq!(quiet.remind_commitments().await.unwrap(), 0, "not yet");
    }
    for _ in 0..2 {
        let hall = hall_on(&app.database_url, at(early)).await;
        hall.remind_commitments().await.unwrap();
        deliver(hall).await;
    }
    let got = gateway.wait_for(3).await;
    assert_eq!(got[2].template, template_of("commitment_due"));
    for _ in 0..2 {
        let hall = hall_on(&app.database_url, at(due)).await;
        assert_eq!(hall.remind_commitments().await.unwrap(), 1);
        deliver(hall).await;
    }
    let late = hall_on(&app.database_url, at(due.succ_opt().unwrap())).await;
    assert_eq!(late.remind_commitments().await.unwrap(), 0, "past the date");
    assert_eq!(late.enforce_commitments().await.unwrap(), 1);
    deliver(late).await;
    let got = gateway.wait_for(5).await;
    settle().await;
    let templates: Vec<String> = gateway
        .accepted()
        .iter()
        .map(|m| m.template.clone())
        .collect();
    assert_eq!(
        templates,
        [
            template_of("submitted"),
            template_of("accepted_with_deficiency"),
            template_of("commitment_due"),
            template_of("commitment_due"),
            template_of("terminated"),
        ],
        "each reminder once: {got:?}"
    );
}

/// The kinds of the application's messages, oldest first (past the store).
pub(crate) async fn outbox_kinds(app: &TestApp, number: &str) -> Vec<String> {
    use sqlx::Connection;
    let sql = "SELECT kind FROM outbox WHERE number = $1 ORDER BY id";
    let rows: Vec<(String,)> = if app.database_url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(&app.database_url)
            .await
            .unwrap();
        sqlx::query_as(sql)
            .bind(number)
            .fetch_all(&mut c)
            .await
            .unwrap()
    } else {
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", app.database_url))
            .await
            .unwrap();
        sqlx::query_as(sql)
            .bind(number)
            .fetch_all(&mut c)
            .await
            .unwrap()
    };
    rows.into_iter().map(|(k,)| k).collect()
}

/// A number the provider refuses is not tried again: the message is
/// failed at once and the supervisor's list shows it (masked), audited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_number_is_listed_for_the_supervisor() {
    let gateway = SmsGateway::start().await;
    gateway.set(Mode::RefuseNumbers);
    let app = TestApp::spawn_with(through(&gateway, SECRET)).await;
    let number = submitted(&app).await;
    settle().await;
    assert_eq!(gateway.requests(), 1, "refused for good: not retried");
    let supervisor = Desk::sign_in(&app, "super.demo").await;
    let (status, page) = supervisor.get("/staff/messages").await;
    assert_eq!(status, 200);
    let line = &page[page.find(r#"data-testid="undelivered""#).expect("listed")..];
    let line = &line[..line.find("</tr>").unwrap()];
    let display = format!("{}-{}", &number[..5], &number[5..]);
    assert!(
        line.contains(&display) && line.contains("138****5678"),
        "{line}"
    );
    assert!(line.contains("isv.MOBILE_NUMBER_ILLEGAL"), "{line}");
    assert!(!page.contains("13812345678") && !page.contains(VALID_ID));
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let (status, _) = desk.get("/staff/messages").await;
    assert_eq!(status, 403);
    let (ok, out) = crate::staff::audit_verify(&app).await;
    assert!(ok, "{out}");
    // One page view, one audited view.
    let hall = crate::staff::hall_on(
        &app.database_url,
        crate::staff::clock_at("2026-12-07T00:00:00Z"),
    )
    .await;
    let views = hall
        .storage()
        .audit_events(0, 1000)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.record.action == "view_undelivered_messages")
        .count();
    assert_eq!(views, 1);
}
