//! Integration tests: the real server on a random port, a temporary
//! database, plain HTTP.
mod assisted;
mod backends;
mod booking;
mod bundle;
mod catalog;
mod drafts;
mod forms;
mod hardening;
mod helpers;
mod identity;
mod issuing;
mod materials;
mod mine;
mod notifications;
mod pages;
mod queue;
mod ratings;
mod report;
mod review;
mod security;
mod sms_gateway;
mod staff;
mod submit;
mod supervision;
mod visits;
