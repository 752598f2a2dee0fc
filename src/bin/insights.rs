//! `insights`: the metric engine from a terminal.
//!
//! insights report --data FILE [--usage FILE] [--from YYYY-MM] [--to YYYY-MM] [filters...]
//! insights customers --data FILE [--usage FILE] [--from YYYY-MM] [--to YYYY-MM] [filters...] [--format json|csv]
//! insights inspect --data FILE [--usage FILE] [--json]
//! insights generate --customers N --months M --seed S --out DIR

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use partner_insights::dataset::{Dataset, UsageData};
use partner_insights::export;
use partner_insights::generate::{self, Options};
use partner_insights::ingest::{self, LoadSummary};
use partner_insights::metrics::{self, Query, RowCounts};
use partner_insights::model::{Dimension, Month};

/// The command's help; the filter flags come from [`Dimension::ALL`].
fn help_text() -> String {
    let filters: Vec<String> = Dimension::ALL
        .iter()
        .map(|d| format!("[{} X]...", d.flag()))
        .collect();
    let mut lines = vec![String::new()];
    for flag in filters {
        let line = lines.last_mut().expect("a line");
        if line.len() + 1 + flag.len() > 75 {
            lines.push(String::new());
        }
        let line = lines.last_mut().expect("a line");
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&flag);
    }
    let indent = "\n                  ";
    USAGE.replace("{filters}", &lines.join(indent))
}

const USAGE: &str = "\
usage:
  insights report --data FILE [--usage FILE] [--from YYYY-MM] [--to YYYY-MM]
                  {filters}
                  [--deployment-threshold N] [--usage-threshold N]
      Prints the report JSON of the Customers dashboard and license adoption.
      A repeated filter flag is a set of allowed values.
  insights customers --data FILE [--usage FILE] [--from YYYY-MM] [--to YYYY-MM]
                  {filters} [--format json|csv]
      Lists every customer of the range under the filters: where it stands
      at the range's end, its market, segment, products, subscriptions and
      seats, and the months it was added or churned in.
  insights inspect [--data FILE] [--usage FILE] [--json]
      Says how each file was read: the layout recognised, the encoding, the
      delimiter, the order of slash dates, the column each field came from,
      the columns not read, and the rows loaded and rejected.
  insights generate --customers N --months M --seed S --out DIR [--last-month YYYY-MM]
      Writes a deterministic sample data set: DIR/customers.csv and DIR/usage.csv.";

/// The system's allocator, with a clear message where Rust would abort
/// with a bare "memory allocation failed" when memory runs out: the
/// command holds the whole data set (about 85 bytes a row), so a file too
/// big for the machine ends here.
struct Guarded;

// SAFETY: every call goes to the system allocator unchanged; only a null
// result (no memory) is handled before it returns.
unsafe impl GlobalAlloc for Guarded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        checked(unsafe { System.alloc(layout) }, layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        checked(unsafe { System.alloc_zeroed(layout) }, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let grown = unsafe { System.realloc(ptr, layout, new_size) };
        checked(
            grown,
            Layout::from_size_align(new_size, layout.align()).unwrap_or(layout),
        )
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Guarded = Guarded;

fn checked(ptr: *mut u8, layout: Layout) -> *mut u8 {
    if ptr.is_null() {
        out_of_memory(layout.size());
    }
    ptr
}

/// Says that memory ran out and exits with status 3. Allocates nothing:
/// the size is written into a buffer on the stack.
#[cold]
fn out_of_memory(size: usize) -> ! {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut mb = size.div_ceil(1 << 20).max(1);
    while mb > 0 || at == digits.len() {
        at -= 1;
        digits[at] = b'0' + (mb % 10) as u8;
        mb /= 10;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(b"insights: out of memory: the machine could not give ");
    let _ = err.write_all(&digits[at..]);
    let _ = err.write_all(
        b" MB more. The command holds the data set in memory, about 85 bytes a row of the \
          customers file (and 25 a row of a usage file): run it where it has more memory.\n",
    );
    std::process::exit(3)
}

/// How many rejected rows are listed on stderr before a summary line.
const SHOWN_ERRORS: usize = 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("report") => report(&args[1..]),
        Some("customers") => customers(&args[1..]),
        Some("generate") => generate(&args[1..]),
        Some("inspect") => inspect(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{}", help_text());
            Ok(())
        }
        _ => Err(format!("expected a command\n{}", help_text())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("insights: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--flag value` pairs, in order.
fn pairs(args: &[String]) -> Result<Vec<(&str, &str)>, String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if !flag.starts_with("--") {
            return Err(format!("unexpected argument {flag:?}\n{}", help_text()));
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        out.push((flag.as_str(), value.as_str()));
    }
    Ok(out)
}

fn month(flag: &str, value: &str) -> Result<Month, String> {
    Month::parse(value).ok_or_else(|| format!("{flag} {value:?} is not a month (YYYY-MM)"))
}

fn percent(flag: &str, value: &str) -> Result<f64, String> {
    value
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| format!("{flag} {value:?} is not a percentage"))
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Why a file gave no table, naming it.
fn not_loaded(path: &Path, e: ingest::ReadError) -> String {
    match e {
        ingest::ReadError::Io(e) => format!("cannot read {}: {e}", path.display()),
        ingest::ReadError::File(e) => format!("{}: {e}", path.display()),
    }
}

fn print_rejections(path: &Path, summary: &LoadSummary) {
    if summary.rejected == 0 {
        return;
    }
    eprintln!(
        "{}: {} rows loaded, {} rejected:",
        path.display(),
        summary.loaded,
        summary.rejected
    );
    for error in summary.errors.iter().take(SHOWN_ERRORS) {
        eprintln!("  {error}");
    }
    if summary.errors.len() > SHOWN_ERRORS {
        eprintln!(
            "  ... and {} more problems",
            summary.errors.len() - SHOWN_ERRORS
        );
    }
}

/// What `report` and `customers` are asked: the files, the range, the
/// filters and thresholds, and (for `customers`) the output format.
struct Asked {
    data: PathBuf,
    usage: Option<PathBuf>,
    query: Query,
    format: Option<String>,
}

fn asked(command: &str, args: &[String]) -> Result<Asked, String> {
    let mut data = None;
    let mut usage = None;
    let mut format = None;
    let mut query = Query::default();
    for (flag, value) in pairs(args)? {
        match flag {
            "--data" => data = Some(PathBuf::from(value)),
            "--usage" => usage = Some(PathBuf::from(value)),
            "--from" => query.from = Some(month(flag, value)?),
            "--to" => query.to = Some(month(flag, value)?),
            "--deployment-threshold" => query.thresholds.deployment_pct = percent(flag, value)?,
            "--usage-threshold" => query.thresholds.usage_pct = percent(flag, value)?,
            "--format" if command == "customers" && matches!(value, "json" | "csv") => {
                format = Some(value.to_string())
            }
            "--format" if command == "customers" => {
                return Err(format!("--format {value:?}: expected json or csv"))
            }
            _ => match Dimension::ALL.into_iter().find(|d| d.flag() == flag) {
                Some(d) => query.filters[d].push(value.into()),
                None => return Err(format!("unknown option {flag}\n{}", help_text())),
            },
        }
    }
    let data = data.ok_or_else(|| format!("{command} needs --data FILE\n{}", help_text()))?;
    Ok(Asked {
        data,
        usage,
        query,
        format,
    })
}

/// The customers file (with the usage file joined, when given).
fn load(asked: &Asked) -> Result<(Dataset, RowCounts, Option<UsageData>), String> {
    let data = &asked.data;
    // Read in pieces: what is held is the dataset, not the file.
    let loaded = ingest::load_customers_from(|| std::fs::File::open(data))
        .map_err(|e| not_loaded(data, e))?;
    print_rejections(data, &loaded.summary);
    if loaded.dataset.is_empty() {
        return Err(format!(
            "{}: no row could be loaded, so there is nothing to report",
            data.display()
        ));
    }
    let mut dataset = loaded.dataset;
    let usage_data = match &asked.usage {
        Some(path) => {
            let (usage, summary) = ingest::load_usage_from(|| std::fs::File::open(path))
                .map_err(|e| not_loaded(path, e))?;
            print_rejections(path, &summary);
            // Active customers count the usage file's activity (spec 1.4).
            dataset.attach_usage(&usage);
            Some(usage)
        }
        None => None,
    };
    let rows = RowCounts {
        loaded: loaded.summary.loaded,
        rejected: loaded.summary.rejected,
    };
    Ok((dataset, rows, usage_data))
}

fn report(args: &[String]) -> Result<(), String> {
    let asked = asked("report", args)?;
    let (dataset, rows, usage) = load(&asked)?;
    let report =
        metrics::report(&dataset, rows, usage.as_ref(), &asked.query).map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    println!("{json}");
    Ok(())
}

fn customers(args: &[String]) -> Result<(), String> {
    let asked = asked("customers", args)?;
    let (dataset, _, _) = load(&asked)?;
    let lines = metrics::customer_list_for(&dataset, &asked.query).map_err(|e| e.to_string())?;
    if asked.format.as_deref() == Some("csv") {
        let known = dataset.measures().known_pcts();
        print!("{}", export::tables::customer_list(&lines, known).to_csv());
    } else {
        let json = serde_json::to_string_pretty(&lines).map_err(|e| e.to_string())?;
        println!("{json}");
    }
    Ok(())
}

fn inspect(args: &[String]) -> Result<(), String> {
    let mut files: Vec<(&str, PathBuf)> = Vec::new();
    let mut json = false;
    let mut rest = Vec::new();
    for arg in args {
        if arg == "--json" {
            json = true;
        } else {
            rest.push(arg.clone());
        }
    }
    for (flag, value) in pairs(&rest)? {
        match flag {
            "--data" => files.push(("customers", PathBuf::from(value))),
            "--usage" => files.push(("usage", PathBuf::from(value))),
            _ => return Err(format!("unknown option {flag}\n{}", help_text())),
        }
    }
    if files.is_empty() {
        return Err(format!(
            "inspect needs --data FILE or --usage FILE\n{USAGE}"
        ));
    }
    let mut out = serde_json::Map::new();
    for (kind, path) in files {
        let bytes = read(&path)?;
        let summary = match kind {
            "customers" => ingest::load_customers(&bytes).map(|l| l.summary),
            _ => ingest::load_usage(&bytes).map(|(_, s)| s),
        }
        .map_err(|e| format!("{}: {e}", path.display()))?;
        if json {
            out.insert(
                kind.to_string(),
                serde_json::json!({
                    "file": path.display().to_string(),
                    "reading": summary.reading,
                    "rows": {"loaded": summary.loaded, "rejected": summary.rejected},
                }),
            );
            continue;
        }
        println!("{} ({kind} file)", path.display());
        for line in summary.reading.lines() {
            println!("  {line}");
        }
        println!(
            "  rows: {} loaded, {} rejected",
            summary.loaded, summary.rejected
        );
        for error in summary.errors.iter().take(SHOWN_ERRORS) {
            println!("    {error}");
        }
    }
    if json {
        let text = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
        println!("{text}");
    }
    Ok(())
}

fn generate(args: &[String]) -> Result<(), String> {
    let mut customers = None;
    let mut months = None;
    let mut seed = None;
    let mut out = None;
    let mut last_month = Month::new(2026, 10).expect("a valid month");
    for (flag, value) in pairs(args)? {
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag} {value:?} is not a whole number"))
        };
        match flag {
            "--customers" => customers = Some(number()? as usize),
            "--months" => months = Some(number()?.clamp(1, 1200) as usize),
            "--seed" => seed = Some(number()?),
            "--out" => out = Some(PathBuf::from(value)),
            "--last-month" => last_month = month(flag, value)?,
            _ => return Err(format!("unknown option {flag}\n{}", help_text())),
        }
    }
    let (Some(customers), Some(months), Some(seed), Some(out)) = (customers, months, seed, out)
    else {
        return Err(format!(
            "generate needs --customers, --months, --seed and --out\n{USAGE}"
        ));
    };
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let create = |name: &str| {
        let path = out.join(name);
        std::fs::File::create(&path)
            .map(|f| std::io::BufWriter::with_capacity(1 << 20, f))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let mut customers_file = create("customers.csv")?;
    let mut usage_file = create("usage.csv")?;
    let options = Options {
        customers,
        months,
        seed,
        last_month,
    };
    let (rows, usage_rows) = generate::generate(&options, &mut customers_file, &mut usage_file)
        .and_then(|counts| {
            use std::io::Write;
            customers_file.flush()?;
            usage_file.flush()?;
            Ok(counts)
        })
        .map_err(|e| format!("writing {}: {e}", out.display()))?;
    eprintln!(
        "wrote {} ({rows} rows) and {} ({usage_rows} rows)",
        out.join("customers.csv").display(),
        out.join("usage.csv").display()
    );
    Ok(())
}
