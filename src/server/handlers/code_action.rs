//! `textDocument/codeAction`: for each finding in the range, its safe fix
//! (when it has one) and silencing it with a reason.

use super::Answer;
use crate::server::position::Lines;
use crate::server::session::{lsp_diagnostic, Session};
use lsp_types::request::CodeActionRequest;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Position, Range, TextEdit,
    WorkspaceEdit,
};
use std::collections::HashMap;

pub fn handle(session: &Session, rel: &str, params: CodeActionParams) -> Answer<CodeActionRequest> {
    let uri = params.text_document.uri;
    let source = session.source(rel);
    let lines = Lines::new(source);
    let (from, to) = (
        lines.offset_of(params.range.start),
        lines.offset_of(params.range.end),
    );
    let edit = |range: Range, text: String| WorkspaceEdit {
        changes: Some(HashMap::from([(
            uri.clone(),
            vec![TextEdit::new(range, text)],
        )])),
        ..Default::default()
    };
    let mut actions = Vec::new();
    for d in session.findings_in(rel, from, to) {
        let diagnostic = lsp_diagnostic(d, &lines);
        if let Some(fix) = &d.fix {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Fix: {}", fix.description),
                kind: Some(CodeActionKind::QUICKFIX),
                is_preferred: Some(true),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(
                    lines.range(fix.start, fix.end),
                    fix.replacement.clone(),
                )),
                ..Default::default()
            }));
        }
        let (line, indent) = silence_at(source, d.line);
        let above = Position::new(line as u32, 0);
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Silence {} here (write why)", d.rule),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic]),
            edit: Some(edit(
                Range::new(above, above),
                format!("{indent}# handbok: allow({}) skäl: \n", d.rule),
            )),
            ..Default::default()
        }));
    }
    Ok(Some(actions))
}

/// Where a suppression comment for a finding on `line` (1-based) goes
/// (0-based line, indentation): above the line, or above the key of the
/// `|` block it is in, since a comment covers what is indented under it.
fn silence_at(source: &str, line: usize) -> (usize, String) {
    let lines: Vec<&str> = source.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let at = line.saturating_sub(1).min(lines.len().saturating_sub(1));
    let own = lines.get(at).map_or(0, |l| indent(l));
    let block = (0..at).rev().find(|&k| {
        let l = lines[k].trim_end();
        !l.trim().is_empty() && indent(lines[k]) < own
    });
    let target = match block {
        Some(k) if lines[k].trim_end().ends_with(['|', '>']) || lines[k].contains(": |") => k,
        _ => at,
    };
    let text = lines.get(target).copied().unwrap_or_default();
    (target, text[..indent(text)].to_string())
}
