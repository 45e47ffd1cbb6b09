//! A staff form post as one extractor: signed in (else to sign-in, the
//! form lost with the session and nothing changed), this session's form
//! token (else the page the form is on again, 403, with what was typed),
//! and the posted fields. Handlers then call one use case and end with
//! [`StaffForm::reply`].

use super::to_sign_in;
use app::errors::AppError;
use app::pages::staff::{PostedForm, CSRF_FIELD};
use app::state::AppState;
use app::urls;
use app::visit::Visit;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use hall::StaffSession;

pub(crate) struct StaffForm {
    pub session: StaffSession,
    pub pairs: Vec<(String, String)>,
    state: AppState,
    visit: Visit,
    headers: HeaderMap,
}

/// The page a staff form is on, from the address it posts to: the address
/// without its last segment (a decision on `/staff/applications/N` posts to
/// `/staff/applications/N/decision`; the pickup scanner's confirmation
/// to `/staff/pickup/confirm`); the scanner posts to itself. Signing out
/// has no page of its own.
fn form_page(post_path: &str) -> Option<String> {
    if post_path.starts_with(urls::STAFF_SIGN_OUT) {
        return None;
    }
    if post_path == urls::STAFF_PICKUP {
        return Some(post_path.to_string());
    }
    post_path
        .rsplit_once('/')
        .map(|(page, _)| page.to_string())
        .filter(|page| page.starts_with("/staff"))
}

impl FromRequest<AppState> for StaffForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(session) = req.extensions().get::<StaffSession>().cloned() else {
            return Err(to_sign_in());
        };
        let visit = req.extensions().get::<Visit>().cloned().unwrap_or_default();
        let headers = req.headers().clone();
        let path = req.uri().path().to_string();
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let token_ok = {
            let posted = pairs
                .iter()
                .find(|(k, _)| k == CSRF_FIELD)
                .map_or("", |(_, v)| v.as_str());
            session.csrf_matches(posted)
        };
        let form = Self {
            session,
            pairs,
            state: state.clone(),
            visit,
            headers,
        };
        if token_ok {
            return Ok(form);
        }
        tracing::warn!(staff = %form.session.actor.name, %path, "refused: a post without the form token");
        Err(match form_page(&path) {
            Some(page) => form.again(&page, AppError::FormExpired).await,
            None => StatusCode::FORBIDDEN.into_response(),
        })
    }
}

impl StaffForm {
    pub fn actor(&self) -> &domain::Actor {
        &self.session.actor
    }

    /// The desk browser's visit (a form the desk fills is held by it); a
    /// request without one can hold no such form.
    pub fn desk_visit(&self) -> Result<app::visit::VisitToken, AppError> {
        self.visit.token.clone().ok_or(AppError::NotFound)
    }

    pub fn field(&self, name: &str) -> &str {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// On to `Ok`'s address (post/redirect/get), or `here` again with the
    /// refusal.
    pub async fn reply<E: Into<AppError>>(self, done: Result<String, E>, here: &str) -> Response {
        self.reply_at(done, |_| here.to_string()).await
    }

    /// [`reply`](Self::reply), with the page to show a refusal on chosen
    /// by the refusal (one the desk may not see goes to its own home).
    pub async fn reply_at<E: Into<AppError>>(
        self,
        done: Result<String, E>,
        page_for: impl FnOnce(&AppError) -> String,
    ) -> Response {
        match done {
            Ok(next) => Redirect::to(&next).into_response(),
            Err(e) => {
                let e = e.into();
                let page = page_for(&e);
                self.again(&page, e).await
            }
        }
    }

    /// The page at `here` again, under the error's status, with the post
    /// (and `Retry-After` when the refusal is for too many tries).
    pub async fn again(self, here: &str, error: AppError) -> Response {
        self.again_with(here, error, |_| {}).await
    }

    /// [`again`](Self::again), with more for the page.
    pub async fn again_with(
        self,
        here: &str,
        error: AppError,
        extend: impl FnOnce(&mut http::Extensions),
    ) -> Response {
        let here: Uri = here
            .parse()
            .unwrap_or_else(|_| Uri::from_static(urls::STAFF));
        let status = error.status_code();
        let retry_after = error.retry_after();
        let Self {
            session,
            pairs,
            state,
            visit,
            headers,
        } = self;
        let res =
            crate::render::render_page_with(state, visit, here, headers, status, move |ext| {
                ext.insert(session);
                ext.insert(PostedForm { pairs, error });
                extend(ext);
            })
            .await;
        crate::render::with_retry_after(res, retry_after)
    }

    /// The database is down: the sign-in page says so, under 503.
    pub async fn unavailable(self, e: AppError) -> Response {
        super::unavailable(self.state, self.visit, self.headers, e).await
    }

    /// The page at `here` as a GET would show it, with more for it (a
    /// scan's result), under 200.
    pub async fn show(self, here: &str, extend: impl FnOnce(&mut http::Extensions)) -> Response {
        let here: Uri = here
            .parse()
            .unwrap_or_else(|_| Uri::from_static(urls::STAFF));
        let Self {
            session,
            state,
            visit,
            headers,
            ..
        } = self;
        crate::render::render_page_with(state, visit, here, headers, StatusCode::OK, move |ext| {
            ext.insert(session);
            extend(ext);
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::form_page;

    #[test]
    fn a_form_is_on_the_page_above_the_address_it_posts_to() {
        let page = |p: &str| form_page(p);
        assert_eq!(
            page("/staff/applications/N/decision").as_deref(),
            Some("/staff/applications/N")
        );
        assert_eq!(
            page("/staff/reviews/7/extension").as_deref(),
            Some("/staff/reviews/7")
        );
        assert_eq!(
            page("/staff/issuing/N/post").as_deref(),
            Some("/staff/issuing/N")
        );
        assert_eq!(page("/staff/pickup").as_deref(), Some("/staff/pickup"));
        assert_eq!(
            page("/staff/pickup/confirm").as_deref(),
            Some("/staff/pickup")
        );
        assert_eq!(page("/staff/sign-out"), None);
        assert_eq!(page("/staff/sign-out-everywhere"), None);
    }
}
