//! A citizen's form post as one extractor, bound to the visit: the visit
//! token (which the use cases check ownership against), the client
//! address (attempt limits count by it) and the posted fields. Handlers
//! call one use case and end with [`VisitForm::reply`]. Citizen forms
//! carry no CSRF token: the visit cookie is `SameSite=Lax`, so another
//! site's post arrives without it and holds nothing.

use crate::limits::ClientIp;
use app::errors::AppError;
use app::pages::staff::PostedForm;
use app::state::AppState;
use app::visit::{Visit, VisitToken};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

pub(crate) struct VisitForm {
    pub token: VisitToken,
    /// The client's address as the limits see it.
    pub client: String,
    pub pairs: Vec<(String, String)>,
    state: AppState,
    visit: Visit,
    headers: HeaderMap,
}

impl FromRequest<AppState> for VisitForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let visit = req.extensions().get::<Visit>().cloned().unwrap_or_default();
        let client = req
            .extensions()
            .get::<ClientIp>()
            .map_or_else(|| "unknown".to_string(), |c| c.0.to_string());
        let headers = req.headers().clone();
        // The visit layer always sets a token; without one nothing is
        // held, so there is nothing to change: back to where it came from.
        let Some(token) = visit.token.clone() else {
            return Err(Redirect::to("/").into_response());
        };
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Self {
            token,
            client,
            pairs,
            state: state.clone(),
            visit,
            headers,
        })
    }
}

impl VisitForm {
    /// The use cases, for the handler's one call.
    pub fn hall(&self) -> &hall::Hall {
        &self.state.hall
    }

    /// The visit is a hall kiosk's (shorter sessions; its end wipes them).
    pub fn at_kiosk(&self) -> bool {
        self.visit.kiosk.is_some()
    }

    pub fn field(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// On to `Ok`'s address (post/redirect/get), or the page at `here`
    /// again under the error's status, with what was posted (unless
    /// `keep_typed` is false: a secret is not shown again) and why not.
    pub async fn reply<E: Into<AppError>>(
        self,
        done: Result<String, E>,
        here: &str,
        keep_typed: bool,
    ) -> Response {
        let error = match done {
            Ok(next) => return Redirect::to(&next).into_response(),
            Err(e) => e.into(),
        };
        let status = error.status_code();
        let retry_after = error.retry_after();
        let pairs = if keep_typed { self.pairs } else { vec![] };
        let uri: Uri = here.parse().unwrap_or_else(|_| Uri::from_static("/"));
        let res = crate::render::render_page_with(
            self.state,
            self.visit,
            uri,
            self.headers,
            status,
            move |ext| {
                ext.insert(PostedForm { pairs, error });
            },
        )
        .await;
        crate::render::with_retry_after(res, retry_after)
    }
}
