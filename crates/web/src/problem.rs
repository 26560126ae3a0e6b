//! A refusal as a form shows it: the field to blame and what is wrong,
//! in the service's own words.

use honeygrid_app::AppError;

/// A field (empty when none is to blame) and what is wrong with it.
pub(crate) type Problem = (String, String);

/// The service's refusal, in its words, as the form shows it.
pub(crate) fn said(e: AppError) -> Problem {
    match e {
        AppError::Invalid { field, detail } => {
            (field.unwrap_or_default(), capital(&detail))
        }
        e @ (AppError::Conflict(_)
        | AppError::NotFound(_)
        | AppError::Forbidden(_)) => (String::new(), capital(&e.to_string())),
        other => {
            tracing::error!(error = %other, "a form failed");
            let broke = "Something broke on our side and was logged; \
                         trying again later may work.";
            (String::new(), broke.to_owned())
        }
    }
}

/// `text` with its first letter capitalised.
pub(crate) fn capital(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}
