//! The progress bar, and the observer that feeds it, the failed-rows
//! report and the per-row output.

use std::fs::File;
use std::io::{BufWriter, IsTerminal};
use std::time::Duration;

use honeygrid_core::ColumnPlan;
use honeygrid_ingest::{
    FailedRow, FailedRowsWriter, Observer, PlacedRow, PlacedRowsWriter,
};
use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Watches an ingest: draws progress, writes failed rows.
pub struct CliObserver {
    bar: Option<ProgressBar>,
    report: Option<FailedRowsWriter<BufWriter<File>>>,
    report_file: Option<File>,
    report_error: Option<std::io::Error>,
    rows_out: Option<PlacedRowsWriter<BufWriter<File>>>,
    started: std::time::Instant,
}

impl CliObserver {
    /// A progress bar when `show` and stderr is a terminal, sized by
    /// `total` bytes when known; failed rows to `report` when given.
    pub fn new(
        show: bool,
        total: Option<u64>,
        report: Option<File>,
    ) -> CliObserver {
        let bar = (show && std::io::stderr().is_terminal())
            .then(|| progress_bar(total));
        CliObserver {
            bar,
            report: None,
            report_file: report,
            report_error: None,
            rows_out: None,
            started: std::time::Instant::now(),
        }
    }

    /// Also writes where every row went to `file`.
    pub fn with_rows_out(mut self, file: File) -> std::io::Result<Self> {
        let writer = PlacedRowsWriter::new(BufWriter::new(file));
        self.rows_out = Some(writer.map_err(std::io::Error::other)?);
        Ok(self)
    }

    /// Flushes the report and returns how many rows it has.
    pub fn finish(self) -> std::io::Result<Option<u64>> {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if let Some(e) = self.report_error {
            return Err(e);
        }
        if let Some(w) = self.rows_out {
            w.finish()?;
        }
        match self.report {
            Some(w) => {
                let rows = w.rows();
                w.finish()?;
                Ok(Some(rows))
            }
            None => Ok(None),
        }
    }
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(n) => {
            ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr())
        }
        None => {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        }
    };
    let template = match total {
        Some(_) => "{spinner} {bar:30} {bytes}/{total_bytes} {msg} ETA {eta}",
        None => "{spinner} {bytes} {msg}",
    };
    bar.set_style(
        ProgressStyle::with_template(template).expect("a valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

impl Observer for CliObserver {
    fn started(&mut self, plan: &ColumnPlan) {
        if let Some(file) = self.report_file.take() {
            match FailedRowsWriter::new(BufWriter::new(file), &plan.headers) {
                Ok(w) => self.report = Some(w),
                Err(e) => self.report_error = Some(std::io::Error::other(e)),
            }
        }
    }

    fn progress(&mut self, bytes: u64, rows: u64) {
        if let Some(bar) = &self.bar {
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            let rate = (rows as f64 / secs) as u64;
            bar.set_position(bytes);
            bar.set_message(format!(
                "{} rows, {}/s",
                HumanCount(rows),
                HumanCount(rate)
            ));
        }
    }

    fn failed_row(&mut self, row: &FailedRow) -> std::io::Result<()> {
        if let Some(e) = &self.report_error {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        match &mut self.report {
            Some(w) => w.write(row).map_err(std::io::Error::other),
            None => Ok(()),
        }
    }

    fn placed_row(&mut self, row: &PlacedRow) -> std::io::Result<()> {
        match &mut self.rows_out {
            Some(w) => w.write(row).map_err(std::io::Error::other),
            None => Ok(()),
        }
    }

    fn wants_placed_rows(&self) -> bool {
        self.rows_out.is_some()
    }

    fn wants_failed_rows(&self) -> bool {
        self.report.is_some()
            || self.report_file.is_some()
            || self.report_error.is_some()
    }
}
