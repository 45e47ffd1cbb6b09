pub mod application_card;
pub mod application_form;
pub mod layout;
pub mod materials;
pub mod print_button;
