//! Terminal set-up and restore, and the event loop.
//!
//! The loop blocks on input with a timeout that matches the next timer (the clock's next
//! minute, the data_version poll, a printout being saved), redraws only when something
//! changed, and draws each frame inside a synchronized update. The terminal is restored on every exit path: a
//! guard restores it on return and on error, ratatui's panic hook on panic.

use std::io::stdout;
use std::time::{Duration, Instant};

use chrono::Timelike;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::execute;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use crate::app::{App, Msg, Services, dispatch, start, take_printed};
use crate::clock::Clock;
use crate::ui::{self, Ctx};

/// Set to 1 to make the console panic on its first key press: lets a test (or a
/// person) see that a panic leaves the terminal restored (`print`: the printer's
/// thread panics on its first page instead, see [`crate::app::printer`]).
pub const DEBUG_PANIC_VAR: &str = "FRONTDESK_DEBUG_PANIC";

/// How often another process's commits are looked for.
const DATA_POLL: Duration = Duration::from_secs(1);

/// How long after the last key the screens are told the user paused (drafts are saved
/// then, so a field being typed survives a dead terminal).
const IDLE_AFTER: Duration = Duration::from_millis(400);

/// How often the printer is asked for finished printouts while it has some in hand.
const PRINT_POLL: Duration = Duration::from_millis(5);

/// Restores the terminal when dropped (normal return and `?` errors alike).
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}

pub fn run(mut app: App, mut sv: Services, ctx: &Ctx, clock: Clock) -> anyhow::Result<()> {
    start(&mut app, &mut sv);

    let debug_panic = std::env::var(DEBUG_PANIC_VAR).is_ok_and(|v| v == "1");
    let mut terminal = ratatui::try_init()?;
    let _restore = Restore;
    // ratatui's hook restores the terminal on a panic; one on the printer's thread is one
    // page not saved (answered on the screen and logged there), and the console goes on.
    let restoring = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !crate::app::printer::in_printer_thread() {
            restoring(info);
        }
    }));
    execute!(stdout(), EnableBracketedPaste)?;

    let mut data_version = sv.store.watch()?;
    let mut last_minute = clock
        .now()
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0));
    let mut next_poll = Instant::now() + DATA_POLL;
    // The board turning its pages on its own.
    let rotation = app.rotation();
    let mut next_turn = rotation.as_ref().map(|(every, _)| Instant::now() + *every);
    let mut dirty = true;
    // The last frame showed the console (not the "terminal too small" screen).
    let mut shown_fits = true;
    // When to tell the screens the user paused typing.
    let mut idle_at: Option<Instant> = None;
    loop {
        if dirty {
            execute!(stdout(), BeginSynchronizedUpdate)?;
            terminal.draw(|f| {
                shown_fits = ui::fits(f.area().width, f.area().height);
                ui::render(f, &app, ctx)
            })?;
            execute!(stdout(), EndSynchronizedUpdate)?;
            dirty = false;
        }
        if app.shell.quit {
            break;
        }
        let until_minute = if clock.is_frozen() {
            Duration::from_secs(3600)
        } else {
            let s = 60 - u64::from(clock.now().second());
            Duration::from_secs(s.max(1))
        };
        let mut timeout = until_minute.min(next_poll.saturating_duration_since(Instant::now()));
        if let Some(at) = idle_at {
            timeout = timeout.min(at.saturating_duration_since(Instant::now()));
        }
        if let Some(at) = next_turn {
            timeout = timeout.min(at.saturating_duration_since(Instant::now()));
        }
        if sv.printer.busy() {
            timeout = timeout.min(PRINT_POLL);
        }
        if event::poll(timeout)? {
            let msg = match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    if debug_panic {
                        panic!("{DEBUG_PANIC_VAR} is set: panicking on the first key, as asked");
                    }
                    // While "terminal too small" shows, keys do not reach the hidden form;
                    // Ctrl-C still quits (asking first when a form holds unsaved input).
                    let msg = app.key_msg(ctx.keymap, &k);
                    let force_quit = matches!(
                        msg,
                        Msg::Key(crate::app::keymap::Resolved::Action(
                            crate::app::action::Action::ForceQuit
                        ))
                    );
                    if !(shown_fits || force_quit) {
                        // Dropped, but drawn for: the frame says the key was read.
                        dirty = true;
                    }
                    (shown_fits || force_quit).then_some(msg)
                }
                Event::Paste(s) => Some(Msg::Paste(s)),
                Event::Resize(_, _) => {
                    terminal.autoresize()?;
                    dirty = true;
                    None
                }
                _ => None,
            };
            if let Some(m) = msg {
                dispatch(&mut app, &mut sv, m);
                dirty = true;
                idle_at = Some(Instant::now() + IDLE_AFTER);
            }
        }
        if take_printed(&mut app, &mut sv) {
            dirty = true;
        }
        if idle_at.is_none() && app.wants_idle() {
            // The board reads a page ahead once left alone for a moment, one per pause.
            idle_at = Some(Instant::now() + IDLE_AFTER);
        }
        if idle_at.is_some_and(|at| Instant::now() >= at) {
            idle_at = None;
            dispatch(&mut app, &mut sv, Msg::Idle);
            dirty = true;
        }
        let minute = clock
            .now()
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0));
        if minute != last_minute {
            last_minute = minute;
            dispatch(&mut app, &mut sv, Msg::Tick(clock.now()));
            dirty = true;
        }
        if let (Some(at), Some((every, msg))) = (next_turn, &rotation)
            && Instant::now() >= at
        {
            next_turn = Some(Instant::now() + *every);
            dispatch(&mut app, &mut sv, msg.clone());
            dirty = true;
        }
        if Instant::now() >= next_poll {
            next_poll = Instant::now() + DATA_POLL;
            if crate::logging::failed() {
                app.shell.note = Some(crate::i18n::Note::error("note.log_failed", vec![]));
                dirty = true;
            }
            let v = sv.store.watch()?;
            if v != data_version {
                data_version = v;
                tracing::debug!("another connection committed; reloading");
                dispatch(&mut app, &mut sv, Msg::DataChanged);
                dirty = true;
            }
        }
    }
    Ok(())
}
