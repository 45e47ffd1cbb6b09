//! 申请材料 uploads and downloads: plain axum routes, because the body is
//! streamed through the use case as it arrives (Leptos' multipart server
//! functions read it whole and enforce no limit). These routes have their
//! own router: a body as large as the application's allowance and a longer
//! timeout than the pages' (a photo on a weak network), and nothing else.
//!
//! An upload works as a plain multipart form (post/redirect/get, or the
//! page again with the problem) and, with `Accept: application/json`, for
//! the uploader script (one file per request, a JSON answer).

use crate::limits::{ClientIp, Limits};
use app::components::material_slots::upload_error_text;
use app::errors::AppError;
use app::pages::staff::PostedForm;
use app::state::AppState;
use app::urls;
use app::visit::Visit;
use axum::body::Body;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{Extension, FromRequestParts, Multipart, Path, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use domain::material_file::{display_name, FileProblem};
use hall::{ChunkSource, MaterialsError, OpenedFile};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Bytes a multipart request may carry beyond its files (boundaries,
/// part headers, the other fields).
pub const MULTIPART_OVERHEAD: u64 = 64 * 1024;

/// A multipart part, chunk by chunk, as the use case reads it.
struct FieldSource<'a>(Field<'a>);

#[async_trait::async_trait]
impl ChunkSource for FieldSource<'_> {
    async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, BoxError> {
        self.0.chunk().await.map_err(|e| Box::new(e) as BoxError)
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Only what a draft id or material key can contain goes back into a URL.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(64)
        .collect()
}

/// Who sends: the client's address and the limits it is charged against
/// (noted by `limits::for_files`, the file routes' layer).
pub struct Sender {
    pub(crate) limits: Limits,
    pub(crate) client: Option<std::net::IpAddr>,
}

impl<S: Send + Sync> FromRequestParts<S> for Sender {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, StatusCode> {
        let Some(limits) = parts.extensions.get::<Limits>().cloned() else {
            tracing::error!("file route without the limits layer");
            return Err(StatusCode::INTERNAL_SERVER_ERROR);
        };
        Ok(Self {
            limits,
            client: parts.extensions.get::<ClientIp>().map(|c| c.0),
        })
    }
}

/// Whose slot a file goes into: a draft open in this visit, or (扫码上传)
/// the kiosk's draft a phone holds the code of.
enum Target {
    Draft(String),
    Handoff(String),
    /// 补正 by upload, from the applicant's proven visit.
    Correction(String),
}

impl Target {
    fn page(&self) -> String {
        match self {
            Target::Draft(id) => urls::draft_materials(id),
            Target::Handoff(token) => urls::handoff(token),
            Target::Correction(number) => urls::progress(number),
        }
    }

    fn file_href(&self, file: &str) -> String {
        match self {
            Target::Draft(id) => urls::draft_file(id, file),
            // The phone lists what it sent; opening files is for the kiosk.
            // After submission, files are for the desk.
            Target::Handoff(_) | Target::Correction(_) => String::new(),
        }
    }
}

/// `POST /drafts/{id}/materials/{key}`: every `file` part into the slot,
/// in order, until one is refused (the ones before it are kept).
pub async fn upload(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path((id, key)): Path<(String, String)>,
    sender: Sender,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    receive(
        state,
        visit,
        sender,
        Target::Draft(clean(&id)),
        clean(&key),
        headers,
        multipart,
    )
    .await
}

/// `POST /upload/{token}/{key}`: the same from the phone holding a
/// kiosk's code.
pub async fn upload_by_phone(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path((token, key)): Path<(String, String)>,
    sender: Sender,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    receive(
        state,
        visit,
        sender,
        Target::Handoff(clean(&token)),
        clean(&key),
        headers,
        multipart,
    )
    .await
}

/// `POST /applications/{number}/materials/{key}`: 补正 by upload.
pub async fn upload_correction(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path((number, key)): Path<(String, String)>,
    sender: Sender,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    receive(
        state,
        visit,
        sender,
        Target::Correction(clean(&number)),
        clean(&key),
        headers,
        multipart,
    )
    .await
}

async fn receive(
    state: AppState,
    visit: Visit,
    sender: Sender,
    target: Target,
    key: String,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let json = wants_json(&headers);
    let visitor = visit.token.clone().unwrap_or_else(app::visit::random_token);
    let mut added: Vec<hall::ports::MaterialFileRecord> = Vec::new();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    // A limited upload is still read to its end (and stored nowhere): a
    // browser that is cut off mid-send shows a network error, not why.
    let mut failure: Option<AppError> = sender
        .limits
        .charge_upload(sender.client, declared)
        .err()
        .map(|wait| AppError::UploadsPaused { wait });
    match multipart {
        Err(rejection) => {
            tracing::info!(error = %rejection, "upload refused: not a multipart form");
            failure = Some(AppError::FileRefused {
                name: String::new(),
                problem: FileProblem::NoFile,
            });
        }
        Ok(mut multipart) => {
            loop {
                let field = match multipart.next_field().await {
                    Ok(Some(field)) => field,
                    Ok(None) => break,
                    Err(e) => {
                        // Cut off (or over the request's limit) between parts.
                        if failure.is_none() {
                            tracing::info!(error = %e, "upload interrupted between parts");
                            failure = Some(AppError::FileRefused {
                                name: String::new(),
                                problem: FileProblem::Interrupted,
                            });
                        }
                        break;
                    }
                };
                if failure.is_some() || field.name() != Some("file") {
                    // Read past it: the page can only answer a whole request.
                    let mut rest = field;
                    while let Ok(Some(_)) = rest.chunk().await {}
                    continue;
                }
                let name = field.file_name().unwrap_or_default().to_string();
                let mut source = FieldSource(field);
                let uploaded = match &target {
                    Target::Draft(id) => {
                        state
                            .hall
                            .upload_material(id, &visitor, &key, &name, &mut source)
                            .await
                    }
                    Target::Handoff(token) => {
                        state
                            .hall
                            .upload_by_handoff(token, &visitor, &key, &name, &mut source)
                            .await
                    }
                    Target::Correction(number) => {
                        state
                            .hall
                            .upload_correction(number, &visitor, &key, &name, &mut source)
                            .await
                    }
                };
                match uploaded {
                    Ok(record) => added.push(record),
                    // A picker left empty (the form has two) sends an empty,
                    // nameless part.
                    Err(MaterialsError::Refused(FileProblem::Empty)) if name.is_empty() => {}
                    Err(e) => {
                        let mut error = AppError::from(e);
                        if let AppError::FileRefused { name: n, .. } = &mut error {
                            *n = display_name(&name);
                        }
                        // Drain what is left of this part before answering.
                        while let Ok(Some(_)) = source.0.chunk().await {}
                        failure = Some(error);
                    }
                }
            }
        }
    }
    if failure.is_none() && added.is_empty() {
        failure = Some(AppError::FileRefused {
            name: String::new(),
            problem: FileProblem::NoFile,
        });
    }
    let page = target.page();
    if json {
        let lang = visit.lang;
        let files: Vec<_> = added
            .iter()
            .map(|f| {
                serde_json::json!({
                    "id": f.id.as_str(),
                    "name": f.name,
                    "bytes": f.bytes,
                    "href": target.file_href(f.id.as_str()),
                })
            })
            .collect();
        return match failure {
            None => (
                StatusCode::OK,
                axum::Json(serde_json::json!({ "files": files })),
            )
                .into_response(),
            Some(error) => {
                let message = upload_error_text(lang, &error);
                let retry = retry_after(&error);
                let mut res = (
                    error.status_code(),
                    axum::Json(serde_json::json!({ "files": files, "error": message })),
                )
                    .into_response();
                res.headers_mut().extend(retry);
                res
            }
        };
    }
    match failure {
        None => Redirect::to(&format!("{page}?added={}#m-{key}", added.len())).into_response(),
        Some(error) => {
            let status = error.status_code();
            let retry = retry_after(&error);
            let uri: Uri = if added.is_empty() {
                page.parse()
            } else {
                format!("{page}?added={}", added.len()).parse()
            }
            .unwrap_or_else(|_| Uri::from_static("/"));
            let mut res =
                crate::render::render_page_with(state, visit, uri, headers, status, move |ext| {
                    ext.insert(PostedForm {
                        pairs: vec![("material".to_string(), key)],
                        error,
                    });
                })
                .await;
            res.headers_mut().extend(retry);
            res
        }
    }
}

/// `Retry-After` for a limited upload.
fn retry_after(error: &AppError) -> Option<(header::HeaderName, HeaderValue)> {
    match error {
        AppError::UploadsPaused { wait } => Some((header::RETRY_AFTER, HeaderValue::from(*wait))),
        _ => None,
    }
}

/// `POST /drafts/{id}/files/{file}/remove`
pub async fn remove(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path((id, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let id = clean(&id);
    let visitor = visit.token.clone().unwrap_or_else(app::visit::random_token);
    match state.hall.remove_material(&id, &visitor, &file).await {
        Ok(()) => Redirect::to(&urls::draft_materials_removed(&id)).into_response(),
        Err(e) => {
            let error = AppError::from(e);
            let uri: Uri = urls::draft_materials(&id)
                .parse()
                .unwrap_or_else(|_| Uri::from_static("/"));
            crate::render::render_page(state, visit, uri, headers, error.status_code()).await
        }
    }
}

/// A stored file as a response: its type from its content (checked on
/// upload), never sniffed; pictures shown, PDFs downloaded (a PDF can
/// carry scripts); named after the material, not the citizen's file.
fn file_response(opened: OpenedFile) -> Response {
    let kind = opened.record.kind;
    let disposition = if kind.is_image() {
        "inline"
    } else {
        "attachment"
    };
    let filename = opened.download_name();
    let bytes = opened.record.bytes;
    let stream = futures::stream::unfold(Some(opened), |state| async move {
        let mut opened = state?;
        match opened.next_chunk().await {
            Ok(Some(chunk)) => Some((Ok::<_, BoxError>(chunk), Some(opened))),
            Ok(None) => None,
            // Cuts the response: a browser sees a failed download, never
            // wrong bytes presented as whole.
            Err(e) => Some((Err(Box::new(e) as BoxError), None)),
        }
    });
    let mut res = Response::new(Body::from_stream(stream));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes));
    if let Ok(v) = HeaderValue::from_str(&format!("{disposition}; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        ),
    );
    res
}

async fn refused(
    state: AppState,
    visit: Visit,
    headers: HeaderMap,
    uri: Uri,
    e: MaterialsError,
) -> Response {
    let error = AppError::from(e);
    crate::render::render_page(state, visit, uri, headers, error.status_code()).await
}

/// `GET /drafts/{id}/files/{file}`: for the visit holding the draft.
pub async fn own_file(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path((id, file)): Path<(String, String)>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let visitor = visit.token.clone().unwrap_or_else(app::visit::random_token);
    match state.hall.open_own_material(&id, &visitor, &file).await {
        Ok(opened) => file_response(opened),
        Err(e) => refused(state, visit, headers, uri, e).await,
    }
}

/// `GET /staff/applications/{number}/files/{file}`: the front desk (and
/// supervisors); audited.
pub async fn desk_file(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<hall::StaffSession>>,
    Path((number, file)): Path<(String, String)>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let Some(Extension(session)) = session else {
        return crate::staff::to_sign_in();
    };
    match state
        .hall
        .open_material_for_staff(&session.actor, &number, &file, None)
        .await
    {
        Ok(opened) => file_response(opened),
        Err(e) => refused(state, visit, headers, uri, e).await,
    }
}

/// `GET /staff/review/{task}/files/{number}/{file}`: a reviewer, for a
/// material its task's part sees; audited.
pub async fn review_file(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    session: Option<Extension<hall::StaffSession>>,
    Path((task, number, file)): Path<(String, String, String)>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let Some(Extension(session)) = session else {
        return crate::staff::to_sign_in();
    };
    match state
        .hall
        .open_material_for_staff(&session.actor, &number, &file, Some(&task))
        .await
    {
        Ok(opened) => file_response(opened),
        Err(e) => refused(state, visit, headers, uri, e).await,
    }
}

/// `POST /drafts/{id}/handoff`: a kiosk makes an upload-by-phone code and
/// shows it (the materials page with the code's QR).
pub async fn start_handoff(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let id = clean(&id);
    let visitor = visit.token.clone().unwrap_or_else(app::visit::random_token);
    match state.hall.start_handoff(&id, &visitor).await {
        Ok(h) => Redirect::to(&urls::draft_materials_handoff(&id, &h.token)).into_response(),
        Err(e) => {
            let error = AppError::from(e);
            let uri: Uri = urls::draft_materials(&id)
                .parse()
                .unwrap_or_else(|_| Uri::from_static("/"));
            crate::render::render_page(state, visit, uri, headers, error.status_code()).await
        }
    }
}

/// How often the kiosk's event stream looks for new files (files appear
/// within this, whichever server process took them: it reads the
/// database, not this process's memory).
const EVENTS_EVERY: std::time::Duration = std::time::Duration::from_millis(700);

/// `GET /drafts/{id}/materials/events`: server-sent events for the visit
/// holding the draft — `files` with the number of files whenever the list
/// changes. Ends when the draft is no longer held here, and after the
/// handoff's lifetime (the page then offers a new code).
pub async fn material_events(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    sender: Sender,
    Path(id): Path<String>,
) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let id = clean(&id);
    let Some(visitor) = visit.token.clone() else {
        return StatusCode::FORBIDDEN.into_response();
    };
    // Past `limits.streams` from one address the page keeps its refresh
    // button (the browser does not retry an answer that is not a stream).
    let Some(slot) = sender.limits.open_stream(sender.client) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, HeaderValue::from_static("60"))],
        )
            .into_response();
    };
    let ids_of = |state: AppState, id: String, visitor: app::visit::VisitToken| async move {
        state.hall.draft_materials(&id, &visitor).await.map(|m| {
            m.slots
                .iter()
                .flat_map(|s| s.files.iter().map(|f| f.id.as_str().to_string()))
                .collect::<Vec<_>>()
        })
    };
    let first = match ids_of(state.clone(), id.clone(), visitor.clone()).await {
        Ok(ids) => ids,
        Err(e) => return AppError::from(e).status_code().into_response(),
    };
    let until = tokio::time::Instant::now()
        + std::time::Duration::from_secs(state.hall.handoff_minutes() * 60 + 60);
    let stream = futures::stream::unfold(
        (state, id, visitor, first, slot),
        move |(state, id, visitor, seen, slot)| async move {
            loop {
                if tokio::time::Instant::now() >= until {
                    return None;
                }
                tokio::time::sleep(EVENTS_EVERY).await;
                let now = ids_of(state.clone(), id.clone(), visitor.clone())
                    .await
                    .ok()?;
                if now != seen {
                    let event = Event::default().event("files").data(now.len().to_string());
                    return Some((
                        Ok::<_, std::convert::Infallible>(event),
                        (state, id, visitor, now, slot),
                    ));
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
