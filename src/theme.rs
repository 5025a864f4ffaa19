//! Every colour and style in one place.

use ratatui::style::{Color, Modifier, Style};

pub struct Theme;

impl Theme {
    pub fn tab() -> Style {
        Style::new().fg(Color::Gray).bg(Color::DarkGray)
    }
    pub fn tab_active() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    }
    pub fn title_bar() -> Style {
        Style::new()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD)
    }
    pub fn board_banner() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn status() -> Style {
        Style::new().fg(Color::White).bg(Color::DarkGray)
    }
    pub fn status_staff() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Green)
            .add_modifier(Modifier::BOLD)
    }
    pub fn status_error() -> Style {
        Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD)
    }
    pub fn header() -> Style {
        Style::new()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn selected() -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn hint() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub fn label() -> Style {
        Style::new().fg(Color::Cyan)
    }
    pub fn input() -> Style {
        Style::new().fg(Color::White).bg(Color::Rgb(40, 40, 60))
    }
    pub fn input_focused() -> Style {
        Style::new().fg(Color::Black).bg(Color::LightYellow)
    }
    /// A focused field whose whole value is selected (typing replaces it).
    pub fn input_selected() -> Style {
        Style::new().fg(Color::Black).bg(Color::LightCyan)
    }
    pub fn field_error() -> Style {
        Style::new()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD)
    }
    /// A comeback (返修): one marker and one colour everywhere.
    pub fn comeback() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Magenta)
            .add_modifier(Modifier::BOLD)
    }
    pub fn overdue() -> Style {
        Style::new()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD)
    }
    pub fn due_soon() -> Style {
        Style::new().fg(Color::Yellow)
    }
    /// Something the counter must do (the 80/20 call to the customer): the task style of
    /// the work orders' one colour language (red overdue, amber due soon, task).
    pub fn task() -> Style {
        Style::new()
            .fg(Color::LightCyan)
            .add_modifier(Modifier::BOLD)
    }
    pub fn ok() -> Style {
        Style::new().fg(Color::Green)
    }
    pub fn popup() -> Style {
        Style::new().fg(Color::White).bg(Color::Rgb(30, 30, 46))
    }
    pub fn popup_title() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    }
    pub fn key() -> Style {
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}
