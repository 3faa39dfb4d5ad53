//! Source positions.
//!
//! Spans are byte offsets into the expression source; they are turned into
//! `line:col` (columns counting characters, as expr does) only when an error is
//! rendered, so the hot paths never walk the source.

/// A half-open byte range `start..end` in the expression source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets (saturating at `u32::MAX`; sources are far smaller).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The 1-based `(line, column)` of `start` in `source`; the column counts
    /// characters (code points), not bytes.
    pub fn line_col(self, source: &str) -> (usize, usize) {
        let start = (self.start as usize).min(source.len());
        let mut line = 1;
        let mut col = 1;
        for (i, ch) in source.char_indices() {
            if i >= start {
                break;
            }
            if ch == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let src = "héllo + x";
        // `+` is the 7th character but the 8th byte.
        assert_eq!(Span::new(7, 8).line_col(src), (1, 7));
        assert_eq!(Span::new(0, 1).line_col("a\nbc"), (1, 1));
        assert_eq!(Span::new(3, 4).line_col("a\nbc"), (2, 2));
    }
}
