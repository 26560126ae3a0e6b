//! Workspaces, users, roles, API tokens, sessions and sign-in links.

use serde::Serialize;

use crate::ids::{hash_secret, new_id, new_secret};
use crate::{Db, StoreError, StoreResult, exec, now_ms, on_db};

/// What a user may do in a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including managing members.
    Owner,
    /// Create, change and delete data sources and grids.
    Editor,
    /// Read only.
    Viewer,
}

impl Role {
    /// The role's name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }

    /// Parses a stored or typed role name.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "owner" => Some(Role::Owner),
            "editor" => Some(Role::Editor),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// True when the role may change data.
    pub fn can_write(self) -> bool {
        self != Role::Viewer
    }
}

/// Who makes a request: a user acting in one workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principal {
    /// The user.
    pub user_id: String,
    /// The user's email.
    pub email: String,
    /// The workspace the credential belongs to.
    pub workspace_id: String,
    /// The workspace's name.
    pub workspace_name: String,
    /// The user's role there.
    pub role: Role,
}

/// A workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workspace {
    /// Its id.
    pub id: String,
    /// Its unique name.
    pub name: String,
}

/// An API token as its owner sees it later: never the token itself,
/// which is shown once and stored only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Its id.
    pub id: String,
    /// The name given when it was made.
    pub name: String,
    /// When it was made (ms since the epoch).
    pub created_at: i64,
}

/// How long a session cookie lasts.
pub const SESSION_MS: i64 = 30 * 24 * 3600 * 1000;
/// How long a sign-in link lasts.
pub const LOGIN_LINK_MS: i64 = 7 * 24 * 3600 * 1000;

const PRINCIPAL: &str = r#"
    SELECT u.id, u.email, w.id, w.name, p.role
    FROM users u
    JOIN workspace_permissions p ON p.user_id = u.id
    JOIN workspaces w ON w.id = p.workspace_id
"#;

type PrincipalRow = (String, String, String, String, String);

fn principal(row: PrincipalRow) -> StoreResult<Principal> {
    let (user_id, email, workspace_id, workspace_name, role) = row;
    let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt {
        what: "role",
        reason: format!("unknown role {role:?}"),
    })?;
    Ok(Principal {
        user_id,
        email,
        workspace_id,
        workspace_name,
        role,
    })
}

impl Db {
    /// Creates a workspace; its name must be new.
    pub async fn create_workspace(&self, name: &str) -> StoreResult<Workspace> {
        let id = new_id();
        let sql = "INSERT INTO workspaces (id, name, created_at) \
                   VALUES ($1, $2, $3)";
        let done = exec!(self, pool => sqlx::query(sql)
            .bind(&id).bind(name).bind(now_ms())
            .execute(pool).await);
        match done.map_err(StoreError::from) {
            Err(e) if e.is_unique_violation() => {
                Err(StoreError::Conflict(format!("a workspace named {name:?}")))
            }
            Err(e) => Err(e),
            Ok(_) => Ok(Workspace {
                id,
                name: name.to_owned(),
            }),
        }
    }

    /// The workspace with this name.
    pub async fn workspace_by_name(
        &self,
        name: &str,
    ) -> StoreResult<Option<Workspace>> {
        let sql = "SELECT id, name FROM workspaces WHERE name = $1";
        let row: Option<(String, String)> = on_db!(self, pool =>
            sqlx::query_as(sql).bind(name).fetch_optional(pool).await)?;
        Ok(row.map(|(id, name)| Workspace { id, name }))
    }

    /// How many workspaces exist.
    pub async fn count_workspaces(&self) -> StoreResult<i64> {
        let sql = "SELECT COUNT(*) FROM workspaces";
        Ok(on_db!(self, pool =>
            sqlx::query_scalar(sql).fetch_one(pool).await)?)
    }

    /// The user with this email, created when new; returns its id.
    pub async fn ensure_user(&self, email: &str) -> StoreResult<String> {
        let insert = "INSERT INTO users (id, email, created_at) \
                      VALUES ($1, $2, $3) ON CONFLICT (email) DO NOTHING";
        exec!(self, pool => sqlx::query(insert)
            .bind(new_id()).bind(email).bind(now_ms())
            .execute(pool).await)?;
        let select = "SELECT id FROM users WHERE email = $1";
        Ok(on_db!(self, pool =>
            sqlx::query_scalar(select).bind(email).fetch_one(pool).await)?)
    }

    /// Gives `user_id` the `role` in `workspace_id` (replacing any).
    pub async fn grant(
        &self,
        workspace_id: &str,
        user_id: &str,
        role: Role,
    ) -> StoreResult<()> {
        let sql = "INSERT INTO workspace_permissions \
                   (workspace_id, user_id, role, created_at) \
                   VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (workspace_id, user_id) \
                   DO UPDATE SET role = excluded.role";
        exec!(self, pool => sqlx::query(sql)
            .bind(workspace_id).bind(user_id).bind(role.as_str())
            .bind(now_ms()).execute(pool).await)?;
        Ok(())
    }

    /// The user with `email` as a member of `workspace_id`.
    pub async fn member(
        &self,
        workspace_id: &str,
        email: &str,
    ) -> StoreResult<Option<Principal>> {
        let sql = format!("{PRINCIPAL} WHERE w.id = $1 AND u.email = $2");
        let row: Option<PrincipalRow> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).bind(email)
                .fetch_optional(pool).await)?;
        row.map(principal).transpose()
    }

    /// The members of `workspace_id`, by email.
    pub async fn members(
        &self,
        workspace_id: &str,
    ) -> StoreResult<Vec<Principal>> {
        let sql = format!("{PRINCIPAL} WHERE w.id = $1 ORDER BY u.email");
        let rows: Vec<PrincipalRow> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).fetch_all(pool).await)?;
        rows.into_iter().map(principal).collect()
    }

    /// Takes `user_id` out of `workspace_id`: their sessions, API
    /// tokens and unused sign-in links there stop working first, so a
    /// member added again later does not get them back.
    pub async fn remove_member(
        &self,
        workspace_id: &str,
        user_id: &str,
    ) -> StoreResult<()> {
        let now = now_ms();
        let sessions = "DELETE FROM sessions \
                        WHERE workspace_id = $1 AND user_id = $2";
        exec!(self, pool => sqlx::query(sessions)
            .bind(workspace_id).bind(user_id).execute(pool).await)?;
        let tokens = "UPDATE api_tokens SET revoked_at = $3 \
                      WHERE workspace_id = $1 AND user_id = $2 \
                      AND revoked_at IS NULL";
        exec!(self, pool => sqlx::query(tokens)
            .bind(workspace_id).bind(user_id).bind(now)
            .execute(pool).await)?;
        let links = "UPDATE login_links SET used_at = $3 \
                     WHERE workspace_id = $1 AND user_id = $2 \
                     AND used_at IS NULL";
        exec!(self, pool => sqlx::query(links)
            .bind(workspace_id).bind(user_id).bind(now)
            .execute(pool).await)?;
        let member = "DELETE FROM workspace_permissions \
                      WHERE workspace_id = $1 AND user_id = $2";
        exec!(self, pool => sqlx::query(member)
            .bind(workspace_id).bind(user_id).execute(pool).await)?;
        Ok(())
    }

    /// The workspaces `user_id` belongs to, with the role in each.
    pub async fn memberships(
        &self,
        user_id: &str,
    ) -> StoreResult<Vec<Principal>> {
        let sql = format!("{PRINCIPAL} WHERE u.id = $1 ORDER BY w.name");
        let rows: Vec<PrincipalRow> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(user_id).fetch_all(pool).await)?;
        rows.into_iter().map(principal).collect()
    }

    /// A new API token for a member; the token itself is returned once
    /// and only its hash is kept.
    pub async fn create_token(
        &self,
        member: &Principal,
        name: &str,
    ) -> StoreResult<String> {
        let token = new_secret("hgt_");
        let sql = "INSERT INTO api_tokens (id, workspace_id, user_id, \
                   name, token_hash, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6)";
        exec!(self, pool => sqlx::query(sql)
            .bind(new_id()).bind(&member.workspace_id)
            .bind(&member.user_id).bind(name).bind(hash_secret(&token))
            .bind(now_ms()).execute(pool).await)?;
        Ok(token)
    }

    /// A member's API tokens that still work, newest first.
    pub async fn tokens(&self, member: &Principal) -> StoreResult<Vec<Token>> {
        let sql = "SELECT id, name, created_at FROM api_tokens \
                   WHERE workspace_id = $1 AND user_id = $2 \
                   AND revoked_at IS NULL ORDER BY created_at DESC, id";
        let rows: Vec<(String, String, i64)> = on_db!(self, pool =>
            sqlx::query_as(sql)
                .bind(&member.workspace_id).bind(&member.user_id)
                .fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, created_at)| Token {
                id,
                name,
                created_at,
            })
            .collect())
    }

    /// Revokes one of a member's API tokens; false when they have no
    /// such token still working.
    pub async fn revoke_token(
        &self,
        member: &Principal,
        id: &str,
    ) -> StoreResult<bool> {
        let sql = "UPDATE api_tokens SET revoked_at = $4 \
                   WHERE workspace_id = $1 AND user_id = $2 AND id = $3 \
                   AND revoked_at IS NULL";
        let done = exec!(self, pool => sqlx::query(sql)
            .bind(&member.workspace_id).bind(&member.user_id).bind(id)
            .bind(now_ms()).execute(pool).await)?;
        Ok(done > 0)
    }

    /// Who holds this API token, if it is valid.
    pub async fn principal_by_token(
        &self,
        token: &str,
    ) -> StoreResult<Option<Principal>> {
        let sql = format!(
            "{PRINCIPAL} JOIN api_tokens t ON t.user_id = u.id \
             AND t.workspace_id = w.id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL"
        );
        let row: Option<PrincipalRow> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(hash_secret(token)).fetch_optional(pool).await)?;
        row.map(principal).transpose()
    }

    /// A one-time sign-in link secret for a member.
    pub async fn create_login_link(
        &self,
        member: &Principal,
    ) -> StoreResult<String> {
        let secret = new_secret("hgl_");
        let now = now_ms();
        let sql = "INSERT INTO login_links (token_hash, user_id, \
                   workspace_id, created_at, expires_at) \
                   VALUES ($1, $2, $3, $4, $5)";
        exec!(self, pool => sqlx::query(sql)
            .bind(hash_secret(&secret)).bind(&member.user_id)
            .bind(&member.workspace_id).bind(now)
            .bind(now + LOGIN_LINK_MS).execute(pool).await)?;
        Ok(secret)
    }

    /// Uses a sign-in link: valid once, before it expires. Returns a
    /// new session secret for the cookie.
    pub async fn redeem_login_link(
        &self,
        secret: &str,
    ) -> StoreResult<Option<String>> {
        let now = now_ms();
        let sql = "UPDATE login_links SET used_at = $1 \
                   WHERE token_hash = $2 AND used_at IS NULL \
                   AND expires_at > $1 RETURNING user_id, workspace_id";
        let row: Option<(String, String)> = on_db!(self, pool =>
            sqlx::query_as(sql).bind(now).bind(hash_secret(secret))
                .fetch_optional(pool).await)?;
        match row {
            Some((user, workspace)) => {
                Ok(Some(self.create_session(&user, &workspace).await?))
            }
            None => Ok(None),
        }
    }

    /// A new session for `user_id` in `workspace_id`.
    pub async fn create_session(
        &self,
        user_id: &str,
        workspace_id: &str,
    ) -> StoreResult<String> {
        let secret = new_secret("hgs_");
        let now = now_ms();
        let sql = "INSERT INTO sessions (token_hash, user_id, \
                   workspace_id, created_at, expires_at) \
                   VALUES ($1, $2, $3, $4, $5)";
        exec!(self, pool => sqlx::query(sql)
            .bind(hash_secret(&secret)).bind(user_id).bind(workspace_id)
            .bind(now).bind(now + SESSION_MS).execute(pool).await)?;
        Ok(secret)
    }

    /// Who holds this session cookie, if it is valid.
    pub async fn principal_by_session(
        &self,
        secret: &str,
    ) -> StoreResult<Option<Principal>> {
        let sql = format!(
            "{PRINCIPAL} JOIN sessions s ON s.user_id = u.id \
             AND s.workspace_id = w.id \
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        );
        let row: Option<PrincipalRow> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(hash_secret(secret)).bind(now_ms())
                .fetch_optional(pool).await)?;
        row.map(principal).transpose()
    }

    /// Ends a session.
    pub async fn delete_session(&self, secret: &str) -> StoreResult<()> {
        let sql = "DELETE FROM sessions WHERE token_hash = $1";
        exec!(self, pool => sqlx::query(sql)
            .bind(hash_secret(secret)).execute(pool).await)?;
        Ok(())
    }
}
