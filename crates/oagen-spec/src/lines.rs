//! Lines and columns of a text, found without counting from the start of a long line: a minified JSON document is
//! one line of megabytes, and a column is a count of characters.

use crate::diag::Location;
use std::cell::OnceCell;

/// Bytes per block of [`LineIndex`]'s character counts.
const BLOCK: usize = 4096;

/// The lines of a text (where each starts) and, built when a long line is first met, the number of characters before
/// every block of about [`BLOCK`] bytes: a column is then a lookup and a count within one block, whatever the line's
/// length.
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset of each line's start (the first is 0; one after a final line break, at the end of the text).
    starts: Vec<usize>,
    /// Block `k` starts at the character boundary at or before `k * BLOCK`: its offset and the characters before it.
    blocks: OnceCell<Vec<(usize, usize)>>,
}

impl<'a> LineIndex<'a> {
    /// An index of `text` (one pass over it).
    pub fn new(text: &'a str) -> Self {
        let starts =
            std::iter::once(0).chain(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { text, starts: starts.collect(), blocks: OnceCell::new() }
    }

    /// The text of line `line` (from 1) without its line break (`\n` or `\r\n`), as [`str::lines`] gives it: `None`
    /// past the last line (a final line break does not start an empty line).
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let (start, end) = self.bounds(line)?;
        Some(&self.text[start..end])
    }

    /// The number of lines, as [`str::lines`] counts them.
    pub fn line_count(&self) -> usize {
        self.starts.iter().filter(|&&s| s < self.text.len()).count()
    }

    /// The byte range of line `line`'s text (from 1), without its line break.
    fn bounds(&self, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        if start >= self.text.len() {
            return None;
        }
        let end = self.starts.get(line).map_or(self.text.len(), |next| next - 1);
        let end = if self.text.as_bytes()[start..end].ends_with(b"\r") { end - 1 } else { end };
        Some((start, end))
    }

    /// The line and column (in characters) of byte `offset` (taken back to the start of the character it is in, and
    /// to the end of the text when past it).
    pub fn location(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        Location { line, column: self.chars_between(start, offset) + 1 }
    }

    /// The byte offset of `location` in the text: its line's start plus its column in characters, taken to the end
    /// of the line when the line is shorter. `None` when there is no such line.
    pub fn offset(&self, location: Location) -> Option<usize> {
        let (start, end) = self.bounds(location.line)?;
        let wanted = location.column.saturating_sub(1);
        if end - start < 2 * BLOCK {
            return Some(self.text[start..end].char_indices().nth(wanted).map_or(end, |(i, _)| start + i));
        }
        // The block the character is in, then a count within it.
        let target = self.chars_before(start).saturating_add(wanted);
        let blocks = self.blocks();
        let k = blocks.partition_point(|&(_, n)| n <= target).saturating_sub(1);
        let (from, before) = if blocks[k].0 > start { blocks[k] } else { (start, self.chars_before(start)) };
        Some(self.text[from..end].char_indices().nth(target - before).map_or(end, |(i, _)| from + i))
    }

    /// The characters in `text[from..to]` (both character boundaries, `from <= to`).
    fn chars_between(&self, from: usize, to: usize) -> usize {
        if to - from < 2 * BLOCK {
            return self.text[from..to].chars().count();
        }
        self.chars_before(to) - self.chars_before(from)
    }

    /// The characters in `text[..to]` (`to` a character boundary).
    fn chars_before(&self, to: usize) -> usize {
        let (from, before) = self.blocks()[to / BLOCK];
        before + self.text[from..to].chars().count()
    }

    fn blocks(&self) -> &[(usize, usize)] {
        self.blocks.get_or_init(|| {
            let mut blocks = vec![(0, 0)];
            let (mut at, mut count) = (0, 0);
            for k in 1..=self.text.len() / BLOCK {
                let mut next = k * BLOCK;
                while !self.text.is_char_boundary(next) {
                    next -= 1;
                }
                count += self.text[at..next].chars().count();
                at = next;
                blocks.push((at, count));
            }
            blocks
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Locations and offsets of every character, counted the plain way.
    fn check(text: &str) {
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), text.lines().count(), "{:?}", &text[..text.len().min(40)]);
        for (n, line) in text.lines().enumerate() {
            assert_eq!(index.line(n + 1), Some(line));
        }
        assert_eq!(index.line(text.lines().count() + 1), None);
        let (mut line, mut column) = (1, 1);
        for (n, (offset, c)) in text.char_indices().enumerate() {
            let at = Location { line, column };
            // Every character of a short text; a sample of a long one (each lookup counts within a block).
            let near_a_block_end = offset % BLOCK < 8 || offset % BLOCK > BLOCK - 8;
            if text.len() <= 100 || n % 61 == 0 || near_a_block_end {
                assert_eq!(index.location(offset), at, "offset {offset}");
                if c != '\n' && c != '\r' {
                    assert_eq!(index.offset(at), Some(offset), "{at:?}");
                }
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        // Inside a character: the character's place.
        for offset in (0..text.len()).filter(|&i| !text.is_char_boundary(i)).step_by(13) {
            let mut start = offset;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            assert_eq!(index.location(offset), index.location(start));
        }
    }

    #[test]
    fn locations_and_offsets_agree_with_counting() {
        for text in ["", "a", "a\n", "a\r\nb\r\n", "a\n\nb", "\n\n", "{\n  \"x\": 1\n}", "é\nü\r\n\r\nlast"] {
            check(text);
        }
        // Long lines, with multi-byte characters across block boundaries.
        let long: String = (0..3 * BLOCK).map(|i| ['a', 'é', '€', '𝄞', '\t'][i % 5]).collect();
        check(&long);
        check(&format!("{long}\n{long}\r\nshort\n{long}"));
    }

    #[test]
    fn columns_past_the_end_of_a_line_are_its_end() {
        let long = "x".repeat(3 * BLOCK);
        let text = format!("ab\n{long}\n");
        let index = LineIndex::new(&text);
        assert_eq!(index.offset(Location { line: 1, column: 9 }), Some(2));
        assert_eq!(index.offset(Location { line: 2, column: 4 * BLOCK }), Some(3 + 3 * BLOCK));
        assert_eq!(index.offset(Location { line: 3, column: 1 }), None);
    }
}
