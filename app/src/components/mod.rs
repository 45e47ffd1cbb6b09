pub mod application_card;
pub mod code_field;
pub mod form_enhancer;
pub mod kiosk;
pub mod layout;
pub mod materials;
pub mod print_button;
pub mod step_form;
