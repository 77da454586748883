//! Reading input: the CSV record splitter and response reader, labels, periods, traffic files and ticket event logs.

pub(crate) mod columns;
pub(crate) mod events;
pub(crate) mod labels;
pub(crate) mod line_split;
pub(crate) mod period;
pub(crate) mod reader;
pub(crate) mod records;
pub(crate) mod rejections;
pub(crate) mod source;
pub(crate) mod tickets;
pub(crate) mod traffic;
