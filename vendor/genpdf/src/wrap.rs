// SPDX-FileCopyrightText: 2020 Robin Krahl <robin.krahl@ireas.org>
// SPDX-License-Identifier: Apache-2.0 or MIT

//! Utilities for text wrapping.

use std::mem;

use crate::style;
use crate::Context;
use crate::Mm;

/// Combines a sequence of styled words into lines with a maximum width.
///
/// If a word does not fit into a line, the wrapper tries to split it using the `split` function.
pub struct Wrapper<'c, 's, I: Iterator<Item = style::StyledStr<'s>>> {
    iter: I,
    context: &'c Context,
    width: Mm,
    x: Mm,
    buf: Vec<style::StyledCow<'s>>,
    // handbok: full lines of a word broken with `break_anywhere`, and its last piece.
    pending: Vec<style::StyledCow<'s>>,
    // handbok: how many lines in a row ended with a hyphen
    hyphenated: usize,
}

impl<'c, 's, I: Iterator<Item = style::StyledStr<'s>>> Wrapper<'c, 's, I> {
    /// Creates a new wrapper for the given word sequence and with the given maximum width.
    pub fn new(iter: I, context: &'c Context, width: Mm) -> Wrapper<'c, 's, I> {
        Wrapper {
            iter,
            context,
            width,
            x: Mm(0.0),
            buf: Vec::new(),
            pending: Vec::new(),
            hyphenated: 0,
        }
    }
}

impl<'c, 's, I: Iterator<Item = style::StyledStr<'s>>> Iterator for Wrapper<'c, 's, I> {
    // This iterator yields pairs of lines and the length difference between the input words and
    // the line.
    type Item = (Vec<style::StyledCow<'s>>, usize);

    fn next(&mut self) -> Option<(Vec<style::StyledCow<'s>>, usize)> {
        // handbok: the full lines of a broken word come first, one per line; its last
        // piece starts the next line.
        if self.pending.len() > 1 {
            return Some((vec![self.pending.remove(0)], 0));
        }
        if let Some(last) = self.pending.pop() {
            self.x = last.width(&self.context.font_cache);
            self.buf.push(last);
        }
        // Append words to self.buf until the maximum line length is reached
        while let Some(s) = self.iter.next() {
            let mut width = s.width(&self.context.font_cache);

            if self.x + width > self.width {
                // The word does not fit into the current line (at least not completely)

                let mut delta = 0;
                // Try to split the word so that the first part fits into the current line
                // (handbok: never a third hyphenated line in a row)
                let split = if self.hyphenated < max_hyphenated_lines(self.context) {
                    split(self.context, s, self.width - self.x)
                } else {
                    None
                };
                self.hyphenated = if split.is_some() { self.hyphenated + 1 } else { 0 };
                let s = if let Some((start, end)) = split {
                    // Calculate the number of bytes that we added to the string when splitting it
                    // (for the hyphen, if required).
                    delta = start.s.len() + end.s.len() - s.s.len();
                    self.buf.push(start);
                    width = end.width(&self.context.font_cache);
                    end
                } else {
                    s.into()
                };

                // Return the current line and add the word that did not fit to the next line
                let mut v = std::mem::take(&mut self.buf);
                // handbok: a word wider than a whole line (a long number, a URL) is broken
                // where the line is full, rather than dropped with the rest of the paragraph.
                let mut s = s;
                while width > self.width {
                    let (head, tail) = break_anywhere(self.context, s, self.width);
                    if !v.is_empty() {
                        self.pending.push(head);
                    } else {
                        v.push(head);
                    }
                    s = tail;
                    width = s.width(&self.context.font_cache);
                }
                if !self.pending.is_empty() {
                    // Lines of the broken word wait their turn after the current line.
                    self.pending.push(s);
                    self.x = Mm(0.0);
                    return Some((v, delta));
                }
                self.buf.push(s);
                self.x = width;
                return Some((v, delta));
            } else {
                // The word fits in the current line, so just append it
                self.buf.push(s.into());
                self.x += width;
            }
        }

        if self.buf.is_empty() {
            None
        } else {
            Some((mem::take(&mut self.buf), 0))
        }
    }
}

/// handbok: lines in a row that may end with a hyphen (`HyphenationLimits`).
#[cfg(feature = "hyphenation")]
fn max_hyphenated_lines(context: &Context) -> usize {
    context.hyphenation_limits.max_lines
}

#[cfg(not(feature = "hyphenation"))]
fn max_hyphenated_lines(_context: &Context) -> usize {
    usize::MAX
}

/// handbok: split `s` after as many characters as fit into `width` (at least one).
fn break_anywhere<'s>(
    context: &Context,
    s: style::StyledCow<'s>,
    width: Mm,
) -> (style::StyledCow<'s>, style::StyledCow<'s>) {
    let mut end = 0;
    for (i, c) in s.s.char_indices() {
        let next = i + c.len_utf8();
        if end > 0 && s.style.str_width(&context.font_cache, &s.s[..next]) > width {
            break;
        }
        end = next;
    }
    let head = style::StyledCow::new(s.s[..end].to_owned(), s.style);
    let tail = style::StyledCow::new(s.s[end..].to_owned(), s.style);
    (head, tail)
}

#[cfg(not(feature = "hyphenation"))]
fn split<'s>(
    _context: &Context,
    _s: style::StyledStr<'s>,
    _len: Mm,
) -> Option<(style::StyledCow<'s>, style::StyledCow<'s>)> {
    None
}

/// Tries to split the given string into two parts so that the first part is shorter than the given
/// width.
#[cfg(feature = "hyphenation")]
fn split<'s>(
    context: &Context,
    s: style::StyledStr<'s>,
    width: Mm,
) -> Option<(style::StyledCow<'s>, style::StyledCow<'s>)> {
    use hyphenation::{Hyphenator, Iter};

    let hyphenator = match &context.hyphenator {
        Some(hyphenator) if s.style.hyphenates() => hyphenator,
        _ => return None,
    };

    let mark = "\u{ad}";
    let mark_width = s.style.str_width(&context.font_cache, mark);

    let mut hyphenated = hyphenator.hyphenate(s.s);
    // handbok: at least `min_before` letters before a break and `min_after`
    // after it, counting letters only ("bestämt," leaves no "t," alone on the
    // next line) and only those of the part of a compound the break is in
    // ("dela-kultur" leaves no "la-" alone on the next line).
    let limits = context.hyphenation_limits;
    let letters = |t: &str| t.chars().filter(|c| c.is_alphabetic()).count();
    let before = |at: usize| letters(s.s[..at].rsplit('-').next().unwrap_or_default());
    let after = |at: usize| letters(s.s[at..].split('-').next().unwrap_or_default());
    hyphenated
        .breaks
        .retain(|&at| before(at) >= limits.min_before && after(at) >= limits.min_after);
    let segments: Vec<_> = hyphenated.iter().segments().collect();

    // Find the hyphenation with the longest first part so that the first part (and the hyphen) are
    // shorter than or equals to the required width.
    let idx = segments
        .iter()
        .scan(Mm(0.0), |acc, t| {
            *acc += s.style.str_width(&context.font_cache, t);
            Some(*acc)
        })
        .position(|w| w + mark_width > width)
        .unwrap_or_default();
    if idx > 0 {
        let idx = hyphenated.breaks[idx - 1];
        let start = s.s[..idx].to_owned() + mark;
        let end = &s.s[idx..];
        Some((
            style::StyledCow::new(start, s.style),
            style::StyledCow::new(end, s.style),
        ))
    } else {
        None
    }
}

/// Splits a sequence of styled strings into words.
#[derive(Clone, Debug)]
pub struct Words<I: Iterator<Item = style::StyledString>> {
    iter: I,
    s: Option<style::StyledString>,
    // handbok: where the next word of `s` starts. Each word is copied out
    // at its own length; splitting the string off left every word holding
    // the capacity of the whole rest of its paragraph (quadratic memory).
    at: usize,
}

impl<I: Iterator<Item = style::StyledString>> Words<I> {
    /// Creates a new words iterator.
    pub fn new<IntoIter: IntoIterator<Item = style::StyledString, IntoIter = I>>(
        iter: IntoIter,
    ) -> Words<I> {
        Words {
            iter: iter.into_iter(),
            s: None,
            at: 0,
        }
    }
}

impl<I: Iterator<Item = style::StyledString>> Iterator for Words<I> {
    type Item = style::StyledString;

    fn next(&mut self) -> Option<style::StyledString> {
        if self.s.as_ref().map(|s| self.at >= s.s.len()).unwrap_or(true) {
            self.s = self.iter.next();
            self.at = 0;
        }

        if let Some(s) = &self.s {
            // Split at the first space or use the complete string
            let rest = &s.s[self.at..];
            let n = rest.find(' ').map(|i| i + 1).unwrap_or_else(|| rest.len());
            self.at += n;
            Some(style::StyledString::new(rest[..n].to_string(), s.style))
        } else {
            None
        }
    }
}
