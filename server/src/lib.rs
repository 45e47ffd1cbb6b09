//! The hall's server: configuration, start-up and the few routes that are
//! not Leptos pages (health, language switch, JS-off form posts).

mod assist;
pub mod calendar;
pub mod catalog;
mod collect;
pub mod configuration;
mod demo;
mod forms;
pub(crate) mod limits;
mod mine;
pub mod notify;
mod queue;
mod ratings;
mod render;
mod routes;
mod security;
mod staff;
pub mod telemetry;
mod uploads;
mod visit_form;
mod visits;

use app::state::AppState;
use app::visit::KioskTerminal;
use app::{shell, App};
use axum::routing::{get, post};
use axum::Router;
use configuration::Settings;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest request body accepted (forms and server function calls; file
/// uploads will have their own route and limit).
const BODY_LIMIT: usize = 256 * 1024;

/// No request may hang a kiosk: past this the citizen gets an answer
/// (503, try again) instead of a spinner, and the log says which request it was.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);
/// An upload or download of a material: 20 MB over a weak phone network.
const FILE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Written by `cargo leptos build` beside the server binary.
const HASH_FILE: &str = "hash.txt";

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("catalog {dir} is invalid:\n{problems}")]
    Catalog { dir: String, problems: String },
    #[error("calendar {dir} is invalid:\n{problems}")]
    Calendar { dir: String, problems: String },
    #[error("database.url: {0}")]
    DatabaseUrl(String),
    #[error("database {url:?}: {source}")]
    Store {
        url: store::DatabaseUrl,
        #[source]
        source: hall::StorageError,
    },
    #[error("catalog: {0}")]
    Subjects(#[from] domain::SubjectError),
    #[error("{0}")]
    Security(String),
    #[error("{0}")]
    Files(String),
    #[error("{0}")]
    Notifications(String),
    #[error("{0}")]
    Queue(String),
    #[error("demo account {name}: {source}")]
    Demo {
        name: &'static str,
        #[source]
        source: hall::AddStaffError,
    },
    #[error("{0}")]
    Limits(#[from] limits::LimitsError),
    #[error("kiosk.idle_seconds and kiosk.warning_seconds must be {min} to {max}")]
    KioskTimes { min: u16, max: u16 },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    port: u16,
}

impl Application {
    /// Opens the database, loads the catalog (refusing to start on an
    /// invalid one rather than serving half of it) and binds the port.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let hall = open_hall(&settings).await?;
        if settings.staff.demo {
            demo::ensure_accounts(&hall).await?;
        }

        let addr = format!("{}:{}", settings.server.host, settings.server.port);
        let listener = TcpListener::bind(&addr)
            .await
            .map_err(|source| StartupError::Bind {
                addr: addr.clone(),
                source,
            })?;
        let local = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { addr, source })?;

        let kiosk_defaults =
            KioskTerminal::new(settings.kiosk.idle_seconds, settings.kiosk.warning_seconds).ok_or(
                StartupError::KioskTimes {
                    min: KioskTerminal::MIN_SECONDS,
                    max: KioskTerminal::MAX_SECONDS,
                },
            )?;
        // A release build names its JS/WASM/CSS by content hash and says
        // so in this file; a build without it serves plain names.
        let hash_files = app::assets::hash_file_path(HASH_FILE).exists();
        let leptos_options = LeptosOptions::builder()
            .output_name("hall")
            .site_root(settings.site.root.display().to_string())
            .site_pkg_dir(settings.site.pkg_dir.clone())
            .site_addr(local)
            .hash_files(hash_files)
            .hash_file(std::sync::Arc::from(HASH_FILE))
            .build();
        let state = AppState {
            leptos_options,
            hall,
            secure_cookies: settings.server.public_base_url.starts_with("https://"),
            public_base_url: settings.server.public_base_url.clone(),
            kiosk_defaults,
        };
        spawn_housekeeping(state.hall.clone(), settings.drafts.sweep_minutes);
        spawn_open_work_refresh(state.hall.clone(), open_work_refresh(&settings));
        let policy = settings
            .notifications
            .policy()
            .map_err(StartupError::Notifications)?;
        if let Some(channel) = state.hall.notification_channel() {
            notify::spawn_delivery(
                state.hall.clone(),
                channel,
                policy,
                std::time::Duration::from_millis(settings.notifications.poll_ms),
            );
        }
        let limits = limits::Limits::new(
            &settings.limits,
            &settings.server.client_ip_header,
            upload_body_limit(&state),
            state.clone(),
        )?;
        limits.spawn_cleanup();
        Ok(Self {
            listener,
            router: router(state, limits),
            port: local.port(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // The peer address keys the rate limits (unless a proxy header does).
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    }
}

/// The use cases on the configured database and catalog (the server, and
/// the `staff` and `audit` commands).
pub async fn open_hall(settings: &Settings) -> Result<hall::Hall, StartupError> {
    let id_key = settings.id_key().map_err(StartupError::Security)?;
    let catalog = catalog::load(&settings.catalog.dir).map_err(|errors| StartupError::Catalog {
        dir: settings.catalog.dir.display().to_string(),
        problems: errors
            .iter()
            .map(|e| format!("  - {e}"))
            .collect::<Vec<_>>()
            .join("\n"),
    })?;
    let search = catalog::search_index(&catalog);
    let calendar =
        calendar::load(&settings.calendar.dir).map_err(|errors| StartupError::Calendar {
            dir: settings.calendar.dir.display().to_string(),
            problems: errors
                .iter()
                .map(|e| format!("  - {e}"))
                .collect::<Vec<_>>()
                .join("\n"),
        })?;
    let today = domain::time::hall_date(chrono::Utc::now());
    if !calendar.covers(today) {
        // The notice for a year comes out in November of the year before:
        // until its file is added, deadlines count weekends only (flagged).
        tracing::warn!(year = %today.format("%Y"), "no holiday calendar for this year: deadlines count weekends only");
    }
    let issuing = settings.issuing_keys().map_err(StartupError::Security)?;
    let channel = notify::channel(&settings.notifications, &settings.server.public_base_url)
        .map_err(StartupError::Notifications)?;
    let file_limits = settings.files.limits().map_err(StartupError::Files)?;
    let files = settings.files.open().await.map_err(StartupError::Files)?;
    let url = settings
        .database
        .parsed_url()
        .map_err(StartupError::DatabaseUrl)?;
    let failed = |source| StartupError::Store {
        url: url.clone(),
        source,
    };
    let storage = store::connect(&url, settings.database.max_connections)
        .await
        .map_err(failed)?;
    storage.replace_catalog(&catalog).await.map_err(failed)?;
    tracing::info!(
        matters = catalog.matters.len(),
        bundles = catalog.bundles.len(),
        departments = catalog.departments.len(),
        database = storage.backend(),
        "catalog loaded"
    );
    Ok(hall::Hall::new(
        storage,
        Arc::new(hall::CatalogIndex::new(catalog, search)?),
        Arc::new(calendar),
        std::time::Duration::from_secs(u64::from(settings.drafts.ttl_days) * 86_400),
    )
    .with_staff(settings.staff.policy(), &id_key)
    .with_issuing(issuing)
    .with_notifications(channel, settings.my_applications.policy())
    .with_files(
        files,
        file_limits,
        std::time::Duration::from_secs(u64::from(settings.files.handoff_minutes) * 60),
    )
    .with_open_work_refresh(open_work_refresh(settings))
    .with_queue(
        settings.queue.categories().map_err(StartupError::Queue)?,
        settings.queue.booking.plan().map_err(StartupError::Queue)?,
    ))
}

fn open_work_refresh(settings: &Settings) -> std::time::Duration {
    std::time::Duration::from_secs(u64::from(settings.supervision.open_work_refresh_seconds))
}

/// Counts the supervision desk's open work on its period, so no desk waits
/// for the count (it reads every open task and application).
fn spawn_open_work_refresh(hall: hall::Hall, every: std::time::Duration) {
    if every.is_zero() {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let started = std::time::Instant::now();
            match hall.refresh_open_work().await {
                Ok(_) => tracing::debug!(
                    ms = started.elapsed().as_millis() as u64,
                    "open work counted"
                ),
                Err(e) => {
                    tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "open work count failed")
                }
            }
        }
    });
}

/// Now and then: deletes expired drafts (they are never shown once
/// expired; this erases them), reminds applicants whose 容缺 materials
/// fall due, and ends applications whose 容缺 commitment was missed
/// (recording the breach).
fn spawn_housekeeping(hall: hall::Hall, every_minutes: u32) {
    let period = std::time::Duration::from_secs(u64::from(every_minutes.max(1)) * 60);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            match hall.sweep_expired_drafts().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "expired drafts deleted"),
                Err(e) => {
                    tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "draft sweep failed")
                }
            }
            match hall.sweep_abandoned_files().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "files of abandoned drafts deleted"),
                Err(e) => {
                    tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "file sweep failed")
                }
            }
            if let Err(e) = hall.sweep_sign_ins().await {
                tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "sign-in sweep failed")
            }
            if let Err(e) = hall.sweep_attempts().await {
                tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "attempt sweep failed")
            }
            match hall.remind_commitments().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminded = n, "容缺 reminders written"),
                Err(e) => {
                    tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "commitment reminders failed")
                }
            }
            match hall.enforce_commitments().await {
                Ok(0) => {}
                Ok(n) => tracing::warn!(terminated = n, "missed 容缺 commitments terminated"),
                Err(e) => {
                    tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "commitment check failed")
                }
            }
        }
    });
}

/// The routes that are not Leptos pages (health, switches, form posts).
fn handler_routes() -> Vec<(&'static str, axum::routing::MethodRouter<AppState>)> {
    vec![
        ("/healthz", get(routes::healthz)),
        ("/lang/{tag}", get(visits::switch_language)),
        ("/text/{size}", get(visits::switch_text_size)),
        ("/kiosk", get(visits::start_kiosk)),
        (
            app::components::kiosk::END_VISIT_PATH,
            post(visits::end_visit),
        ),
        ("/matters/{code}/apply", post(routes::start_matter_draft)),
        ("/bundles/{code}/apply", post(routes::start_bundle_draft)),
        ("/drafts/{id}/{step}", post(routes::post_draft_step)),
        ("/resume/find", get(routes::find_draft)),
        ("/resume/{code}", get(routes::resume_by_link)),
        ("/drafts/{id}/files/{file}/remove", post(uploads::remove)),
        ("/drafts/{id}/handoff", post(uploads::start_handoff)),
        (
            "/staff/applications/{number}/files/{file}",
            get(uploads::desk_file),
        ),
        (
            "/staff/review/{task}/files/{number}/{file}",
            get(uploads::review_file),
        ),
        (app::urls::MY_CODE, post(mine::send_code)),
        (app::urls::MY_ENTER, post(mine::enter)),
        (app::urls::MY_LEAVE, post(mine::leave)),
        ("/applications/{number}/proof", post(collect::proof)),
        ("/applications/{number}/rating", post(ratings::rate)),
        (app::urls::WINDOW_PAIR, post(ratings::pair_screen)),
        (app::urls::WINDOW_RATING, post(ratings::rate_at_window)),
        ("/applications/{number}/delivery", post(collect::delivery)),
        (app::urls::QUEUE_TICKETS, post(queue::take_ticket)),
        (app::urls::QUEUE_BOOKINGS, post(queue::book)),
        (
            "/queue/bookings/{token}/cancel",
            post(queue::cancel_booking),
        ),
        (
            "/queue/bookings/{token}/change",
            post(queue::change_booking),
        ),
        (app::urls::QUEUE_CHECK_IN, post(queue::check_in)),
        ("/confirm/{token}", post(assist::confirm)),
        (
            "/applications/{number}/pickup-renewal",
            post(collect::new_pickup),
        ),
    ]
    .into_iter()
    .chain(staff::routes())
    .collect()
}

/// The file routes' patterns (their own router: `file_routes`), with the
/// hall display's and a ticket's streams, long-lived like a file's transfer.
const FILE_ROUTES: [&str; 7] = [
    "/drafts/{id}/materials/{key}",
    "/drafts/{id}/files/{file}",
    "/upload/{token}/{key}",
    "/drafts/{id}/materials/events",
    "/applications/{number}/materials/{key}",
    app::urls::HALL_DISPLAY_EVENTS,
    "/queue/tickets/{token}/events",
];

/// The server functions' endpoints (`/api/…`, hashed names included), as
/// the router answers them to anyone who posts there.
pub fn server_function_paths() -> Vec<String> {
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .collect();
    paths.sort();
    paths
}

/// Every path the router answers (pages, handlers and server functions,
/// as patterns), for tests that must cover them all (the security
/// headers' table).
pub fn route_patterns() -> Vec<String> {
    let mut paths: Vec<String> = handler_routes()
        .into_iter()
        .map(|(p, _)| p.to_string())
        .chain(FILE_ROUTES.iter().map(|p| p.to_string()))
        .chain(server_function_paths())
        .chain(
            generate_route_list(App)
                .iter()
                .map(|r| r.path().to_string()),
        )
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

fn router(state: AppState, limits: limits::Limits) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let page_shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    let pkg_dir = std::path::Path::new(state.leptos_options.site_root.as_ref())
        .join(state.leptos_options.site_pkg_dir.as_ref());
    // Hashed names never change content: a year, immutable. Plain names
    // (a build without hashing) are revalidated every time.
    let pkg_cache = if state.leptos_options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let pkg = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static(pkg_cache),
        ))
        .service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        );
    let site_pkg = format!("/{}", state.leptos_options.site_pkg_dir);
    // The desk's camera scanner (scripts/build-scanner.sh) and the
    // citizen's uploader (scripts/build-uploader.sh): plain names, so
    // revalidated every time.
    let plain_dir = |dir: &str| {
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::overriding(
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("no-cache"),
            ))
            .service(
                ServeDir::new(
                    std::path::Path::new(state.leptos_options.site_root.as_ref()).join(dir),
                )
                .precompressed_br()
                .precompressed_gzip(),
            )
    };
    let scanner = plain_dir("scanner");
    let uploader = plain_dir("uploader");
    Router::new()
        .merge(
            handler_routes()
                .into_iter()
                .fold(Router::new(), |r, (path, handler)| r.route(path, handler)),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), page_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        // Form text that is not UTF-8 never reaches a handler.
        .layer(axum::middleware::from_fn(forms::refuse_broken_text))
        // Who is signed in at a desk (after the limits layer, which notes
        // the client's address).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            staff::staff_layer,
        ))
        // Inside the visit layer: a limited lookup's page is in the visitor's language.
        .layer(axum::middleware::from_fn_with_state(
            limits.clone(),
            limits::limit_lookups,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            visits::visit_middleware,
        ))
        // After the visit layer: static files carry no cookie.
        .nest_service(&site_pkg, pkg)
        .nest_service(app::urls::SCANNER, scanner)
        .nest_service(app::urls::UPLOADER, uploader)
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .merge(file_routes(&state, limits))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(security::security_headers))
        .with_state(state)
}

/// The most bytes one request to the file routes may carry.
fn upload_body_limit(state: &AppState) -> u64 {
    state.hall.file_limits().bytes_per_application + uploads::MULTIPART_OVERHEAD
}

/// Material uploads and downloads (`uploads`): outside the pages' body
/// limit and timeout, with their own, and the per-client upload limits.
fn file_routes(state: &AppState, limits: limits::Limits) -> Router<AppState> {
    let body_limit = upload_body_limit(state);
    Router::new()
        .route(FILE_ROUTES[0], post(uploads::upload))
        .route(FILE_ROUTES[1], get(uploads::own_file))
        .route(FILE_ROUTES[2], post(uploads::upload_by_phone))
        .route(FILE_ROUTES[3], get(uploads::material_events))
        .route(FILE_ROUTES[4], post(uploads::upload_correction))
        .route(FILE_ROUTES[5], get(queue::display_events))
        .route(FILE_ROUTES[6], get(queue::ticket_events))
        // The multipart extractor's own 2 MB default would cut every photo.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(
            usize::try_from(body_limit).unwrap_or(usize::MAX),
        ))
        // A correction sent by number is a lookup by number too.
        .layer(axum::middleware::from_fn_with_state(
            limits.clone(),
            limits::limit_lookups,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            visits::visit_middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            limits,
            limits::for_files,
        ))
        .layer(TimeoutLayer::with_status_code(
            http::StatusCode::SERVICE_UNAVAILABLE,
            FILE_TIMEOUT,
        ))
}
