//! Admin commands: workspaces, users, API tokens and sign-in links,
//! and what `honeygrid serve` does on its first start.

use anyhow::Context as _;
use honeygrid_app::App;
use honeygrid_store::{Principal, Role, StoreError};

use crate::cli::{AdminCommand, MemberArgs, UserAddArgs};
use crate::exit::Failure;

/// The workspace and owner made on an empty database.
const DEFAULT_WORKSPACE: &str = "default";
const DEFAULT_OWNER: &str = "owner@localhost";

/// Runs an admin command.
pub fn run(
    command: AdminCommand,
    data_dir: &std::path::Path,
) -> Result<(), Failure> {
    let service = match &command {
        AdminCommand::Workspace { service, .. } => service,
        AdminCommand::User(args) => &args.service,
        AdminCommand::Token(args) | AdminCommand::LoginLink(args) => {
            &args.service
        }
    };
    let service = service.clone();
    super::service::runtime()?.block_on(async {
        let app = super::service::open(&service, data_dir).await?;
        match command {
            AdminCommand::Workspace { name, .. } => {
                let ws =
                    app.db.create_workspace(&name).await.map_err(refuse)?;
                println!("Created workspace {} ({}).", ws.name, ws.id);
            }
            AdminCommand::User(args) => add_user(&app, args).await?,
            AdminCommand::Token(args) => {
                let member = member(&app, &args).await?;
                let token = app.db.create_token(&member, "cli").await;
                println!("{}", token.context("cannot create the token")?);
            }
            AdminCommand::LoginLink(args) => {
                let member = member(&app, &args).await?;
                let link = app.db.create_login_link(&member).await;
                let link = link.context("cannot create the link")?;
                println!("{}/login?token={link}", args.base_url);
            }
        }
        Ok(())
    })
}

async fn add_user(app: &App, args: UserAddArgs) -> Result<(), Failure> {
    let role = Role::parse(&args.role).ok_or_else(|| {
        Failure::Usage(format!(
            "unknown role {:?}; use owner, editor or viewer",
            args.role
        ))
    })?;
    let ws = workspace(app, &args.workspace).await?;
    let user = app.db.ensure_user(&args.email).await;
    let user = user.context("cannot create the user")?;
    app.db
        .grant(&ws, &user, role)
        .await
        .context("cannot grant the role")?;
    println!(
        "{} is {} in workspace {}.",
        args.email,
        role.as_str(),
        args.workspace
    );
    Ok(())
}

async fn workspace(app: &App, name: &str) -> Result<String, Failure> {
    let found = app.db.workspace_by_name(name).await;
    match found.context("cannot read workspaces")? {
        Some(ws) => Ok(ws.id),
        None => Err(Failure::Refused(format!(
            "no workspace named {name:?}; create it with `honeygrid \
             workspace create {name}`"
        ))),
    }
}

async fn member(app: &App, args: &MemberArgs) -> Result<Principal, Failure> {
    let ws = workspace(app, &args.workspace).await?;
    let found = app.db.member(&ws, &args.email).await;
    found.context("cannot read members")?.ok_or_else(|| {
        Failure::Refused(format!(
            "{} is not a member of workspace {}; add them with `honeygrid \
             user add {} --workspace {} --role editor`",
            args.email, args.workspace, args.email, args.workspace
        ))
    })
}

fn refuse(e: StoreError) -> Failure {
    if e.is_unique_violation() {
        Failure::Refused(e.to_string())
    } else {
        Failure::Failed(e.into())
    }
}

/// On an empty database: a default workspace, its owner, and how to
/// sign in, printed once. Another process doing the same at the same
/// moment makes this one do nothing.
pub async fn first_start(app: &App, base_url: &str) -> Result<(), Failure> {
    let count = app.db.count_workspaces().await;
    if count.context("cannot read workspaces")? > 0 {
        return Ok(());
    }
    let ws = match app.db.create_workspace(DEFAULT_WORKSPACE).await {
        Ok(ws) => ws,
        Err(e) if e.is_unique_violation() => return Ok(()),
        Err(e) => return Err(Failure::Failed(e.into())),
    };
    let user = app.db.ensure_user(DEFAULT_OWNER).await;
    let user = user.context("cannot create the owner")?;
    app.db
        .grant(&ws.id, &user, Role::Owner)
        .await
        .context("cannot grant the owner role")?;
    let owner = app.db.member(&ws.id, DEFAULT_OWNER).await;
    let owner = owner.context("cannot read the owner")?;
    let owner = owner.context("the owner just created is missing")?;
    let token = app.db.create_token(&owner, "first start").await;
    let token = token.context("cannot create a token")?;
    let link = app.db.create_login_link(&owner).await;
    let link = link.context("cannot create a sign-in link")?;
    println!(
        "First start: created workspace {DEFAULT_WORKSPACE:?} with owner \
         {DEFAULT_OWNER}.\n\
         Sign in (link valid for 7 days, once): {base_url}/login?token={link}\n\
         API token (shown only now; keep it): {token}\n\
         Try: curl -H 'Authorization: Bearer {token}' {base_url}/api/me"
    );
    Ok(())
}
