//! The applicant's posts on their progress page: the proof (last 6
//! characters of the ID number or credit code), the delivery choice, and a
//! new pickup code. Each calls one use case with the visit (the proof is
//! bound to it: a kiosk's ends with its visit); then back to the page, or
//! the page again with what was typed and why not.

use crate::limits::ClientIp;
use app::errors::AppError;
use app::pages::staff::PostedForm;
use app::state::AppState;
use app::urls;
use app::visit::Visit;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

#[derive(Clone, Copy)]
enum Post {
    Proof,
    Delivery,
    NewPickup,
}

async fn post(
    state: AppState,
    visit: Visit,
    client: Option<Extension<ClientIp>>,
    number: String,
    headers: HeaderMap,
    pairs: Vec<(String, String)>,
    what: Post,
) -> Response {
    let number: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(20)
        .collect();
    let page = urls::progress(&number);
    let Some(token) = visit.token.clone() else {
        return Redirect::to(&page).into_response();
    };
    let hall = &state.hall;
    let done = match what {
        Post::Proof => {
            let typed = pairs
                .iter()
                .find(|(k, _)| k == "id_tail")
                .map_or("", |(_, v)| v.as_str());
            let client = client.map_or_else(|| "unknown".to_string(), |c| c.0 .0.to_string());
            hall.prove_applicant(&number, typed, &token, &client)
                .await
                .map(|()| format!("{page}#collect"))
        }
        Post::Delivery => hall
            .choose_delivery(&number, &token, &pairs)
            .await
            .map(|_| format!("{page}?saved=1#collect")),
        Post::NewPickup => hall
            .renew_pickup(&number, &token)
            .await
            .map(|()| format!("{page}#collect")),
    };
    match done {
        Ok(next) => Redirect::to(&next).into_response(),
        Err(e) => {
            let error = AppError::from(e);
            let status = error.status_code();
            // The proof's typed characters are not shown again.
            let pairs = match what {
                Post::Proof => vec![],
                _ => pairs,
            };
            let uri: Uri = page.parse().unwrap_or_else(|_| Uri::from_static("/"));
            let retry_after = error.retry_after();
            let res =
                crate::routes::render_page_with(state, visit, uri, headers, status, move |ext| {
                    ext.insert(PostedForm { pairs, error });
                })
                .await;
            crate::routes::with_retry_after(res, retry_after)
        }
    }
}

pub async fn proof(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    client: Option<Extension<ClientIp>>,
    Path(number): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(state, visit, client, number, headers, pairs, Post::Proof).await
}

pub async fn delivery(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    client: Option<Extension<ClientIp>>,
    Path(number): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(state, visit, client, number, headers, pairs, Post::Delivery).await
}

pub async fn new_pickup(
    State(state): State<AppState>,
    Extension(visit): Extension<Visit>,
    client: Option<Extension<ClientIp>>,
    Path(number): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    post(
        state,
        visit,
        client,
        number,
        headers,
        pairs,
        Post::NewPickup,
    )
    .await
}
