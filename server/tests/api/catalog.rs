use crate::helpers::TestApp;

fn count_matter_links(html: &str) -> usize {
    html.matches(r#"class="matter-link""#).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pinyin_initials_find_the_business_licence() {
    let app = TestApp::spawn().await;
    let res = app.get("/matters?q=yyzz").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("企业设立登记（营业执照）"));
    assert!(
        html.contains(r#"value="yyzz""#),
        "the query stays in the box"
    );
    // Chinese, code and English find things too; nonsense finds nothing.
    assert!(app
        .get("/matters?q=%E6%88%B7%E5%8F%A3")
        .await
        .text()
        .await
        .unwrap()
        .contains("户口迁移（市内迁移）"));
    assert!(app
        .get("/matters?q=zj-xk-001")
        .await
        .text()
        .await
        .unwrap()
        .contains("建筑工程施工许可证核发"));
    assert!(app
        .get("/matters?q=marriage")
        .await
        .text()
        .await
        .unwrap()
        .contains("结婚登记"));
    let none = app.get("/matters?q=qqqqqq").await.text().await.unwrap();
    assert_eq!(count_matter_links(&none), 0);
    assert!(none.contains("没有找到匹配的事项"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_two_public_lists_partition_the_catalog() {
    let app = TestApp::spawn().await;
    let all = count_matter_links(&app.get("/matters").await.text().await.unwrap());
    let one_visit = app.get("/lists/one-visit").await.text().await.unwrap();
    let online = app.get("/lists/online").await.text().await.unwrap();
    let (a, b) = (count_matter_links(&one_visit), count_matter_links(&online));
    assert!(a > 0 && b > 0);
    assert_eq!(a + b, all);
    assert!(one_visit.contains(&format!("共 {a} 项")));
    assert!(online.contains("社会保障卡申领"), "a fully online matter");
    assert!(!online.contains("结婚登记"), "marriage needs a visit");
    let home = app.get("/").await.text().await.unwrap();
    assert!(
        home.contains(&format!("{a} 项")) && home.contains(&format!("{b} 项")),
        "the start page shows the counts"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsing_by_audience_and_department() {
    let app = TestApp::spawn().await;
    let personal = app
        .get("/matters?audience=personal")
        .await
        .text()
        .await
        .unwrap();
    assert!(personal.contains("结婚登记") && !personal.contains("食品经营许可证核发"));
    let police = app
        .get("/matters?department=GA")
        .await
        .text()
        .await
        .unwrap();
    assert!(police.contains("户口迁移") && !police.contains("结婚登记"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guide_shows_every_element() {
    let app = TestApp::spawn().await;
    let html = app.get("/matters/SCJG-XK-004").await.text().await.unwrap();
    for text in [
        "食品经营许可证核发",
        "SCJG-XK-004",
        "市场监督管理局",
        "行政许可",
        "承诺 10 个工作日办结",
        "法定时限 20 个工作日",
        "最多跑一次",
        "申请条件",
        "申请材料",
        "食品安全管理制度",
        "窗口核验原件",
        "可容缺后补",
        "特殊环节（不计入办理时限）",
        "现场勘验",
        "办理流程",
        "设定依据",
        "《中华人民共和国食品安全法》第三十五条",
        "收费标准",
        "不收费",
        "办理地点",
        "注意事项",
        "我要开餐馆",
        "办理结果",
        "食品经营许可证</strong>",
        "有效期：5 年",
        "电子证照（加盖电子印章）；纸质（统一出件窗口领取或邮寄）",
    ] {
        assert!(html.contains(text), "guide lacks {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_merges_materials_and_promises_the_longest_chain() {
    let app = TestApp::spawn().await;
    let res = app.get("/bundles/YJS-KCG").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("我要开餐馆"));
    // Licence 3, then (联办) food permit 10 and signboard 3 in parallel:
    // the longest chain, 3 + 10, not the longest matter.
    assert!(html.contains("承诺 13 个工作日内全部办结"));
    for name in [
        "企业设立登记（营业执照）",
        "食品经营许可证核发",
        "户外招牌设置审批",
    ] {
        assert!(html.contains(name), "{name}");
    }
    // The premises proof is asked by the licence and the food permit: listed once.
    assert_eq!(
        html.matches("经营场所使用证明（产权证明或租赁合同）")
            .count(),
        1
    );
    let res = app.get("/bundles/NO-SUCH").await;
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("没有找到这件事"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_refuses_to_start_on_an_invalid_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog");
    std::fs::create_dir_all(dir.path().join("catalog/matters")).unwrap();
    std::fs::copy(
        shipped.join("departments.toml"),
        dir.path().join("catalog/departments.toml"),
    )
    .unwrap();
    let matter =
        std::fs::read_to_string(shipped.join("matters/010-scjg-business-licence.toml")).unwrap();
    std::fs::write(
        dir.path().join("catalog/matters/a.toml"),
        matter.replace("department = \"SCJG\"", "department = \"NOPE\""),
    )
    .unwrap();
    let mut settings = server::configuration::Settings::defaults().unwrap();
    settings.security.id_key = crate::helpers::TEST_ID_KEY.into();
    settings.server.port = 0;
    settings.database.url = crate::helpers::database_url(dir.path()).await;
    settings.catalog.dir = dir.path().join("catalog");
    let err = server::Application::build(settings)
        .await
        .err()
        .expect("must not start");
    let msg = err.to_string();
    assert!(
        msg.contains("a.toml") && msg.contains("unknown department NOPE"),
        "{msg}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guide_names_the_departments_reviewing_in_parallel() {
    let app = TestApp::spawn().await;
    let html = app.get("/matters/ZJ-XK-001").await.text().await.unwrap();
    for text in [
        "并联审批",
        "住房和城乡建设局",
        "自然资源和规划局",
        "建设工程规划许可核验",
        "2 个工作日内",
        // 《建筑法》第八条: the permit itself, not the "3550" chain.
        "承诺 3 个工作日办结",
        "法定时限 5 个工作日",
        "《中华人民共和国建筑法》第八条",
    ] {
        assert!(html.contains(text), "guide lacks {text}");
    }
}
