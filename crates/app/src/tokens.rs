//! A member's own API tokens: made with a name and shown once, listed
//! (never the token again), and revoked. Any role may hold tokens; a
//! token acts with its member's role in the workspace it was made in.

use honeygrid_store::{Principal, Token};

use crate::{App, AppError, AppResult};

/// The longest token name kept.
const NAME_CHARS: usize = 100;

impl App {
    /// The caller's API tokens that still work, newest first.
    pub async fn tokens(&self, who: &Principal) -> AppResult<Vec<Token>> {
        Ok(self.db.tokens(who).await?)
    }

    /// A new API token for the caller, named so it can be told apart
    /// later; the token itself is returned only now.
    pub async fn create_token(
        &self,
        who: &Principal,
        name: &str,
    ) -> AppResult<String> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > NAME_CHARS {
            return Err(AppError::invalid(
                "name",
                format!(
                    "give the token a name of 1 to {NAME_CHARS} characters, \
                     such as the script or machine that will use it"
                ),
            ));
        }
        let token = self.db.create_token(who, name).await?;
        tracing::info!(workspace = %who.workspace_id, "API token made");
        Ok(token)
    }

    /// Revokes one of the caller's API tokens.
    pub async fn revoke_token(
        &self,
        who: &Principal,
        id: &str,
    ) -> AppResult<()> {
        if !self.db.revoke_token(who, id).await? {
            return Err(AppError::NotFound(format!("API token {id}")));
        }
        tracing::info!(workspace = %who.workspace_id, "API token revoked");
        Ok(())
    }
}
