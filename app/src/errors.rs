use domain::{ApplicationNumberError, FieldError};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What can go wrong behind a page or server function, as the browser may
/// see it. Internal details are logged on the server, never sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Field problems, all of them at once.
    #[error("the form has {} problem(s)", .0.len())]
    Invalid(Vec<FieldError>),
    #[error("malformed application number: {0}")]
    MalformedNumber(ApplicationNumberError),
    #[error("submission key reused with different content")]
    KeyReused,
    /// The draft was submitted: this is its application number.
    #[error("already submitted as {0}")]
    AlreadySubmitted(String),
    /// The draft is open in another visit (continued elsewhere, or this
    /// kiosk visit ended): only its resume code opens it here.
    #[error("draft open in another visit")]
    NotHeldHere,
    #[error("internal error")]
    Internal,
    #[error("server function error: {0}")]
    ServerFn(ServerFnErrorErr),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Invalid(_) | AppError::MalformedNumber(_) | AppError::KeyReused => 422,
            AppError::AlreadySubmitted(_) => 409,
            AppError::NotHeldHere => 403,
            AppError::Internal | AppError::ServerFn(_) => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::ServerFn(value)
    }
}
