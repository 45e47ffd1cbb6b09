//! The element id of a form field, shared by the server-rendered step
//! form and the enhancer island that finds its fields and error texts.

/// `members.2.name` → `field-members-2-name`.
pub fn field_id(key: &str) -> String {
    format!("field-{}", key.replace('.', "-"))
}
