//! Who may do what: viewers read, editors and owners also write.

use honeygrid_store::Principal;

use crate::{AppError, AppResult};

/// Refuses a viewer.
pub fn require_writer(who: &Principal) -> AppResult<()> {
    if who.role.can_write() {
        return Ok(());
    }
    Err(AppError::Forbidden(format!(
        "{} is a viewer in workspace {}; ask an owner for the editor \
         role to change data",
        who.email, who.workspace_name
    )))
}
