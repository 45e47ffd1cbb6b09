#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use server::configuration::Settings;
use server::{catalog, telemetry, Application};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  server                      run the hall (configuration: HALL_CONFIG, HALL__* variables)
  server catalog check [DIR]  validate a catalog directory and print its counts";

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
