//! A workspace's members, managed by its owners: who belongs, adding
//! someone or changing their role, a one-time sign-in link to hand
//! them, and taking someone out. A workspace always keeps an owner.

use honeygrid_store::{Principal, Role};

use crate::{App, AppError, AppResult};

impl App {
    /// The members of the caller's workspace, by email; owners only.
    pub async fn members(&self, who: &Principal) -> AppResult<Vec<Principal>> {
        require_owner(who)?;
        Ok(self.db.members(&who.workspace_id).await?)
    }

    /// Makes `email` a member with `role`, or changes the role of one
    /// already there; owners only.
    pub async fn set_member(
        &self,
        who: &Principal,
        email: &str,
        role: Role,
    ) -> AppResult<Principal> {
        require_owner(who)?;
        let email = checked_email(email)?;
        let ws = &who.workspace_id;
        let members = self.db.members(ws).await?;
        if let Some(old) = members.iter().find(|m| m.email == email) {
            keep_an_owner(who, &members, old, Some(role))?;
        }
        let user = self.db.ensure_user(&email).await?;
        self.db.grant(ws, &user, role).await?;
        tracing::info!(workspace = %ws, role = role.as_str(), "member set");
        self.db.member(ws, &email).await?.ok_or_else(|| {
            AppError::Internal(format!("{email} was added but not found"))
        })
    }

    /// A one-time sign-in link secret for a member of the caller's
    /// workspace (`/login?token=...`, valid for seven days); owners
    /// only.
    pub async fn member_link(
        &self,
        who: &Principal,
        member: &Principal,
    ) -> AppResult<String> {
        require_owner(who)?;
        if member.workspace_id != who.workspace_id {
            return Err(AppError::Forbidden(format!(
                "{} is not a member of workspace {}",
                member.email, who.workspace_name
            )));
        }
        Ok(self.db.create_login_link(member).await?)
    }

    /// Takes a member out of the caller's workspace; owners only.
    pub async fn remove_member(
        &self,
        who: &Principal,
        user_id: &str,
    ) -> AppResult<()> {
        require_owner(who)?;
        let ws = &who.workspace_id;
        let members = self.db.members(ws).await?;
        let member = members.iter().find(|m| m.user_id == user_id);
        let member = member.ok_or_else(|| {
            AppError::NotFound(format!(
                "member {user_id} of workspace {}",
                who.workspace_name
            ))
        })?;
        keep_an_owner(who, &members, member, None)?;
        self.db.remove_member(ws, user_id).await?;
        tracing::info!(workspace = %ws, "member removed");
        Ok(())
    }
}

/// Refuses to leave the workspace without an owner: `member` (one of
/// `members`) losing the owner role (`role` is their new one, `None`
/// when they are removed) while no other owner remains.
fn keep_an_owner(
    who: &Principal,
    members: &[Principal],
    member: &Principal,
    role: Option<Role>,
) -> AppResult<()> {
    if member.role != Role::Owner || role == Some(Role::Owner) {
        return Ok(());
    }
    let owners = members.iter().filter(|m| m.role == Role::Owner);
    if owners.count() > 1 {
        return Ok(());
    }
    Err(AppError::Conflict(format!(
        "{} is the only owner of workspace {}; make another member an \
         owner first",
        member.email, who.workspace_name
    )))
}

/// Refuses anyone but an owner.
fn require_owner(who: &Principal) -> AppResult<()> {
    if who.role == Role::Owner {
        return Ok(());
    }
    Err(AppError::Forbidden(format!(
        "{} is not an owner of workspace {}; only owners manage members",
        who.email, who.workspace_name
    )))
}

/// An email address trimmed and lower-cased, or why it is not one.
fn checked_email(email: &str) -> AppResult<String> {
    let email = email.trim().to_lowercase();
    let shaped = match email.split_once('@') {
        // `owner@localhost`, made on first start, is an address too.
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if shaped && email.len() <= 254 {
        return Ok(email);
    }
    Err(AppError::invalid(
        "email",
        format!("{email:?} is not an email address such as ann@example.com"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_checked_and_lower_cased() {
        assert_eq!(
            checked_email(" Ann@Example.COM ").ok(),
            Some("ann@example.com".to_owned())
        );
        assert!(checked_email("owner@localhost").is_ok());
        for bad in ["", "ann", "@x.io", "ann@", "ann@.io", "a b@x.io"] {
            assert!(checked_email(bad).is_err(), "{bad:?}");
        }
    }
}
