//! Printouts saved off the key's path.
//!
//! A printout is made (read from the store and rendered, about 0.1 ms) where the key is
//! handled; saving it is a new file, its fsync and the folder's fsync, which on a busy
//! disk take milliseconds. A thread of the console's own saves the pages in the order they
//! were made and hands back each file's path (or why it could not be written); the
//! console shows it as the next message, a frame after the key.
//!
//! Nothing is lost on quitting: dropping the printer waits for every page handed to it.
//! Where no thread can be started the page is saved where the key is handled, as before.
//! A page whose saving panics (a bug) is answered as not saved, in the log with the
//! panic's message, and the pages after it are saved as usual; the console's panic hook
//! leaves the terminal alone for a panic on this thread (see [`in_printer_thread`]).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use crate::print::Document;

use super::Msg;

/// What a saved page (or the failure to save it) tells the screen that printed it.
pub type Reply = fn(anyhow::Result<PathBuf>) -> Msg;

struct Job {
    dir: PathBuf,
    doc: Document,
    reply: Reply,
}

type Done = (Reply, anyhow::Result<PathBuf>);

/// How a page is saved: [`Document::save`], or a test's stand-in.
type Save = fn(&Document, &Path) -> anyhow::Result<PathBuf>;

/// The saving thread's name (the panic hook tells its panics by it).
const THREAD_NAME: &str = "printouts";

// DEBUG_PANIC_VAR set to `print` makes the saving thread panic on the first page: lets
// a test (or a person) see that the console goes on, the page is answered as not saved
// and the next one is saved.
use crate::terminal::DEBUG_PANIC_VAR;

/// Whether the running thread is the printer's: a panic there is one page not saved
/// (answered and logged by the printer), not a reason to restore the terminal.
pub fn in_printer_thread() -> bool {
    std::thread::current().name() == Some(THREAD_NAME)
}

/// A page not saved because its saving panicked (a bug, logged with the panic).
#[derive(Debug, thiserror::Error)]
#[error("{page}: an internal error stopped the saving ({what}); see the log")]
pub struct SavePanicked {
    pub page: String,
    pub what: String,
}

/// Saves one page; a panic in the saving becomes the page's error, so the thread goes on
/// with the next pages and the screen that printed hears of it.
fn save_guarded(save: Save, doc: &Document, dir: &Path) -> anyhow::Result<PathBuf> {
    match catch_unwind(AssertUnwindSafe(|| save(doc, dir))) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(page = %doc.stem, panic = %what, "saving a printout panicked");
            Err(SavePanicked {
                page: doc.stem.clone(),
                what,
            }
            .into())
        }
    }
}

/// The saving thread, started with the first printout.
pub struct Printer {
    worker: Option<Worker>,
    /// Pages handed over whose result has not been taken yet.
    pending: usize,
    /// Results of pages saved where the key was handled (no thread could be started).
    saved_here: Vec<Done>,
    save: Save,
}

impl Default for Printer {
    fn default() -> Printer {
        Printer {
            worker: None,
            pending: 0,
            saved_here: Vec::new(),
            save: Document::save,
        }
    }
}

struct Worker {
    jobs: Option<Sender<Job>>,
    done: Receiver<Done>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    fn start(save: Save) -> std::io::Result<Worker> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (outbox, done) = mpsc::channel::<Done>();
        let debug_panic = std::env::var(DEBUG_PANIC_VAR).is_ok_and(|v| v == "print");
        let thread = std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || {
                let mut first = true;
                for job in inbox {
                    let save: Save = if debug_panic && std::mem::take(&mut first) {
                        |_, _| panic!("{DEBUG_PANIC_VAR}=print is set: panicking on the first page, as asked")
                    } else {
                        save
                    };
                    let result = save_guarded(save, &job.doc, &job.dir);
                    if outbox.send((job.reply, result)).is_err() {
                        // The console is gone; the pages still queued are saved all the same.
                        continue;
                    }
                }
            })?;
        Ok(Worker {
            jobs: Some(jobs),
            done,
            thread: Some(thread),
        })
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the queue ends the thread once every page in it is saved.
        self.jobs = None;
        if let Some(t) = self.thread.take()
            && t.join().is_err()
        {
            tracing::error!("the printout thread panicked");
        }
    }
}

impl Printer {
    /// Saves `doc` in `dir` as its next copy; `reply` turns the outcome into the message
    /// for the screen that printed it (see [`Printer::take_done`]).
    pub fn submit(&mut self, dir: PathBuf, doc: Document, reply: Reply) {
        if self.worker.is_none() {
            match Worker::start(self.save) {
                Ok(w) => self.worker = Some(w),
                Err(e) => tracing::warn!(error = %e, "no printout thread; saving in place"),
            }
        }
        self.pending += 1;
        let job = Job { dir, doc, reply };
        let job = match self.worker.as_ref().and_then(|w| w.jobs.as_ref()) {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return,
                Err(mpsc::SendError(job)) => job,
            },
            None => job,
        };
        // No thread to take it (none started, or it ended): saved here and now.
        let result = save_guarded(self.save, &job.doc, &job.dir);
        self.saved_here.push((job.reply, result));
    }

    /// Pages handed over whose result has not been taken.
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// The messages of the pages saved since last asked, without waiting.
    pub fn take_done(&mut self) -> Vec<Msg> {
        let mut done = std::mem::take(&mut self.saved_here);
        if let Some(w) = &self.worker {
            done.extend(w.done.try_iter());
        }
        self.finish(done)
    }

    /// Waits until every page handed over is saved; their messages.
    pub fn wait(&mut self) -> Vec<Msg> {
        let mut done = std::mem::take(&mut self.saved_here);
        if let Some(w) = &self.worker {
            while done.len() < self.pending {
                match w.done.recv() {
                    Ok(d) => done.push(d),
                    Err(_) => break,
                }
            }
        }
        self.finish(done)
    }

    fn finish(&mut self, done: Vec<Done>) -> Vec<Msg> {
        self.pending = self.pending.saturating_sub(done.len());
        if self.pending > 0
            && self
                .worker
                .as_ref()
                .is_some_and(|w| w.thread.as_ref().is_some_and(|t| t.is_finished()))
        {
            // The thread ended with pages unsaved (a panic over a page is caught and
            // answered, so only something outside it ends the thread): say so, not wait.
            tracing::error!(pages = self.pending, "the printout thread ended early");
            self.pending = 0;
        }
        done.into_iter().map(|(reply, r)| reply(r)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::screens::work_orders;

    fn reply(r: anyhow::Result<PathBuf>) -> Msg {
        Msg::WorkOrders(match r {
            Ok(p) => work_orders::Msg::Printed(p.display().to_string()),
            Err(e) => work_orders::Msg::Failed(crate::app::fx::print_failed(&e)),
        })
    }

    fn page(stem: &str) -> Document {
        Document {
            stem: stem.into(),
            html: format!("<p>{stem}</p>"),
        }
    }

    #[test]
    fn pages_are_saved_in_order_and_each_reported() {
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("exports");
        let mut p = Printer::default();
        assert!(!p.busy());
        for _ in 0..3 {
            p.submit(exports.clone(), page("RO-20261203-0001"), reply);
        }
        p.submit(exports.clone(), page("../escape"), reply);
        assert!(p.busy());
        let msgs = p.wait();
        assert!(!p.busy());
        let notes: Vec<String> = msgs
            .iter()
            .map(|m| match m {
                Msg::WorkOrders(m) => format!("{m:?}"),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(notes.len(), 4);
        assert!(notes[0].contains("RO-20261203-0001.html"), "{}", notes[0]);
        assert!(notes[1].contains("RO-20261203-0001-2.html"), "{}", notes[1]);
        assert!(notes[2].contains("RO-20261203-0001-3.html"), "{}", notes[2]);
        assert!(
            notes[3].contains("cannot be used as a file name"),
            "{}",
            notes[3]
        );
        assert_eq!(
            std::fs::read_to_string(exports.join("RO-20261203-0001-3.html")).unwrap(),
            "<p>RO-20261203-0001</p>"
        );
        assert!(p.take_done().is_empty());
    }

    #[test]
    fn a_page_whose_saving_panics_is_answered_and_the_next_pages_are_saved() {
        fn save(doc: &Document, dir: &Path) -> anyhow::Result<PathBuf> {
            if doc.stem == "boom" {
                panic!("a bug in the saving");
            }
            doc.save(dir)
        }
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("exports");
        for threaded in [true, false] {
            let mut p = Printer {
                save,
                ..Printer::default()
            };
            if !threaded {
                // As when no thread could be started: saved where the key is handled.
                p.worker = Some(Worker {
                    jobs: None,
                    done: mpsc::channel().1,
                    thread: None,
                });
            }
            for stem in ["RO-20261204-0001", "boom", "RO-20261204-0002"] {
                p.submit(exports.clone(), page(stem), reply);
            }
            let notes: Vec<String> = p.wait().iter().map(|m| format!("{m:?}")).collect();
            assert!(!p.busy());
            assert_eq!(notes.len(), 3, "{notes:?}");
            assert!(notes[0].contains("Printed"), "{}", notes[0]);
            // Said in the user's language (its own message), the panic's text in the log.
            assert!(notes[1].contains("error.print_internal"), "{}", notes[1]);
            assert!(notes[1].contains("boom"), "{}", notes[1]);
            assert!(notes[2].contains("Printed"), "{}", notes[2]);
            assert!(notes[2].contains("RO-20261204-0002"), "{}", notes[2]);
        }
        assert!(exports.join("RO-20261204-0001-2.html").exists());
        assert!(exports.join("RO-20261204-0002-2.html").exists());
        let names: Vec<String> = std::fs::read_dir(&exports)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 4, "two pages saved per run: {names:?}");
        assert!(!names.iter().any(|n| n.starts_with("boom")), "{names:?}");
    }

    #[test]
    fn dropping_the_printer_saves_every_page_handed_over() {
        let dir = tempfile::tempdir().unwrap();
        let exports = dir.path().join("exports");
        let mut p = Printer::default();
        for _ in 0..20 {
            p.submit(exports.clone(), page("RO-20261203-0002"), reply);
        }
        drop(p);
        let n = std::fs::read_dir(&exports)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                let name = name.to_string_lossy();
                name.starts_with("RO-20261203-0002") && name.ends_with(".html")
            })
            .count();
        assert_eq!(n, 20);
    }
}
