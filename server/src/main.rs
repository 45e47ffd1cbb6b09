#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use server::configuration::Settings;
use server::{catalog, telemetry, Application};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  server                      run the hall (configuration: HALL_CONFIG, HALL__* variables)
  server catalog check [DIR]  validate a catalog directory and print its counts
  server calendar check [DIR] validate the working-day calendar (one file per year)
  server staff add --role ROLE [--department CODE]... [--display-name NAME] ACCOUNT
                              add a staff account; the password (12+ characters) is read
                              from the first line of stdin. ROLE: front_desk, reviewer
                              (needs --department), issuing, supervisor, department_head
                              (needs --department), administrator
  server audit verify         walk the audit log's hash chain; exit 1 at the first
                              broken or missing link
  server seal new FILE        make the hall's electronic seal key (SM2, PKCS#8 PEM,
                              readable by its owner only); never overwrites a file";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["serve"] => serve(settings).await,
        ["catalog", "check"] => check_catalog(settings.catalog.dir),
        ["catalog", "check", dir] => check_catalog(PathBuf::from(dir)),
        ["calendar", "check"] => check_calendar(settings.calendar.dir),
        ["calendar", "check", dir] => check_calendar(PathBuf::from(dir)),
        ["staff", "add", rest @ ..] => add_staff(settings, rest).await,
        ["audit", "verify"] => verify_audit(settings).await,
        ["seal", "new", file] => match server::configuration::write_new_seal_key(file.as_ref()) {
            Ok(()) => {
                println!("seal key written to {file}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("no seal key written: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

async fn serve(settings: Settings) -> ExitCode {
    telemetry::init(&settings.log);
    let app = match Application::build(settings.clone()).await {
        Ok(app) => app,
        Err(e) => {
            tracing::error!("cannot start: {e}");
            eprintln!("cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let url = format!("http://{}:{}", settings.server.host, app.port());
    tracing::info!(%url, "service hall listening");
    println!("The service hall is open at {url}");
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn check_catalog(dir: PathBuf) -> ExitCode {
    match catalog::load(&dir) {
        Ok(c) => {
            println!(
                "catalog {} is valid: {} matters, {} bundles, {} departments",
                dir.display(),
                c.matters.len(),
                c.bundles.len(),
                c.departments.len()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!("catalog {} has {} error(s)", dir.display(), errors.len());
            ExitCode::FAILURE
        }
    }
}

/// `server staff add`: flags, then the account name; the password from stdin.
async fn add_staff(settings: Settings, args: &[&str]) -> ExitCode {
    let mut role = None;
    let mut departments = Vec::new();
    let mut display_name = String::new();
    let mut name = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match (*arg, args.clone().next()) {
            ("--role", Some(v)) => {
                role = domain::StaffRole::parse(v);
                if role.is_none() {
                    let roles: Vec<&str> =
                        domain::StaffRole::ALL.iter().map(|r| r.as_str()).collect();
                    eprintln!("unknown role {v:?}: one of {}", roles.join(", "));
                    return ExitCode::from(2);
                }
                args.next();
            }
            ("--department", Some(v)) => {
                departments.push(v.to_string());
                args.next();
            }
            ("--display-name", Some(v)) => {
                display_name = v.to_string();
                args.next();
            }
            (a, _) if !a.starts_with("--") && name.is_none() => name = Some(a.to_string()),
            (a, _) => {
                eprintln!("unexpected {a:?}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(role), Some(name)) = (role, name) else {
        eprintln!("--role and an account name are needed\n{USAGE}");
        return ExitCode::from(2);
    };
    let mut password = String::new();
    if std::io::stdin().read_line(&mut password).is_err() {
        eprintln!("could not read the password from stdin");
        return ExitCode::FAILURE;
    }
    let password = password.trim_end_matches(['\r', '\n']);
    let hall = match server::open_hall(&settings).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("cannot open the hall: {e}");
            return ExitCode::FAILURE;
        }
    };
    match hall
        .add_staff(&name, &display_name, role, &departments, password)
        .await
    {
        Ok(name) => {
            println!("added {name} ({role})");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("not added: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `server audit verify`: exit 0 with the number of events checked, or 1
/// naming the first broken link.
/// Needs only the database (not the catalog, not the keys).
async fn verify_audit(settings: Settings) -> ExitCode {
    let storage = match settings.database.parsed_url() {
        Ok(url) => store::connect(&url, 2).await.map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    let storage = match storage {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot open the database: {e}");
            return ExitCode::FAILURE;
        }
    };
    match hall::audit::verify(storage.as_ref()).await {
        Ok(n) => {
            println!("audit log intact: {n} events");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `server calendar check`: every problem with its file and entry, exit 1.
fn check_calendar(dir: PathBuf) -> ExitCode {
    match server::calendar::load(&dir) {
        Ok(calendar) => {
            let years: Vec<String> = calendar.years().map(|y| y.to_string()).collect();
            println!("{}: calendar ok, years {}", dir.display(), years.join(", "));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("{} problem(s)", problems.len());
            ExitCode::FAILURE
        }
    }
}
