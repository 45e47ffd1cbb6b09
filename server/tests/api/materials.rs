//! 申请材料 uploads over real HTTP, on this run's database and file store
//! (`HALL_TEST_FILES=local|s3`): files go into a draft's slots and come
//! back only to its visit and to staff who may see them; every bad upload
//! is refused with its reason in the page's language and leaves nothing
//! in the file store.

use crate::helpers::{answered_household_draft, location, receipt_number, TestApp};
use crate::staff::{spawn, Desk};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

/// A PNG header (signature and IHDR) of the given size, then `extra`
/// bytes: what the hall reads of an image is its header.
fn png(width: u32, height: u32, extra: usize) -> Vec<u8> {
    let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    v.extend_from_slice(b"IHDR");
    v.extend_from_slice(&width.to_be_bytes());
    v.extend_from_slice(&height.to_be_bytes());
    v.extend_from_slice(&[8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE]);
    v.extend((0..extra).map(|i| (i % 251) as u8));
    v
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

fn form_of(files: Vec<(&str, Vec<u8>)>) -> Form {
    files.into_iter().fold(Form::new(), |form, (name, bytes)| {
        form.part("file", Part::bytes(bytes).file_name(name.to_string()))
    })
}

async fn upload(
    client: &reqwest::Client,
    app: &TestApp,
    base: &str,
    material: &str,
    files: Vec<(&str, Vec<u8>)>,
) -> reqwest::Response {
    client
        .post(format!("{}{base}/materials/{material}", app.address))
        .multipart(form_of(files))
        .send()
        .await
        .unwrap()
}

/// The hrefs of the files listed on a page.
fn file_links(html: &str, prefix: &str) -> Vec<String> {
    html.match_indices(&format!("href=\"{prefix}"))
        .map(|(at, _)| {
            let start = at + 6;
            let end = html[start..].find('"').unwrap() + start;
            html[start..end].to_string()
        })
        .collect()
}

fn stored(keys: &[String]) -> usize {
    keys.iter().filter(|k| k.starts_with("materials/")).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_and_pdfs_go_into_slots_and_come_back_only_to_their_visit() {
    let app = TestApp::spawn().await;
    let base = answered_household_draft(&app).await;
    let (_, page) = app.html(&format!("{base}/materials")).await;
    assert!(
        page.contains(r#"enctype="multipart/form-data""#),
        "a plain form works without JS"
    );
    assert!(
        page.contains("未上传：到窗口时出示"),
        "nothing uploaded yet"
    );

    let photo = png(1200, 900, 300_000);
    let res = upload(
        &app.client,
        &app,
        &base,
        "id_card",
        vec![
            ("身份证正面.png", photo.clone()),
            ("", vec![]),
            ("scan.pdf", pdf()),
        ],
    )
    .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    assert_eq!(
        location(&res),
        format!("{base}/materials?added=2#m-id_card")
    );
    let (status, page) = app.html(&format!("{base}/materials?added=2")).await;
    assert_eq!(status, 200);
    assert!(page.contains("已上传 2 个文件。"));
    assert!(page.contains("已上传 2 个文件<"), "the slot's state");
    assert!(page.contains("身份证正面.png") && page.contains("scan.pdf"));
    let links = file_links(&page, &format!("{base}/files/"));
    assert_eq!(links.len(), 2, "{links:?}");

    // Served back as stored, typed by content, never sniffed; the photo
    // inline, the PDF as a download, named after the material.
    let res = app.get(&links[0]).await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let disposition = h["content-disposition"].to_str().unwrap().to_string();
    assert!(
        disposition.starts_with("inline; filename=\"id_card-"),
        "{disposition}"
    );
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), photo.as_slice());
    let res = app.get(&links[1]).await;
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), pdf().as_slice());

    // Another browser gets neither the file nor the list, and cannot add.
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    let res = stranger
        .get(format!("{}{}", app.address, links[0]))
        .send()
        .await
        .unwrap();
    // Not even confirmed to exist.
    assert_eq!(res.status(), 404);
    assert!(!res
        .bytes()
        .await
        .unwrap()
        .windows(8)
        .any(|w| w == &photo[..8]));
    let res = upload(
        &stranger,
        &app,
        &base,
        "id_card",
        vec![("x.png", png(10, 10, 10))],
    )
    .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        stored(&app.files.everything().await),
        2,
        "nothing added by the stranger"
    );

    // Removed: gone from the list and from the store.
    let id = links[1].rsplit('/').next().unwrap();
    let res = app
        .post_form(&format!("{base}/files/{id}/remove"), &[])
        .await;
    assert_eq!(location(&res), format!("{base}/materials?removed=1"));
    assert_eq!(stored(&app.files.everything().await), 1);
    assert_eq!(app.get(&links[1]).await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_upload_is_refused_with_its_reason_and_leaves_nothing() {
    let app = TestApp::spawn_with(|s| {
        s.files.max_file_mb = 1;
        s.files.max_application_mb = 2;
        s.files.max_files_per_material = 2;
    })
    .await;
    let base = answered_household_draft(&app).await;
    let mb = 1024 * 1024;
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        (
            "oversize",
            "big.png",
            png(100, 100, mb + 10),
            413,
            "文件超过 1 MB",
        ),
        (
            "renamed executable",
            "photo.jpg",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff".repeat(100),
            422,
            "文件内容不是 PDF、JPG 或 PNG",
        ),
        (
            "image bomb",
            "bomb.png",
            png(100_000, 100_000, 100),
            422,
            "图片像素过多",
        ),
        ("zero bytes", "empty.pdf", vec![], 422, "文件是空的"),
        ("no file chosen", "", vec![], 422, "请先选择文件或拍照"),
        (
            "damaged picture",
            "cut.png",
            png(0, 0, 10),
            422,
            "无法读取图片的尺寸",
        ),
    ];
    for (what, name, bytes, status, message) in cases {
        let res = upload(&app.client, &app, &base, "id_card", vec![(name, bytes)]).await;
        assert_eq!(res.status().as_u16(), status, "{what}");
        let page = res.text().await.unwrap();
        assert!(
            page.contains(message),
            "{what}: {message:?} not on the page"
        );
        assert!(page.contains(r#"role="alert""#), "{what}: announced");
        assert!(
            stored(&app.files.everything().await) == 0,
            "{what}: nothing stored"
        );
        assert!(
            app.files.everything().await.is_empty(),
            "{what}: no half-written file or open upload"
        );
    }
    // Not a slot of this draft.
    let res = upload(
        &app.client,
        &app,
        &base,
        "not_a_material",
        vec![("a.png", png(10, 10, 10))],
    )
    .await;
    assert_eq!(res.status(), 404);

    // Odd names are only shown, cleaned; the stored key is the id's.
    let res = upload(
        &app.client,
        &app,
        &base,
        "id_card",
        vec![("../../etc/passwd\u{202E}gnp.png", png(10, 10, 10))],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.html(&format!("{base}/materials")).await;
    assert!(page.contains("passwdgnp.png") && !page.contains("../"));
    let keys = app.files.everything().await;
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(
        keys[0].starts_with("materials/") && !keys[0].contains("passwd"),
        "{keys:?}"
    );

    // More files than a material takes.
    let res = upload(
        &app.client,
        &app,
        &base,
        "id_card",
        vec![("2.png", png(10, 10, 10)), ("3.png", png(10, 10, 10))],
    )
    .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("此项材料最多上传 2 个文件"), "{page}");
    assert!(
        page.contains("已上传 1 个文件。"),
        "the one before it is kept"
    );
    assert_eq!(stored(&app.files.everything().await), 2);

    // More bytes than the application takes (2 MB): the third 0.9 MB file.
    let almost = png(100, 100, 900 * 1024);
    for (n, slot, status) in [
        (1, "household_register", 303),
        (2, "household_register", 303),
        (3, "property_certificate", 413),
    ] {
        let res = upload(
            &app.client,
            &app,
            &base,
            slot,
            vec![(&format!("{n}.png"), almost.clone())],
        )
        .await;
        assert_eq!(res.status().as_u16(), status, "file {n}");
        if status == 413 {
            assert!(res.text().await.unwrap().contains("合计不能超过 2 MB"));
        }
    }
    assert_eq!(stored(&app.files.everything().await), 4);
    assert_eq!(app.files.everything().await.len(), 4, "no leftovers");
}

/// A PDF by content whose bytes never repeat in a way that would hide a
/// piece written twice or in the wrong place.
fn big_pdf(bytes: usize) -> Vec<u8> {
    let mut v = b"%PDF-1.7\n".to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while v.len() < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(bytes);
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_file_comes_back_byte_for_byte() {
    // 12 MB: dozens of batches written side by side on disk, three parts
    // (two sent while the next fills) on S3.
    let app = TestApp::spawn().await;
    let base = answered_household_draft(&app).await;
    let file = big_pdf(12 * 1024 * 1024 + 12_345);
    let res = upload(
        &app.client,
        &app,
        &base,
        "id_card",
        vec![("big.pdf", file.clone())],
    )
    .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let (_, page) = app.html(&format!("{base}/materials")).await;
    let links = file_links(&page, &format!("{base}/files/"));
    assert_eq!(links.len(), 1, "{links:?}");
    let res = app.get(&links[0]).await;
    assert_eq!(res.status(), 200);
    let back = res.bytes().await.unwrap();
    assert_eq!(back.len(), file.len());
    assert!(back.as_ref() == file.as_slice(), "the bytes differ");
    assert_eq!(stored(&app.files.everything().await), 1);
    assert_eq!(app.files.everything().await.len(), 1, "no leftovers");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_cut_off_half_way_leaves_nothing() {
    use tokio::io::AsyncWriteExt;
    let app = TestApp::spawn().await;
    let base = answered_household_draft(&app).await;
    // This browser's cookies, to send by hand.
    let url: reqwest::Url = app.address.parse().unwrap();
    let cookie =
        reqwest::cookie::CookieStore::cookies(app.jar.as_ref(), &url).expect("a visit cookie");
    let cookie = cookie.to_str().unwrap().to_string();
    // Send by hand: headers and most of a 12 MB file (past two S3 parts
    // and many disk batches, some still being written), then close.
    let address = app.address.trim_start_matches("http://").to_string();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let boundary = "XyZ";
    let head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n");
    let body = png(1000, 1000, 12 * 1024 * 1024);
    let total = head.len() + body.len() + boundary.len() + 8;
    let request = format!(
        "POST {base}/materials/id_card HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {total}\r\n\r\n{head}"
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    socket.write_all(&body[..11 * 1024 * 1024]).await.unwrap();
    socket.flush().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(socket);
    // The server notices, aborts, and removes what it wrote.
    let mut left = app.files.everything().await;
    for _ in 0..50 {
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        left = app.files.everything().await;
    }
    assert!(left.is_empty(), "{left:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_uploader_gets_json_in_the_visitors_language() {
    let app = TestApp::spawn().await;
    let base = answered_household_draft(&app).await;
    app.get("/lang/en").await;
    let send = |bytes: Vec<u8>| {
        app.client
            .post(format!("{}{base}/materials/id_card", app.address))
            .header("accept", "application/json")
            .multipart(form_of(vec![("p.png", bytes)]))
            .send()
    };
    let res = send(png(20, 20, 100)).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["files"][0]["name"], "p.png");
    assert!(body["files"][0]["href"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{base}/files/")));
    let res = send(b"GIF89a-not-taken".to_vec()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["error"],
        "“p.png” was not uploaded: the content is not PDF, JPG or PNG (the content counts, not the file name)."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_front_desk_opens_the_files_and_a_reviewer_only_its_part() {
    let app = spawn().await;
    let base = answered_household_draft(&app).await;
    let photo = png(800, 600, 5000);
    let res = upload(
        &app.client,
        &app,
        &base,
        "id_card",
        vec![("id.png", photo.clone())],
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    let number = receipt_number(&res);
    // Submitted: the citizen can no longer add or remove files.
    let res = upload(
        &app.client,
        &app,
        &base,
        "id_card",
        vec![("late.png", png(10, 10, 10))],
    )
    .await;
    assert_eq!(res.status(), 409);

    let desk = Desk::sign_in(&app, "desk.demo").await;
    let (status, file) = desk.get(&format!("/staff/applications/{number}")).await;
    assert_eq!(status, 200);
    let links = file_links(&file, &format!("/staff/applications/{number}/files/"));
    assert_eq!(links.len(), 1, "the checklist links the upload");
    let res = desk
        .client
        .get(format!("{}{}", app.address, links[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert_eq!(res.bytes().await.unwrap().as_ref(), photo.as_slice());

    // Every role: the front desk and supervisors open it; a reviewer
    // (through the desk's address), the issuing window and an
    // administrator do not; the public is sent to sign in.
    for (name, allowed) in [
        ("super.demo", true),
        ("review.ga", false),
        ("review.scjg", false),
        ("issue.demo", false),
        ("admin.demo", false),
    ] {
        let who = Desk::sign_in(&app, name).await;
        let res = who
            .client
            .get(format!("{}{}", app.address, links[0]))
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body = res.bytes().await.unwrap();
        if allowed {
            assert_eq!(status, 200, "{name}");
            assert_eq!(body.as_ref(), photo.as_slice(), "{name}");
        } else {
            assert_eq!(status, 404, "{name}: not even confirmed to exist");
            assert!(
                !body.windows(4).any(|w| w == b"IHDR"),
                "{name} got the file"
            );
        }
    }
    let anon = Desk::anonymous(&app);
    let res = anon
        .client
        .get(format!("{}{}", app.address, links[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "to sign in");

    // Accepted: the police reviewer opens it from its task; another
    // department's reviewer cannot, even knowing the address.
    let res = desk
        .decide(
            &number,
            &[
                ("check.id_card", "ok"),
                ("original.id_card", "yes"),
                ("check.household_register", "ok"),
                ("original.household_register", "yes"),
                ("check.property_certificate", "ok"),
                ("decision", "accept"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let ga = Desk::sign_in(&app, "review.ga").await;
    let task = crate::review::task_of(&ga, &number).await;
    let (status, page) = ga.get(&format!("/staff/reviews/{task}")).await;
    assert_eq!(status, 200);
    let from_task = file_links(&page, &format!("/staff/review/{task}/files/{number}/"));
    assert_eq!(from_task.len(), 1, "the task lists the file");
    let res = ga
        .client
        .get(format!("{}{}", app.address, from_task[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), photo.as_slice());
    let other = Desk::sign_in(&app, "review.scjg").await;
    let res = other
        .client
        .get(format!("{}{}", app.address, from_task[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let (ok, out) = crate::staff::audit_verify(&app).await;
    assert!(ok, "{out}");
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}

/// 扫码上传: the kiosk shows a code; the first phone to open it adds files
/// that the kiosk's open event stream announces at once; a second phone,
/// an ended kiosk visit and a made-up code are refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kiosk_hands_its_draft_to_one_phone_for_uploads() {
    use futures::StreamExt;
    let app = TestApp::spawn().await;
    app.get("/kiosk").await;
    let base = answered_household_draft(&app).await;
    // A file sent at the kiosk itself: its name is the citizen's business.
    let res = upload(
        &app.client,
        &app,
        &base,
        "household_register",
        vec![("张三户口本.png", png(40, 30, 100))],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.html(&format!("{base}/materials")).await;
    assert!(
        page.contains(r#"data-testid="handoff-start""#),
        "offered on a kiosk"
    );
    let res = app.post_form(&format!("{base}/handoff"), &[]).await;
    assert_eq!(res.status(), 303);
    let shown = location(&res);
    let token = shown
        .split("handoff=")
        .nth(1)
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .to_string();
    let (_, page) = app.html(&shown).await;
    assert!(
        page.contains(&format!("/upload/{token}")),
        "the QR's address"
    );
    assert!(page.contains("<svg"), "the QR");
    // A code that is not this kiosk's is never shown.
    let (_, page) = app
        .html(&format!("{base}/materials?handoff={}", "0".repeat(32)))
        .await;
    assert!(!page.contains("/upload/0000"));

    // The kiosk listens.
    let events = app
        .client
        .get(format!("{}{base}/materials/events", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut events = events.bytes_stream();

    // A QR app or link previewer fetching the address first takes nothing,
    // and sees how many files a material has, not what they are called.
    let previewer = browser();
    let res = previewer
        .get(format!("{}/upload/{token}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("已上传 1 个文件"), "{page}");
    assert!(
        !page.contains("张三户口本"),
        "no file name before a phone holds the code"
    );

    let phone = browser();
    let (status, page) = {
        let res = phone
            .get(format!("{}/upload/{token}", app.address))
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(page.contains(&format!(r#"action="/upload/{token}/id_card""#)));
    let sent = std::time::Instant::now();
    let res = phone
        .post(format!("{}/upload/{token}/id_card", app.address))
        .multipart(form_of(vec![("手机拍的.png", png(1000, 800, 2000))]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/upload/{token}?added=1#m-id_card"));
    let announced = tokio::time::timeout(std::time::Duration::from_secs(2), async {
        let mut text = String::new();
        while let Some(chunk) = events.next().await {
            text.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
            if text.contains("event: files") {
                return text;
            }
        }
        text
    })
    .await
    .expect("the kiosk hears of the file within 2 s");
    assert!(announced.contains("data: 2"), "{announced}");
    assert!(sent.elapsed() < std::time::Duration::from_secs(2));
    let (_, page) = app.html(&format!("{base}/materials")).await;
    assert!(page.contains("手机拍的.png"), "listed on the kiosk");
    let page = phone
        .get(format!("{}/upload/{token}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("张三户口本.png") && page.contains("手机拍的.png"),
        "the phone holding the code sees the names"
    );

    // One phone only: the first to send a file holds the code (the
    // previewer too is refused now).
    let res = previewer
        .get(format!("{}/upload/{token}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let other = browser();
    let res = other
        .get(format!("{}/upload/{token}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("已在另一部手机上使用"));
    let res = other
        .post(format!("{}/upload/{token}/id_card", app.address))
        .multipart(form_of(vec![("x.png", png(10, 10, 10))]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    // Made up.
    let res = other
        .get(format!("{}/upload/{}", app.address, "f".repeat(32)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("这个上传二维码已失效"));

    // The kiosk visit ends: so does the code.
    app.post_form("/kiosk/end", &[]).await;
    let res = phone
        .post(format!("{}/upload/{token}/id_card", app.address))
        .multipart(form_of(vec![("late.png", png(10, 10, 10))]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("这个上传二维码已失效"));
    assert_eq!(stored(&app.files.everything().await), 2);
}

/// A code lasts ten minutes (the default), on a clock the test moves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_code_expires_after_ten_minutes() {
    use crate::staff::{clock_at, hall_on};
    let app = TestApp::spawn().await;
    let base = answered_household_draft(&app).await;
    let id = base.trim_start_matches("/drafts/");
    let visit = {
        let url: reqwest::Url = app.address.parse().unwrap();
        let cookies = reqwest::cookie::CookieStore::cookies(app.jar.as_ref(), &url).unwrap();
        let cookies = cookies.to_str().unwrap().to_string();
        let token = cookies
            .split("; ")
            .find_map(|c| c.strip_prefix("visit="))
            .unwrap()
            .to_string();
        domain::VisitToken::parse(&token).unwrap()
    };
    let clock = clock_at(&chrono::Utc::now().to_rfc3339());
    let hall = hall_on(&app.database_url, clock.clone()).await;
    let code = hall.start_handoff(id, &visit).await.unwrap();
    let phone = domain::VisitToken::parse(&"a".repeat(32)).unwrap();
    clock.advance(9);
    assert!(hall.handoff_materials(&code.token, &phone).await.is_ok());
    clock.advance(2);
    assert!(matches!(
        hall.handoff_materials(&code.token, &phone).await,
        Err(hall::MaterialsError::HandoffGone)
    ));
}

/// Conditional materials: the food permit asks for the vending machines'
/// list only from those selling through them, and for the letter of
/// authorisation and the agent's ID only when an agent applies.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn materials_are_asked_only_when_the_answers_need_them() {
    let app = TestApp::spawn().await;
    let (base, _) = app.start_draft("/matters/SCJG-XK-004/apply").await;
    let (_, page) = app.html(&format!("{base}/materials")).await;
    assert!(page.contains("食品安全管理制度"));
    for absent in ["自动售货设备清单", "授权委托书", "代理人身份证"] {
        assert!(!page.contains(absent), "{absent} asked before any answer");
    }
    // Answers are kept even while the step still has problems elsewhere.
    app.post_step(
        &base,
        "scjg-xk-004",
        &[("sells_by_vending_machine", "yes"), ("applies_as", "agent")],
    )
    .await;
    let (_, page) = app.html(&format!("{base}/materials")).await;
    for present in ["自动售货设备清单", "授权委托书", "代理人身份证"] {
        assert!(page.contains(present), "{present} asked");
    }
    let res = upload(
        &app.client,
        &app,
        &base,
        "authorisation_letter",
        vec![("letter.pdf", pdf())],
    )
    .await;
    assert_eq!(res.status(), 303);
    // Changed answers: the slots go, except one still holding a file
    // (shown so it can be removed).
    app.post_step(
        &base,
        "scjg-xk-004",
        &[
            ("sells_by_vending_machine", "no"),
            ("applies_as", "legal_rep"),
        ],
    )
    .await;
    let (_, page) = app.html(&format!("{base}/materials")).await;
    assert!(!page.contains("自动售货设备清单") && !page.contains("代理人身份证"));
    assert!(page.contains("授权委托书") && page.contains("letter.pdf"));
}

const CREDIT_CODE: &str = "91350100M000100Y43";

/// Records a business licence (SCJG-XK-001) as this hall's issuing
/// window would: its canonical text sealed with the hall's key, naming
/// the credit code among its particulars.
async fn record_business_licence(app: &TestApp, seal_with: &str) -> String {
    use domain::issuing::{Licence, LicenceCode};
    let number = crate::staff::submitted(app).await;
    let code = LicenceCode::from_bytes([7, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let document = domain::catalog::IssuedDocument {
        name: domain::Localized::new("营业执照", "Business licence"),
        validity: domain::Localized::new("长期", "No expiry"),
        forms: vec![domain::catalog::IssuedForm::Electronic],
    };
    let licence = Licence::new(
        code.clone(),
        domain::ApplicationNumber::parse(&number).unwrap(),
        domain::MatterCode::parse("SCJG-XK-001").unwrap(),
        &document,
        "达州市通川区老王餐饮有限公司",
        "",
        vec![(
            domain::Localized::new("统一社会信用代码", "Credit code"),
            CREDIT_CODE.into(),
        )],
        chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        domain::Localized::new("政务服务中心", "Government Service Hall"),
    );
    let content = licence.canonical();
    let pem = std::fs::read_to_string(seal_with).unwrap();
    let seal = hall::issuing::ElectronicSeal::from_pkcs8_pem(&pem)
        .unwrap()
        .seal(content.as_bytes());
    let insert = "INSERT INTO issued_documents (code, number, position, content, seal, issued_at_us, issued_by)
                  VALUES ($1, $2, 0, $3, $4, $5, 'issue.demo')";
    let at = chrono::Utc::now().timestamp_micros();
    // The same statement on whichever database this run uses.
    macro_rules! record_on {
        ($conn:ty, $url:expr) => {{
            use sqlx::Connection;
            let mut c = <$conn>::connect(&$url).await.unwrap();
            sqlx::query(insert)
                .bind(code.as_str())
                .bind(&number)
                .bind(&content)
                .bind(&seal)
                .bind(at)
                .execute(&mut c)
                .await
                .unwrap();
        }};
    }
    if crate::helpers::backend() == "postgres" {
        record_on!(sqlx::PgConnection, app.database_url);
    } else {
        record_on!(
            sqlx::SqliteConnection,
            format!("sqlite://{}", app.database_url)
        );
    }
    code.as_str().to_string()
}

/// 本大厅核发: a business licence this hall issued to the company is
/// attached to its food permit by the system and never asked for; one
/// sealed by another key is not taken; the desk sees it on its checklist.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_licence_this_hall_issued_is_attached_and_not_asked_for() {
    let app = spawn().await;
    let code = record_business_licence(&app, app.seal_key.to_str().unwrap()).await;
    let (base, _) = app.start_draft("/matters/SCJG-XK-004/apply").await;
    // Not yet known which company: asked as usual.
    let (_, page) = app.html(&format!("{base}/materials")).await;
    assert!(page.contains(r#"action="/drafts/"#) && page.contains("/materials/business_licence"));
    app.post_step(
        &base,
        "applicant",
        &[
            ("enterprise_name", "达州市通川区老王餐饮有限公司"),
            ("enterprise_credit_code", CREDIT_CODE),
            ("legal_rep_name", "王五"),
            ("applicant_name", "王五"),
            ("applicant_mobile", "13912345678"),
        ],
    )
    .await;
    let (_, page) = app.html(&format!("{base}/materials")).await;
    assert!(page.contains("本大厅已核发，无需提交"), "the slot's state");
    assert!(page.contains(&format!(r#"href="/verify/{code}""#)));
    assert!(
        !page.contains("/materials/business_licence\""),
        "no upload form for it"
    );
    let res = upload(
        &app.client,
        &app,
        &base,
        "business_licence",
        vec![("yyzz.pdf", pdf())],
    )
    .await;
    assert_eq!(res.status(), 404, "never asked for");

    // Submitted (answers completed): the desk's checklist names it.
    let res = app
        .post_step(
            &base,
            "scjg-xk-004",
            &[
                ("business_address", "达州市通川区西外大街8号"),
                ("sells_by_vending_machine", "no"),
                ("applies_as", "legal_rep"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    let number = receipt_number(&res);
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let (_, file) = desk.get(&format!("/staff/applications/{number}")).await;
    let row = &file[file.find(r#"data-material="business_licence""#).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains(&format!("/verify/{code}")) && row.contains("本大厅已核发"),
        "{row}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_licence_sealed_by_another_key_is_not_attached() {
    let app = spawn().await;
    let other = tempfile::tempdir().unwrap();
    let key = other.path().join("other.pem");
    server::configuration::write_new_seal_key(&key).unwrap();
    record_business_licence(&app, key.to_str().unwrap()).await;
    let (base, _) = app.start_draft("/matters/SCJG-XK-004/apply").await;
    app.post_step(
        &base,
        "applicant",
        &[("enterprise_credit_code", CREDIT_CODE)],
    )
    .await;
    let (_, page) = app.html(&format!("{base}/materials")).await;
    assert!(!page.contains("本大厅已核发"));
    assert!(page.contains("/materials/business_licence"));
}

/// 补正 by upload: after a one-time notice, the visit that proved it is the
/// applicant sends the listed materials online; nobody else can, nothing
/// the notice does not list is taken, and the desk sees the files.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_is_answered_by_upload_from_the_proven_applicant() {
    let app = spawn().await;
    let base = answered_household_draft(&app).await;
    let res = app
        .post_step(&base, "declaration", &[("declaration", "yes")])
        .await;
    let number = receipt_number(&res);
    let desk = Desk::sign_in(&app, "desk.demo").await;
    let res = desk
        .decide(
            &number,
            &[
                ("check.id_card", "wrong"),
                ("reason.id_card", "身份证已过有效期"),
                ("check.household_register", "missing"),
                ("check.property_certificate", "ok"),
                ("decision", "return_for_correction"),
                ("correct_by", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let send = |client: &reqwest::Client, material: &str, bytes: Vec<u8>| {
        client
            .post(format!(
                "{}/applications/{number}/materials/{material}",
                app.address
            ))
            .multipart(form_of(vec![("new.png", bytes)]))
            .send()
    };
    // Not proven yet: no form, and a post is refused.
    let (_, page) = app.html(&format!("/applications/{number}")).await;
    assert!(!page.contains(&format!("/applications/{number}/materials/")));
    assert_eq!(
        send(&app.client, "id_card", png(900, 600, 100))
            .await
            .unwrap()
            .status(),
        403
    );

    let res = app
        .post_form(
            &format!("/applications/{number}/proof"),
            &[("id_tail", &crate::helpers::VALID_ID[12..])],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = app.html(&format!("/applications/{number}")).await;
    assert!(page.contains("在线提交补正材料"));
    assert!(page.contains(&format!(
        r#"action="/applications/{number}/materials/id_card""#
    )));
    assert!(page.contains(&format!(
        r#"action="/applications/{number}/materials/household_register""#
    )));
    assert!(
        !page.contains(&format!(
            "/applications/{number}/materials/property_certificate"
        )),
        "not in the notice"
    );

    let photo = png(900, 600, 4000);
    let res = send(&app.client, "id_card", photo.clone()).await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        location(&res),
        format!("/applications/{number}?added=1#m-id_card")
    );
    assert_eq!(
        send(&app.client, "property_certificate", png(10, 10, 10))
            .await
            .unwrap()
            .status(),
        404
    );
    // Another browser, not proven: refused, nothing stored.
    let other = browser();
    assert_eq!(
        send(&other, "id_card", png(10, 10, 10))
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(stored(&app.files.everything().await), 1);

    // The front desk's queue flags it: corrections came in online, new
    // until the desk opens the file.
    let (_, queue) = desk.get("/staff").await;
    let display = format!("{}-{}", &number[..5], &number[5..]);
    let line = &queue[queue
        .find(r#"data-testid="correction-online""#)
        .expect("flagged")..];
    let line = &line[..line.find("</tr>").unwrap()];
    assert!(
        line.contains(&display) && line.contains("1 个文件"),
        "{line}"
    );
    assert!(line.contains(r#"data-testid="new-corrections""#), "{line}");
    desk.get(&format!("/staff/applications/{number}")).await;
    let (_, queue) = desk.get("/staff").await;
    let line = &queue[queue
        .find(r#"data-testid="correction-online""#)
        .expect("still listed")..];
    let line = &line[..line.find("</tr>").unwrap()];
    assert!(!line.contains("new-corrections"), "seen: {line}");

    // Corrections taken in at the window: no more uploads.
    let csrf = desk.csrf().await;
    let res = desk
        .post(
            &format!("/staff/applications/{number}/corrections-received"),
            &[("_csrf", csrf.as_str())],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        send(&app.client, "household_register", png(10, 10, 10))
            .await
            .unwrap()
            .status(),
        403
    );

    // Back in the queue: the desk's checklist has it under the identity card.
    let (_, file) = desk.get(&format!("/staff/applications/{number}")).await;
    let row = &file[file.find(r#"data-material="id_card""#).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("new.png"), "{row}");
    let link = file_links(row, &format!("/staff/applications/{number}/files/"));
    let res = desk
        .client
        .get(format!("{}{}", app.address, link[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.bytes().await.unwrap().as_ref(), photo.as_slice());
}

/// Uploads are charged per client address in megabytes before anything is
/// stored: past the allowance the uploader gets why and when (JSON), a
/// plain form the page again with the same, and after the wait it goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_past_the_addresss_allowance_wait_and_store_nothing() {
    let app = TestApp::spawn_with(|s| {
        s.files.max_file_mb = 1;
        s.files.max_application_mb = 2;
        // One full request (2 MB and the form's framing) is 3 MB; refilled
        // one megabyte a second.
        s.limits.upload_megabytes = 3;
        s.limits.upload_window_seconds = 3;
    })
    .await;
    let base = answered_household_draft(&app).await;
    let json = |lang_file: &'static str| {
        app.client
            .post(format!("{}{base}/materials/id_card", app.address))
            .header("accept", "application/json")
            .multipart(form_of(vec![(lang_file, png(20, 20, 100))]))
            .send()
    };
    for n in 0..3 {
        let res = json("p.png").await.unwrap();
        assert_eq!(res.status(), 200, "upload {n} is within the allowance");
    }
    let res = json("p.png").await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3).contains(&retry), "Retry-After {retry}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["files"], serde_json::json!([]));
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .starts_with("这个网络刚刚上传的文件太多，请"),
        "{body}"
    );
    // Without JS: the materials page again, in the visitor's language.
    app.get("/lang/en").await;
    let res = upload(
        &app.client,
        &app,
        &base,
        "id_card",
        vec![("q.png", png(20, 20, 100))],
    )
    .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Too many files were sent from this network just now. Try again in"),
        "{page}"
    );
    assert_eq!(
        stored(&app.files.everything().await),
        3,
        "nothing of the limited uploads is kept"
    );
    tokio::time::sleep(std::time::Duration::from_secs(retry + 1)).await;
    let res = json("p.png").await.unwrap();
    assert_eq!(res.status(), 200, "after the wait");
    assert_eq!(stored(&app.files.everything().await), 4);
}

/// A start-up setting below one application's files in one request would
/// refuse every full upload: the server does not start with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_allowance_below_one_request_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = server::configuration::Settings::defaults().unwrap();
    settings.security.id_key = crate::helpers::TEST_ID_KEY.into();
    settings.issuing.pickup_key = crate::helpers::TEST_PICKUP_KEY.into();
    settings.issuing.seal_key_file = dir.path().join("seal.pem");
    server::configuration::write_new_seal_key(&settings.issuing.seal_key_file).unwrap();
    settings.server.port = 0;
    settings.database.url = crate::helpers::database_url(dir.path()).await;
    settings.files.dir = dir.path().join("files");
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    settings.catalog.dir = root.join("../catalog");
    settings.calendar.dir = root.join("../calendar");
    settings.files.max_application_mb = 100;
    settings.limits.upload_megabytes = 100;
    let err = server::Application::build(settings)
        .await
        .err()
        .expect("must not start");
    assert!(
        err.to_string().contains("limits.upload_megabytes") && err.to_string().contains("101"),
        "{err}"
    );
}

/// Live file lists are limited per address; a closed one gives its place
/// back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_file_lists_are_limited_per_address() {
    let app = TestApp::spawn_with(|s| s.limits.streams = 2).await;
    let base = answered_household_draft(&app).await;
    let open = || {
        app.client
            .get(format!("{}{base}/materials/events", app.address))
            .send()
    };
    let first = open().await.unwrap();
    let second = open().await.unwrap();
    assert_eq!(
        (first.status(), second.status()),
        (StatusCode::OK, StatusCode::OK)
    );
    let third = open().await.unwrap();
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().contains_key("retry-after"));
    drop(first);
    // The server learns of the closed connection when it next writes to it.
    let reopened = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            let res = open().await.unwrap();
            if res.status() == StatusCode::OK {
                return res;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    })
    .await
    .expect("the closed list's place is given back");
    drop((second, reopened));
}
