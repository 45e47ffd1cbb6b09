//! 只填一表: several matters' forms as one.

use super::*;

/// Two matters define one field key differently: their forms cannot be
/// merged (`catalog check` reports this before it can happen here).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("field {key} is defined differently by {first} and {second}")]
pub struct FieldConflict {
    pub key: String,
    pub first: String,
    pub second: String,
}

/// 只填一表: the forms of several matters as one. A key shared by several
/// matters is asked once, required if any of them requires it. The result
/// does not depend on the order the matters are given in: they are taken
/// in code order, and each field where it first appears.
pub fn merge_forms(forms: &[(&str, &FormSchema)]) -> Result<FormSchema, Vec<FieldConflict>> {
    let mut sorted: Vec<&(&str, &FormSchema)> = forms.iter().collect();
    sorted.sort_by_key(|(code, _)| *code);
    sorted.dedup_by_key(|(code, _)| *code);
    let mut fields: Vec<(FieldSpec, &str)> = Vec::new();
    let mut conflicts = Vec::new();
    for (code, form) in sorted {
        for f in &form.fields {
            match fields.iter_mut().find(|(seen, _)| seen.key == f.key) {
                None => fields.push((f.clone(), code)),
                Some((seen, _))
                    if seen.kind == f.kind
                        && seen.label == f.label
                        && seen.visible_when == f.visible_when =>
                {
                    seen.required |= f.required;
                    if seen.help.is_none() {
                        seen.help = f.help.clone();
                    }
                }
                Some((_, first)) => conflicts.push(FieldConflict {
                    key: f.key.as_str().to_string(),
                    first: first.to_string(),
                    second: code.to_string(),
                }),
            }
        }
    }
    if conflicts.is_empty() {
        Ok(FormSchema {
            fields: fields.into_iter().map(|(f, _)| f).collect(),
        })
    } else {
        Err(conflicts)
    }
}
