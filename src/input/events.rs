//! The vocabulary of a ticket's life: what can happen to it, and where it
//! stands. A leaf: the rejections name an event a state cannot take, and
//! the ticket reader and desk build on both.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What happened to a ticket.
///
/// # Example
///
/// ```
/// use cxmetrics::EventKind;
/// assert_eq!(EventKind::parse(b"Resolved"), Some(EventKind::Resolved));
/// assert_eq!(EventKind::Passed.to_string(), "passed");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The ticket starts (open).
    Opened,
    /// An open ticket is given to `owner`.
    Assigned,
    /// An open ticket is handed from its holder to `owner`.
    Passed,
    /// A reply to the customer; the first marks the first reply.
    Replied,
    /// Resolved by `owner` (the holder when empty): open to resolved.
    Resolved,
    /// Resolved to open again, held by `owner` (the last resolver when
    /// empty).
    Reopened,
    /// Resolved to closed; nothing may follow.
    Closed,
}

impl EventKind {
    /// Every event, in the order a ticket meets them.
    pub const ALL: [EventKind; 7] = [
        EventKind::Opened,
        EventKind::Assigned,
        EventKind::Passed,
        EventKind::Replied,
        EventKind::Resolved,
        EventKind::Reopened,
        EventKind::Closed,
    ];

    /// The event a field names, ASCII case folded.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(cxmetrics::EventKind::parse(b"escalated"), None);
    /// ```
    pub fn parse(field: &[u8]) -> Option<EventKind> {
        EventKind::ALL
            .into_iter()
            .find(|kind| field.eq_ignore_ascii_case(kind.name().as_bytes()))
    }

    /// The event's name in a log.
    pub const fn name(self) -> &'static str {
        match self {
            EventKind::Opened => "opened",
            EventKind::Assigned => "assigned",
            EventKind::Passed => "passed",
            EventKind::Replied => "replied",
            EventKind::Resolved => "resolved",
            EventKind::Reopened => "reopened",
            EventKind::Closed => "closed",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a ticket stands.
///
/// # Example
///
/// ```
/// assert_eq!(cxmetrics::TicketState::Resolved.to_string(), "resolved");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    /// Being worked on, or waiting for someone to.
    Open,
    /// Resolved; a `reopened` makes it open again.
    Resolved,
    /// Closed: nothing may follow.
    Closed,
}

impl fmt::Display for TicketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TicketState::Open => "open",
            TicketState::Resolved => "resolved",
            TicketState::Closed => "closed",
        })
    }
}
